package sla

import (
	"fmt"
	"time"

	"github.com/hotline12345/hotline/calendar"
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

var levelNames = [...]string{"normal", "warning", "overdue"}

// String returns "normal", "warning" or "overdue".
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
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
	// 1 when late.
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
	// PausedTime is the paused time that moved Due, on the target's clock
	// (working time for working clocks); an open suspension counts up to the
	// instant of evaluation.
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
// ([ErrUnknownTarget]) or in the wrong unit ([ErrInvalidAmount]), a
// deadline beyond the calendar's years ([ErrOutOfRange]), or a target that
// fails validation (*PolicyError).
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
	n := len(tl)
	for i := range tl {
		if err := tl.check(i); err != nil {
			return dst, fmt.Errorf("sla: evaluate policy %q: %w", p.Name, err)
		}
		if tl[i].At.After(at) {
			n = i
			break
		}
		if e := &tl[i]; e.Kind == EventExtended {
			t := p.Target(e.Target)
			if t == nil {
				return dst, fmt.Errorf("sla: evaluate policy %q: timeline[%d]: extension of %q: %w", p.Name, i, e.Target, ErrUnknownTarget)
			}
			if err := e.Amount.check(t.Clock); err != nil {
				return dst, fmt.Errorf("sla: evaluate policy %q: timeline[%d]: extension of %q: %w", p.Name, i, e.Target, err)
			}
		}
	}
	for i := n + 1; i < len(tl); i++ {
		if err := tl.check(i); err != nil {
			return dst, fmt.Errorf("sla: evaluate policy %q: %w", p.Name, err)
		}
	}
	loc := cal.Location()
	for i := range p.Targets {
		t := &p.Targets[i]
		dst = append(dst, Result{})
		if err := evalTarget(&dst[len(dst)-1], t, cal, loc, tl[:n], at); err != nil {
			return dst, fmt.Errorf("sla: evaluate policy %q: target %q: %w", p.Name, t.Name, err)
		}
	}
	return dst, nil
}

type interval struct{ from, to time.Time }

// meter measures and advances time on one target's clock.
type meter struct {
	cal     *calendar.Calendar
	working bool
}

func (m meter) measure(a, b time.Time) time.Duration {
	if m.working {
		return m.cal.WorkTimeBetween(a, b)
	}
	return b.Sub(a)
}

func (m meter) advance(t time.Time, d time.Duration) time.Time {
	if m.working {
		return m.cal.AddWorkTime(t, d)
	}
	return t.Add(d)
}

// runStart returns the index of the event that began the latest run of t
// in tl, and whether the order was suspended just before it; -1 when t has
// not started.
func runStart(t *Target, tl Timeline) (int, bool) {
	si, suspended, runSusp := -1, false, false
	for i := range tl {
		k := tl[i].Kind
		if (si < 0 && k == t.Start) || (si >= 0 && has(t.RestartOn, k)) {
			si, runSusp = i, suspended
		}
		switch k {
		case EventSuspended:
			suspended = true
		case EventResumed:
			suspended = false
		}
	}
	return si, runSusp
}

// lastDay returns midnight of the working day on which a working-days
// target with n days ends.
func lastDay(t *Target, cal *calendar.Calendar, start time.Time, n int) time.Time {
	if t.FromStartDay {
		return cal.AddWorkdays(cal.AddWorkdays(start, 0), n-1)
	}
	return cal.AddWorkdays(start, n)
}

func evalTarget(r *Result, t *Target, cal *calendar.Calendar, loc *time.Location, tl Timeline, at time.Time) error {
	if field, err := t.validate(); err != nil {
		return &PolicyError{Field: field, Err: err}
	}
	r.Name, r.Clock, r.Window = t.Name, t.Clock, t.Window
	si, runSusp := runStart(t, tl)
	if si < 0 {
		return nil
	}
	start := tl[si].At.In(loc)
	r.Started, r.Start = true, start

	// Met and extensions.
	end, metIdx := at.In(loc), len(tl)
	for i := si + 1; i < len(tl); i++ {
		e := &tl[i]
		if has(t.MetBy, e.Kind) {
			metIdx = i
			r.Met, r.MetAt = true, e.At.In(loc)
			end = r.MetAt
			break
		}
		if e.Kind == EventExtended && e.Target == t.Name {
			r.Extensions++
			r.Extended = r.Extended.Add(e.Amount)
		}
	}

	// The unpaused deadline: base is when budget (on the target's clock)
	// has passed since start.
	m := meter{cal, t.Clock == ClockWorkingTime || t.Clock == ClockWorkingDays}
	var base time.Time
	var budget time.Duration
	switch t.Clock {
	case ClockNatural:
		budget = t.Amount.Duration + r.Extended.Duration
		base = start.Add(budget)
	case ClockWorkingTime:
		budget = t.Amount.Duration + r.Extended.Duration
		base = cal.AddWorkTime(start, budget)
	case ClockWorkingDays:
		day := lastDay(t, cal, start, t.Amount.Days+r.Extended.Days)
		if day.IsZero() {
			return ErrOutOfRange
		}
		base, _ = cal.CloseOfDay(day)
		budget = max(cal.WorkTimeBetween(start, base), 0)
	case ClockSameDay:
		base = cal.EndOfDay(start)
		if c, ok := cal.CloseOfDay(start); ok && t.CloseOfWork && c.After(start) {
			base = c
		}
		base = base.Add(r.Extended.Duration)
		budget = base.Sub(start)
	}
	if base.IsZero() {
		return ErrOutOfRange
	}
	endOfDay := t.Clock == ClockWorkingDays && !t.CloseOfWork
	finish := func(x time.Time) time.Time {
		if endOfDay {
			if c, ok := cal.CloseOfDay(x); ok && c.Equal(x) {
				return cal.EndOfDay(x)
			}
		}
		return x
	}

	// Pause intervals of the run, in order.
	var buf [8]interval
	ivs := buf[:0]
	if t.Pausable {
		suspended, from := runSusp, start
		for i := si + 1; i < metIdx; i++ {
			switch e := &tl[i]; e.Kind {
			case EventSuspended:
				if !suspended {
					suspended, from = true, e.At
				}
			case EventResumed:
				if suspended {
					suspended = false
					ivs = append(ivs, interval{from, e.At})
				}
			}
		}
		if suspended {
			ivs = append(ivs, interval{from, end})
			r.Paused = !r.Met
		}
	}

	// walk shifts x (the unpaused instant) by the pauses that begin before
	// it, as it moves; it returns the result, the paused time and how many
	// intervals counted.
	walk := func(x time.Time, fin bool) (time.Time, time.Duration, int) {
		cur, paused := x, time.Duration(0)
		if fin {
			cur = finish(x)
		}
		for j, iv := range ivs {
			from := iv.from
			if from.Before(start) {
				from = start
			}
			if !from.Before(cur) {
				return cur, paused, j
			}
			if d := m.measure(from, iv.to); d > 0 {
				paused += d
				cur = m.advance(x, paused)
				if cur.IsZero() {
					return cur, paused, j
				}
				if fin {
					cur = finish(cur)
				}
			}
		}
		return cur, paused, len(ivs)
	}
	due, paused, counted := walk(base, true)
	if due.IsZero() {
		return ErrOutOfRange
	}
	r.Due, r.PausedTime = due, paused

	if len(t.Warnings) > 0 && !t.Window {
		xw := budget
		for _, w := range t.Warnings {
			switch {
			case w.Fraction != 0:
				xw = min(xw, time.Duration(w.Fraction*float64(budget)))
			case w.Before.Days != 0:
				day := lastDay(t, cal, start, t.Amount.Days+r.Extended.Days-w.Before.Days)
				if c, ok := cal.CloseOfDay(day); ok {
					xw = min(xw, cal.WorkTimeBetween(start, c))
				}
			default:
				xw = min(xw, budget-w.Before.Duration)
			}
		}
		xw = max(xw, 0)
		r.WarnAt, _, _ = walk(m.advance(start, xw), false)
	}

	ref := at.In(loc)
	if r.Met {
		ref = r.MetAt
	}
	r.Remaining = due.Sub(ref)
	used := m.measure(start, ref) - paused
	if budget > 0 {
		r.Elapsed = max(float64(used)/float64(budget), 0)
	} else {
		r.Elapsed = 1
	}
	if m.working {
		r.WorkingTimeUsed = max(used, 0)
	} else {
		w := cal.WorkTimeBetween(start, ref)
		for _, iv := range ivs[:counted] {
			w -= cal.WorkTimeBetween(maxTime(iv.from, start), iv.to)
		}
		r.WorkingTimeUsed = max(w, 0)
	}
	late := ref.After(due)
	switch {
	case t.Window:
	case late:
		r.Level = LevelOverdue
	case !r.WarnAt.IsZero() && !ref.Before(r.WarnAt):
		r.Level = LevelWarning
	}
	r.OnTime = r.Met && !late
	if late && (r.Met || !t.Window) {
		r.Breached, r.BreachedAt = true, due
	}
	if m.working {
		r.Provisional = cal.ProvisionalBetween(start, due.Add(-1))
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}
