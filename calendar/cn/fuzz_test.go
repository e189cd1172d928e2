package cn_test

import (
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
)

// fuzzEpoch is 1950-01-01 in Shanghai; fuzzTime maps any int64 into the 250
// years after it, which covers the notices, provisional years, Shanghai's
// daylight saving of 1986-1991 and years outside the index.
var fuzzEpoch = d(1950, 1, 1).Unix()

func fuzzTime(sec int64) time.Time {
	const span = 250 * 366 * 86400
	if sec < 0 {
		sec = -(sec + 1)
	}
	return time.Unix(fuzzEpoch+sec%span, 0)
}

// FuzzWorkdaysInverse checks AddWorkdays against WorkdaysBetween on the
// China calendar: WorkdaysBetween(t, AddWorkdays(t, n)) == n for n > 0, and
// counting back from t lands n working days before it.
func FuzzWorkdaysInverse(f *testing.F) {
	c := cn.Calendar()
	f.Add(d(2025, 9, 26).Unix()-fuzzEpoch, 5)
	f.Add(d(2025, 10, 9).Unix()-fuzzEpoch, -4)
	f.Add(d(2026, 2, 13).Unix()-fuzzEpoch, 2)
	f.Add(utc("2025-09-30T17:00:00Z").Unix()-fuzzEpoch, 0)
	f.Add(d(2027, 2, 4).Unix()-fuzzEpoch, 1)
	f.Add(d(2060, 12, 30).Unix()-fuzzEpoch, 250)
	f.Fuzz(func(t *testing.T, sec int64, n int) {
		start := fuzzTime(sec)
		n %= 3000
		got := c.AddWorkdays(start, n)
		if got.IsZero() || !c.IsWorkday(got) {
			t.Fatalf("AddWorkdays(%v, %d) = %v, not a working day", start, n, got)
		}
		between := c.WorkdaysBetween(start, got)
		switch {
		case n > 0 && between != n:
			t.Fatalf("WorkdaysBetween(%v, AddWorkdays(_, %d) = %v) = %d", start, n, got, between)
		case n < 0:
			// got is the |n|-th working day before start's date, so going
			// forward |n| working days from got reaches start's date or,
			// when that is not worked, the next working day.
			if fwd := c.AddWorkdays(got, -n); !fwd.Equal(c.AddWorkdays(start, 0)) {
				t.Fatalf("AddWorkdays(AddWorkdays(%v, %d) = %v, %d) = %v", start, n, got, -n, fwd)
			}
			if c.IsWorkday(start) && between != n {
				t.Fatalf("WorkdaysBetween(%v, AddWorkdays(_, %d) = %v) = %d", start, n, got, between)
			}
		}
	})
}

// FuzzWorkTimeInverse checks WorkTimeBetween(t, AddWorkTime(t, d)) == d and
// the backward form WorkTimeBetween(AddWorkTime(t, -d), t) == d.
func FuzzWorkTimeInverse(f *testing.F) {
	c := cn.Calendar()
	f.Add(d(2025, 9, 30).Add(16*time.Hour).Unix()-fuzzEpoch, int64(4*time.Hour))
	f.Add(d(2025, 10, 9).Add(9*time.Hour).Unix()-fuzzEpoch, int64(time.Hour))
	f.Add(d(2026, 2, 14).Add(17*time.Hour).Unix()-fuzzEpoch, int64(90*time.Minute))
	f.Add(utc("2025-09-30T08:00:00Z").Unix()-fuzzEpoch, int64(7*time.Hour))
	f.Add(d(1988, 4, 10).Add(2*time.Hour).Unix()-fuzzEpoch, int64(30*time.Hour))
	f.Fuzz(func(t *testing.T, sec int64, dur int64) {
		start := fuzzTime(sec)
		d := time.Duration(dur % int64(10000*time.Hour))
		if d < 0 {
			d = -d
		}
		if d == 0 {
			return
		}
		fwd := c.AddWorkTime(start, d)
		if fwd.IsZero() || !fwd.After(start) {
			t.Fatalf("AddWorkTime(%v, %v) = %v", start, d, fwd)
		}
		if got := c.WorkTimeBetween(start, fwd); got != d {
			t.Fatalf("WorkTimeBetween(%v, AddWorkTime(_, %v) = %v) = %v", start, d, fwd, got)
		}
		back := c.AddWorkTime(start, -d)
		if back.IsZero() || !back.Before(start) {
			t.Fatalf("AddWorkTime(%v, %v) = %v", start, -d, back)
		}
		if got := c.WorkTimeBetween(back, start); got != d {
			t.Fatalf("WorkTimeBetween(AddWorkTime(%v, %v) = %v, _) = %v", start, -d, back, got)
		}
	})
}
