package workorder

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/sla"
)

// Service takes the steps of orders' lives: each method loads the order,
// checks that the actor may take the step (ErrForbidden) and then that the
// lifecycle allows it (ErrInvalidTransition), applies it, appends an audit
// record, stores both with the version check, re-evaluates the sla
// deadlines and tells the observer. A unit taking a step on an order it
// may not see (see Get) is told the order does not exist (ErrNotFound).
//
// When the store reports a version conflict (another step on the same order
// landed first) the step is retried from a fresh read, up to Config.Retries
// times; then ErrConflict is returned and nothing was changed. A retried
// step is checked again, so it may then fail with ErrInvalidTransition.
//
// Every step has an idempotency key, the caller's (WithKey) or a random
// one, kept with its audit record under a unique index: a step is stored
// at most once per key. When the store cannot tell whether a step was
// committed (ErrOutcomeUnknown) the service reads the key back and, when
// it is not there, takes the step again with the same key, within
// Config.Retries; else it returns an *OutcomeError carrying the key, with
// which the caller may retry safely.
//
// Orders returned to a unit actor hide a confidential caller's identity
// (see Get). A Service is safe for concurrent use; create it with
// NewService.
type Service struct {
	cfg          Config
	store        Store
	cal          *calendar.Calendar
	loc          *time.Location
	assistPolicy *sla.Policy
	mon          *sla.Monitor // nil unless Config.Watch
	policies     *policies
	// steps is false when the observer does nothing with StepTaken (its
	// ObservesSteps says so, see Observer): the copy of the order it would
	// be handed is then not made.
	steps bool
}

// NewService checks cfg, fills in its defaults and returns a service.
// Errors are *ConfigError values naming the field.
func NewService(cfg Config) (*Service, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	ap, err := sla.NewPolicySet(sla.Policy{Name: "assist", Targets: []sla.Target{cfg.AssistTarget}})
	if err != nil {
		return nil, &ConfigError{Field: "AssistTarget", Err: err}
	}
	p, _ := ap.Policy("assist")
	s := &Service{cfg: cfg, store: cfg.Store, cal: cfg.Calendar, loc: cfg.Calendar.Location(), assistPolicy: p,
		policies: newPolicies(cfg.Policies), steps: observesSteps(cfg.Observer)}
	if cfg.Watch {
		s.mon = sla.NewMonitor(s, timeSource{cfg.Clock})
		s.mon.SetBackoff(cfg.AlertBackoff)
		workers := cfg.AlertWorkers
		if workers <= 0 {
			workers = AlertWorkersDefault
		}
		s.mon.SetWorkers(workers)
	}
	return s, nil
}

// observesSteps reports whether obs may do something with StepTaken.
func observesSteps(obs Observer) bool {
	switch f := obs.(type) {
	case nil:
		return false
	case ObserverFuncs:
		return f.OnStep != nil
	case *ObserverFuncs:
		return f != nil && f.OnStep != nil
	case interface{ ObservesSteps() bool }:
		if v := reflect.ValueOf(f); v.Kind() == reflect.Pointer && v.IsNil() {
			return false // as a nil *ObserverFuncs: its ObservesSteps may not be callable
		}
		return f.ObservesSteps()
	}
	return true
}

// Store returns the service's store.
func (s *Service) Store() Store { return s.store }

// now returns the clock's time, truncated to the microsecond and never
// before the order's last change, so timelines stay ordered.
func (s *Service) now(o *Order) time.Time {
	t := s.cfg.Clock.Now().Round(0).Truncate(time.Microsecond).In(s.loc)
	if o != nil && t.Before(o.Updated) {
		t = o.Updated.In(s.loc)
	}
	return t
}

// change is one step being applied: the order (a private copy), the record
// being built and the instant. One is made per step.
type change struct {
	o        *Order
	rec      *Record   // &recs[0]
	recs     [1]Record // the step's record, as a slice for the store
	at       time.Time
	data     data
	timeline bool // the sla timeline changed
	// attach are the step's attachments (WithAttachments).
	attach []Attachment
	// scratch is room for the timelines an evaluation builds.
	scratch sla.Timeline
}

func (c *change) event(k sla.EventKind) {
	c.o.Timeline = append(c.o.Timeline, sla.Event{Kind: k, At: c.at})
	c.timeline = true
}

// step loads the order, checks a and the lifecycle, runs apply, stores the
// result with its record and notifies the observer. apply may refuse the
// step by returning an error.
func (s *Service) step(ctx context.Context, a Actor, id string, step Step, remark string, apply func(c *change) error) (*Order, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: step, Reason: why}
	}
	atts, err := attachmentsOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %s: %w", id, step, err)
	}
	k, err := keyOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %s: %w", id, step, err)
	}
	for attempt := 0; ; attempt++ {
		o, err := s.load(ctx, a, id)
		var c *change
		if err == nil {
			c, err = s.prepare(o, a, step, remark)
		}
		if err == nil {
			c.rec.Key, c.attach = k.key, atts
			o, err = s.take(ctx, c, apply)
		}
		if err == nil {
			return s.view(o, a), nil
		}
		if o, done, err := s.settle(ctx, a, id, step, &k, err); done {
			return o, err
		}
		// Taking the step again with its key is safe.
		if (k.lose(err) || errors.Is(err, ErrConflict)) && attempt < s.cfg.Retries {
			continue
		}
		if k.unsure {
			return nil, unknown(id, step, &k)
		}
		return nil, err
	}
}

// take applies a prepared change, stores it and tells the monitor and the
// observer. It returns the stored order.
func (s *Service) take(ctx context.Context, c *change, apply func(c *change) error) (*Order, error) {
	if apply != nil {
		if err := apply(c); err != nil {
			return nil, fmt.Errorf("workorder: order %q: %s: %w", c.o.ID, c.rec.Step, err)
		}
	}
	c.data = addAttachments(c.data, c.attach)
	c.data = takenBy(c.data, &c.rec.Actor)
	rs, err := s.finish(c)
	if err != nil {
		return nil, err
	}
	if err := s.store.Update(ctx, c.o, c.o.Version-1, c.recs[:]); err != nil {
		return nil, err
	}
	s.stored(ctx, c, rs)
	return c.o, nil
}

// prepare checks permission and transition and starts the change.
func (s *Service) prepare(o *Order, a Actor, step Step, remark string) (*change, error) {
	if err := permit(o, a, step); err != nil {
		return nil, err
	}
	to, err := next(o.State, step)
	if err != nil {
		te := err.(*TransitionError)
		te.ID = o.ID
		return nil, te
	}
	if err := checkText(remark, MaxTextLen); err != "" {
		return nil, fmt.Errorf("workorder: order %q: %s: remark %s: %w", o.ID, step, err, ErrInvalidArgument)
	}
	at := s.now(o)
	c := &change{o: o, at: at}
	c.rec = &c.recs[0]
	*c.rec = Record{OrderID: o.ID, Seq: o.Version + 1, At: at, Actor: a, Step: step, From: o.State, To: to, Remark: remark}
	return c, nil
}

// finish moves the order to its new state and version, refreshes its
// deadlines and seals the record. When the timeline changed and the order
// is open it returns the new sla results, a non-nil slice even when there
// are none; else nil.
func (s *Service) finish(c *change) ([]sla.Result, error) {
	o := c.o
	o.State, o.Version, o.Updated = c.rec.To, c.rec.Seq, c.at
	// A pending extension request is the lead's, for its handling: it
	// lapses when the order leaves the lead's hands (a return, a new
	// dispatch, a reply, a cancellation, a merge), rather than be granted
	// to another unit or after the reply.
	if o.Pending != nil && !holdsExtension(o.State) {
		o.Pending = nil
		c.data = c.data.add("extension", "lapsed")
	}
	rs, err := s.evaluate(o, c.at, c.timeline, &c.scratch)
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %s: %w", o.ID, c.rec.Step, err)
	}
	c.rec.Data = string(c.data)
	c.rec.Hash = c.rec.ComputeHash(o.LastHash)
	o.LastHash = c.rec.Hash
	return rs, nil
}

// holdsExtension reports whether an extension request may stay pending
// in state st: while the lead handles the order, suspends it, or asks to
// return it after signing (refused, it handles it again).
func holdsExtension(st State) bool {
	return st == StateHandling || st == StateSuspended || st == StateReturnRequestedSigned
}

// evaluate refreshes o.Due, o.Level and o.Overdue at instant at.
//
// Overdue is sticky: it is set once at passes the earliest deadline the
// order had before the step, and when a target turns out breached. When
// the timeline has changed the targets still open are evaluated and their
// results returned, a non-nil slice even when there are none; when not,
// the deadlines stand, only the passing of time counts, and the results
// are nil. scratch is room the evaluation may reuse.
func (s *Service) evaluate(o *Order, at time.Time, changed bool, scratch *sla.Timeline) ([]sla.Result, error) {
	if !o.Due.IsZero() && at.After(o.Due) {
		o.Overdue = true
	}
	if !o.State.Open() {
		o.Due, o.Level = time.Time{}, sla.LevelNormal
		return nil, nil
	}
	if !changed {
		if !o.Due.IsZero() && at.After(o.Due) {
			o.Level = sla.LevelOverdue
		}
		return nil, nil
	}
	rs, err := s.liveResults(nil, o, at, scratch)
	if err != nil {
		return nil, err
	}
	o.Due, o.Level = time.Time{}, sla.LevelNormal
	for i := range rs {
		r := &rs[i]
		if r.Breached && !r.Window {
			o.Overdue = true
		}
		if !r.Open() || r.Paused {
			continue
		}
		if o.Due.IsZero() || r.Due.Before(o.Due) {
			o.Due = r.Due
		}
		o.Level = max(o.Level, r.Level)
	}
	return rs, nil
}

// policy returns the sla policy for o.
func (s *Service) policy(o *Order) (*sla.Policy, error) {
	pi, err := s.policies.lookup(o)
	if err != nil {
		return nil, err
	}
	return pi.p, nil
}

// liveResults is results for the targets still open after a step: it
// leaves out windows and targets not started or met. Those raise no
// alerts and add no deadline; a target met late was past the order's
// earliest deadline, which evaluate has already marked as overdue.
//
// The open targets are evaluated together, as a policy of their own
// (see subset), on the timeline without the extensions of the targets
// left out, which that policy does not know.
//
// While the order is suspended and every open target pauses, none adds a
// deadline or raises an alert; unless a monitor wants their results they
// are not evaluated. Such targets cannot be breached by the suspension
// (their clocks stop), so a breach before it was already seen by the
// order's earlier deadline.
//
// A nil dst is made with room for exactly the results there can be; the
// slice returned is not nil.
func (s *Service) liveResults(dst []sla.Result, o *Order, at time.Time, scratch *sla.Timeline) ([]sla.Result, error) {
	pi, err := s.policies.lookup(o)
	if err != nil {
		return nil, err
	}
	p := pi.p
	sub := p // a policy too large to choose from is evaluated whole
	if len(p.Targets) <= maxSubset {
		var mask uint64
		paused := s.mon == nil
		var since time.Time
		if paused {
			since, paused = suspendedSince(o.Timeline)
		}
		for i := range p.Targets {
			if t := &p.Targets[i]; live(t, o.Timeline) {
				mask |= 1 << i
				paused = paused && t.Pausable
			}
		}
		if paused && s.assistsPaused(o, since) {
			if dst == nil {
				dst = []sla.Result{}
			}
			return dst, nil
		}
		switch mask {
		case 0:
			sub = nil
		case 1<<len(p.Targets) - 1:
		default:
			sub = pi.subset(mask)
		}
	}
	if dst == nil {
		n := pendingAssists(o)
		if sub != nil {
			n += len(sub.Targets)
		}
		dst = make([]sla.Result, 0, n)
	}
	if sub != nil {
		tl := extensionsOf(sub, o.Timeline, scratch)
		n := len(dst)
		out, err := sla.EvaluateInto(dst[n:n], sub, s.cal, tl, at)
		if err != nil {
			return nil, err
		}
		dst = append(dst[:n], out...)
	}
	return assistResults(dst, s.assistPolicy, s.cal, o, at, true, scratch)
}

// pendingAssists returns how many of o's assisting units have their own
// target running: their opinion is pending.
func pendingAssists(o *Order) int {
	n := 0
	for i := range o.Assists {
		if a := &o.Assists[i]; a.Status == AssistPending && !a.Since.IsZero() {
			n++
		}
	}
	return n
}

// suspendedSince returns when the suspension tl ends in began; ok is
// false when tl does not end suspended.
func suspendedSince(tl sla.Timeline) (since time.Time, ok bool) {
	for i := len(tl) - 1; i >= 0; i-- {
		switch tl[i].Kind {
		case sla.EventResumed:
			return since, ok
		case sla.EventSuspended:
			since, ok = tl[i].At, true // the first of a run of suspensions
		}
	}
	return since, ok
}

// assistsPaused reports whether the pending assisting units' own targets
// are all paused by the suspension that began at since.
func (s *Service) assistsPaused(o *Order, since time.Time) bool {
	for i := range o.Assists {
		a := &o.Assists[i]
		if a.Status != AssistPending || a.Since.IsZero() {
			continue
		}
		if !s.cfg.AssistTarget.Pausable || since.Before(a.Since) {
			return false
		}
	}
	return true
}

// maxSubset is the most targets a policy may have for liveResults to
// evaluate only the open ones; a larger policy is evaluated whole.
const maxSubset = 64

// live reports whether target t is open at the end of timeline tl: no
// window, started, and not met since its latest (re)start.
func live(t *sla.Target, tl sla.Timeline) bool {
	if t.Window {
		return false
	}
	started, met := false, false
	for i := range tl {
		k := tl[i].Kind
		switch {
		case !started && k == t.Start, started && slices.Contains(t.RestartOn, k):
			started, met = true, false
		case started && slices.Contains(t.MetBy, k):
			met = true
		}
	}
	return started && !met
}

// extensionsOf returns tl without the extensions of targets p lacks,
// built in *scratch when some must go. Extensions matter only to the
// target they name, so p's targets evaluate as they would in the whole
// policy.
func extensionsOf(p *sla.Policy, tl sla.Timeline, scratch *sla.Timeline) sla.Timeline {
	drop := func(e *sla.Event) bool { return e.Kind == sla.EventExtended && p.Target(e.Target) == nil }
	i := slices.IndexFunc(tl, func(e sla.Event) bool { return drop(&e) })
	if i < 0 {
		return tl
	}
	out := append((*scratch)[:0], tl[:i]...)
	for j := i + 1; j < len(tl); j++ {
		if !drop(&tl[j]) {
			out = append(out, tl[j])
		}
	}
	*scratch = out
	return out
}

// Deadlines returns o's sla results at instant at, as the service
// evaluates them: one per target of o's policy, in the policy's order
// (looked up by category, urgency, lead unit and region, as for a step),
// then one per assisting unit whose opinion is pending, named
// "<unit>/assist" (Config.AssistTarget, started when the unit was added
// and paused with the order's suspensions). Events after at are ignored;
// pass o.Updated for the results as of o's last step. Instants are in the
// calendar's zone. o is not changed. Errors wrap sla.ErrNoPolicy when no
// policy matches, ErrInvalidArgument for a nil order, or the errors of
// sla.Evaluate.
func (s *Service) Deadlines(o *Order, at time.Time) ([]sla.Result, error) {
	if o == nil {
		return nil, fmt.Errorf("workorder: deadlines: nil order: %w", ErrInvalidArgument)
	}
	rs, err := s.results(nil, o, at, false, new(sla.Timeline))
	if err != nil {
		return nil, fmt.Errorf("workorder: deadlines of order %q: %w", o.ID, err)
	}
	return rs, nil
}

// results evaluates o's targets, then each pending assisting unit's own
// target (named "unit/assist"), at at, appending to dst. With set it
// sets each pending assist's Due. scratch is room it may reuse. A nil
// dst is made with room for exactly the results.
func (s *Service) results(dst []sla.Result, o *Order, at time.Time, set bool, scratch *sla.Timeline) ([]sla.Result, error) {
	p, err := s.policy(o)
	if err != nil {
		return nil, err
	}
	if dst == nil {
		dst = make([]sla.Result, 0, len(p.Targets)+pendingAssists(o))
	}
	rs, err := sla.EvaluateInto(dst, p, s.cal, o.Timeline, at)
	if err != nil {
		return nil, err
	}
	return assistResults(rs, s.assistPolicy, s.cal, o, at, set, scratch)
}

// assistResults appends the results of the pending assisting units' own
// targets, the target of policy ap evaluated on cal, to rs; with set it
// sets each one's Due.
func assistResults(rs []sla.Result, ap *sla.Policy, cal *calendar.Calendar, o *Order, at time.Time, set bool, scratch *sla.Timeline) ([]sla.Result, error) {
	for i := range o.Assists {
		a := &o.Assists[i]
		if a.Status != AssistPending || a.Since.IsZero() {
			continue
		}
		r, err := assistResult(ap, cal, o, a, at, scratch)
		if err != nil {
			return nil, err
		}
		if set {
			a.Due = r.Due
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// assistResult evaluates assisting unit a's own target: started when a was
// added, paused with the order's suspensions since. Its timeline is built
// in *scratch.
func assistResult(ap *sla.Policy, cal *calendar.Calendar, o *Order, a *Assist, at time.Time, scratch *sla.Timeline) (sla.Result, error) {
	tl := append((*scratch)[:0], sla.Event{Kind: sla.EventDispatched, At: a.Since})
	for _, e := range o.Timeline {
		if (e.Kind == sla.EventSuspended || e.Kind == sla.EventResumed) && !e.At.Before(a.Since) {
			tl = append(tl, e)
		}
	}
	*scratch = tl
	var rs [1]sla.Result
	out, err := sla.EvaluateInto(rs[:0], ap, cal, tl, at)
	if err != nil {
		return sla.Result{}, err
	}
	r := out[0]
	r.Name = a.Unit + "/" + r.Name
	return r, nil
}

// stored runs after a step is stored: it keeps the monitor up to date and
// tells the observer.
func (s *Service) stored(ctx context.Context, c *change, rs []sla.Result) {
	if s.mon != nil {
		switch {
		case !c.o.State.Open():
			s.mon.Remove(c.o.ID)
		case rs != nil:
			var buf [8]sla.Result
			s.mon.Update(c.o.ID, s.climb(buf[:0], c.o, rs))
		}
	}
	if s.steps {
		s.cfg.Observer.StepTaken(ctx, s.localize(c.o.Clone()), s.localRecord(*c.rec))
	}
}

// localize puts o's times in the calendar's zone.
func (s *Service) localize(o *Order) *Order {
	o.eachTime(func(t *time.Time) {
		if !t.IsZero() {
			*t = t.In(s.loc)
		}
	})
	return o
}

func (s *Service) localRecord(r Record) Record {
	r.At = r.At.In(s.loc)
	return r
}

// view returns o as actor a may see it: in the calendar's zone and, for a
// unit on a confidential order, without the caller's name and phone unless
// Config.RevealCaller allows it. o is changed in place.
func (s *Service) view(o *Order, a Actor) *Order {
	s.localize(o)
	if a.Role == RoleUnit && o.Confidential() && (s.cfg.RevealCaller == nil || !s.cfg.RevealCaller(o, a.ID)) {
		o.Caller.Name, o.Caller.Phone = "", ""
	}
	return o
}

// Get returns the order as a may see it. Units may read only the orders
// they lead or assist; for them a confidential order's caller has no name
// and phone. Errors match ErrForbidden (an actor without a role or id, see
// Actor) or ErrNotFound. A unit asking for an order it may not see gets
// the error of an order that does not exist, word for word, so that it
// cannot learn which ids exist; every step answers such a unit so too.
func (s *Service) Get(ctx context.Context, a Actor, id string) (*Order, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Reason: why}
	}
	o, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.view(o, a), nil
}

// load reads order id for a, an actor that passes check. A missing order
// and one a may not see give the same error, matching ErrNotFound.
func (s *Service) load(ctx context.Context, a Actor, id string) (*Order, error) {
	o, err := s.store.Get(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, NotFound(id)
	case err != nil:
		return nil, err
	case !canRead(o, a):
		return nil, NotFound(id)
	}
	return o, nil
}

// History returns the order's audit trail, times in the calendar's zone, to
// whoever may read the order, with Get's errors.
func (s *Service) History(ctx context.Context, a Actor, id string) ([]Record, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Reason: why}
	}
	if _, err := s.load(ctx, a, id); err != nil {
		return nil, err
	}
	rs, err := s.store.History(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].At = rs[i].At.In(s.loc)
	}
	return rs, nil
}

// List returns the orders matching f as a may see them. A unit sees only
// its own orders: f.Unit is set to its name.
func (s *Service) List(ctx context.Context, a Actor, f Filter) ([]*Order, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{Actor: a, Reason: why}
	}
	if a.Role == RoleUnit {
		f.Unit = a.ID
	}
	os, err := s.store.List(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		s.view(o, a)
	}
	return os, nil
}

// Verify checks the order's audit trail: the hash chain, the sequence, the
// states, and that the record of the order's version carries its LastHash
// and state. Records of steps taken since the order was read may follow.
// It returns nil or an error matching ErrTampered.
func (s *Service) Verify(ctx context.Context, id string) error {
	o, err := s.store.Get(ctx, id)
	if err != nil {
		return err
	}
	// Read after the order: the history holds at least its records.
	rs, err := s.store.History(ctx, id)
	if err != nil {
		return err
	}
	if err := Verify(id, rs); err != nil {
		return err
	}
	switch {
	case int64(len(rs)) < o.Version:
		return &TamperError{ID: id, Seq: int64(len(rs)), Reason: fmt.Sprintf("history has %d records for version %d", len(rs), o.Version)}
	case o.Version < 1:
		return &TamperError{ID: id, Reason: fmt.Sprintf("order has version %d", o.Version)}
	case rs[o.Version-1].Hash != o.LastHash:
		return &TamperError{ID: id, Seq: o.Version, Reason: "hash differs from the order's last hash"}
	case rs[o.Version-1].To != o.State:
		return &TamperError{ID: id, Seq: o.Version, Reason: "ends in state " + rs[o.Version-1].To.String() + ", order is " + o.State.String()}
	}
	return nil
}

// needText returns an ErrInvalidArgument error when s is blank or too long.
func needText(field, s string) error {
	if blank(s) {
		return fmt.Errorf("%s is required: %w", field, ErrInvalidArgument)
	}
	if err := checkText(s, MaxTextLen); err != "" {
		return fmt.Errorf("%s %s: %w", field, err, ErrInvalidArgument)
	}
	return nil
}

// checkUnit returns why name is not an acceptable unit name, or "".
func checkUnit(name string) string {
	switch {
	case name == "" || !trimmed(name):
		return "want a name without surrounding spaces"
	case strings.ContainsAny(name, ",\n\r\t"):
		return "want a name without commas or line breaks"
	}
	return checkText(name, MaxFieldLen)
}
