package calendar

import (
	"iter"
	"math"
	"slices"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// DayInfo describes one date of a calendar.
type DayInfo struct {
	Date Date
	Kind Kind
	// Name and NameEN name the festival or closure, if any, in Chinese
	// and in English; either may be empty. Festival picks one for a
	// language.
	Name   string
	NameEN string
	// Statutory marks a public holiday by the law in force (法定节假日),
	// as opposed to a rest day moved by 调休.
	Statutory bool
	// Provisional marks a day of a year without official data, answered
	// from the weekly pattern and the calendar's provisional rule.
	Provisional bool
	// Periods are the working hours, nil on a day that is not worked.
	Periods []Period
}

// Festival returns the name of the day's festival or closure in the
// language best matching t, as every name of the library: Name for
// Chinese tags, NameEN for the others, and the other field when that one
// is empty; "" for a day without a name.
func (d DayInfo) Festival(t language.Tag) string { return i18n.Pick(d.Name, d.NameEN, t) }

// Working reports whether the day is worked.
func (d DayInfo) Working() bool { return d.Kind.Working() }

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// IsAlwaysOpen reports whether c is a 24x7 calendar.
func (c *Calendar) IsAlwaysOpen() bool { return c.alwaysOpen }

// Known reports whether year's days come from official data rather than
// the provisional rule.
func (c *Calendar) Known(year int) bool { return c.known == nil || c.known[year] }

// IsWorkday reports whether t's date, in the calendar's zone, is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	if c.alwaysOpen {
		return true
	}
	day, _ := c.locate(t)
	sp, i := c.spanAt(day)
	return sp.flags[i]&fWork != 0
}

// AddWorkdays returns midnight, in the calendar's zone, of the n-th working
// day after t's date; n < 0 counts back. n = 0 gives t's date if it is a
// working day, else the next working day. Days outside years MinYear to
// MaxYear are not counted, and it returns the zero Time when no such day
// exists between them.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	day, _ := c.locate(t)
	day, ok := c.nthWorkday(day, n)
	if !ok {
		return time.Time{}
	}
	return c.instant(day, 0)
}

// nthWorkday returns the day AddWorkdays(day, n) gives, and false when there
// is none.
func (c *Calendar) nthWorkday(day int64, n int) (int64, bool) {
	if span := maxDay - minDay; int64(n) > span || int64(n) < -span {
		return 0, false
	}
	if c.alwaysOpen {
		day += int64(n)
		return day, day >= minDay && day <= maxDay
	}
	var ok bool
	switch {
	case n == 0:
		day, _, ok = c.seekForward(day, 1, mDays)
	case n > 0:
		day, _, ok = c.seekForward(day+1, int64(n), mDays)
	default:
		day, _, ok = c.seekBackward(day, -int64(n), mDays)
	}
	return day, ok
}

// WorkdaysEnd is the last day of a run of working days, as returned by
// Calendar.EndOfWorkdays. Instants are in the calendar's zone.
type WorkdaysEnd struct {
	// Day is midnight at the start of the day, as AddWorkdays returns it.
	Day time.Time
	// Close is the end of the day's last work period; End is midnight at
	// the end of the day (the next day's 00:00).
	Close, End time.Time
	// Provisional reports that some date from the start's date to the day,
	// both included, is provisional.
	Provisional bool
}

// EndOfWorkdays returns the day AddWorkdays(t, n) gives, for n >= 0, with
// its close of work and end and whether the run from t's date rests on a
// provisional date. ok is false for n < 0 and when AddWorkdays gives the
// zero Time. The day and flag for a date and n below 65536 are remembered,
// so the deadlines of the orders received on one day are worked out once.
func (c *Calendar) EndOfWorkdays(t time.Time, n int) (e WorkdaysEnd, ok bool) {
	if n < 0 {
		return e, false
	}
	start, _ := c.locate(t)
	key, memo := endsKey(start, n)
	memo = memo && !c.alwaysOpen
	slot := &c.ends[uint64(start*31+int64(n))%uint64(len(c.ends))]
	var day int64
	if v := slot.Load(); memo && v&endsKeyMask == key {
		day = start + int64(v>>endsDayShift)
		e.Provisional = v&endsProvisional != 0
	} else {
		if day, ok = c.nthWorkday(start, n); !ok {
			return e, false
		}
		e.Provisional = c.known != nil && c.count(start, day+1, mProv) > 0
		if off := uint64(day - start); memo && off < 1<<(64-endsDayShift) {
			v := key | off<<endsDayShift
			if e.Provisional {
				v |= endsProvisional
			}
			slot.Store(v)
		}
	}
	e.Day, e.End = c.instant(day, 0), c.instant(day+1, 0)
	e.Close = e.End
	if !c.alwaysOpen {
		ps := c.schedAt(day).periods
		e.Close = c.instant(day, ps[len(ps)-1].End)
	}
	return e, true
}

// A remembered answer of EndOfWorkdays is one word: the start day counted
// from minDay in bits 0-21, n in bits 22-37, a set bit (so 0 is empty), the
// provisional flag, and from bit endsDayShift on the answer's days after
// the start.
const (
	endsNShift      = 22
	endsSet         = 1 << 38
	endsKeyMask     = endsSet<<1 - 1
	endsProvisional = 1 << 39
	endsDayShift    = 40
)

// endsKey returns the key bits of start and n, and false when they do not
// fit.
func endsKey(start int64, n int) (uint64, bool) {
	rel := start - minDay
	if rel < 0 || rel >= 1<<endsNShift || n >= 1<<(38-endsNShift) {
		return 0, false
	}
	return endsSet | uint64(n)<<endsNShift | uint64(rel), true
}

// WorkdaysBetween counts the working days d with date(a) < d <= date(b),
// dates taken in the calendar's zone. It is negative when b's date is before
// a's: WorkdaysBetween(a, b) == -WorkdaysBetween(b, a).
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	da, _ := c.locate(a)
	db, _ := c.locate(b)
	if c.alwaysOpen {
		return int(db - da)
	}
	return int(c.count(da+1, db+1, mDays))
}

// AddWorkTime returns the instant at which d of working time has passed
// since t. Counting starts at the next work period when t is outside one,
// and a result that ends a period is that period's end (not the next
// start). For d < 0 it counts back and a result at a period boundary is the
// latest such instant. d = 0 returns t. Time outside years MinYear to
// MaxYear is not working time, and it returns the zero Time when the
// result is outside them.
func (c *Calendar) AddWorkTime(t time.Time, d time.Duration) time.Time {
	if d == 0 {
		return t
	}
	if c.alwaysOpen {
		r := t.Add(d)
		if day, _ := c.locate(r); day < minDay || day > maxDay {
			return time.Time{}
		}
		return r
	}
	if d == math.MinInt64 {
		return time.Time{}
	}
	day, wall := c.locate(t)
	sch := &c.scheds[0]
	if day >= minDay && day <= maxDay {
		sch = c.schedAt(day)
	}
	before := sch.before(wall)
	if d > 0 {
		after := sch.total - before
		if d <= after {
			return c.instant(day, sch.wallAt(before+d, false))
		}
		day, rem, ok := c.seekForward(day+1, int64(d-after), mWork)
		if !ok {
			return time.Time{}
		}
		return c.instant(day, c.schedAt(day).wallAt(time.Duration(rem), false))
	}
	d = -d
	if d <= before {
		return c.instant(day, sch.wallAt(before-d, true))
	}
	day, rem, ok := c.seekBackward(day, int64(d-before), mWork)
	if !ok {
		return time.Time{}
	}
	sch = c.schedAt(day)
	return c.instant(day, sch.wallAt(sch.total-time.Duration(rem), true))
}

// WorkTimeBetween returns the working time inside [a, b); it is negative
// when b is before a.
func (c *Calendar) WorkTimeBetween(a, b time.Time) time.Duration {
	if c.alwaysOpen {
		return b.Sub(a)
	}
	da, wa := c.locate(a)
	db, wb := c.locate(b)
	return time.Duration(c.count(da, db, mWork)) + c.schedAt(db).before(wb) - c.schedAt(da).before(wa)
}

// NextWorkingInstant returns t when t is inside a work period, else the
// start of the next one. It returns the zero Time when there is none before
// year MaxYear ends.
func (c *Calendar) NextWorkingInstant(t time.Time) time.Time {
	if c.alwaysOpen {
		return t
	}
	day, wall := c.locate(t)
	for _, p := range c.schedAt(day).periods {
		if wall < p.End {
			if wall >= p.Start {
				return t
			}
			return c.instant(day, p.Start)
		}
	}
	day, _, ok := c.seekForward(day+1, 1, mWork)
	if !ok {
		return time.Time{}
	}
	return c.instant(day, c.schedAt(day).periods[0].Start)
}

// CloseOfDay returns the end of the last work period of t's date, and
// false with the zero Time when that date is not a working day. On a 24x7
// calendar it is the end of the day (the next day's 00:00).
func (c *Calendar) CloseOfDay(t time.Time) (time.Time, bool) {
	day, _ := c.locate(t)
	if c.alwaysOpen {
		return c.instant(day+1, 0), true
	}
	ps := c.schedAt(day).periods
	if len(ps) == 0 {
		return time.Time{}, false
	}
	return c.instant(day, ps[len(ps)-1].End), true
}

// StartOfDay returns midnight at the start of t's date in the calendar's zone.
func (c *Calendar) StartOfDay(t time.Time) time.Time {
	day, _ := c.locate(t)
	return c.instant(day, 0)
}

// EndOfDay returns midnight at the end of t's date (the next day's 00:00)
// in the calendar's zone.
func (c *Calendar) EndOfDay(t time.Time) time.Time {
	day, _ := c.locate(t)
	return c.instant(day+1, 0)
}

// ProvisionalBetween reports whether any date from date(a) to date(b),
// both included, is provisional.
func (c *Calendar) ProvisionalBetween(a, b time.Time) bool {
	if c.known == nil {
		return false
	}
	da, _ := c.locate(a)
	db, _ := c.locate(b)
	if db < da {
		da, db = db, da
	}
	return c.count(da, db+1, mProv) > 0
}

// Day describes t's date in the calendar's zone.
func (c *Calendar) Day(t time.Time) DayInfo {
	day, _ := c.locate(t)
	return c.info(day)
}

// DayOf describes date d. It returns the zero DayInfo (Kind 0) when d is
// not a valid date ([Date.Valid]), such as 2025-02-30.
func (c *Calendar) DayOf(d Date) DayInfo {
	if !d.Valid() {
		return DayInfo{}
	}
	return c.info(d.days())
}

// Days yields every date from from to to, both included, in order. It
// yields nothing when from or to is not a valid date ([Date.Valid]).
func (c *Calendar) Days(from, to Date) iter.Seq[DayInfo] {
	return func(yield func(DayInfo) bool) {
		if !from.Valid() || !to.Valid() {
			return
		}
		for day := from.days(); day <= to.days(); day++ {
			if !yield(c.info(day)) {
				return
			}
		}
	}
}

// Holidays returns the days off (Kind DayOff) from from to to, both
// included, in date order; none when from or to is not a valid date.
func (c *Calendar) Holidays(from, to Date) []DayInfo {
	var out []DayInfo
	for d := range c.Days(from, to) {
		if d.Kind == DayOff {
			out = append(out, d)
		}
	}
	return out
}

func (c *Calendar) info(day int64) DayInfo {
	info := DayInfo{Date: civil(day)}
	if c.alwaysOpen {
		info.Kind = Workday
		info.Periods = slices.Clone(c.scheds[1].periods)
		return info
	}
	sp, i := c.spanAt(day)
	f := sp.flags[i]
	switch {
	case f&fOff != 0:
		info.Kind = DayOff
	case f&fMakeup != 0: // set only on a rest day of the week
		info.Kind = MakeupWorkday
	case f&fWork != 0:
		info.Kind = Workday
	default:
		info.Kind = Weekend
	}
	n := sp.names[day]
	info.Name, info.NameEN = n.name, n.nameEN
	info.Statutory = f&fStatutory != 0
	info.Provisional = f&fProvisional != 0
	info.Periods = slices.Clone(sp.scheds[sp.sched[i]].periods)
	return info
}

// locate returns t's day number and wall-clock offset from local midnight.
func (c *Calendar) locate(t time.Time) (int64, time.Duration) {
	s := t.Unix()
	if s >= c.fixedFrom && s < c.fixedTo {
		s += c.fixedOff
	} else {
		_, off := t.In(c.loc).Zone()
		s += int64(off)
	}
	day := floorDiv(s, 86400)
	return day, time.Duration(s-day*86400)*time.Second + time.Duration(t.Nanosecond())
}

// instant returns the instant at wall-clock offset wall of day, in the
// calendar's zone.
func (c *Calendar) instant(day int64, wall time.Duration) time.Time {
	secs := day*86400 + int64(wall/time.Second)
	if u := secs - c.fixedOff; u >= c.fixedFrom && u < c.fixedTo {
		return time.Unix(u, int64(wall%time.Second)).In(c.loc)
	}
	_, off := time.Unix(secs, 0).In(c.loc).Zone()
	u := secs - int64(off)
	if _, off2 := time.Unix(u, 0).In(c.loc).Zone(); off2 != off {
		u = secs - int64(off2)
	}
	return time.Unix(u, int64(wall%time.Second)).In(c.loc)
}

// spanAt returns the span holding day and day's index in it. Days outside
// the index get a one-year span built on the spot and kept until a year
// that shares its slot replaces it.
func (c *Calendar) spanAt(day int64) (*span, int) {
	if i := day - c.index.first; i >= 0 && i < int64(len(c.index.flags)) {
		return &c.index, int(i)
	}
	y := civil(day).Year
	slot := &c.outside[y&(len(c.outside)-1)]
	if sp := slot.Load(); sp != nil {
		if i := day - sp.first; i >= 0 && i < int64(len(sp.flags)) {
			return sp, int(i)
		}
	}
	sp := &span{}
	_ = c.appendYear(sp, y, false)
	c.sum(sp)
	slot.Store(sp)
	return sp, int(day - sp.first)
}

func (c *Calendar) schedAt(day int64) *schedule {
	sp, i := c.spanAt(day)
	return &sp.scheds[sp.sched[i]]
}

// seekForward finds the day d >= from where the running total of measure
// m since from reaches amount (> 0), and the part of amount that falls on d.
// Days before MinYear are not counted.
func (c *Calendar) seekForward(from, amount int64, m int) (int64, int64, bool) {
	for from = max(from, minDay); from <= maxDay; {
		sp, i := c.spanAt(from)
		cum := sp.cum[m]
		n := len(sp.flags)
		if rest := cum[n] - cum[i]; amount > rest {
			amount -= rest
			from = sp.first + int64(n)
			continue
		}
		target := cum[i] + amount
		j, _ := slices.BinarySearch(cum[i+1:n+1], target)
		d := i + j
		return sp.first + int64(d), target - cum[d], true
	}
	return 0, 0, false
}

// seekBackward finds the day d < end where the running total of measure m
// counted back from end reaches amount (> 0), and the part of amount that
// falls on d. Days after MaxYear are not counted.
func (c *Calendar) seekBackward(end, amount int64, m int) (int64, int64, bool) {
	for end = min(end, maxDay+1); end > minDay; {
		sp, i := c.spanAt(end - 1)
		i++
		cum := sp.cum[m]
		target := cum[i] - amount
		if target >= 0 {
			j, _ := slices.BinarySearch(cum[:i+1], target+1)
			d := j - 1
			return sp.first + int64(d), amount - (cum[i] - cum[d+1]), true
		}
		amount -= cum[i]
		end = sp.first
	}
	return 0, 0, false
}

// count totals measure m over the days [from, to); negative when to < from.
func (c *Calendar) count(from, to int64, m int) int64 {
	if to < from {
		return -c.count(to, from, m)
	}
	from, to = max(from, minDay), min(to, maxDay+1)
	var total int64
	for from < to {
		sp, i := c.spanAt(from)
		j := min(int(to-sp.first), len(sp.flags))
		total += sp.cum[m][j] - sp.cum[m][i]
		from = sp.first + int64(j)
	}
	return total
}

// before returns the working time in [00:00, wall).
func (s *schedule) before(wall time.Duration) time.Duration {
	var w time.Duration
	for _, p := range s.periods {
		if wall <= p.Start {
			break
		}
		w += min(wall, p.End) - p.Start
	}
	return w
}

// wallAt returns the wall-clock offset at which w of the day's working time
// has passed: the earliest such offset, or with latest the latest.
func (s *schedule) wallAt(w time.Duration, latest bool) time.Duration {
	for _, p := range s.periods {
		if w < p.Len() || (!latest && w == p.Len()) {
			return p.Start + w
		}
		w -= p.Len()
	}
	if len(s.periods) == 0 {
		return 0
	}
	return s.periods[len(s.periods)-1].End
}
