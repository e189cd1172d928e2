package sla

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/internal/i18n"
)

// The supervision ladder (督办阶梯): what happens to an order whose target
// is late, step by step, each step at an offset on the working-day
// calendar from the target's warning or deadline.

// Action is what a step of a ladder does. The zero value is invalid.
type Action uint8

// Actions, in the order a ladder climbs them.
const (
	// ActionUrge urges the handling unit (催办): a system urge in the
	// order's audit trail.
	ActionUrge Action = iota + 1
	// ActionSupervise issues a supervision order (督办单) to the handling
	// unit, with its own deadline for the unit's written explanation
	// (Step.Reply).
	ActionSupervise
	// ActionDecide puts the order's supervision before a supervisor, who
	// decides on a talk with the unit's leaders (约谈) or a public
	// criticism (通报批评), or on neither.
	ActionDecide
)

var actionNames = i18n.NewNames(
	[]string{"", "urge", "supervise", "decide"},
	[]string{"", "催办", "督办", "约谈通报"},
	nil)

// ErrUnknownAction reports a ladder step's action name that is not
// defined.
var ErrUnknownAction = errors.New("unknown ladder action")

// ErrUnknownAnchor reports a ladder step's "from" that is neither
// "warning" nor "deadline".
var ErrUnknownAnchor = errors.New("unknown ladder anchor")

// String returns the action's key: "urge", "supervise" or "decide".
func (a Action) String() string {
	if k := actionNames.Key(int(a)); k != "" && int(a) < 4 {
		return k
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// Valid reports whether a is one of the actions.
func (a Action) Valid() bool { return a >= ActionUrge && a <= ActionDecide }

// ParseAction returns the action named s: its key in any ASCII case or its
// Chinese name (催办, 督办, 约谈通报); anything else is a
// *hotline.NameError wrapping ErrUnknownAction.
func ParseAction(s string) (Action, error) {
	if i := actionNames.Parse(s); i > 0 {
		return Action(i), nil
	}
	return 0, unknownName(actionNames, "ladder action", s, ErrUnknownAction)
}

// Anchor is the instant of a target a ladder step counts from.
type Anchor uint8

// Anchors. The zero value counts from the deadline.
const (
	// FromDeadline counts from the target's deadline (Result.Due).
	FromDeadline Anchor = iota
	// FromWarning counts from the target's earliest warning
	// (Result.WarnAt); a target without warnings skips the step.
	FromWarning
)

// String returns "deadline" or "warning".
func (a Anchor) String() string {
	switch a {
	case FromDeadline:
		return "deadline"
	case FromWarning:
		return "warning"
	}
	return "Anchor(" + strconv.Itoa(int(a)) + ")"
}

func parseAnchor(s string) (Anchor, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "deadline", "截止":
		return FromDeadline, nil
	case "warning", "预警":
		return FromWarning, nil
	}
	return 0, fmt.Errorf("%w: %q: want \"deadline\" or \"warning\"", ErrUnknownAnchor, s)
}

// Step is one step of a Ladder: Action, After (working days and working
// time) from the From instant of a target. Days count whole working days
// on the calendar and keep the anchor's time of day, a deadline at
// midnight counting as 24:00 of the day before: a deadline at the end of
// Wednesday 30 September 2026 plus 2 days is the end of Friday 9
// October, the National Day holiday (1 to 7 October) not counted, and
// plus 5 days the end of Tuesday 13 October, the make-up Saturday 10
// October counted. A Duration counts working time after the days. It
// is a plain value.
type Step struct {
	Action Action
	From   Anchor
	After  Amount
	// Reply is the time a supervision order gives the unit for its
	// written explanation, counted like After from the step's instant;
	// only for ActionSupervise, where zero means ReplyDefault.
	Reply Amount
}

// ReplyDefault is the time a supervision order gives for the unit's
// explanation when its step sets none: 3 working days.
var ReplyDefault = Amount{Days: 3}

// Ladder is the escalation of a policy's late targets. Targets names the
// targets it climbs; empty means every target of the policy that is not a
// window. Steps are in the order they happen. The zero Ladder has no step:
// a late target is urged once when it falls overdue, and nothing more. A
// Ladder is a plain value.
type Ladder struct {
	Targets []string
	Steps   []Step
}

// DefaultLadder returns our ladder, for the policies that take it
// (it is configuration: see DefaultLadderYAML):
//
//  1. urge (催办) at the deadline: the urge the overdue alert makes;
//  2. a supervision order (督办单) 2 working days after the deadline,
//     giving the unit 3 working days for its written explanation;
//  3. a supervisor decides on a talk (约谈) or a public criticism
//     (通报批评) 5 working days after the deadline.
//
// The warning before the deadline is the targets' own (Target.Warnings).
func DefaultLadder() Ladder {
	return Ladder{Steps: []Step{
		{Action: ActionUrge, From: FromDeadline},
		{Action: ActionSupervise, From: FromDeadline, After: Amount{Days: 2}, Reply: Amount{Days: 3}},
		{Action: ActionDecide, From: FromDeadline, After: Amount{Days: 5}},
	}}
}

// DefaultLadderYAML is DefaultLadder as the "ladder" key of a policy in a
// policy file (see Parse).
const DefaultLadderYAML = `ladder:
  steps:
    - {action: urge, from: deadline}
    - {action: supervise, from: deadline, days: 2, reply_days: 3}
    - {action: decide, from: deadline, days: 5}
`

// IsZero reports whether l has no step.
func (l *Ladder) IsZero() bool { return len(l.Steps) == 0 }

// Climbs reports whether l climbs the target named name.
func (l *Ladder) Climbs(name string) bool {
	return len(l.Steps) > 0 && (len(l.Targets) == 0 || slices.Contains(l.Targets, name))
}

// validate checks l against the targets of its policy, returning the
// failing field's path (as the policy file names it) and the cause.
func (l *Ladder) validate(targets []Target) (string, error) {
	for i, name := range l.Targets {
		t := -1
		for j := range targets {
			if targets[j].Name == name {
				t = j
			}
		}
		if t < 0 {
			return fmt.Sprintf("targets[%d]", i), fmt.Errorf("%w: %q", ErrUnknownTarget, name)
		}
		if targets[t].Window {
			return fmt.Sprintf("targets[%d]", i), fmt.Errorf("%w: %q is a window, which is never late", ErrBadValue, name)
		}
	}
	supervised := false
	for i, s := range l.Steps {
		at := func(field string) string { return fmt.Sprintf("steps[%d]%s", i, field) }
		if !s.Action.Valid() {
			return at(".action"), fmt.Errorf("%w: %v", ErrUnknownAction, s.Action)
		}
		if s.From != FromDeadline && s.From != FromWarning {
			return at(".from"), fmt.Errorf("%w: %v", ErrUnknownAnchor, s.From)
		}
		if s.After.Days < 0 || s.After.Duration < 0 || s.After.Days > MaxDays || s.After.Duration > MaxDuration {
			return at(".days"), fmt.Errorf("%w: want 0 to %d working days and 0 to %v, got %d days and %v", ErrBadValue, MaxDays, MaxDuration, s.After.Days, s.After.Duration)
		}
		if s.Action != ActionSupervise && !s.Reply.IsZero() {
			return at(".reply_days"), fmt.Errorf("%w: only a supervise step has a reply time", ErrBadValue)
		}
		if s.Reply.Days < 0 || s.Reply.Duration < 0 || s.Reply.Days > MaxDays || s.Reply.Duration > MaxDuration {
			return at(".reply_days"), fmt.Errorf("%w: want 0 to %d working days and 0 to %v", ErrBadValue, MaxDays, MaxDuration)
		}
		switch s.Action {
		case ActionSupervise:
			if supervised {
				return at(".action"), fmt.Errorf("%w: a second supervise step; a target gets one supervision order a run", ErrBadValue)
			}
			supervised = true
		case ActionDecide:
			if !supervised {
				return at(".action"), fmt.Errorf("%w: decide comes after a supervise step", ErrBadValue)
			}
			if slices.ContainsFunc(l.Steps[:i], func(p Step) bool { return p.Action == ActionDecide }) {
				return at(".action"), fmt.Errorf("%w: a second decide step", ErrBadValue)
			}
		}
		if i > 0 && !l.Steps[i-1].before(s) {
			p := l.Steps[i-1]
			return at(".days"), fmt.Errorf("%w: %s at %s comes at or before step %d (%s at %s), which it follows", ErrBadValue, s.Action, s.offset(), i, p.Action, p.offset())
		}
	}
	return "", nil
}

// before reports whether s surely falls before t for every target: a
// warning-based step before a deadline-based one, and of two steps from
// one anchor the one with fewer days, or as many days and less time.
func (s Step) before(t Step) bool {
	if s.From != t.From {
		return s.From == FromWarning
	}
	if s.After.Days != t.After.Days {
		return s.After.Days < t.After.Days
	}
	return s.After.Duration < t.After.Duration
}

func (s Step) offset() string {
	o := s.From.String()
	if s.After.Days > 0 {
		o += fmt.Sprintf("+%dd", s.After.Days)
	}
	if s.After.Duration > 0 {
		o += "+" + FormatDuration(s.After.Duration)
	}
	return o
}

// addWorking returns t plus a on cal: a.Days working days at t's time of
// day, then a.Duration of working time; the zero Time when the result is
// beyond the calendar's years.
func addWorking(cal *calendar.Calendar, t time.Time, a Amount) time.Time {
	if a.Days > 0 {
		loc := cal.Location()
		lt := t.In(loc)
		day := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
		clock := lt.Sub(day)
		if clock == 0 {
			// A deadline at midnight is the end of the day before (24:00),
			// as working-days targets fall due: count from that day.
			day = day.AddDate(0, 0, -1)
			clock = lt.Sub(day)
		}
		next := cal.AddWorkdays(day, a.Days)
		if next.IsZero() {
			return time.Time{}
		}
		y, m, d := next.Date()
		t = time.Date(y, m, d, 0, 0, 0, 0, loc).Add(clock)
	}
	if a.Duration > 0 {
		t = cal.AddWorkTime(t, a.Duration)
	}
	return t
}

// At returns the instant step s of a ladder falls for target result r,
// evaluated on cal, and false when s does not apply: r is not open (not
// started, met or a window), or s counts from a warning r does not have.
// The instant is in UTC, rounded up to the second as alerts are.
func (s Step) At(cal *calendar.Calendar, r *Result) (time.Time, bool) {
	if cal == nil || !r.Open() {
		return time.Time{}, false
	}
	from := r.Due
	if s.From == FromWarning {
		if r.WarnAt.IsZero() {
			return time.Time{}, false
		}
		from = r.WarnAt
	}
	at := addWorking(cal, from, s.After)
	if at.IsZero() {
		return time.Time{}, false
	}
	return time.Unix(ceilSec(at), 0).UTC(), true
}

// ReplyDue returns the deadline of the unit's explanation to a
// supervision order issued at at by step s: s.Reply (ReplyDefault when
// zero) after at, on cal.
func (s Step) ReplyDue(cal *calendar.Calendar, at time.Time) time.Time {
	a := s.Reply
	if a.IsZero() {
		a = ReplyDefault
	}
	return addWorking(cal, at, a)
}

// ladderSep separates a target's name from a step in a ladder alert's
// target name.
const ladderSep = "#"

// LadderAlertTarget returns the target name under which monitors raise
// step i (0-based) of a ladder for the target named target:
// "办结#2:supervise" for step 1, a supervise step, of 办结. The step is
// numbered from 1 in the name.
func LadderAlertTarget(target string, i int, a Action) string {
	return target + ladderSep + strconv.Itoa(i+1) + ":" + a.String()
}

// ParseLadderAlert returns the target, the 0-based step and the action
// of a ladder alert's target name (see LadderAlertTarget), and false for
// the name of a target of its own.
func ParseLadderAlert(name string) (target string, step int, a Action, ok bool) {
	j := strings.LastIndex(name, ladderSep)
	if j < 0 {
		return "", 0, 0, false
	}
	num, act, found := strings.Cut(name[j+len(ladderSep):], ":")
	n, err := strconv.Atoi(num)
	if !found || err != nil || n < 1 {
		return "", 0, 0, false
	}
	a, err = ParseAction(act)
	if err != nil || act != a.String() {
		return "", 0, 0, false
	}
	return name[:j], n - 1, a, true
}

// LadderResults appends to dst, for each result of rs that p's ladder
// climbs, a result per step of the ladder that the monitors raise as an
// overdue alert at the step's instant (Step.At), under the name
// LadderAlertTarget gives: Started and Start as the target's, so that a
// new run of the target climbs the ladder again, Due a second before the
// step's instant, and Paused as the target's, so that a suspended order
// does not climb. An urge at the deadline itself is left out: the
// target's overdue alert urges then. rs is appended to dst first; give
// the result to a monitor (sla.Monitor.Update, or a store's alert plan),
// not to anything that reads deadlines.
func (p *Policy) LadderResults(dst []Result, cal *calendar.Calendar, rs []Result) []Result {
	dst = append(dst, rs...)
	l := &p.Ladder
	if l.IsZero() {
		return dst
	}
	for i := range rs {
		r := &rs[i]
		if !l.Climbs(r.Name) || p.Target(r.Name) == nil {
			continue
		}
		for j, s := range l.Steps {
			if s.Action == ActionUrge && s.From == FromDeadline && s.After.IsZero() {
				continue
			}
			at, ok := s.At(cal, r)
			if !ok {
				continue
			}
			dst = append(dst, Result{Name: LadderAlertTarget(r.Name, j, s.Action), Clock: r.Clock,
				Started: true, Start: r.Start, Due: at.Add(-time.Second), Paused: r.Paused, Level: r.Level})
		}
	}
	return dst
}

func cloneLadder(l Ladder) Ladder {
	return Ladder{Targets: slices.Clone(l.Targets), Steps: slices.Clone(l.Steps)}
}
