package cn_test

import (
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/stretchr/testify/assert"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

func dates(os []calendar.Override) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Date.String()+" "+o.Name)
	}
	return out
}

func TestStatutoryHolidays(t *testing.T) {
	for _, tc := range []struct {
		year int
		want []string
	}{
		{1949, nil}, // the 1949 law came into force on 23 December
		{1950, []string{"1950-01-01 元旦", "1950-02-17 春节", "1950-02-18 春节", "1950-02-19 春节", "1950-05-01 劳动节", "1950-10-01 国庆节", "1950-10-02 国庆节"}},
		// 1999: the 1949 law until 17 September, then the 1999 law.
		{1999, []string{"1999-01-01 元旦", "1999-02-16 春节", "1999-02-17 春节", "1999-02-18 春节", "1999-05-01 劳动节", "1999-10-01 国庆节", "1999-10-02 国庆节", "1999-10-03 国庆节"}},
		{2007, []string{"2007-01-01 元旦", "2007-02-18 春节", "2007-02-19 春节", "2007-02-20 春节", "2007-05-01 劳动节", "2007-05-02 劳动节", "2007-05-03 劳动节", "2007-10-01 国庆节", "2007-10-02 国庆节", "2007-10-03 国庆节"}},
		{2013, []string{"2013-01-01 元旦", "2013-02-09 春节", "2013-02-10 春节", "2013-02-11 春节", "2013-04-04 清明节", "2013-05-01 劳动节", "2013-06-12 端午节", "2013-09-19 中秋节", "2013-10-01 国庆节", "2013-10-02 国庆节", "2013-10-03 国庆节"}},
		{2014, []string{"2014-01-01 元旦", "2014-01-31 春节", "2014-02-01 春节", "2014-02-02 春节", "2014-04-05 清明节", "2014-05-01 劳动节", "2014-06-02 端午节", "2014-09-08 中秋节", "2014-10-01 国庆节", "2014-10-02 国庆节", "2014-10-03 国庆节"}},
		// 2020: Mid-Autumn falls on National Day.
		{2020, []string{"2020-01-01 元旦", "2020-01-25 春节", "2020-01-26 春节", "2020-01-27 春节", "2020-04-04 清明节", "2020-05-01 劳动节", "2020-06-25 端午节", "2020-10-01 中秋节、国庆节", "2020-10-02 国庆节", "2020-10-03 国庆节"}},
		{2025, []string{"2025-01-01 元旦", "2025-01-28 春节", "2025-01-29 春节", "2025-01-30 春节", "2025-01-31 春节", "2025-04-04 清明节", "2025-05-01 劳动节", "2025-05-02 劳动节", "2025-05-31 端午节", "2025-10-01 国庆节", "2025-10-02 国庆节", "2025-10-03 国庆节", "2025-10-06 中秋节"}},
		{2027, []string{"2027-01-01 元旦", "2027-02-05 春节", "2027-02-06 春节", "2027-02-07 春节", "2027-02-08 春节", "2027-04-05 清明节", "2027-05-01 劳动节", "2027-05-02 劳动节", "2027-06-09 端午节", "2027-09-15 中秋节", "2027-10-01 国庆节", "2027-10-02 国庆节", "2027-10-03 国庆节"}},
		{0, nil},
		{-5, nil},
		{10000, nil},
	} {
		got := cn.StatutoryHolidays(tc.year)
		assert.Equal(t, tc.want, dates(got), "%d", tc.year)
		for _, o := range got {
			assert.Equal(t, calendar.DayOff, o.Kind)
			assert.True(t, o.Statutory)
			assert.NotEmpty(t, o.NameEN)
		}
	}
	// The caller owns the slice.
	a := cn.StatutoryHolidays(2025)
	a[0].Name = "changed"
	assert.Equal(t, "元旦", cn.StatutoryHolidays(2025)[0].Name)
	assert.Equal(t, "Mid-Autumn Festival and National Day", cn.StatutoryHolidays(2020)[7].NameEN)
}

// Counts per era: 7 days under the 1949 law, 10 under 1999, 11 from 2008,
// 13 from 2025 (fewer when two festivals share a day).
func TestStatutoryCountsByEra(t *testing.T) {
	for _, tc := range []struct{ from, to, n int }{
		{1950, 1998, 7}, {2000, 2007, 10}, {2008, 2008, 11}, {2010, 2013, 11},
		{2014, 2016, 11}, {2018, 2019, 11}, {2021, 2024, 11}, {2025, 2027, 13}, {2029, 2030, 13},
	} {
		for y := tc.from; y <= tc.to; y++ {
			assert.Len(t, cn.StatutoryHolidays(y), tc.n, "%d", y)
		}
	}
	assert.Len(t, cn.StatutoryHolidays(2009), 10) // 中秋 on 3 October
	assert.Len(t, cn.StatutoryHolidays(2017), 11) // 中秋 on 4 October
	assert.Len(t, cn.StatutoryHolidays(2028), 12) // 中秋 on 3 October
}

func TestFarStatutoryYearsDoNotPanic(t *testing.T) {
	for _, y := range []int{1, 2, 9, 16, 19, 100, 700, 1582, 1583, 9997, 9998, 9999} {
		for _, o := range cn.StatutoryHolidays(y) {
			assert.Equal(t, y, o.Date.Year)
		}
		for _, h := range cn.Holidays() {
			if got := h.Func(h, y); !got.IsZero() {
				assert.Equal(t, y, got.Year(), "%s %d", h.Name, y)
			}
		}
	}
	assert.Len(t, cn.StatutoryHolidays(9999), 13)
}

func TestRickarHolidays(t *testing.T) {
	loc := cal.DefaultLoc
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	for _, tc := range []struct {
		h    *cal.Holiday
		year int
		want time.Time
	}{
		{cn.NewYear(), 2026, day(2026, 1, 1)},
		{cn.SpringFestival(), 2024, day(2024, 2, 10)},
		{cn.SpringFestival(), 2025, day(2025, 1, 29)},
		{cn.SpringFestival(), 2026, day(2026, 2, 17)},
		{cn.SpringFestival(), 2027, day(2027, 2, 6)},
		{cn.SpringFestival(), 2033, day(2033, 1, 31)},
		{cn.Qingming(), 2025, day(2025, 4, 4)},
		{cn.Qingming(), 2026, day(2026, 4, 5)},
		{cn.LabourDay(), 2026, day(2026, 5, 1)},
		{cn.DragonBoat(), 2025, day(2025, 5, 31)},
		{cn.DragonBoat(), 2026, day(2026, 6, 19)},
		{cn.MidAutumn(), 2025, day(2025, 10, 6)},
		{cn.MidAutumn(), 2026, day(2026, 9, 25)},
		{cn.NationalDay(), 2026, day(2026, 10, 1)},
		// Before StartYear, Calc gives nothing.
		{cn.Qingming(), 2007, time.Time{}},
		{cn.SpringFestival(), 1949, time.Time{}},
		{cn.NationalDay(), 1949, time.Time{}},
		// After year 9999 neither.
		{cn.NewYear(), 10000, time.Time{}},
		{cn.LabourDay(), 10000, time.Time{}},
	} {
		got, obs := tc.h.Calc(tc.year)
		assert.Equal(t, tc.want, got, "%s %d", tc.h.Name, tc.year)
		assert.Equal(t, tc.want, obs, "%s %d", tc.h.Name, tc.year)
	}
	sf, ma := cn.SpringFestival(), cn.MidAutumn()
	assert.True(t, sf.Func(sf, 0).IsZero())
	assert.True(t, ma.Func(ma, 10000).IsZero())
	// A year once worked out costs no allocation, nor does a fixed date.
	for _, h := range cn.Holidays() {
		h.Calc(2025)
		assert.Zero(t, testing.AllocsPerRun(10, func() { h.Calc(2025) }), h.Name)
	}

	c := cal.NewBusinessCalendar()
	hs := cn.Holidays()
	c.AddHoliday(hs...)
	assert.False(t, c.IsWorkday(day(2026, 2, 17)))
	assert.True(t, c.IsWorkday(day(2026, 2, 18)))
	_, _, h := c.IsHoliday(day(2025, 10, 6))
	assert.Same(t, hs[5], h)
	assert.Equal(t, "中秋节", h.Name)
}

// Changing a festival one caller got changes no other caller's.
func TestRickarHolidaysAreFresh(t *testing.T) {
	mine := cn.NationalDay()
	mine.Day, mine.Name = 2, "changed"
	assert.Equal(t, 1, cn.NationalDay().Day)
	assert.Equal(t, "国庆节", cn.Holidays()[6].Name)
	assert.NotSame(t, cn.Holidays()[0], cn.Holidays()[0])
}

// The festivals compile into a calendar like any rickar/cal holidays.
func TestRickarHolidaysCompile(t *testing.T) {
	bc := cal.NewBusinessCalendar()
	bc.AddHoliday(cn.Holidays()...)
	c, err := calendar.FromBusinessCalendar(bc, shanghai, 2025, 2026)
	assert.NoError(t, err)
	info := c.DayOf(calendar.D(2026, 2, 17))
	assert.Equal(t, calendar.DayOff, info.Kind)
	assert.Equal(t, "春节", info.Name)
	assert.True(t, info.Statutory)
	assert.Equal(t, "中秋节", c.DayOf(calendar.D(2027, 9, 15)).Name) // provisional, from the rule
	assert.True(t, c.DayOf(calendar.D(2027, 9, 15)).Provisional)
}
