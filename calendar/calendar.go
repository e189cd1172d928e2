package calendar

import (
	"fmt"
	"math"
	"slices"
	"sync/atomic"
	"time"
)

// Calendar answers working-day and working-time questions for one time zone.
// It is immutable after New and safe for concurrent use. Days of the
// precomputed index years are answered from prefix sums in constant or
// logarithmic time without allocating; other years are computed on demand.
// A nil *Calendar is not usable.
type Calendar struct {
	loc         *time.Location
	alwaysOpen  bool
	working     [7]bool
	scheds      []schedule // [0] is closed, [1] the ordinary hours; spans extend it
	seasons     []season
	rules       map[int64]dayRule
	known       map[int]bool // nil: every year is known, as on a 24x7 calendar
	openEnd     int          // Config.OpenEnd
	provisional func(year int) []Override
	index       span

	// One UTC offset holds for instants in [fixedFrom, fixedTo) (Unix
	// seconds), so locate and instant need no zone lookups there.
	fixedOff, fixedFrom, fixedTo int64

	// outside keeps years built outside the index, year y in slot y&63
	// (about 11 KB each).
	outside [64]atomic.Pointer[span]

	// ends remembers recent answers of EndOfWorkdays, by start date and
	// count, one word each (see endsSet).
	ends [64]atomic.Uint64
}

// Day flags.
const (
	fWork uint8 = 1 << iota
	fOff
	fMakeup
	fStatutory
	fProvisional
)

// Measures kept as prefix sums.
const (
	mDays = iota // working days
	mWork        // working time in nanoseconds
	mProv        // provisional days
	nMeasures
)

var (
	minDay = daysFromCivil(MinYear, time.January, 1)
	maxDay = daysFromCivil(MaxYear, time.December, 31)
)

type schedule struct {
	periods []Period
	total   time.Duration
}

type season struct {
	from, to int // month*100 + day
	sched    uint8
}

type dayRule struct {
	flags        uint8 // fOff and fStatutory; 0 for a working override
	sched        uint8 // 0: the date's ordinary hours
	name, nameEN string
}

type dayName struct{ name, nameEN string }

// span is a run of consecutive days with prefix sums: cum[m][i] is the total
// of measure m over the days before day i of the span.
//
// sched[i] indexes scheds, which starts as the calendar's hours and holds
// the span's own after them, such as those of a provisional half day, so a
// year built during a query changes nothing that other queries read.
type span struct {
	first  int64
	flags  []uint8
	sched  []uint8
	scheds []schedule
	cum    [nMeasures][]int64
	names  map[int64]dayName
}

// New builds a calendar from cfg. Errors are *ConfigError values that name
// the field and wrap ErrInvalidConfig and a cause: ErrInvalidDate,
// ErrDuplicateDate, ErrInvalidKind or ErrInvalidPeriod.
func New(cfg Config) (*Calendar, error) {
	c := &Calendar{loc: cfg.Location, alwaysOpen: cfg.AlwaysOpen, rules: map[int64]dayRule{}}
	if c.loc == nil {
		c.loc = time.UTC
	}
	c.scheds = []schedule{{}}
	if c.alwaysOpen {
		c.scheds = append(c.scheds, schedule{[]Period{{0, 24 * time.Hour}}, 24 * time.Hour})
		c.findFixedOffset()
		return c, nil
	}
	weekdays := cfg.Weekdays
	if weekdays == nil {
		weekdays = WeekdaysDefault()
	}
	for i, w := range weekdays {
		if w < time.Sunday || w > time.Saturday {
			return nil, &ConfigError{fmt.Sprintf("Weekdays[%d]", i), fmt.Errorf("%d is not a day of the week: %w", w, ErrInvalidDate)}
		}
		c.working[w] = true
	}
	periods := cfg.Periods
	if periods == nil {
		periods = PeriodsDefault()
	}
	if _, err := schedFor(&c.scheds, periods); err != nil {
		return nil, &ConfigError{"Periods", err}
	}
	for i, s := range cfg.Seasons {
		field := fmt.Sprintf("Seasons[%d]", i)
		if !validMonthDay(s.From) || !validMonthDay(s.To) {
			return nil, &ConfigError{field, fmt.Errorf("from %v to %v: %w", s.From, s.To, ErrInvalidDate)}
		}
		id, err := schedFor(&c.scheds, s.Periods)
		if err != nil {
			return nil, &ConfigError{field + ".Periods", err}
		}
		c.seasons = append(c.seasons, season{int(s.From.Month)*100 + s.From.Day, int(s.To.Month)*100 + s.To.Day, id})
	}
	for i, o := range cfg.Overrides {
		field := fmt.Sprintf("Overrides[%d]", i)
		r, err := compile(o, &c.scheds)
		if err != nil {
			return nil, &ConfigError{field, err}
		}
		if _, dup := c.rules[o.Date.days()]; dup {
			return nil, &ConfigError{field, fmt.Errorf("%v: %w", o.Date, ErrDuplicateDate)}
		}
		c.rules[o.Date.days()] = r
	}
	lo, hi := cfg.IndexFrom, cfg.IndexTo
	if len(cfg.KnownYears) > 0 {
		c.known = map[int]bool{}
		for _, y := range cfg.KnownYears {
			c.known[y] = true
		}
	}
	c.provisional = cfg.Provisional
	if cfg.OpenEnd < 0 || cfg.OpenEnd > 366 {
		return nil, &ConfigError{"OpenEnd", fmt.Errorf("%d days: want 0 to 366: %w", cfg.OpenEnd, ErrInvalidDate)}
	}
	c.openEnd = cfg.OpenEnd
	if lo == 0 && hi == 0 {
		lo, hi = indexRange(cfg)
	}
	if lo < MinYear || hi > MaxYear || lo > hi {
		return nil, &ConfigError{"IndexFrom", fmt.Errorf("index %d-%d is not inside %d-%d: %w", lo, hi, MinYear, MaxYear, ErrInvalidDate)}
	}
	for y := lo; y <= hi; y++ {
		if err := c.appendYear(&c.index, y, true); err != nil {
			return nil, &ConfigError{"Provisional", err}
		}
	}
	c.sum(&c.index)
	c.findFixedOffset()
	return c, nil
}

// AlwaysOpen returns a 24x7 calendar in loc (nil means UTC): every day is
// a working day and all time is working time.
func AlwaysOpen(loc *time.Location) *Calendar {
	c, _ := New(Config{Location: loc, AlwaysOpen: true})
	return c
}

// findFixedOffset records the span of the zone in effect at the start of
// the index when it has one UTC offset.
func (c *Calendar) findFixedOffset() {
	t := time.Unix(c.index.first*86400, 0).In(c.loc)
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	c.fixedOff, c.fixedFrom, c.fixedTo = int64(off), math.MinInt64, math.MaxInt64
	if !start.IsZero() {
		c.fixedFrom = start.Unix()
	}
	if !end.IsZero() {
		c.fixedTo = end.Unix()
	}
}

func indexRange(cfg Config) (lo, hi int) {
	years := slices.Clone(cfg.KnownYears)
	for _, o := range cfg.Overrides {
		years = append(years, o.Date.Year)
	}
	if len(years) == 0 {
		return IndexFromDefault, IndexToDefault
	}
	lo, hi = slices.Min(years)-1, slices.Max(years)+10
	return max(lo, MinYear), min(hi, MaxYear)
}

func validMonthDay(md MonthDay) bool {
	return md.Month >= time.January && md.Month <= time.December && md.Day >= 1 && md.Day <= daysIn(2000, md.Month)
}

// schedFor returns the index of hours ps in *scheds, appending them when
// they are new.
func schedFor(scheds *[]schedule, ps []Period) (uint8, error) {
	if err := validatePeriods(ps); err != nil {
		return 0, err
	}
	for i, s := range *scheds {
		if slices.Equal(s.periods, ps) {
			return uint8(i), nil
		}
	}
	if len(*scheds) > 255 {
		return 0, fmt.Errorf("more than 255 distinct sets of hours: %w", ErrInvalidPeriod)
	}
	var total time.Duration
	for _, p := range ps {
		total += p.Len()
	}
	*scheds = append(*scheds, schedule{slices.Clone(ps), total})
	return uint8(len(*scheds) - 1), nil
}

// compile turns o into a rule; new hours are added to *scheds.
func compile(o Override, scheds *[]schedule) (dayRule, error) {
	if !o.Date.Valid() {
		return dayRule{}, fmt.Errorf("date %v: %w", o.Date, ErrInvalidDate)
	}
	r := dayRule{name: o.Name, nameEN: o.NameEN}
	switch o.Kind {
	case DayOff:
		r.flags = fOff
		if o.Statutory {
			r.flags |= fStatutory
		}
	case Workday, MakeupWorkday:
		if o.Periods != nil {
			id, err := schedFor(scheds, o.Periods)
			if err != nil {
				return dayRule{}, fmt.Errorf("%v: %w", o.Date, err)
			}
			r.sched = id
		}
	default:
		return dayRule{}, fmt.Errorf("%v: %v: want DayOff, Workday or MakeupWorkday: %w", o.Date, o.Kind, ErrInvalidKind)
	}
	return r, nil
}

// appendYear appends year y's days to sp. strict reports a bad
// Provisional override as an error; otherwise such entries are skipped.
func (c *Calendar) appendYear(sp *span, y int, strict bool) error {
	first := daysFromCivil(y, time.January, 1)
	if len(sp.flags) == 0 {
		sp.first = first
		// Clipped, so that new hours are appended to a copy.
		sp.scheds = slices.Clip(c.scheds)
	}
	unknown := c.known != nil && !c.known[y]
	var prov map[int64]dayRule
	if unknown && c.provisional != nil && y >= MinYear && y <= MaxYear {
		for _, o := range c.provisional(y) {
			if o.Date.Year != y {
				continue
			}
			r, err := compile(o, &sp.scheds)
			if err != nil {
				if strict {
					return fmt.Errorf("year %d: %w", y, err)
				}
				continue
			}
			if prov == nil {
				prov = map[int64]dayRule{}
			}
			prov[o.Date.days()] = r
		}
	}
	n := 365
	if isLeap(y) {
		n = 366
	}
	// The end of a known year before an unknown one is not settled.
	open := first + int64(n)
	if c.known != nil && c.known[y] && !c.known[y+1] {
		open -= int64(c.openEnd)
	}
	m, d := time.January, 1
	for day := first; day < first+int64(n); day++ {
		sched := c.ordinary(m, d)
		var flags uint8
		if c.working[weekdayOf(day)] {
			flags = fWork
		}
		r, ok := c.rules[day]
		if !ok && unknown {
			flags |= fProvisional
			r, ok = prov[day]
		}
		if !ok && day >= open {
			flags |= fProvisional
		}
		if ok {
			switch {
			case r.flags&fOff != 0:
				flags = flags&fProvisional | r.flags
			case flags&fWork == 0:
				flags |= fWork | fMakeup
			}
			if r.sched != 0 {
				sched = r.sched
			}
			if r.name != "" || r.nameEN != "" {
				if sp.names == nil {
					sp.names = map[int64]dayName{}
				}
				sp.names[day] = dayName{r.name, r.nameEN}
			}
		}
		if flags&fWork == 0 {
			sched = 0
		}
		sp.flags = append(sp.flags, flags)
		sp.sched = append(sp.sched, sched)
		if d++; d > daysIn(y, m) {
			m, d = m+1, 1
		}
	}
	return nil
}

// ordinary returns the hours of a working day on month m, day d.
func (c *Calendar) ordinary(m time.Month, d int) uint8 {
	md := int(m)*100 + d
	id := uint8(1)
	for _, s := range c.seasons {
		if (s.from <= s.to && md >= s.from && md <= s.to) || (s.from > s.to && (md >= s.from || md <= s.to)) {
			id = s.sched
		}
	}
	return id
}

// sum fills sp's prefix sums.
func (c *Calendar) sum(sp *span) {
	n := len(sp.flags)
	for m := range sp.cum {
		sp.cum[m] = make([]int64, n+1)
	}
	for i := range n {
		f := sp.flags[i]
		sp.cum[mDays][i+1] = sp.cum[mDays][i] + int64(f&fWork)
		sp.cum[mProv][i+1] = sp.cum[mProv][i] + int64(f&fProvisional)/int64(fProvisional)
		sp.cum[mWork][i+1] = sp.cum[mWork][i] + int64(sp.scheds[sp.sched[i]].total)
	}
}
