package cn_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

func ExampleCalendar() {
	c := cn.Calendar()
	loc := c.Location()
	// A work order received on Friday afternoon before the 2025 National Day.
	received := time.Date(2025, 9, 26, 15, 0, 0, 0, loc)
	fmt.Println(c.IsWorkday(time.Date(2025, 9, 28, 0, 0, 0, 0, loc))) // make-up Sunday
	// 30 working hours: 2.5 on Friday, 7 each on the make-up Sunday, Monday
	// and Tuesday, then 1-8 October off, and 6.5 on Thursday 9 October.
	fmt.Println(c.AddWorkTime(received, 30*time.Hour))
	// Output:
	// true
	// 2025-10-09 17:00:00 +0800 CST
}

func ExampleCalendar_day() {
	c := cn.Calendar()
	for _, d := range []calendar.Date{
		calendar.D(2026, 2, 14), calendar.D(2026, 2, 16), calendar.D(2026, 2, 21), calendar.D(2027, 2, 6),
	} {
		info := c.DayOf(d)
		fmt.Printf("%v %-15v %s (%s) statutory=%v provisional=%v\n",
			info.Date, info.Kind, info.Name, info.NameEN, info.Statutory, info.Provisional)
	}
	// Output:
	// 2026-02-14 make-up workday 春节 (Spring Festival) statutory=false provisional=false
	// 2026-02-16 day off         春节 (Spring Festival) statutory=true provisional=false
	// 2026-02-21 day off         春节 (Spring Festival) statutory=false provisional=false
	// 2027-02-06 day off         春节 (Spring Festival) statutory=true provisional=true
}

func ExampleCalendar_addWorkdays() {
	c := cn.Calendar()
	friday := time.Date(2025, 9, 26, 10, 0, 0, 0, c.Location())
	// Five working days after Friday 26 September 2025: the make-up Sunday,
	// Monday and Tuesday, then 1-8 October off, then 9 and 10 October.
	due := c.AddWorkdays(friday, 5)
	fmt.Println(due.Format("2006-01-02 Mon"))
	fmt.Println(c.WorkdaysBetween(friday, due))
	// Output:
	// 2025-10-10 Fri
	// 5
}

func ExampleLoad() {
	// A draft 2027 notice in the format of the embedded file (made up here:
	// the real one is not out yet) that lists only the Spring Festival.
	const draft = `{"years": {"2027": {
	  "holidays": [{"name": "春节", "name_en": "Spring Festival",
	    "days": ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]}],
	  "workdays": [{"name": "春节", "date": "2027-02-20"}]}}}`
	// It would leave Qingming, Dragon Boat, Mid-Autumn and National Day as
	// working days, so it is refused...
	_, err := cn.Load(strings.NewReader(draft))
	fmt.Println(err)
	// ...unless the caller says that is meant.
	c, err := cn.Load(strings.NewReader(draft), cn.AllowIncomplete())
	if err != nil {
		fmt.Println(err)
		return
	}
	info := c.DayOf(calendar.D(2027, 2, 20))
	fmt.Println(info.Kind, info.Name, info.Provisional)

	_, err = cn.Load(strings.NewReader(`{"years": {"2027": {"holidays": [{"name": "春节", "days": ["2027-02-30"]}]}}}`))
	fmt.Println(err)
	// Output:
	// cn: data: year 2027: statutory days left as working days: 2027-01-01, 2027-04-05, 2027-06-09, 2027-09-15, 2027-10-01
	// make-up workday 春节 false
	// cn: data: year 2027: holidays[0] "春节" days[0] "2027-02-30": invalid date (line 1, column 58)
}

func ExampleStatutoryHolidays() {
	for _, o := range cn.StatutoryHolidays(2025)[:5] {
		fmt.Println(o.Date, o.Name)
	}
	// Output:
	// 2025-01-01 元旦
	// 2025-01-28 春节
	// 2025-01-29 春节
	// 2025-01-30 春节
	// 2025-01-31 春节
}

func Example_iCalendar() {
	var buf bytes.Buffer
	// 除夕 2026, a statutory day of the Spring Festival block.
	if err := cn.Calendar().WriteICS(&buf, calendar.D(2026, 2, 16), calendar.D(2026, 2, 16)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//hotline12345//hotline calendar//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// BEGIN:VEVENT
	// UID:20260216-off-Asia-Shanghai@hotline
	// DTSTAMP:20260216T000000Z
	// DTSTART;VALUE=DATE:20260216
	// DTEND;VALUE=DATE:20260217
	// SUMMARY:春节 (day off)
	// DESCRIPTION:Spring Festival.\nStatutory public holiday.
	// CATEGORIES:day off
	// TRANSP:TRANSPARENT
	// END:VEVENT
	// END:VCALENDAR
}
