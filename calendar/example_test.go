package calendar_test

import (
	"fmt"
	"time"

	"github.com/hotline12345/hotline/calendar"
)

func ExampleNew() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	c, err := calendar.New(calendar.Config{
		Location: shanghai,
		Periods:  calendar.MustParsePeriods("08:30-12:00,14:00-17:30"),
		Overrides: []calendar.Override{
			{Date: calendar.D(2025, 10, 1), Kind: calendar.DayOff, Name: "国庆节", Statutory: true},
			{Date: calendar.D(2025, 9, 28), Kind: calendar.MakeupWorkday, Name: "国庆节"},
		},
	})
	if err != nil {
		panic(err)
	}
	fri := time.Date(2025, 9, 26, 16, 0, 0, 0, shanghai)
	fmt.Println(c.AddWorkdays(fri, 1).Format("2006-01-02 Mon"))
	fmt.Println(c.AddWorkTime(fri, 2*time.Hour).Format("2006-01-02 Mon 15:04"))
	fmt.Println(c.Day(time.Date(2025, 10, 1, 12, 0, 0, 0, shanghai)).Kind)
	// Output:
	// 2025-09-28 Sun
	// 2025-09-28 Sun 09:00
	// day off
}

func ExampleCalendar_WorkTimeBetween() {
	c, _ := calendar.New(calendar.Config{Periods: calendar.MustParsePeriods("09:00-12:00,13:00-18:00")})
	mon := time.Date(2025, 11, 3, 10, 30, 0, 0, time.UTC)
	fmt.Println(c.WorkTimeBetween(mon, mon.Add(4*time.Hour)))
	fmt.Println(c.WorkTimeBetween(mon, mon.AddDate(0, 0, 7)))
	// Output:
	// 3h0m0s
	// 40h0m0s
}

func ExampleAlwaysOpen() {
	c := calendar.AlwaysOpen(time.UTC)
	t := time.Date(2025, 10, 1, 23, 45, 0, 0, time.UTC)
	fmt.Println(c.AddWorkTime(t, 30*time.Minute).Format(time.RFC3339))
	// Output: 2025-10-02T00:15:00Z
}

func ExampleParsePeriods() {
	ps, err := calendar.ParsePeriods("08:30-12:00,14:00-17:30")
	fmt.Println(ps, err)
	_, err = calendar.ParsePeriods("14:00-12:00")
	fmt.Println(err)
	// Output:
	// [08:30-12:00 14:00-17:30] <nil>
	// calendar: periods "14:00-12:00": 14:00-12:00: want 00:00 <= start < end <= 24:00: invalid work period
}
