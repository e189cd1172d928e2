package calendar_test

import (
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar"
)

// fuzzTime maps any int64 into years 1990-2040 so the fuzzer spends its time
// on real calendars rather than on the year 9999 edge.
func fuzzTime(sec int64) time.Time {
	const lo, span = 631152000, 50 * 366 * 86400 // 1990-01-01, about 50 years
	if sec < 0 {
		sec = -(sec + 1)
	}
	return time.Unix(lo+sec%span, 0)
}

func FuzzWorkdaysInverse(f *testing.F) {
	c := newTown(f, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2000, 2030 })
	f.Add(at(2025, 9, 26, 10, 0).Unix()-631152000, 5)
	f.Add(d(2025, 10, 1).Unix()-631152000, -3)
	f.Add(int64(0), 250)
	f.Fuzz(func(t *testing.T, sec int64, n int) {
		start := fuzzTime(sec)
		n %= 2000
		got := c.AddWorkdays(start, n)
		if got.IsZero() {
			t.Fatalf("AddWorkdays(%v, %d) found no day", start, n)
		}
		if !c.IsWorkday(got) {
			t.Fatalf("AddWorkdays(%v, %d) = %v is not a working day", start, n, got)
		}
		between := c.WorkdaysBetween(start, got)
		switch {
		case n > 0 && between != n:
			t.Fatalf("WorkdaysBetween(%v, AddWorkdays(_, %d) = %v) = %d", start, n, got, between)
		case n < 0 && c.IsWorkday(start) && between != n:
			t.Fatalf("WorkdaysBetween(%v, AddWorkdays(_, %d) = %v) = %d", start, n, got, between)
		case n == 0 && c.IsWorkday(start) && between != 0,
			n == 0 && !c.IsWorkday(start) && between != 1:
			t.Fatalf("AddWorkdays(%v, 0) = %v moved %d working days", start, got, between)
		}
	})
}

func FuzzWorkTimeInverse(f *testing.F) {
	c := newTown(f, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2000, 2030 })
	f.Add(at(2025, 9, 30, 16, 0).Unix()-631152000, int64(2*time.Hour))
	f.Add(at(2025, 10, 9, 14, 30).Unix()-631152000, int64(-30*time.Minute))
	f.Fuzz(func(t *testing.T, sec int64, dur int64) {
		start := fuzzTime(sec)
		d := time.Duration(dur % int64(5000*time.Hour))
		got := c.AddWorkTime(start, d)
		if got.IsZero() {
			t.Fatalf("AddWorkTime(%v, %v) found no instant", start, d)
		}
		if back := c.WorkTimeBetween(start, got); back != d {
			t.Fatalf("WorkTimeBetween(%v, AddWorkTime(_, %v) = %v) = %v", start, d, got, back)
		}
		if d > 0 && !got.After(start) || d < 0 && !got.Before(start) {
			t.Fatalf("AddWorkTime(%v, %v) = %v went the wrong way", start, d, got)
		}
	})
}

func FuzzParsePeriods(f *testing.F) {
	for _, s := range []string{"08:30-12:00,14:00-17:30", "00:00-24:00", "9:00-17:00", "", "12:00-08:00", "08:00:30-09:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := calendar.ParsePeriods(s)
		if err != nil {
			return
		}
		var text string
		for i, p := range ps {
			if p.Start < 0 || p.End > 24*time.Hour || p.Start >= p.End {
				t.Fatalf("ParsePeriods(%q) gave %v", s, p)
			}
			if i > 0 {
				text += ","
			}
			text += p.String()
		}
		again, err := calendar.ParsePeriods(text)
		if err != nil || len(again) != len(ps) {
			t.Fatalf("round trip of %q through %q: %v, %v", s, text, again, err)
		}
	})
}

// FuzzEndOfWorkdays checks EndOfWorkdays, remembered answers included,
// against AddWorkdays, CloseOfDay, EndOfDay and ProvisionalBetween.
func FuzzEndOfWorkdays(f *testing.F) {
	c := newTown(f, func(cfg *calendar.Config) { cfg.IndexFrom, cfg.IndexTo = 2000, 2030 })
	f.Add(at(2025, 9, 26, 10, 0).Unix()-631152000, 5)
	f.Add(d(2025, 12, 30).Unix()-631152000, 3)
	f.Add(int64(0), 0)
	f.Fuzz(func(t *testing.T, sec int64, n int) {
		start := fuzzTime(sec)
		n = max(n%400, -n%400)
		for range 2 {
			got, ok := c.EndOfWorkdays(start, n)
			day := c.AddWorkdays(start, n)
			if !ok || !got.Day.Equal(day) {
				t.Fatalf("EndOfWorkdays(%v, %d) = %v, %v; AddWorkdays says %v", start, n, got.Day, ok, day)
			}
			if cl, _ := c.CloseOfDay(day); !got.Close.Equal(cl) || !got.End.Equal(c.EndOfDay(day)) {
				t.Fatalf("EndOfWorkdays(%v, %d) = %+v; close %v, end %v", start, n, got, cl, c.EndOfDay(day))
			}
			if p := c.ProvisionalBetween(start, day); got.Provisional != p {
				t.Fatalf("EndOfWorkdays(%v, %d).Provisional = %v, ProvisionalBetween says %v", start, n, got.Provisional, p)
			}
		}
	})
}
