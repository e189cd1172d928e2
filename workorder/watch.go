package workorder

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/sla"
)

var _ sla.Handler = (*Service)(nil)

// timeSource adapts a Clock to sla.TimeSource. A Clock that can also wait
// (has an After method) is used for waiting; otherwise real timers are.
type timeSource struct{ c Clock }

func (t timeSource) Now() time.Time { return t.c.Now() }

func (t timeSource) After(d time.Duration) <-chan time.Time {
	if w, ok := t.c.(interface {
		After(time.Duration) <-chan time.Time
	}); ok {
		return w.After(d)
	}
	return time.After(d)
}

// Watched returns how many orders the service's monitor holds; 0 without
// Config.Watch.
func (s *Service) Watched() int {
	if s.mon == nil {
		return 0
	}
	return s.mon.Len()
}

// watchPage is how many open orders WatchOpen reads at once.
const watchPage = 1000

// AlertWorkersDefault is for how many orders at once the service's
// monitor calls Alert unless Config.AlertWorkers says otherwise: the
// store's reads of one order overlap with another's.
const AlertWorkersDefault = 4

// WatchOpen evaluates every open order in the store and hands it to the
// service's monitor, as after a restart. It returns how many it added; it
// does nothing without Config.Watch. It reads the orders by id in pages
// of a thousand (Filter.After), so that it holds one page at a time
// besides the monitor's own record of each order. Steps may be taken
// meanwhile: an order stepped after its page was read is watched as the
// step left it, and one closed or added meanwhile may be missed or kept
// until its next step, as when it is stepped before WatchOpen starts.
func (s *Service) WatchOpen(ctx context.Context) (int, error) {
	if s.mon == nil {
		return 0, nil
	}
	n := 0
	at := s.now(nil)
	var buf, ladder [8]sla.Result
	var scratch sla.Timeline
	// The first page too is read after a cursor, before every id, so that
	// a store pages by id from the start.
	f := Filter{Open: true, Sort: SortID, Limit: watchPage, After: &Cursor{Sort: SortID}}
	byOffset := false
	for {
		os, err := s.store.List(ctx, f)
		if err != nil {
			return n, fmt.Errorf("workorder: watch open orders: %w", err)
		}
		if f.After != nil && len(os) > 0 && !f.After.Follows(os[0]) {
			// The store does not page by cursor: page by offset.
			byOffset, f.After, f.Offset = true, nil, n
			continue
		}
		if len(os) == 0 {
			return n, nil
		}
		last := CursorAfter(os[len(os)-1], SortID)
		for i, o := range os {
			rs, err := s.results(buf[:0], o, at, false, &scratch)
			if err != nil {
				return n, fmt.Errorf("workorder: watch order %q: %w", o.ID, err)
			}
			s.mon.Update(o.ID, s.climb(ladder[:0], o, rs))
			os[i] = nil // let the collector have it while the page is worked
		}
		n += len(os)
		if len(os) < watchPage {
			return n, nil
		}
		if byOffset {
			f.Offset = n
		} else {
			f.After = &last
		}
	}
}

// Run watches the open orders (WatchOpen) and raises their alerts as they
// fall due, until ctx is done; then it returns nil. It needs Config.Watch.
func (s *Service) Run(ctx context.Context) error {
	if s.mon == nil {
		return fmt.Errorf("workorder: run: %w: Config.Watch is off", ErrInvalidConfig)
	}
	if _, err := s.WatchOpen(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	return s.mon.Run(ctx)
}

// Fire raises every alert due at the clock's current time and returns how
// many it delivered: as many as the Observer's Warning and Overdue calls
// it made, not counting alerts dropped (see Alert) or failed, which are
// tried again after Config.AlertBackoff. It is for tests and for platforms
// with a scheduler of their own. Without Config.Watch it raises nothing.
func (s *Service) Fire(ctx context.Context) int {
	if s.mon == nil {
		return 0
	}
	return s.mon.Fire(ctx, s.cfg.Clock.Now())
}

// Alert handles an sla alert for one of the orders, from the service's own
// monitor or from a platform's (Service implements sla.Handler). A warning
// is passed to the observer. An overdue target is recorded first, as an
// urge by the system (超期催办) with data target=…&level=overdue, which
// sets Order.Overdue, and then passed to the observer.
//
// It returns an error wrapping sla.ErrAlertDropped, and tells the observer
// nothing, for an alert that no longer applies: its order is gone or no
// longer open, its target is met, or it is an overdue alert for a target
// the system has already urged since the target's latest run began (a
// monitor started after a restart raises the alerts of targets already
// past due again). Any other error (the store's, or an order without a
// policy) is a failure: the observer hears it through AlertFailed and the
// monitor tries the alert again later.
func (s *Service) Alert(ctx context.Context, a sla.Alert) error {
	err := s.alert(ctx, a)
	if err != nil && !errors.Is(err, sla.ErrAlertDropped) && s.cfg.Observer != nil {
		s.cfg.Observer.AlertFailed(ctx, a, err)
	}
	return err
}

func (s *Service) alert(ctx context.Context, a sla.Alert) error {
	if target, i, act, ok := sla.ParseLadderAlert(a.Target); ok {
		return s.ladderAlert(ctx, a, target, i, act)
	}
	fail := func(err error) error {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalidTransition) || errors.Is(err, errUrged) {
			err = fmt.Errorf("%w: %w", sla.ErrAlertDropped, err)
		}
		return fmt.Errorf("workorder: alert %s %s of order %q: %w", a.Target, a.Level, a.Order, err)
	}
	if a.Level == sla.LevelOverdue {
		// The urge reads the order itself: no Get before it. A closed
		// order refuses the urge (ErrInvalidTransition).
		var res sla.Result
		o, err := s.step(ctx, System(), a.Order, StepUrge, "超期: "+a.Target, func(c *change) error {
			r, err := s.openTarget(c.o, c.at, a.Target)
			if err != nil {
				return err
			}
			// Order.Overdue is set by every overdue urge and never
			// cleared: an order without it has no urge in its history.
			if c.o.Overdue {
				urged, err := s.urgedSince(ctx, c.o.ID, a.Target, r.Start)
				if err != nil {
					return err
				}
				if urged {
					return errUrged
				}
			}
			res = r
			urge(c)
			c.o.Overdue = true
			c.data = c.data.add("target", a.Target).add("level", "overdue")
			return nil
		})
		if err != nil {
			return fail(err)
		}
		if obs := s.cfg.Observer; obs != nil {
			obs.Overdue(ctx, o, res)
		}
		return nil
	}
	o, err := s.store.Get(ctx, a.Order)
	if err != nil {
		return fail(err)
	}
	if !o.State.Open() {
		return fail(errClosed)
	}
	res, err := s.openTarget(o, s.now(o), a.Target)
	if err != nil {
		return fail(err)
	}
	if obs := s.cfg.Observer; obs != nil {
		obs.Warning(ctx, s.localize(o), res)
	}
	return nil
}

// openTarget evaluates o at at and returns the result of its open target
// named target, or errMet when it has none.
func (s *Service) openTarget(o *Order, at time.Time, target string) (sla.Result, error) {
	var buf [8]sla.Result
	var scratch sla.Timeline
	rs, err := s.results(buf[:0], o, at, false, &scratch)
	if err != nil {
		return sla.Result{}, err
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Name == target && rs[i].Open() {
			return rs[i], nil
		}
	}
	return sla.Result{}, errMet
}

// Reasons an alert is dropped.
var (
	errClosed = fmt.Errorf("%w: order no longer open", sla.ErrAlertDropped)
	errMet    = fmt.Errorf("%w: target met", sla.ErrAlertDropped)
)

// errUrged refuses an overdue urge the order's history already holds.
var errUrged = errors.New("overdue already urged")

// urgedSince reports whether the history of order id holds a system urge
// for target at or after start.
func (s *Service) urgedSince(ctx context.Context, id, target string, start time.Time) (bool, error) {
	rs, err := s.store.History(ctx, id)
	if err != nil {
		return false, err
	}
	for i := len(rs) - 1; i >= 0 && !rs[i].At.Before(start); i-- {
		r := &rs[i]
		if r.Step != StepUrge || r.Actor.Role != RoleSystem {
			continue
		}
		if t, _ := r.Value("target"); t == target {
			return true, nil
		}
	}
	return false, nil
}

// AlertResults evaluates, at at, what a Service's monitor (Config.Watch)
// watches of order o: the targets of o's policy in ps, then the own
// target assist of each pending assisting unit, named "unit/"+assist.Name,
// then the steps of the policy's ladder (sla.Policy.LadderResults), as a
// Service with Policies ps, Calendar cal and AssistTarget assist
// evaluates them: what Service.Deadlines returns, without a Service, for
// a store that plans alerts before any service exists. The zero assist
// means AssistTargetDefault. Errors wrap sla.ErrNoPolicy when no policy
// of ps matches o, sla.ErrInvalidPolicy for an invalid assist, and
// ErrInvalidArgument for a nil order, policy set or calendar.
func AlertResults(ps *sla.PolicySet, cal *calendar.Calendar, assist sla.Target, o *Order, at time.Time) ([]sla.Result, error) {
	if o == nil || ps == nil || cal == nil {
		return nil, fmt.Errorf("workorder: alert results: nil order, policies or calendar: %w", ErrInvalidArgument)
	}
	if assist.Name == "" && assist.Clock == 0 {
		assist = AssistTargetDefault()
	}
	ap := &sla.Policy{Name: "assist", Targets: []sla.Target{assist}}
	if err := ap.Validate(); err != nil {
		return nil, fmt.Errorf("workorder: assist target: %w", err)
	}
	p, err := ps.Lookup(sla.Key{Category: o.Category, Urgency: o.Urgency, Unit: o.Lead, Region: o.Location.Region})
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %w", o.ID, err)
	}
	rs, err := sla.Evaluate(p, cal, o.Timeline, at)
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %w", o.ID, err)
	}
	var scratch sla.Timeline
	if rs, err = assistResults(rs, ap, cal, o, at, false, &scratch); err != nil {
		return nil, err
	}
	return p.LadderResults(make([]sla.Result, 0, len(rs)+len(p.Ladder.Steps)), cal, rs), nil
}
