package calendar_test

import (
	"math"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHugeCountsGiveZero asks for counts past the years the calendar
// covers: each has no answer, where sums used to wrap round to a day near
// the start.
func TestHugeCountsGiveZero(t *testing.T) {
	c := newTown(t, nil)
	open := calendar.AlwaysOpen(shanghai)
	start := at(2025, 9, 26, 10, 0)
	const allDays = 3652059 // 0001-01-01 to 9999-12-31
	for name, got := range map[string]time.Time{
		"AddWorkdays MaxInt":             c.AddWorkdays(start, math.MaxInt),
		"AddWorkdays MinInt":             c.AddWorkdays(start, math.MinInt),
		"AddWorkdays every day":          c.AddWorkdays(start, allDays),
		"AddWorkdays every day back":     c.AddWorkdays(start, -allDays),
		"24x7 AddWorkdays 1e7":           open.AddWorkdays(start, 1e7),
		"24x7 AddWorkdays -1e7":          open.AddWorkdays(start, -1e7),
		"24x7 AddWorkdays MaxInt":        open.AddWorkdays(start, math.MaxInt),
		"24x7 AddWorkdays MinInt":        open.AddWorkdays(start, math.MinInt),
		"24x7 AddWorkTime past 9999":     open.AddWorkTime(d(9999, 12, 31), 24*time.Hour),
		"24x7 AddWorkTime before year 1": open.AddWorkTime(d(1, 1, 1), -time.Hour),
	} {
		assert.True(t, got.IsZero(), "%s = %v", name, got)
	}
	for _, n := range []int{math.MaxInt, allDays} {
		_, ok := c.EndOfWorkdays(start, n)
		assert.False(t, ok, "EndOfWorkdays(_, %d)", n)
		_, ok = open.EndOfWorkdays(start, n)
		assert.False(t, ok, "24x7 EndOfWorkdays(_, %d)", n)
	}
	// The longest durations have answers, about 1400 years away at seven
	// working hours a day.
	for _, dur := range []time.Duration{math.MaxInt64, math.MinInt64 + 1} {
		got := c.AddWorkTime(start, dur)
		assert.False(t, got.IsZero(), "AddWorkTime(_, %v)", dur)
		assert.Equal(t, dur, c.WorkTimeBetween(start, got), "AddWorkTime(_, %v) = %v", dur, got)
	}
	// The largest counts that fit: 24x7 from the first day to the last.
	assert.True(t, d(9999, 12, 31).Equal(open.AddWorkdays(d(1, 1, 1), allDays-1)))
	assert.True(t, d(1, 1, 1).Equal(open.AddWorkdays(d(9999, 12, 31), -(allDays-1))))
}

// TestDaysOutsideTheYearsAreNotCounted starts outside years 1 to 9999:
// counting skips to the first or last day inside them.
func TestDaysOutsideTheYearsAreNotCounted(t *testing.T) {
	c := newTown(t, nil)
	// Wednesday 5 January 10000; Friday 31 December 9999 is the last
	// working day. Monday 25 December of year 0; Monday 1 January of
	// year 1 is the first.
	wed := time.Date(10000, 1, 5, 10, 0, 0, 0, shanghai)
	mon := time.Date(0, 12, 25, 10, 0, 0, 0, shanghai)
	assert.True(t, d(9999, 12, 31).Equal(c.AddWorkdays(wed, -1)), "%v", c.AddWorkdays(wed, -1))
	assert.True(t, at(9999, 12, 31, 16, 30).Equal(c.AddWorkTime(wed, -time.Hour)), "%v", c.AddWorkTime(wed, -time.Hour))
	assert.True(t, c.AddWorkdays(wed, 0).IsZero())
	assert.True(t, d(1, 1, 1).Equal(c.AddWorkdays(mon, 1)), "%v", c.AddWorkdays(mon, 1))
	assert.True(t, at(1, 1, 1, 9, 30).Equal(c.AddWorkTime(mon, time.Hour)), "%v", c.AddWorkTime(mon, time.Hour))
	assert.True(t, c.AddWorkdays(mon, -1).IsZero())
}

// TestInvalidDates asks about dates that do not exist: no answer rather
// than a panic or the date they would roll over to.
func TestInvalidDates(t *testing.T) {
	c := newTown(t, nil)
	for _, dt := range []calendar.Date{
		calendar.D(2025, 2, 30),
		calendar.D(2025, 13, 1),
		calendar.D(2025, 10, 0),
		calendar.D(1970, 1, math.MaxInt),
		calendar.D(math.MinInt, 1, 1),
		calendar.D(10000, 1, 1),
		{},
	} {
		assert.Equal(t, calendar.DayInfo{}, c.DayOf(dt), "DayOf(%v)", dt)
		assert.Equal(t, calendar.DayInfo{}, calendar.AlwaysOpen(nil).DayOf(dt), "24x7 DayOf(%v)", dt)
		n := 0
		for range c.Days(dt, calendar.D(2025, 10, 8)) {
			n++
		}
		for range c.Days(calendar.D(2025, 1, 1), dt) {
			n++
		}
		assert.Zero(t, n, "Days with %v", dt)
		assert.Empty(t, c.Holidays(calendar.D(2025, 1, 1), dt), "Holidays to %v", dt)
	}
	// The same range with valid ends: National Day's eight days off.
	assert.Len(t, c.Holidays(calendar.D(2025, 2, 28), calendar.D(2025, 10, 8)), 8)
	assert.Equal(t, calendar.DayOff, c.DayOf(calendar.D(2025, 10, 1)).Kind)
}

// TestEndOfWorkdaysMemoEdges asks twice each for answers at the edges of
// what the memo packs: the first day, counts either side of 65536, and two
// questions that share a slot.
func TestEndOfWorkdaysMemoEdges(t *testing.T) {
	// An index to 2300 holds the answers for 65536 working days.
	c := newTown(t, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2000, 2300 })
	sep26 := at(2025, 9, 26, 10, 0)
	cases := []struct {
		from time.Time
		n    int
	}{
		{d(1, 1, 1), 0}, {d(1, 1, 1), 1},
		{sep26, 65535}, {sep26, 65536},
		// start*31+n: 26 September and 31 share the slot of 27 September and 0.
		{sep26, 31}, {sep26.AddDate(0, 0, 1), 0},
		{d(9999, 12, 31), 0},
	}
	for range 2 {
		for _, tt := range cases {
			got, ok := c.EndOfWorkdays(tt.from, tt.n)
			want := c.AddWorkdays(tt.from, tt.n)
			require.True(t, ok, "EndOfWorkdays(%v, %d)", tt.from, tt.n)
			assert.True(t, want.Equal(got.Day), "EndOfWorkdays(%v, %d).Day = %v, want %v", tt.from, tt.n, got.Day, want)
			assert.Equal(t, c.ProvisionalBetween(tt.from, want), got.Provisional, "EndOfWorkdays(%v, %d).Provisional", tt.from, tt.n)
		}
	}
	// Worked out by hand: Monday 1 January of year 1; the make-up Sunday
	// 28 September 2025 is the answer for Saturday 27 September and 0.
	first, _ := c.EndOfWorkdays(d(1, 1, 1), 0)
	assert.True(t, d(1, 1, 1).Equal(first.Day))
	sat, _ := c.EndOfWorkdays(sep26.AddDate(0, 0, 1), 0)
	assert.True(t, d(2025, 9, 28).Equal(sat.Day) && !sat.Provisional, "%+v", sat)
}
