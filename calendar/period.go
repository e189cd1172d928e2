package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Period is a span of wall-clock time inside a day, as offsets from local
// midnight: [Start, End). 0 <= Start < End <= 24h.
type Period struct {
	Start time.Duration
	End   time.Duration
}

// Len returns End - Start.
func (p Period) Len() time.Duration { return p.End - p.Start }

// String formats p as HH:MM-HH:MM (seconds are shown when not zero).
func (p Period) String() string { return clock(p.Start) + "-" + clock(p.End) }

func clock(d time.Duration) string {
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}

// ParsePeriods parses periods written as "08:30-12:00,14:00-17:30"; "24:00"
// is allowed as an end. Spaces around items are ignored. The periods must be
// in order and must not overlap. Errors wrap [ErrInvalidPeriod].
func ParsePeriods(s string) ([]Period, error) {
	var ps []Period
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		from, to, ok := strings.Cut(item, "-")
		if !ok {
			return nil, fmt.Errorf("calendar: period %q: want HH:MM-HH:MM: %w", item, ErrInvalidPeriod)
		}
		a, err := parseClock(strings.TrimSpace(from))
		if err != nil {
			return nil, fmt.Errorf("calendar: period %q: %w", item, err)
		}
		b, err := parseClock(strings.TrimSpace(to))
		if err != nil {
			return nil, fmt.Errorf("calendar: period %q: %w", item, err)
		}
		ps = append(ps, Period{a, b})
	}
	if err := validatePeriods(ps); err != nil {
		return nil, fmt.Errorf("calendar: periods %q: %w", s, err)
	}
	return ps, nil
}

// MustParsePeriods is like [ParsePeriods] but panics on error. It is meant
// for package-level defaults written as literals.
func MustParsePeriods(s string) []Period {
	ps, err := ParsePeriods(s)
	if err != nil {
		panic(err)
	}
	return ps
}

func parseClock(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("clock %q: %w", s, ErrInvalidPeriod)
	}
	var v [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 {
			return 0, fmt.Errorf("clock %q: %w", s, ErrInvalidPeriod)
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("clock %q: %w", s, ErrInvalidPeriod)
			}
			v[i] = v[i]*10 + int(r-'0')
		}
	}
	h, m, sec := v[0], v[1], v[2]
	if m > 59 || sec > 59 || h > 24 || (h == 24 && (m != 0 || sec != 0)) {
		return 0, fmt.Errorf("clock %q: %w", s, ErrInvalidPeriod)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, nil
}

func validatePeriods(ps []Period) error {
	if len(ps) == 0 {
		return fmt.Errorf("no periods: %w", ErrInvalidPeriod)
	}
	var prev time.Duration
	for i, p := range ps {
		if p.Start < 0 || p.End > 24*time.Hour || p.Start >= p.End {
			return fmt.Errorf("%v: want 00:00 <= start < end <= 24:00: %w", p, ErrInvalidPeriod)
		}
		if i > 0 && p.Start < prev {
			return fmt.Errorf("%v: overlaps or is out of order: %w", p, ErrInvalidPeriod)
		}
		prev = p.End
	}
	return nil
}
