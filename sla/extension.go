package sla

import (
	"fmt"
	"slices"
	"time"

	"github.com/hotline12345/hotline/calendar"
)

// CheckExtension reports whether target of p may be extended by amount at
// instant at, given the order's timeline tl (events after at are ignored,
// but every event must be valid). It returns nil when allowed, else an
// error wrapping [ErrUnknownTarget], [ErrInvalidTimeline] (tl fails
// Timeline.Validate), [ErrInvalidAmount] (wrong unit for the target's
// clock, not positive, or taking the sum of the run's extensions past
// MaxDays or MaxDuration, which Evaluate refuses), [ErrNotStarted], [ErrAlreadyMet], a
// *PolicyError (the target is invalid), or a *ExtensionError (wrapping
// [ErrExtensionLimit]) naming the limit exceeded. Limits count the
// extensions of the target's latest run. Once approved, record an
// EventExtended with the same Target and Amount.
func CheckExtension(p *Policy, tl Timeline, target string, amount Amount, at time.Time) error {
	if p == nil {
		return fmt.Errorf("sla: check extension: nil policy: %w", ErrInvalidPolicy)
	}
	ti := slices.IndexFunc(p.Targets, func(t Target) bool { return t.Name == target })
	if ti < 0 {
		return fmt.Errorf("sla: policy %q: extension of %q: %w", p.Name, target, ErrUnknownTarget)
	}
	t := &p.Targets[ti]
	ct, ok := t.compile()
	if !ok {
		return invalidTarget(p, ti)
	}
	if err := amount.check(t.Clock); err != nil {
		return fmt.Errorf("sla: policy %q: extension of %q: %w", p.Name, target, err)
	}
	tl, err := upTo(p, tl, at)
	if err != nil {
		return fmt.Errorf("sla: policy %q: extension of %q: %w", p.Name, target, err)
	}
	si := runStartOf(t.Start, ct.restart, tl)
	if si < 0 {
		return fmt.Errorf("sla: policy %q: extension of %q: %w", p.Name, target, ErrNotStarted)
	}
	count, total := 0, Amount{}
	for i := si + 1; i < len(tl); i++ {
		e := &tl[i]
		if ct.metBy.has(e.Kind) {
			return fmt.Errorf("sla: policy %q: extension of %q: %w", p.Name, target, ErrAlreadyMet)
		}
		if e.Kind == EventExtended && e.Target == t.Name {
			count++
			if total = total.Add(e.Amount); total.tooLarge() {
				return fmt.Errorf("sla: policy %q: extension of %q: timeline[%d]: %w", p.Name, target, i, total.errTotal())
			}
		}
	}
	x := t.Extension
	e := &ExtensionError{Policy: p.Name, Target: t.Name, MaxCount: x.MaxCount, MaxTotal: x.MaxTotal,
		Count: count, Total: total, Requested: amount}
	if count+1 > x.MaxCount {
		e.Limit = LimitMaxCount
		return e
	}
	sum := total.Add(amount)
	if !x.MaxTotal.IsZero() && (sum.Days > x.MaxTotal.Days || sum.Duration > x.MaxTotal.Duration) {
		e.Limit = LimitMaxTotal
		return e
	}
	if sum.tooLarge() {
		return fmt.Errorf("sla: policy %q: extension of %q by %v: %w", p.Name, target, amount, sum.errTotal())
	}
	return nil
}

// WindowOpen reports whether the window target named target (such as
// [TargetReturn]) is open at instant at: started, not yet used, and at or
// before its closing instant, which it also returns (zero when not
// started). Errors wrap [ErrUnknownTarget], [ErrNotWindow] or the errors of
// Evaluate.
func WindowOpen(p *Policy, cal *calendar.Calendar, tl Timeline, target string, at time.Time) (bool, time.Time, error) {
	if p == nil {
		return false, time.Time{}, fmt.Errorf("sla: window: nil policy: %w", ErrInvalidPolicy)
	}
	var buf [16]Result
	rs, err := EvaluateInto(buf[:0], p, cal, tl, at)
	if err != nil {
		return false, time.Time{}, err
	}
	for i := range rs {
		r := &rs[i]
		if r.Name != target {
			continue
		}
		if !r.Window {
			return false, time.Time{}, fmt.Errorf("sla: policy %q: target %q: %w", p.Name, target, ErrNotWindow)
		}
		return r.Started && !r.Met && !at.After(r.Due), r.Due, nil
	}
	return false, time.Time{}, fmt.Errorf("sla: policy %q: window %q: %w", p.Name, target, ErrUnknownTarget)
}
