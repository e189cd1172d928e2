package sla

import (
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/internal/i18n"
)

// Level is how pressing a target is at an instant. The zero value is
// LevelNormal.
type Level uint8

// Levels, in increasing order of urgency.
const (
	LevelNormal  Level = iota // on track
	LevelWarning              // a warning threshold has passed
	LevelOverdue              // the due instant has passed
)

var levelNames = i18n.NewNames([]string{"normal", "warning", "overdue"}, []string{"正常", "预警", "超期"}, nil)

// String returns "normal", "warning" or "overdue".
func (l Level) String() string {
	if n := levelNames.Key(int(l)); n != "" {
		return n
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// Name returns the level's name in the language best matching t: "预警"
// for Chinese tags, "warning" for all others; l.String() for an unknown
// level.
func (l Level) Name(t language.Tag) string {
	if n := levelNames.Name(int(l), t); n != "" {
		return n
	}
	return l.String()
}

// ParseLevel returns the level named s: its English key in any ASCII case
// or its Chinese name ("预警"), surrounding spaces ignored. Anything else
// gives a *hotline.NameError.
func ParseLevel(s string) (Level, error) {
	if i := levelNames.Parse(s); i >= 0 {
		return Level(i), nil
	}
	return 0, &hotline.NameError{Kind: "level", Name: s, Accepted: levelNames.Keys()}
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Result is the state of one target of an order at the instant of
// evaluation. Instants are in the calendar's zone. A Result is a plain value;
// the zero value is a target that has not started.
type Result struct {
	Name   string
	Clock  Clock
	Window bool
	// Started reports whether the target's start event has happened; the
	// other fields are zero when it has not.
	Started bool
	// Start is when the latest run began.
	Start time.Time
	// Due is the deadline, after extensions and paused time. The target is
	// on time when met at or before Due.
	Due time.Time
	// WarnAt is the earliest warning threshold, zero when the target has no
	// warnings.
	WarnAt time.Time
	// Remaining is Due minus the instant of evaluation (minus MetAt when
	// met), in natural time; negative when late.
	Remaining time.Duration
	// Elapsed is the fraction of the target's time used at the instant of
	// evaluation (at MetAt when met), on the target's clock and without
	// paused time: 0 at the start, 1 at the end of the allowed time (for a
	// working-days target that is the close of work of its last day), above
	// 1 past it.
	Elapsed float64
	// Level is the level at the instant of evaluation, or at MetAt when met.
	// Windows are always LevelNormal.
	Level Level
	// Met reports that a MetBy event happened in the run, at MetAt.
	Met   bool
	MetAt time.Time
	// OnTime reports Met at or before Due.
	OnTime bool
	// Breached reports that Due passed before the target was met (for a
	// window: that it was used after it closed); BreachedAt is then Due.
	Breached   bool
	BreachedAt time.Time
	// Paused reports an open suspension of a pausable, unmet target.
	// PausedTime is the time the counted suspensions took off the target's
	// clock (working time for working clocks; see the package doc for how
	// it moves Due); an open suspension counts up to the instant of
	// evaluation.
	Paused     bool
	PausedTime time.Duration
	// Extensions and Extended are the count and sum of extensions granted
	// in the run.
	Extensions int
	Extended   Amount
	// WorkingTimeUsed is the calendar's working time from Start to MetAt (or
	// to the instant of evaluation), without paused time.
	WorkingTimeUsed time.Duration
	// Provisional reports that the deadline depends on a day of a year the
	// calendar has no official notice for (working clocks only).
	Provisional bool
}

// Open reports whether the target has started, is not met and is not a
// window.
func (r *Result) Open() bool { return r.Started && !r.Met && !r.Window }

// MaxLevel returns the highest Level of rs; LevelNormal for none.
func MaxLevel(rs []Result) Level {
	var l Level
	for i := range rs {
		l = max(l, rs[i].Level)
	}
	return l
}

// Evaluate returns one Result per target of p, in p's order, for the order
// whose history is tl, as of the instant at. Events after at are ignored.
// Evaluate is a pure function of its arguments, so evaluating again after
// a calendar or policy change recomputes every deadline, paused time
// included. Errors: nil p or cal, an invalid timeline
// ([ErrInvalidTimeline]), an extension naming a target p lacks
// ([ErrUnknownTarget]), in the wrong unit, or taking the sum of one run's
// extensions past MaxDays or MaxDuration ([ErrInvalidAmount]), a deadline
// beyond the calendar's years ([ErrOutOfRange]), or a target that fails
// validation (*PolicyError).
//
// Extensions in tl are applied whatever the target's limits: limits are
// checked when an extension is approved, with CheckExtension.
func Evaluate(p *Policy, cal *calendar.Calendar, tl Timeline, at time.Time) ([]Result, error) {
	if p == nil {
		return nil, fmt.Errorf("sla: evaluate: nil policy: %w", ErrInvalidPolicy)
	}
	return EvaluateInto(make([]Result, 0, len(p.Targets)), p, cal, tl, at)
}

// EvaluateInto is Evaluate appending to dst[:0], so that a caller reusing
// dst evaluates without allocating.
func EvaluateInto(dst []Result, p *Policy, cal *calendar.Calendar, tl Timeline, at time.Time) ([]Result, error) {
	dst = dst[:0]
	if p == nil {
		return dst, fmt.Errorf("sla: evaluate: nil policy: %w", ErrInvalidPolicy)
	}
	if cal == nil {
		return dst, fmt.Errorf("sla: evaluate policy %q: %w", p.Name, ErrNoCalendar)
	}
	tl, err := upTo(p, tl, at)
	if err != nil {
		return dst, fmt.Errorf("sla: evaluate policy %q: %w", p.Name, err)
	}
	var buf [4]interval
	ev := evaluator{cal: cal, loc: cal.Location(), tl: tl, at: at.In(cal.Location())}
	ivs := ev.collectPauses(buf[:0])
	for i := range p.Targets {
		t := &p.Targets[i]
		dst = append(dst, Result{})
		if err := ev.target(&dst[len(dst)-1], t, ivs); err != nil {
			if err == errInvalidTarget {
				return dst, invalidTarget(p, i)
			}
			return dst, fmt.Errorf("sla: evaluate policy %q: target %q: %w", p.Name, t.Name, err)
		}
	}
	return dst, nil
}

// upTo checks every event of tl as Timeline.Validate does and returns the
// events at or before at. Extensions among those must name a target of p
// and be in its unit.
func upTo(p *Policy, tl Timeline, at time.Time) (Timeline, error) {
	n := len(tl)
	for i := range tl {
		if err := tl.check(i); err != nil {
			return nil, err
		}
		if tl[i].At.After(at) {
			n = i
			break
		}
		if e := &tl[i]; e.Kind == EventExtended {
			t := p.Target(e.Target)
			if t == nil {
				return nil, fmt.Errorf("timeline[%d]: extension of %q: %w", i, e.Target, ErrUnknownTarget)
			}
			if err := e.Amount.check(t.Clock); err != nil {
				return nil, fmt.Errorf("timeline[%d]: extension of %q: %w", i, e.Target, err)
			}
		}
	}
	for i := n + 1; i < len(tl); i++ {
		if err := tl.check(i); err != nil {
			return nil, err
		}
	}
	return tl[:n], nil
}

// errInvalidTarget reports a target that compile rejected; EvaluateInto
// turns it into invalidTarget's *PolicyError.
var errInvalidTarget = errors.New("invalid target")

// invalidTarget is the *PolicyError of p's i-th target, which compile
// rejected.
func invalidTarget(p *Policy, i int) error {
	field, err := p.Targets[i].validate()
	return &PolicyError{Policy: p.Name, Field: fmt.Sprintf("targets[%d].%s", i, field), Err: err}
}

// interval is one suspension of the order, [from, to); an open one ends
// at the instant of evaluation.
type interval struct {
	from, to time.Time
	work     time.Duration // working time inside; -1 until measured
}

// deadline is the unpaused deadline of a target on a calendar clock: base
// is when budget (on the target's clock) has passed since the start, due
// the deadline when the target has no pause. prov, once provKnown, says
// whether due rests on a provisional day.
type deadline struct {
	start        time.Time
	clock        Clock
	amount       Amount
	fromStartDay bool
	closeOfWork  bool
	cutoff       time.Duration // same-day clock
	base         time.Time
	budget       time.Duration
	due          time.Time
	prov         bool
	provKnown    bool
}

// evaluator holds what the targets of one order share.
type evaluator struct {
	cal *calendar.Calendar
	loc *time.Location
	tl  Timeline
	at  time.Time
	// open reports that the timeline ends in an open suspension.
	open bool
	// last is the previous target's deadline, reused by a target with the
	// same start and clock (sign and return in the default policies).
	last deadline
	// work memoises the working time between two instants: targets that
	// start together measure the same span.
	workFrom, workTo time.Time
	work             time.Duration
}

// deadline returns the unpaused deadline of t, a target on a calendar
// clock, started at start with amount allowed; the previous target's when
// it has the same start, clock and amount.
func (ev *evaluator) deadline(t *Target, start time.Time, amount Amount) (*deadline, error) {
	dl, cal := &ev.last, ev.cal
	if dl.start.Equal(start) && dl.clock == t.Clock && dl.amount == amount &&
		dl.fromStartDay == t.FromStartDay && dl.closeOfWork == t.CloseOfWork && dl.cutoff == t.SameDayCutoff && !dl.base.IsZero() {
		return dl, nil
	}
	*dl = deadline{start: start, clock: t.Clock, amount: amount, fromStartDay: t.FromStartDay, closeOfWork: t.CloseOfWork,
		cutoff: t.SameDayCutoff}
	switch t.Clock {
	case ClockWorkingTime:
		dl.budget = amount.Duration
		dl.base = cal.AddWorkTime(start, dl.budget)
	case ClockWorkingDays:
		end, ok := lastDay(cal, t.FromStartDay, start, amount.Days)
		if !ok {
			return nil, ErrOutOfRange
		}
		dl.base = end.Close
		dl.budget = max(cal.WorkTimeBetween(start, dl.base), 0)
		if !t.CloseOfWork {
			dl.due = end.End
		}
		dl.prov, dl.provKnown = end.Provisional, true
	case ClockSameDay:
		// day is the instant the target's day is counted from: the start,
		// or after the cut-off the next day's 00:00.
		day := start
		if local := start.In(cal.Location()); sinceMidnight(local) >= t.sameDayCutoff() {
			day = cal.EndOfDay(start)
		}
		dl.base = cal.EndOfDay(day)
		if t.CloseOfWork {
			if cl, ok := cal.CloseOfDay(day); ok && cl.After(day) {
				dl.base = cl
			}
		}
		dl.base = dl.base.Add(amount.Duration)
		dl.budget = sub(dl.base, start)
	}
	if dl.base.IsZero() {
		return nil, ErrOutOfRange
	}
	if dl.due.IsZero() {
		dl.due = dl.base
	}
	return dl, nil
}

// sinceMidnight returns how long after its day's 00:00, in t's zone, t
// is.
func sinceMidnight(t time.Time) time.Duration {
	y, m, d := t.Date()
	return t.Sub(time.Date(y, m, d, 0, 0, 0, 0, t.Location()))
}

// provisional reports whether the unpaused deadline rests on a
// provisional day, asking the calendar once.
func (dl *deadline) provisional(cal *calendar.Calendar) bool {
	if !dl.provKnown {
		dl.prov, dl.provKnown = cal.ProvisionalBetween(dl.start, dl.due.Add(-1)), true
	}
	return dl.prov
}

// workBetween is cal.WorkTimeBetween(a, b), remembered for the next call.
// An order evaluated as it is received measures an empty span.
func (ev *evaluator) workBetween(a, b time.Time) time.Duration {
	if a.Equal(b) {
		return 0
	}
	if !a.Equal(ev.workFrom) || !b.Equal(ev.workTo) || ev.workFrom.IsZero() {
		ev.workFrom, ev.workTo, ev.work = a, b, ev.cal.WorkTimeBetween(a, b)
	}
	return ev.work
}

// collectPauses appends the order's suspensions to ivs.
func (ev *evaluator) collectPauses(ivs []interval) []interval {
	suspended := false
	var from time.Time
	for i := range ev.tl {
		switch e := &ev.tl[i]; e.Kind {
		case EventSuspended:
			if !suspended {
				suspended, from = true, e.At
			}
		case EventResumed:
			if suspended {
				suspended = false
				if e.At.After(from) {
					ivs = append(ivs, interval{from, e.At, -1})
				}
			}
		}
	}
	if suspended && ev.at.After(from) {
		ivs = append(ivs, interval{from, ev.at, -1})
	}
	ev.open = suspended
	return ivs
}

// runStartOf returns the index in tl of the event that began the latest
// run of a target started by start and restarted by the kinds in restart;
// -1 when it has not started.
func runStartOf(start EventKind, restart kindSet, tl Timeline) int {
	first := -1
	for i := range tl {
		if tl[i].Kind == start {
			first = i
			break
		}
	}
	if first < 0 || restart == 0 {
		return first
	}
	for i := len(tl) - 1; i > first; i-- {
		if restart.has(tl[i].Kind) {
			return i
		}
	}
	return first
}

// lastDay returns the working day on which a working-days target of n >= 1
// days from start ends; ok is false when it is out of the calendar's
// range. Counting from the start's day (fromStartDay), that day counts
// when it is a working day and start is before its close of work
// (CloseOfDay has none on a day off).
func lastDay(cal *calendar.Calendar, fromStartDay bool, start time.Time, n int) (calendar.WorkdaysEnd, bool) {
	if fromStartDay {
		if cl, ok := cal.CloseOfDay(start); ok && cl.After(start) {
			n--
		}
	}
	return cal.EndOfWorkdays(start, n)
}

// clockOf measures and moves time on one target's clock.
type clockOf struct {
	cal      *calendar.Calendar
	working  bool
	endOfDay bool // a working-days target that ends at 24:00
}

func (c clockOf) measure(a, b time.Time) time.Duration {
	if c.working {
		return c.cal.WorkTimeBetween(a, b)
	}
	return b.Sub(a)
}

func (c clockOf) advance(t time.Time, d time.Duration) time.Time {
	if c.working {
		return c.cal.AddWorkTime(t, d)
	}
	return t.Add(d)
}

// finish turns an instant that ends the working time of a working-days
// target into its due instant: 24:00 when it falls on a close of work,
// unless the target ends at the close of work.
func (c clockOf) finish(x time.Time) time.Time {
	if !c.endOfDay {
		return x
	}
	if cl, ok := c.cal.CloseOfDay(x); ok && cl.Equal(x) {
		return c.cal.EndOfDay(x)
	}
	return x
}

// pause returns the part of suspension iv inside [start, end), measured on
// clock c, and its start; ok is false when it lies outside.
func (c clockOf) pause(iv *interval, start, end time.Time) (from time.Time, d time.Duration, ok bool) {
	if !iv.to.After(start) || !iv.from.Before(end) {
		return time.Time{}, 0, false
	}
	from, to := iv.from, iv.to
	clipped := false
	if from.Before(start) {
		from, clipped = start, true
	}
	if to.After(end) {
		to, clipped = end, true
	}
	if !c.working {
		return from, to.Sub(from), true
	}
	if clipped {
		return from, c.cal.WorkTimeBetween(from, to), true
	}
	if iv.work < 0 {
		iv.work = c.cal.WorkTimeBetween(from, to)
	}
	return from, iv.work, true
}

// walk moves x, the instant at which some amount of the target's clock has
// passed without pauses, by the suspensions in [start, end) that begin
// before it as it moves. With fin it works on due instants: first is x's
// finished form when known (else zero). A due instant past the instant the
// working time runs out (spent), as 24:00 is, leaves natural time: a
// suspension that begins then keeps what is left, the due instant becoming
// that much after it ends. One that begins while working time is left but
// in an evening from x on (after a close of work, before 24:00) makes the
// target due no earlier than the rest of that evening after it ends
// (floor), which later suspensions move as they move natural time. It
// returns the moved instant, the paused time, and the working time of the
// counted suspensions.
func (c clockOf) walk(ivs []interval, start, end, x, first time.Time, fin bool) (cur time.Time, paused, pausedWork time.Duration) {
	cur = x
	if fin {
		cur = first
		if cur.IsZero() {
			cur = c.finish(x)
		}
	}
	spent := x
	var floor time.Time
	for i := range ivs {
		from, d, ok := c.pause(&ivs[i], start, end)
		if !ok {
			continue
		}
		if !from.Before(cur) {
			break
		}
		to := minTime(ivs[i].to, end)
		if fin && !from.Before(spent) {
			// Only natural time was left: the suspension keeps it.
			cur = to.Add(sub(cur, from))
			paused += d
			pausedWork += d
			continue
		}
		moved := false // floor
		if fin && c.endOfDay {
			if floor.After(from) {
				floor, moved = to.Add(sub(floor, from)), true
			}
			if !from.Before(x) {
				if cl, ok := c.cal.CloseOfDay(from); ok && !from.Before(cl) {
					floor, moved = maxTime(floor, to.Add(sub(c.cal.EndOfDay(from), from))), true
				}
			}
		}
		if d > 0 {
			paused += d
			if c.working {
				pausedWork += d
			} else {
				pausedWork += c.cal.WorkTimeBetween(from, to)
			}
			if spent = c.advance(x, paused); spent.IsZero() {
				return spent, paused, pausedWork
			}
		} else if !moved {
			continue
		}
		cur = spent
		if fin {
			cur = maxTime(c.finish(spent), floor)
		}
	}
	return cur, paused, pausedWork
}

// target evaluates t into res; errInvalidTarget when t is invalid.
func (ev *evaluator) target(res *Result, t *Target, ivs []interval) error {
	ct, ok := t.compile()
	if !ok {
		return errInvalidTarget
	}
	res.Name, res.Clock, res.Window = t.Name, t.Clock, t.Window
	tl, cal := ev.tl, ev.cal
	si := runStartOf(t.Start, ct.restart, tl)
	if si < 0 {
		return nil
	}
	start, end := tl[si].At.In(ev.loc), ev.at
	c := clockOf{cal: cal, working: t.Clock == ClockWorkingTime || t.Clock == ClockWorkingDays,
		endOfDay: t.Clock == ClockWorkingDays && !t.CloseOfWork}
	res.Started, res.Start = true, start

	// Met and extensions.
	for i := si + 1; i < len(tl); i++ {
		e := &tl[i]
		if ct.metBy.has(e.Kind) {
			end = e.At.In(ev.loc)
			res.Met, res.MetAt = true, end
			break
		}
		if e.Kind == EventExtended && e.Target == t.Name {
			res.Extensions++
			// Each amount is at most MaxDays or MaxDuration, so checking
			// the sum as it grows keeps it from overflowing.
			if res.Extended = res.Extended.Add(e.Amount); res.Extended.tooLarge() {
				return fmt.Errorf("timeline[%d]: %w", i, res.Extended.errTotal())
			}
		}
	}
	if !t.Pausable {
		ivs = nil
	}

	// The unpaused deadline, shared with the previous target when alike.
	amount := t.Amount.Add(res.Extended)
	var base, due0 time.Time
	var budget time.Duration
	var dl *deadline
	if t.Clock == ClockNatural {
		budget = amount.Duration
		base = start.Add(budget)
		due0 = base
	} else {
		var err error
		if dl, err = ev.deadline(t, start, amount); err != nil {
			return err
		}
		base, due0, budget = dl.base, dl.due, dl.budget
	}
	due, paused, pausedWork := due0, time.Duration(0), time.Duration(0)
	if len(ivs) > 0 {
		due, paused, pausedWork = c.walk(ivs, start, end, base, due0, true)
	}
	if due.IsZero() {
		return ErrOutOfRange
	}
	res.Due, res.PausedTime = due, paused
	if c.working {
		if !due.Equal(due0) {
			res.Provisional = cal.ProvisionalBetween(start, due.Add(-1))
		} else {
			res.Provisional = dl.provisional(cal)
		}
	}

	if len(t.Warnings) > 0 && !t.Window {
		xw := budget
		for _, w := range t.Warnings {
			switch {
			case w.Fraction != 0:
				xw = min(xw, time.Duration(w.Fraction*float64(budget)))
			case w.Before.Days != 0:
				if end, ok := lastDay(cal, t.FromStartDay, start, amount.Days-w.Before.Days); ok {
					xw = min(xw, cal.WorkTimeBetween(start, end.Close))
				}
			default:
				xw = min(xw, budget-w.Before.Duration)
			}
		}
		res.WarnAt = c.advance(start, max(xw, 0))
		if len(ivs) > 0 {
			res.WarnAt, _, _ = c.walk(ivs, start, end, res.WarnAt, time.Time{}, false)
		}
	}

	res.Remaining = sub(due, end)
	var used time.Duration
	if c.working {
		used = ev.workBetween(start, end) - paused
	} else {
		used = sub(end, start) - paused
	}
	switch {
	case budget <= 0:
		res.Elapsed = 1
	case used > 0:
		res.Elapsed = float64(used) / float64(budget)
	}
	if c.working {
		res.WorkingTimeUsed = max(used, 0)
	} else {
		res.WorkingTimeUsed = max(ev.workBetween(start, end)-pausedWork, 0)
	}
	late := end.After(due)
	switch {
	case t.Window:
	case late:
		res.Level = LevelOverdue
	case !res.WarnAt.IsZero() && !end.Before(res.WarnAt):
		res.Level = LevelWarning
	}
	res.OnTime = res.Met && !late
	if late && (res.Met || !t.Window) {
		res.Breached, res.BreachedAt = true, due
	}
	res.Paused = t.Pausable && !res.Met && ev.open
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// sub returns a.Sub(b) for instants without monotonic clock readings, as
// the evaluator's are. Sub checks its result by adding it back, which
// costs more than the subtraction; that check matters only near the
// limits of time.Duration, where sub leaves the work to Sub.
func sub(a, b time.Time) time.Duration {
	const safe = int64(math.MaxInt64/time.Second) - 1
	if s := a.Unix() - b.Unix(); s > -safe && s < safe {
		return time.Duration(s)*time.Second + time.Duration(a.Nanosecond()-b.Nanosecond())
	}
	return a.Sub(b)
}
