package calendar

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/rickar/cal/v2"
)

// FromBusinessCalendar compiles bc, a github.com/rickar/cal/v2 business
// calendar of any country, into a Calendar in loc (nil means UTC) that
// answers from a precomputed index.
//
// Every day from fromYear to toYear is read from bc at noon in loc: the
// working days of the week are those bc works on most weeks, the hours are
// the most common WorkdayStart-WorkdayEnd of a working day, and every other
// day becomes an Override: a day bc observes as a holiday is a DayOff named
// after the holiday (Name is the rickar name, NameEN is empty; Statutory
// when its Type is cal.ObservancePublic), other rest days are DayOff or
// MakeupWorkday, and days with other hours carry their own Periods.
//
// Years outside the range are provisional: the weekly pattern plus the
// observed days of bc's holiday rules, without WorkdayFunc. Those rules are
// copied, and their Funcs are then called from any goroutine: rickar/cal's
// own are safe for that. bc is not kept, but it is read (and its holiday
// cache filled), so do not use it concurrently during the call.
//
// Reading bc takes some microseconds per day. Errors are *ConfigError
// values: Field "BusinessCalendar" for a nil bc or hours that are not a
// valid Period, "Years" for a range outside MinYear to MaxYear.
func FromBusinessCalendar(bc *cal.BusinessCalendar, loc *time.Location, fromYear, toYear int) (*Calendar, error) {
	if bc == nil {
		return nil, &ConfigError{"BusinessCalendar", errors.New("nil business calendar")}
	}
	if fromYear < MinYear || toYear > MaxYear || fromYear > toYear {
		return nil, &ConfigError{"Years", fmt.Errorf("%d-%d is not inside %d-%d: %w", fromYear, toYear, MinYear, MaxYear, ErrInvalidDate)}
	}
	if loc == nil {
		loc = time.UTC
	}
	type reading struct {
		working, holiday, public bool
		name                     string
		hours                    Period
	}
	first, last := D(fromYear, time.January, 1), D(toYear, time.December, 31)
	days := make([]reading, 0, last.days()-first.days()+1)
	var seen, works [7]int
	hours := map[Period]int{}
	for d := first; !d.After(last); d = d.AddDays(1) {
		t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, loc)
		r := reading{working: bc.IsWorkday(t)}
		if _, obs, h := bc.IsHoliday(t); obs && h != nil {
			r.holiday, r.name, r.public = true, h.Name, h.Type == cal.ObservancePublic
		}
		if r.working {
			p, err := businessHours(bc, t, d, loc)
			if err != nil {
				return nil, &ConfigError{"BusinessCalendar", err}
			}
			r.hours = p
			hours[p]++
		}
		if !r.holiday {
			seen[d.Weekday()]++
			if r.working {
				works[d.Weekday()]++
			}
		}
		days = append(days, r)
	}

	cfg := Config{Location: loc, Weekdays: []time.Weekday{}, KnownYears: make([]int, 0, toYear-fromYear+1)}
	var working [7]bool
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if works[wd]*2 > seen[wd] {
			working[wd] = true
			cfg.Weekdays = append(cfg.Weekdays, wd)
		}
	}
	var ordinary Period
	best := 0
	for p, n := range hours {
		if n > best || n == best && cmp.Or(cmp.Compare(p.Start, ordinary.Start), cmp.Compare(p.End, ordinary.End)) < 0 {
			ordinary, best = p, n
		}
	}
	if best > 0 {
		cfg.Periods = []Period{ordinary}
	}
	for i, r := range days {
		d := first.AddDays(i)
		var periods []Period
		if r.hours != ordinary {
			periods = []Period{r.hours}
		}
		switch {
		case !r.working && (working[d.Weekday()] || r.holiday):
			cfg.Overrides = append(cfg.Overrides, Override{Date: d, Kind: DayOff, Name: r.name, Statutory: r.public})
		case r.working && !working[d.Weekday()]:
			cfg.Overrides = append(cfg.Overrides, Override{Date: d, Kind: MakeupWorkday, Periods: periods})
		case r.working && periods != nil:
			cfg.Overrides = append(cfg.Overrides, Override{Date: d, Kind: Workday, Periods: periods})
		}
	}
	for y := fromYear; y <= toYear; y++ {
		cfg.KnownYears = append(cfg.KnownYears, y)
	}
	if bc.IsApplicable(loc) {
		rules := make([]cal.Holiday, len(bc.Holidays))
		for i, h := range bc.Holidays {
			rules[i] = *h
		}
		cfg.Provisional = func(year int) []Override { return observedDays(rules, year) }
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// businessHours returns bc's working hours on t's date d as a Period.
func businessHours(bc *cal.BusinessCalendar, t time.Time, d Date, loc *time.Location) (Period, error) {
	start, end := bc.WorkdayStart(t), bc.WorkdayEnd(t)
	s, ok1 := wallOffset(start, d, loc)
	e, ok2 := wallOffset(end, d, loc)
	p := Period{s, e}
	if !ok1 || !ok2 || validatePeriods([]Period{p}) != nil {
		return Period{}, fmt.Errorf("%v: hours %v to %v are not a period of that day: %w",
			d, start.In(loc).Format(time.DateTime), end.In(loc).Format(time.DateTime), ErrInvalidPeriod)
	}
	return p, nil
}

// wallOffset returns x's wall-clock time in loc as an offset from the
// midnight starting d; the next midnight counts as 24:00.
func wallOffset(x time.Time, d Date, loc *time.Location) (time.Duration, bool) {
	x = x.In(loc)
	h, m, s := x.Clock()
	w := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(x.Nanosecond())
	switch xd := DateOf(x, nil); {
	case xd == d:
		return w, true
	case xd == d.AddDays(1) && w == 0:
		return 24 * time.Hour, true
	}
	return 0, false
}

// observedDays returns the days of year that the holiday rules observe.
// Observed days can move across the new year, so the years either side are
// calculated too.
func observedDays(rules []cal.Holiday, year int) []Override {
	var out []Override
	seen := map[Date]bool{}
	for i := range rules {
		h := &rules[i]
		for y := year - 1; y <= year+1; y++ {
			_, obs := h.Calc(y)
			if obs.IsZero() {
				continue
			}
			d := DateOf(obs, nil)
			if d.Year != year || seen[d] {
				continue
			}
			seen[d] = true
			out = append(out, Override{Date: d, Kind: DayOff, Name: h.Name, Statutory: h.Type == cal.ObservancePublic})
		}
	}
	return out
}
