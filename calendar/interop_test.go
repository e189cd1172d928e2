package calendar

// Internal test package, so that its helpers stay apart from the
// calendar_test package's.

import (
	"errors"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/us"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var newYork = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}()

func usFederal() *cal.BusinessCalendar {
	bc := cal.NewBusinessCalendar()
	bc.AddHoliday(us.Holidays...)
	return bc
}

func TestFromBusinessCalendarAgreesDayByDay(t *testing.T) {
	bc := usFederal()
	c, err := FromBusinessCalendar(bc, newYork, 2020, 2030)
	require.NoError(t, err)
	for day := time.Date(2020, 1, 1, 12, 0, 0, 0, newYork); day.Year() <= 2030; day = day.AddDate(0, 0, 1) {
		require.Equal(t, bc.IsWorkday(day), c.IsWorkday(day), "%v", day)
		require.False(t, c.Day(day).Provisional)
	}
	assert.Equal(t, []Period{{9 * time.Hour, 17 * time.Hour}}, c.DayOf(D(2025, 6, 11)).Periods)
}

func TestFromBusinessCalendarDays(t *testing.T) {
	c, err := FromBusinessCalendar(usFederal(), newYork, 2020, 2030)
	require.NoError(t, err)
	for _, tc := range []struct {
		date        Date
		kind        Kind
		name        string
		statutory   bool
		provisional bool
	}{
		// 4 July 2021 was a Sunday, observed on Monday 5 July.
		{D(2021, 7, 4), Weekend, "", false, false},
		{D(2021, 7, 5), DayOff, "Independence Day", true, false},
		// New Year 2022 fell on a Saturday, observed Friday 31 Dec 2021.
		{D(2021, 12, 31), DayOff, "New Year's Day", true, false},
		{D(2025, 11, 27), DayOff, "Thanksgiving Day", true, false},
		{D(2025, 11, 28), Workday, "", false, false},
		// After the range: the rules without a notice, provisional.
		{D(2031, 7, 4), DayOff, "Independence Day", true, true},
		{D(2032, 7, 5), DayOff, "Independence Day", true, true}, // 4 July 2032 is a Sunday
		{D(2032, 7, 6), Workday, "", false, true},
		{D(2019, 12, 25), DayOff, "Christmas Day", true, true},
	} {
		info := c.DayOf(tc.date)
		assert.Equal(t, tc.kind, info.Kind, "%v", tc.date)
		assert.Equal(t, tc.name, info.Name, "%v", tc.date)
		assert.Equal(t, tc.statutory, info.Statutory, "%v", tc.date)
		assert.Equal(t, tc.provisional, info.Provisional, "%v", tc.date)
	}
	// Mon 30 Jun 2025 09:00 plus 40 hours skips Friday 4 July.
	start := time.Date(2025, 6, 30, 9, 0, 0, 0, newYork)
	assert.Equal(t, time.Date(2025, 7, 7, 17, 0, 0, 0, newYork), c.AddWorkTime(start, 40*time.Hour))
	assert.Equal(t, 3, c.WorkdaysBetween(start, start.AddDate(0, 0, 6))) // 1-3 July
}

func TestFromBusinessCalendarPatterns(t *testing.T) {
	bc := cal.NewBusinessCalendar()
	bc.SetWorkday(time.Saturday, true)
	bc.SetWorkHours(8*time.Hour, 16*time.Hour)
	// Fridays close at noon, one Sunday is worked, one Tuesday is closed.
	bc.WorkdayEndFunc = func(t time.Time) time.Time {
		y, m, d := t.Date()
		if t.Weekday() == time.Friday {
			return time.Date(y, m, d, 12, 0, 0, 0, t.Location())
		}
		return time.Date(y, m, d, 16, 0, 0, 0, t.Location())
	}
	bc.WorkdayFunc = func(t time.Time) bool {
		y, m, d := t.Date()
		switch {
		case y == 2025 && m == 3 && d == 9: // Sunday
			return true
		case y == 2025 && m == 3 && d == 11: // Tuesday
			return false
		}
		return t.Weekday() != time.Sunday
	}
	c, err := FromBusinessCalendar(bc, time.UTC, 2025, 2025)
	require.NoError(t, err)
	for _, tc := range []struct {
		date    Date
		kind    Kind
		periods []Period
	}{
		{D(2025, 3, 6), Workday, []Period{{8 * time.Hour, 16 * time.Hour}}},
		{D(2025, 3, 7), Workday, []Period{{8 * time.Hour, 12 * time.Hour}}},
		{D(2025, 3, 8), Workday, []Period{{8 * time.Hour, 16 * time.Hour}}}, // Saturday works
		{D(2025, 3, 9), MakeupWorkday, []Period{{8 * time.Hour, 16 * time.Hour}}},
		{D(2025, 3, 11), DayOff, nil},
		{D(2025, 3, 16), Weekend, nil},
	} {
		info := c.DayOf(tc.date)
		assert.Equal(t, tc.kind, info.Kind, "%v", tc.date)
		assert.Equal(t, tc.periods, info.Periods, "%v", tc.date)
	}
	// A week of Mon-Sat hours: 5 x 8 + 4 = 44.
	assert.Equal(t, 44*time.Hour, c.WorkTimeBetween(time.Date(2025, 3, 17, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 24, 0, 0, 0, 0, time.UTC)))
	// No holiday rules: provisional years are the weekly pattern.
	assert.Equal(t, Workday, c.DayOf(D(2026, 3, 7)).Kind)
	assert.True(t, c.DayOf(D(2026, 3, 7)).Provisional)
}

func TestFromBusinessCalendarLocations(t *testing.T) {
	bc := usFederal()
	bc.Locations = []*time.Location{newYork}
	c, err := FromBusinessCalendar(bc, time.UTC, 2025, 2025)
	require.NoError(t, err)
	// bc does not apply in UTC, so no holidays there, in range or not.
	assert.Equal(t, Workday, c.DayOf(D(2025, 11, 27)).Kind)
	assert.Equal(t, Workday, c.DayOf(D(2026, 11, 26)).Kind)
}

func TestFromBusinessCalendarErrors(t *testing.T) {
	bad := cal.NewBusinessCalendar()
	bad.SetWorkHours(17*time.Hour, 9*time.Hour)
	crossing := cal.NewBusinessCalendar()
	crossing.WorkdayEndFunc = func(t time.Time) time.Time { return t.Add(36 * time.Hour) }
	for _, tc := range []struct {
		name     string
		bc       *cal.BusinessCalendar
		from, to int
		field    string
		is       error
	}{
		{"nil", nil, 2025, 2025, "BusinessCalendar", ErrInvalidConfig},
		{"reversed years", usFederal(), 2026, 2025, "Years", ErrInvalidDate},
		{"year 0", usFederal(), 0, 2025, "Years", ErrInvalidDate},
		{"year 10000", usFederal(), 2025, 10000, "Years", ErrInvalidDate},
		{"end before start", bad, 2025, 2025, "BusinessCalendar", ErrInvalidPeriod},
		{"end on another day", crossing, 2025, 2025, "BusinessCalendar", ErrInvalidPeriod},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := FromBusinessCalendar(tc.bc, nil, tc.from, tc.to)
			assert.Nil(t, c)
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Equal(t, tc.field, ce.Field)
			assert.ErrorIs(t, err, tc.is)
			assert.ErrorIs(t, err, ErrInvalidConfig)
		})
	}
}

func TestFromBusinessCalendarFarYears(t *testing.T) {
	c, err := FromBusinessCalendar(usFederal(), nil, 9999, 9999)
	require.NoError(t, err)
	assert.Equal(t, DayOff, c.DayOf(D(9999, 12, 24)).Kind) // Christmas 9999 is a Saturday
	c, err = FromBusinessCalendar(usFederal(), nil, 1, 1)
	require.NoError(t, err)
	assert.Equal(t, time.UTC, c.Location())
	assert.True(t, c.DayOf(D(2, 1, 1)).Provisional)
}
