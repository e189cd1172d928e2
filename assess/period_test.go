package assess_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hotline12345/hotline/assess"
	"github.com/stretchr/testify/assert"
)

func TestMonthToDate(t *testing.T) {
	newYork := mustLoad("America/New_York")
	d := func(loc *time.Location, y int, m time.Month, day, h, min int) time.Time {
		return time.Date(y, m, day, h, min, 0, 0, loc)
	}
	cases := []struct {
		name string
		now  time.Time
		from time.Time
	}{
		{"mid-month", d(shanghai, 2026, time.December, 6, 8, 37), d(shanghai, 2026, time.December, 1, 0, 0)},
		{"first of the month, one minute in", d(shanghai, 2026, time.March, 1, 0, 1), d(shanghai, 2026, time.March, 1, 0, 0)},
		{"first of the month, noon", d(shanghai, 2025, time.October, 1, 12, 0), d(shanghai, 2025, time.October, 1, 0, 0)},
		{"last minute of the month", d(shanghai, 2025, time.February, 28, 23, 59), d(shanghai, 2025, time.February, 1, 0, 0)},
		{"leap day", d(shanghai, 2024, time.February, 29, 9, 0), d(shanghai, 2024, time.February, 1, 0, 0)},
		{"last minute of the year", d(shanghai, 2025, time.December, 31, 23, 59), d(shanghai, 2025, time.December, 1, 0, 0)},
		// 16:30 UTC on 31 December is already 1 January in Shanghai: the
		// month is now's own, in now's zone.
		{"zone of now, Shanghai", d(time.UTC, 2025, time.December, 31, 16, 30).In(shanghai), d(shanghai, 2026, time.January, 1, 0, 0)},
		{"zone of now, UTC", d(time.UTC, 2025, time.December, 31, 16, 30), d(time.UTC, 2025, time.December, 1, 0, 0)},
		// The month began before the switch to daylight saving time.
		{"after a DST change", d(newYork, 2025, time.March, 20, 10, 0), d(newYork, 2025, time.March, 1, 0, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := assess.MonthToDate(tc.now)
			assert.True(t, p.From.Equal(tc.from), "From %s, want %s", p.From, tc.from)
			assert.Equal(t, tc.now.Location(), p.From.Location())
			assert.True(t, p.To.Equal(tc.now), "To %s, want %s", p.To, tc.now)
			assert.NoError(t, p.Validate())
			assert.True(t, p.Contains(tc.from))
			assert.False(t, p.Contains(tc.now), "To is excluded")
		})
	}
}

func TestMonthToDateEmpty(t *testing.T) {
	for _, now := range []time.Time{time.Date(2026, time.January, 1, 0, 0, 0, 0, shanghai), {}} {
		p := assess.MonthToDate(now)
		err := p.Validate()
		assert.True(t, errors.Is(err, assess.ErrInvalidPeriod), "MonthToDate(%s): %v", now, err)
	}
}

func TestMonthToDateDropsMonotonicReading(t *testing.T) {
	now := time.Now()
	p := assess.MonthToDate(now)
	assert.Equal(t, now.Round(0), p.To)
	assert.Equal(t, p.To.Round(0), p.To)
}
