package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date with no time of day and no zone. The zero Date is
// not a valid date; use [D] or [DateOf] to make one.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D returns the date y-m-d. It does not normalise: D(2025, 2, 30) is a
// Date that [Date.Valid] reports as invalid.
func D(y int, m time.Month, d int) Date { return Date{y, m, d} }

// DateOf returns t's date in loc. A nil loc means t's own location.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Valid reports whether d names a real day of the proleptic Gregorian
// calendar between years 1 and 9999.
func (d Date) Valid() bool {
	if d.Year < MinYear || d.Year > MaxYear || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// In returns midnight at the start of d in loc (nil means UTC).
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// AddDays returns the date n calendar days after d (before it for n < 0).
func (d Date) AddDays(n int) Date { return civil(d.days() + int64(n)) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.days() < e.days() }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.days() > e.days() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// ParseDate parses a YYYY-MM-DD date. It returns an error wrapping
// [ErrInvalidDate] for anything else, including days that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: date %q: %w", s, ErrInvalidDate)
	}
	d := DateOf(t, nil)
	if !d.Valid() {
		return Date{}, fmt.Errorf("calendar: date %q: %w", s, ErrInvalidDate)
	}
	return d, nil
}

// MinYear and MaxYear bound the years the calendar computes. Results that
// would fall outside them are reported as not found (a zero time.Time).
const (
	MinYear = 1
	MaxYear = 9999
)

// days returns the number of days from 1970-01-01 to d.
func (d Date) days() int64 { return daysFromCivil(d.Year, d.Month, d.Day) }

// daysFromCivil counts days since 1970-01-01 in the proleptic Gregorian
// calendar (the era-based method: 400-year eras of 146097 days).
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= time.February {
		yy--
	}
	era := yy
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is the inverse of daysFromCivil.
func civil(z int64) Date {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{int(y), time.Month(m), int(d)}
}

func weekdayOf(days int64) time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (days + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
