package cn_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
)

var shanghai = cn.Calendar().Location()

// d returns midnight of y-m-d in Shanghai.
func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, shanghai) }

// at returns y-m-d h:min in Shanghai.
func at(y int, m time.Month, day, h, min int) time.Time {
	return time.Date(y, m, day, h, min, 0, 0, shanghai)
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDefaults(t *testing.T) {
	c := cn.Calendar()
	assert.Same(t, c, cn.Calendar(), "shared")
	assert.Equal(t, "Asia/Shanghai", c.Location().String())
	info := c.Day(at(2025, 6, 11, 10, 0))
	assert.Equal(t, calendar.Workday, info.Kind)
	assert.Equal(t, []calendar.Period{
		{Start: 8*time.Hour + 30*time.Minute, End: 12 * time.Hour},
		{Start: 14 * time.Hour, End: 17*time.Hour + 30*time.Minute},
	}, info.Periods)
}

// 2025 National Day and Mid-Autumn: off Wed 1 to Wed 8 October, make-up
// Sunday 28 September and Saturday 11 October. A working day is 7 hours.
func TestNationalDay2025(t *testing.T) {
	c := cn.Calendar()
	t.Run("AddWorkdays", func(t *testing.T) {
		for _, tc := range []struct {
			from time.Time
			n    int
			want time.Time
		}{
			{d(2025, 9, 26), 1, d(2025, 9, 28)},  // Sat 27 rests, Sun 28 works
			{d(2025, 9, 26), 3, d(2025, 9, 30)},  // 28, 29, 30
			{d(2025, 9, 26), 4, d(2025, 10, 9)},  // 1-8 off
			{d(2025, 9, 26), 5, d(2025, 10, 10)}, // Fri
			{d(2025, 9, 26), 6, d(2025, 10, 11)}, // make-up Saturday
			{d(2025, 9, 26), 7, d(2025, 10, 13)}, // Sun 12 rests
			{at(2025, 10, 3, 15, 0), 0, d(2025, 10, 9)},
			{d(2025, 9, 28), 0, d(2025, 9, 28)},
			{d(2025, 10, 9), -1, d(2025, 9, 30)},
			{d(2025, 10, 9), -3, d(2025, 9, 28)},
			{d(2025, 10, 9), -4, d(2025, 9, 26)},
			{d(2025, 10, 13), -1, d(2025, 10, 11)},
		} {
			assert.Equal(t, tc.want, c.AddWorkdays(tc.from, tc.n), "AddWorkdays(%v, %d)", tc.from, tc.n)
		}
	})
	t.Run("WorkdaysBetween", func(t *testing.T) {
		for _, tc := range []struct {
			a, b time.Time
			want int
		}{
			{d(2025, 9, 26), d(2025, 10, 12), 6}, // 28, 29, 30, 9, 10, 11
			{d(2025, 9, 30), d(2025, 10, 8), 0},
			{d(2025, 9, 27), d(2025, 9, 28), 1},
			{d(2025, 10, 12), d(2025, 9, 26), -6},
			{d(2025, 9, 1), d(2025, 10, 31), 40}, // 20 in Sep after the 1st + 28th; 16 in Oct + 11th
		} {
			assert.Equal(t, tc.want, c.WorkdaysBetween(tc.a, tc.b), "WorkdaysBetween(%v, %v)", tc.a, tc.b)
		}
	})
	t.Run("AddWorkTime", func(t *testing.T) {
		for _, tc := range []struct {
			from time.Time
			d    time.Duration
			want time.Time
		}{
			{at(2025, 9, 30, 16, 0), 90 * time.Minute, at(2025, 9, 30, 17, 30)},
			{at(2025, 9, 30, 16, 0), 4 * time.Hour, at(2025, 10, 9, 11, 0)},
			{at(2025, 9, 30, 16, 0), 9 * time.Hour, at(2025, 10, 10, 9, 0)}, // 1.5 + 7 + 0.5
			{at(2025, 10, 5, 10, 0), time.Minute, at(2025, 10, 9, 8, 31)},
			{at(2025, 10, 10, 17, 0), 2 * time.Hour, at(2025, 10, 11, 10, 0)}, // 30 min Fri, 90 min Sat
			{at(2025, 10, 9, 9, 0), -time.Hour, at(2025, 9, 30, 17, 0)},
			{at(2025, 9, 29, 8, 30), -7 * time.Hour, d(2025, 9, 28).Add(8*time.Hour + 30*time.Minute)},
		} {
			assert.Equal(t, tc.want, c.AddWorkTime(tc.from, tc.d), "AddWorkTime(%v, %v)", tc.from, tc.d)
		}
	})
	t.Run("WorkTimeBetween", func(t *testing.T) {
		assert.Equal(t, 7*time.Hour, c.WorkTimeBetween(at(2025, 9, 30, 9, 0), at(2025, 10, 9, 9, 0)))
		assert.Equal(t, time.Duration(0), c.WorkTimeBetween(d(2025, 10, 1), d(2025, 10, 9)))
		// 26-30 Sep: Fri, Sun (make-up), Mon, Tue = 4 days; 9-11 Oct = 3 days.
		assert.Equal(t, 49*time.Hour, c.WorkTimeBetween(d(2025, 9, 26), d(2025, 10, 12)))
	})
	t.Run("Day", func(t *testing.T) {
		for _, tc := range []struct {
			date      time.Time
			kind      calendar.Kind
			name      string
			statutory bool
		}{
			{d(2025, 9, 28), calendar.MakeupWorkday, "国庆节、中秋节", false},
			{d(2025, 10, 1), calendar.DayOff, "国庆节、中秋节", true},
			{d(2025, 10, 3), calendar.DayOff, "国庆节、中秋节", true},
			{d(2025, 10, 4), calendar.DayOff, "国庆节、中秋节", false}, // Saturday
			{d(2025, 10, 6), calendar.DayOff, "国庆节、中秋节", true},  // 八月十五
			{d(2025, 10, 8), calendar.DayOff, "国庆节、中秋节", false},
			{d(2025, 10, 11), calendar.MakeupWorkday, "国庆节、中秋节", false},
			{d(2025, 10, 12), calendar.Weekend, "", false},
		} {
			info := c.Day(tc.date)
			assert.Equal(t, tc.kind, info.Kind, "%v", tc.date)
			assert.Equal(t, tc.name, info.Name, "%v", tc.date)
			assert.Equal(t, tc.statutory, info.Statutory, "%v", tc.date)
		}
		assert.Equal(t, "National Day and Mid-Autumn Festival", c.Day(d(2025, 10, 1)).NameEN)
	})
}

// 2026 Spring Festival: off Sun 15 to Mon 23 February, make-up Saturdays 14
// and 28 February. 除夕 is Mon 16, 初三 Thu 19: four statutory days.
func TestSpringFestival2026(t *testing.T) {
	c := cn.Calendar()
	want := map[int]struct {
		kind      calendar.Kind
		statutory bool
	}{
		13: {calendar.Workday, false},
		14: {calendar.MakeupWorkday, false},
		15: {calendar.DayOff, false},
		16: {calendar.DayOff, true},
		17: {calendar.DayOff, true},
		18: {calendar.DayOff, true},
		19: {calendar.DayOff, true},
		20: {calendar.DayOff, false},
		21: {calendar.DayOff, false},
		22: {calendar.DayOff, false},
		23: {calendar.DayOff, false},
		24: {calendar.Workday, false},
		27: {calendar.Workday, false},
		28: {calendar.MakeupWorkday, false},
	}
	for day, w := range want {
		info := c.Day(d(2026, 2, day))
		assert.Equal(t, w.kind, info.Kind, "Feb %d", day)
		assert.Equal(t, w.statutory, info.Statutory, "Feb %d", day)
		if w.kind != calendar.Workday {
			assert.Equal(t, "春节", info.Name, "Feb %d", day)
			assert.Equal(t, "Spring Festival", info.NameEN, "Feb %d", day)
		}
	}
	assert.Equal(t, d(2026, 2, 14), c.AddWorkdays(d(2026, 2, 13), 1))
	assert.Equal(t, d(2026, 2, 24), c.AddWorkdays(d(2026, 2, 13), 2))
	assert.Equal(t, d(2026, 2, 13), c.AddWorkdays(d(2026, 2, 24), -2))
	assert.Equal(t, 6, c.WorkdaysBetween(d(2026, 2, 13), d(2026, 2, 28))) // 14, 24-28
	assert.Equal(t, at(2026, 2, 24, 9, 30), c.AddWorkTime(at(2026, 2, 14, 17, 0), 90*time.Minute))
}

// The statutory Spring Festival days under the 2008, 2014 and 2025 laws,
// and Labour Day before and after 2025.
func TestStatutoryAcrossLawChanges(t *testing.T) {
	c := cn.Calendar()
	for _, tc := range []struct {
		date      time.Time
		kind      calendar.Kind
		statutory bool
	}{
		// 2013: 除夕 9 Feb (Sat), 初一 10, 初二 11; off 9-15 Feb.
		{d(2013, 2, 8), calendar.Workday, false},
		{d(2013, 2, 9), calendar.DayOff, true},
		{d(2013, 2, 11), calendar.DayOff, true},
		{d(2013, 2, 12), calendar.DayOff, false}, // 初三
		// 2014: 初一 31 Jan, 初二 1 Feb, 初三 2 Feb; off 31 Jan-6 Feb; 除夕 worked.
		{d(2014, 1, 30), calendar.Workday, false},
		{d(2014, 1, 31), calendar.DayOff, true},
		{d(2014, 2, 2), calendar.DayOff, true},
		{d(2014, 2, 3), calendar.DayOff, false},
		// 2024: 初一 10 Feb - 初三 12 Feb; off 10-17 Feb; 除夕 9 Feb worked.
		{d(2024, 2, 9), calendar.Workday, false},
		{d(2024, 2, 10), calendar.DayOff, true},
		{d(2024, 2, 12), calendar.DayOff, true},
		{d(2024, 2, 13), calendar.DayOff, false},
		// 2025: 除夕 28 Jan - 初三 31 Jan; off 28 Jan-4 Feb.
		{d(2025, 1, 28), calendar.DayOff, true},
		{d(2025, 1, 31), calendar.DayOff, true},
		{d(2025, 2, 1), calendar.DayOff, false},
		// Labour Day: 1 May only until 2024, 1-2 May from 2025.
		{d(2024, 5, 1), calendar.DayOff, true},
		{d(2024, 5, 2), calendar.DayOff, false},
		{d(2025, 5, 1), calendar.DayOff, true},
		{d(2025, 5, 2), calendar.DayOff, true},
		{d(2025, 5, 3), calendar.DayOff, false},
		// 2007, under the 1999 law: 1-3 May statutory, no Qingming holiday.
		{d(2007, 5, 3), calendar.DayOff, true},
		{d(2007, 5, 4), calendar.DayOff, false},
		{d(2007, 4, 5), calendar.Workday, false},
		// 2020: Saturday 3 October is statutory and off.
		{d(2020, 10, 3), calendar.DayOff, true},
		{d(2020, 10, 4), calendar.DayOff, false},
	} {
		info := c.Day(tc.date)
		assert.Equal(t, tc.kind, info.Kind, "%v", tc.date.Format(time.DateOnly))
		assert.Equal(t, tc.statutory, info.Statutory, "%v", tc.date.Format(time.DateOnly))
	}
}

// Every statutory day of a known year is a day off of its notice, and the
// calendar marks exactly those days.
func TestStatutoryDaysAreInNotices(t *testing.T) {
	c := cn.Calendar()
	for y := 2007; y <= 2026; y++ {
		want := map[calendar.Date]bool{}
		for _, o := range cn.StatutoryHolidays(y) {
			want[o.Date] = true
			info := c.DayOf(o.Date)
			assert.Equal(t, calendar.DayOff, info.Kind, "%v", o.Date)
			assert.True(t, info.Statutory, "%v", o.Date)
		}
		for info := range c.Days(calendar.D(y, 1, 1), calendar.D(y, 12, 31)) {
			assert.Equal(t, want[info.Date], info.Statutory, "%v", info.Date)
		}
	}
}

func TestUTCInputs(t *testing.T) {
	c := cn.Calendar()
	// 17:00Z on 30 Sep is 01:00 on 1 Oct in Shanghai.
	tOff := utc("2025-09-30T17:00:00Z")
	assert.False(t, c.IsWorkday(tOff))
	assert.Equal(t, calendar.D(2025, 10, 1), c.Day(tOff).Date)
	assert.True(t, c.Day(tOff).Statutory)
	// 15:59:59Z is still 30 Sep.
	assert.True(t, c.IsWorkday(utc("2025-09-30T15:59:59Z")))
	assert.Equal(t, utc("2025-10-08T16:00:00Z"), c.AddWorkdays(tOff, 0).UTC())
	// Read in Shanghai, (1 Oct, 10 Oct] holds 9 and 10 Oct; UTC dates would give one day.
	assert.Equal(t, 2, c.WorkdaysBetween(tOff, utc("2025-10-09T17:00:00Z")))
	// 08:00Z on 30 Sep is 16:00 in Shanghai: 90 minutes left that day.
	assert.Equal(t, utc("2025-10-09T03:00:00Z"), c.AddWorkTime(utc("2025-09-30T08:00:00Z"), 4*time.Hour).UTC())
	assert.Equal(t, 4*time.Hour, c.WorkTimeBetween(utc("2025-09-30T08:00:00Z"), utc("2025-10-09T03:00:00Z")))
	// 2026-02-13T20:00Z is Saturday 14 Feb 04:00, a make-up workday.
	assert.True(t, c.IsWorkday(utc("2026-02-13T20:00:00Z")))
	assert.Equal(t, calendar.MakeupWorkday, c.Day(utc("2026-02-13T20:00:00Z")).Kind)
}

func TestProvisional2027(t *testing.T) {
	c := cn.Calendar()
	for _, tc := range []struct {
		date      time.Time
		kind      calendar.Kind
		name      string
		statutory bool
	}{
		{d(2027, 1, 1), calendar.DayOff, "元旦", true},
		{d(2027, 2, 5), calendar.DayOff, "春节", true}, // 除夕, Friday
		{d(2027, 2, 6), calendar.DayOff, "春节", true}, // 初一, Saturday
		{d(2027, 2, 8), calendar.DayOff, "春节", true}, // 初三, Monday
		{d(2027, 2, 9), calendar.Workday, "", false}, // no extension guessed
		{d(2027, 2, 13), calendar.Weekend, "", false},
		{d(2027, 4, 5), calendar.DayOff, "清明节", true},
		{d(2027, 5, 3), calendar.Workday, "", false},
		{d(2027, 6, 9), calendar.DayOff, "端午节", true},
		{d(2027, 9, 15), calendar.DayOff, "中秋节", true},
		{d(2027, 10, 3), calendar.DayOff, "国庆节", true}, // Sunday
		{d(2027, 10, 4), calendar.Workday, "", false},
	} {
		info := c.Day(tc.date)
		assert.Equal(t, tc.kind, info.Kind, "%v", tc.date)
		assert.Equal(t, tc.name, info.Name, "%v", tc.date)
		assert.Equal(t, tc.statutory, info.Statutory, "%v", tc.date)
		assert.True(t, info.Provisional, "%v", tc.date)
	}
	for info := range c.Days(calendar.D(2027, 1, 1), calendar.D(2027, 12, 31)) {
		require.NotEqual(t, calendar.MakeupWorkday, info.Kind, "%v", info.Date)
		require.True(t, info.Provisional)
	}
	assert.Len(t, c.Holidays(calendar.D(2027, 1, 1), calendar.D(2027, 12, 31)), 13)
	assert.True(t, c.ProvisionalBetween(d(2026, 12, 31), d(2027, 1, 1)))
	assert.False(t, c.ProvisionalBetween(d(2026, 1, 1), d(2026, 12, 24)))
	assert.True(t, c.ProvisionalBetween(d(2026, 12, 24), d(2026, 12, 26)), "the last week of the last notice's year")
	// Fri 2027-02-05 to Tue 2027-02-09 crosses four days off.
	assert.Equal(t, d(2027, 2, 9), c.AddWorkdays(d(2027, 2, 4), 1))
}

func TestFarYears(t *testing.T) {
	c := cn.Calendar()
	for _, y := range []int{1, 2, 100, 1000, 1582, 1900, 1949, 1950, 1999, 2100, 2500, 5000, 9998, 9999} {
		for _, tm := range []time.Time{d(y, 1, 1), at(y, 6, 15, 10, 0), at(y, 12, 31, 23, 59)} {
			c.IsWorkday(tm)
			c.Day(tm)
			c.AddWorkdays(tm, 10)
			c.AddWorkdays(tm, -10)
			c.WorkdaysBetween(tm, tm.AddDate(0, 2, 0))
			c.AddWorkTime(tm, 40*time.Hour)
			c.AddWorkTime(tm, -40*time.Hour)
			c.WorkTimeBetween(tm, tm.AddDate(0, 1, 0))
			c.NextWorkingInstant(tm)
		}
		assert.True(t, c.Day(d(y, 3, 1)).Provisional, "%d", y)
	}
	assert.True(t, c.AddWorkdays(d(9999, 12, 31), 10).IsZero())
	assert.True(t, c.AddWorkdays(d(1, 1, 1), -10).IsZero())
	// The 1949 law was in force from 23 Dec 1949: no statutory days before.
	assert.Equal(t, calendar.Weekend, c.DayOf(calendar.D(1949, 10, 1)).Kind)
	assert.Equal(t, calendar.DayOff, c.DayOf(calendar.D(1950, 10, 2)).Kind)
	assert.True(t, c.DayOf(calendar.D(9999, 10, 1)).Statutory)
}

func TestNewConfig(t *testing.T) {
	t.Run("local overrides replace official days", func(t *testing.T) {
		c, err := cn.New(cn.Config{Overrides: []calendar.Override{
			{Date: calendar.D(2025, 10, 11), Kind: calendar.DayOff, Name: "台风停工", NameEN: "Typhoon closure"},
			{Date: calendar.D(2025, 10, 8), Kind: calendar.Workday},
			{Date: calendar.D(2025, 7, 15), Kind: calendar.DayOff, Name: "台风停工"},
		}})
		require.NoError(t, err)
		assert.Equal(t, calendar.DayOff, c.Day(d(2025, 10, 11)).Kind)
		assert.Equal(t, "Typhoon closure", c.Day(d(2025, 10, 11)).NameEN)
		assert.True(t, c.IsWorkday(d(2025, 10, 8)))
		assert.False(t, c.IsWorkday(d(2025, 7, 15)))
		// Official days elsewhere are untouched.
		assert.False(t, c.IsWorkday(d(2025, 10, 7)))
		assert.True(t, c.IsWorkday(d(2025, 9, 28)))
	})
	t.Run("hours and zone", func(t *testing.T) {
		c, err := cn.New(cn.Config{
			Periods:  calendar.MustParsePeriods("09:00-12:00,13:30-18:00"),
			Seasons:  []calendar.Season{{Name: "summer", From: calendar.MonthDay{Month: 7, Day: 1}, To: calendar.MonthDay{Month: 9, Day: 30}, Periods: calendar.MustParsePeriods("08:00-12:00,15:00-18:00")}},
			Location: time.UTC,
		})
		require.NoError(t, err)
		assert.Equal(t, 7*time.Hour+30*time.Minute, c.WorkTimeBetween(time.Date(2025, 6, 11, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC)))
		assert.Equal(t, 7*time.Hour, c.WorkTimeBetween(time.Date(2025, 7, 11, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 12, 0, 0, 0, 0, time.UTC)))
		// In UTC, 2025-09-30T17:00Z is still 30 September.
		assert.True(t, c.IsWorkday(utc("2025-09-30T17:00:00Z")))
	})
	t.Run("errors name the field", func(t *testing.T) {
		for _, tc := range []struct {
			cfg   cn.Config
			field string
			is    error
		}{
			{cn.Config{Overrides: []calendar.Override{
				{Date: calendar.D(2025, 7, 15), Kind: calendar.DayOff},
				{Date: calendar.D(2025, 7, 15), Kind: calendar.DayOff},
			}}, "Overrides[1]", cn.ErrDuplicateDate},
			{cn.Config{Overrides: []calendar.Override{{Date: calendar.D(2025, 2, 30), Kind: calendar.DayOff}}}, "Overrides[0]", calendar.ErrInvalidDate},
			{cn.Config{Periods: []calendar.Period{{Start: 10 * time.Hour, End: 9 * time.Hour}}}, "Periods", calendar.ErrInvalidPeriod},
			{cn.Config{Data: []*cn.Schedule{nil}}, "Data[0]", cn.ErrBadData},
			{cn.Config{Data: []*cn.Schedule{{Notices: []cn.Notice{{Year: 2027, Workdays: []cn.MakeupDay{{Name: "春节", Date: calendar.D(2027, 2, 10)}}}}}}}, "Data[0]", cn.ErrBadData},
			// A 2027 notice that gives 2026-12-31, a day the 2026 notice does not.
			{cn.Config{AllowIncomplete: true, Data: []*cn.Schedule{{Notices: []cn.Notice{{Year: 2027, Holidays: []cn.Block{{Name: "元旦", Days: []calendar.Date{calendar.D(2026, 10, 1)}}}}}}}}, "Data", cn.ErrDuplicateDate},
			// A 2027 notice with New Year only: National Day would be worked.
			{cn.Config{Data: []*cn.Schedule{{Notices: []cn.Notice{{Year: 2027, Holidays: []cn.Block{{Name: "元旦", Days: []calendar.Date{calendar.D(2027, 1, 1)}}}}}}}}, "Data[0]", cn.ErrIncompleteNotice},
			{cn.Config{IndexFrom: 2070, IndexTo: 2060}, "IndexFrom", calendar.ErrInvalidDate},
		} {
			_, err := cn.New(tc.cfg)
			require.Error(t, err)
			var ce *calendar.ConfigError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Equal(t, tc.field, ce.Field, "%v", err)
			assert.ErrorIs(t, err, tc.is)
			assert.ErrorIs(t, err, calendar.ErrInvalidConfig)
			assert.True(t, strings.HasPrefix(err.Error(), "cn: "), "%v", err)
		}
	})
}

func TestLoad(t *testing.T) {
	c, err := cn.Load(strings.NewReader(notice2027))
	require.NoError(t, err)
	assert.True(t, c.Known(2027))
	sat := c.Day(d(2027, 2, 20))
	assert.Equal(t, calendar.MakeupWorkday, sat.Kind)
	assert.False(t, sat.Provisional)
	assert.Equal(t, "春节", sat.Name)
	assert.Equal(t, "Spring Festival", sat.NameEN) // from the law's names
	assert.Equal(t, calendar.DayOff, c.Day(d(2027, 2, 11)).Kind)
	assert.False(t, c.Day(d(2027, 2, 11)).Statutory)
	assert.True(t, c.Day(d(2027, 2, 8)).Statutory)
	// 2028 stays provisional; 2026 is unchanged, and its last week, open
	// until 2027's notice came, is now settled; 2027's is open.
	assert.True(t, c.Day(d(2028, 3, 1)).Provisional)
	assert.Equal(t, calendar.MakeupWorkday, c.Day(d(2026, 2, 28)).Kind)
	assert.False(t, c.ProvisionalBetween(d(2026, 1, 1), d(2027, 12, 24)))
	assert.True(t, c.Day(d(2027, 12, 25)).Provisional)
	assert.True(t, cn.Calendar().Day(d(2026, 12, 28)).Provisional)

	// With OpenEnd below zero the last notice's year is wholly official;
	// above, that many days are open.
	c, err = cn.New(cn.Config{OpenEnd: -1})
	require.NoError(t, err)
	assert.False(t, c.Day(d(2026, 12, 31)).Provisional)
	c, err = cn.New(cn.Config{OpenEnd: 10})
	require.NoError(t, err)
	assert.True(t, c.Day(d(2026, 12, 22)).Provisional)
	assert.False(t, c.Day(d(2026, 12, 21)).Provisional)
	_, err = calendar.New(calendar.Config{KnownYears: []int{2026}, OpenEnd: 400})
	var ce *calendar.ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "OpenEnd", ce.Field)

	// A notice replaces the same year entirely; this one leaves statutory
	// days as working days, which must be asked for.
	newYearOnly := `{"years": {"2026": {"holidays": [{"name": "元旦", "days": ["2026-01-01"]}], "workdays": []}}}`
	_, err = cn.Load(strings.NewReader(newYearOnly))
	assert.ErrorIs(t, err, cn.ErrIncompleteNotice)
	c, err = cn.Load(strings.NewReader(newYearOnly), cn.AllowIncomplete())
	require.NoError(t, err)
	assert.Equal(t, calendar.Weekend, c.Day(d(2026, 2, 28)).Kind)
	assert.True(t, c.IsWorkday(d(2026, 2, 17)))
	assert.False(t, c.IsWorkday(d(2026, 1, 1)))
}

// notice2027 is a made-up 2027 notice in the file format, for tests and
// examples; the real notice is not out yet.
const notice2027 = `{
  "years": {
    "2027": {
      "notice": "国办发明电〔2026〕0号",
      "holidays": [
        {"name": "元旦", "name_en": "New Year's Day", "days": ["2027-01-01", "2027-01-02", "2027-01-03"]},
        {"name": "春节", "days": ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]},
        {"name": "清明节", "days": ["2027-04-03", "2027-04-04", "2027-04-05"]},
        {"name": "劳动节", "days": ["2027-05-01", "2027-05-02", "2027-05-03"]},
        {"name": "端午节", "days": ["2027-06-09"]},
        {"name": "中秋节", "days": ["2027-09-15"]},
        {"name": "国庆节", "days": ["2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"]}
      ],
      "workdays": [
        {"name": "春节", "date": "2027-01-31"},
        {"name": "春节", "date": "2027-02-20"}
      ]
    }
  }
}`

// Years outside the index are built on demand from the statutory rules and
// lunar-go, from any goroutine.
func TestConcurrentUse(t *testing.T) {
	c := cn.Calendar()
	done := make(chan int)
	for g := range 4 {
		go func() {
			n := 0
			for y := 2061 + g; y < 2140; y += 4 {
				if c.Day(d(y, 10, 1)).Statutory {
					n++
				}
				n += len(cn.StatutoryHolidays(y + 1000))
				c.AddWorkdays(d(y, 1, 1), 300)
			}
			done <- n
		}()
	}
	total := 0
	for range 4 {
		total += <-done
	}
	want := 0
	for y := 2061; y < 2140; y++ {
		want += 1 + len(cn.StatutoryHolidays(y+1000))
	}
	assert.Equal(t, want, total)
}
