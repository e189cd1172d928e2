package assess

import (
	"fmt"
	"time"
)

// Period is the half-open interval of instants [From, To) that a report
// covers. The zero Period is invalid. Build one with [Year] or [Month] for
// calendar periods in a time zone, [MonthToDate] for the month so far, or
// set the bounds directly.
//
// Figures judge records by what had happened by To, so To must not be
// later than the instant the records were read: a record still open then
// and due between that instant and To would count as late although it was
// not yet due. For a period still running, set To to the current instant
// (as [MonthToDate] does).
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Year returns the calendar year y in loc: from 1 January 00:00 to the next
// 1 January 00:00. A nil loc means UTC.
func Year(y int, loc *time.Location) Period {
	if loc == nil {
		loc = time.UTC
	}
	return Period{From: time.Date(y, time.January, 1, 0, 0, 0, 0, loc), To: time.Date(y+1, time.January, 1, 0, 0, 0, 0, loc)}
}

// Month returns month m of year y in loc, from the first day 00:00 to the
// first day of the next month 00:00. A month outside 1-12 is normalized as
// time.Date does. A nil loc means UTC.
func Month(y int, m time.Month, loc *time.Location) Period {
	if loc == nil {
		loc = time.UTC
	}
	return Period{From: time.Date(y, m, 1, 0, 0, 0, 0, loc), To: time.Date(y, m+1, 1, 0, 0, 0, 0, loc)}
}

// MonthToDate returns the month of now so far, in now's location: from the
// first day of the month 00:00 to now. On the first of the month at 00:00
// exactly the period is empty and fails Validate (ErrInvalidPeriod); a
// zero now gives an invalid period too.
func MonthToDate(now time.Time) Period {
	now = now.Round(0) // drop the monotonic reading: To is an instant to compare
	y, m, _ := now.Date()
	return Period{From: time.Date(y, m, 1, 0, 0, 0, 0, now.Location()), To: now}
}

// Contains reports whether t is in [From, To).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Validate returns an error wrapping [ErrInvalidPeriod] if a bound is zero
// or From is not before To.
func (p Period) Validate() error {
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return fmt.Errorf("assess: period [%s, %s): %w", p.From.Format(time.RFC3339), p.To.Format(time.RFC3339), ErrInvalidPeriod)
	}
	return nil
}
