package workorder

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline/sla"
)

// SupervisionOutcome is how a supervisor closed a supervision order. The
// zero value is an open one.
type SupervisionOutcome uint8

// Outcomes of a supervision order.
const (
	// OutcomeAccepted: the unit's explanation is accepted (说明属实), with
	// no further measure.
	OutcomeAccepted SupervisionOutcome = iota + 1
	// OutcomeTalk: the unit's leaders are called to a talk (约谈诫勉).
	OutcomeTalk
	// OutcomeCriticism: the unit is publicly criticised (通报批评).
	OutcomeCriticism
)

var outcomeKeys = [...]string{"", "accepted", "talk", "criticism"}

// String returns "accepted", "talk" or "criticism"; "" for the zero
// value.
func (o SupervisionOutcome) String() string {
	if int(o) < len(outcomeKeys) {
		return outcomeKeys[o]
	}
	return "SupervisionOutcome(" + strconv.Itoa(int(o)) + ")"
}

// ParseSupervisionOutcome returns the outcome named s ("accepted", "talk",
// "criticism", or 说明属实, 约谈, 通报批评), or an error matching
// ErrInvalidArgument.
func ParseSupervisionOutcome(s string) (SupervisionOutcome, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "accepted", "说明属实":
		return OutcomeAccepted, nil
	case "talk", "约谈":
		return OutcomeTalk, nil
	case "criticism", "通报批评", "通报":
		return OutcomeCriticism, nil
	}
	return 0, fmt.Errorf("workorder: supervision outcome %q: want accepted, talk or criticism: %w", s, ErrInvalidArgument)
}

// Supervision is a supervision order (督办单): a record of its own, issued
// to a unit about one of its orders, asking for the unit's written
// explanation by Due. The ladder issues one for a late target
// (sla.ActionSupervise), and a supervisor may issue one by hand. It is a
// plain value; stores keep copies.
type Supervision struct {
	// ID is unique in the store. The ladder's are
	// "<order>/<target>/<run start, Unix seconds>", so that a step
	// raised twice finds the order it issued; a supervisor's are
	// "<order>/s<version>".
	ID     string
	Order  string
	Unit   string // the unit supervised: the order's lead unit at issue
	Target string // the late target; "" for an order issued by hand
	Reason string
	// IssuedBy is the system for the ladder's, else the supervisor.
	IssuedBy Actor
	Issued   time.Time
	// Due is the deadline of the unit's explanation.
	Due time.Time
	// Explanation is the unit's written explanation, given at Explained
	// by ExplainedBy; empty until then.
	Explanation string
	ExplainedBy Actor
	Explained   time.Time
	// Escalated is when the ladder put the order before a supervisor for
	// a decision (sla.ActionDecide); zero until then.
	Escalated time.Time
	// Outcome, ClosedBy, Closed and Remark (why) are set when a
	// supervisor closes it; Outcome is zero while it is open.
	Outcome  SupervisionOutcome
	ClosedBy Actor
	Closed   time.Time
	Remark   string
	// Version counts the changes stored, from 1 at issue.
	Version int64
}

// Open reports whether the order is not closed yet.
func (s *Supervision) Open() bool { return s.Outcome == 0 }

// Late reports whether the unit had not explained by Due at at.
func (s *Supervision) Late(at time.Time) bool {
	if !s.Explained.IsZero() {
		return s.Explained.After(s.Due)
	}
	return at.After(s.Due)
}

// SanctionKind is a measure against a unit: a talk or a public criticism.
type SanctionKind uint8

// Sanction kinds.
const (
	SanctionTalk      SanctionKind = iota + 1 // 约谈: the unit's leaders are called to a talk
	SanctionCriticism                         // 通报批评: public criticism
)

// String returns "talk" or "criticism".
func (k SanctionKind) String() string {
	switch k {
	case SanctionTalk:
		return "talk"
	case SanctionCriticism:
		return "criticism"
	}
	return "SanctionKind(" + strconv.Itoa(int(k)) + ")"
}

// Sanction is a talk or criticism recorded against a unit, with who
// decided it and why. It is a plain value.
type Sanction struct {
	// ID is unique in the store: "<supervision>/<kind>" for one decided
	// on a supervision order.
	ID          string
	Kind        SanctionKind
	Unit        string
	Order       string // "" when it concerns no single order
	Supervision string // the supervision order it closed; "" for none
	DecidedBy   Actor
	Reason      string
	At          time.Time
}

// SupervisionFilter selects supervision orders; each field set narrows
// the selection.
type SupervisionFilter struct {
	Unit  string
	Order string
	// Open selects the orders not closed yet.
	Open bool
	// From and To select those issued in [From, To); zero is unbounded.
	From, To time.Time
}

// Match reports whether s is selected by f.
func (f *SupervisionFilter) Match(s *Supervision) bool {
	return (f.Unit == "" || f.Unit == s.Unit) && (f.Order == "" || f.Order == s.Order) &&
		(!f.Open || s.Open()) && inRange(s.Issued, f.From, f.To)
}

// SanctionFilter selects sanctions; each field set narrows the selection.
type SanctionFilter struct {
	Unit string
	Kind SanctionKind
	// From and To select those decided in [From, To); zero is unbounded.
	From, To time.Time
}

// Match reports whether s is selected by f.
func (f *SanctionFilter) Match(s *Sanction) bool {
	return (f.Unit == "" || f.Unit == s.Unit) && (f.Kind == 0 || f.Kind == s.Kind) && inRange(s.At, f.From, f.To)
}

func inRange(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// SupervisionStore keeps supervision orders and sanctions. A Store that
// implements it lets a Service issue supervision orders (the ladder's and
// a supervisor's); MemStore, sqlitestore and pgstore do.
// Implementations must be safe for concurrent use and pass
// storetest.RunSupervision. Lists come in order of Issued (At), then ID.
type SupervisionStore interface {
	// CreateSupervision stores a new supervision order with Version 1;
	// an error matching ErrConflict when its ID is stored.
	CreateSupervision(ctx context.Context, s *Supervision) error
	// UpdateSupervision replaces the order s.ID if its stored version is
	// still expected; s.Version must be expected+1. Errors match
	// ErrNotFound or ErrConflict.
	UpdateSupervision(ctx context.Context, s *Supervision, expected int64) error
	// Supervision returns the order id, or an error matching ErrNotFound.
	Supervision(ctx context.Context, id string) (*Supervision, error)
	// Supervisions returns the orders f selects.
	Supervisions(ctx context.Context, f SupervisionFilter) ([]Supervision, error)
	// CreateSanction stores a sanction; an error matching ErrConflict
	// when its ID is stored.
	CreateSanction(ctx context.Context, s *Sanction) error
	// Sanctions returns the sanctions f selects.
	Sanctions(ctx context.Context, f SanctionFilter) ([]Sanction, error)
}

// SupervisionObserver is an Observer that also hears the ladder: a
// Service whose Config.Observer implements it calls Supervised after each
// ladder step it takes (an urge, a supervision order, a decision put
// before a supervisor). sup is nil for an urge.
type SupervisionObserver interface {
	Supervised(ctx context.Context, o *Order, a sla.Action, sup *Supervision)
}

// ErrNoSupervisionStore reports a service whose store keeps no
// supervision orders (does not implement SupervisionStore).
var ErrNoSupervisionStore = errors.New("store keeps no supervision orders")

// ErrNoLeadUnit: a supervision order was asked for an order that has no
// lead unit yet (received, or answered by the centre): there is no unit
// to explain or to sanction.
var ErrNoLeadUnit = errors.New("order has no lead unit")

func (s *Service) supervisionStore() (SupervisionStore, error) {
	if st, ok := s.store.(SupervisionStore); ok {
		return st, nil
	}
	return nil, fmt.Errorf("workorder: %w", ErrNoSupervisionStore)
}

// ladderID is the ID of the supervision order the ladder issues for
// target of order in the run started at start.
func ladderID(order, target string, start time.Time) string {
	return order + "/" + target + "/" + strconv.FormatInt(start.Unix(), 10)
}

// climb adds to rs, the results the monitor watches for o, the steps of
// the ladder of o's policy (sla.Policy.LadderResults), in dst's array
// when they fit: the monitor keeps none of them.
func (s *Service) climb(dst []sla.Result, o *Order, rs []sla.Result) []sla.Result {
	p, err := s.policy(o)
	if err != nil || p.Ladder.IsZero() || rs == nil {
		return rs
	}
	return p.LadderResults(dst[:0], s.cal, rs)
}

// ladderAlert takes the ladder step a raises: step i, doing act, of
// target of a.Order.
func (s *Service) ladderAlert(ctx context.Context, a sla.Alert, target string, i int, act sla.Action) error {
	fail := func(err error) error {
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalidTransition) || errors.Is(err, errUrged) || errors.Is(err, ErrNoSupervisionStore) ||
			errors.Is(err, ErrNoLeadUnit) {
			err = fmt.Errorf("%w: %w", sla.ErrAlertDropped, err)
		}
		return fmt.Errorf("workorder: ladder %s of order %q: %w", a.Target, a.Order, err)
	}
	o, err := s.store.Get(ctx, a.Order)
	if err != nil {
		return fail(err)
	}
	if !o.State.Open() {
		return fail(errClosed)
	}
	p, err := s.policy(o)
	if err != nil {
		return fail(err)
	}
	if i >= len(p.Ladder.Steps) || p.Ladder.Steps[i].Action != act {
		return fail(fmt.Errorf("%w: the policy's ladder changed", sla.ErrAlertDropped))
	}
	step := p.Ladder.Steps[i]
	var buf [8]sla.Result
	var scratch sla.Timeline
	rs, err := s.results(buf[:0], o, s.now(o), false, &scratch)
	if err != nil {
		return fail(err)
	}
	var r *sla.Result
	for j := range rs {
		if rs[j].Name == target && rs[j].Open() {
			r = &rs[j]
		}
	}
	if r == nil {
		return fail(errMet)
	}
	start := r.Start
	var sup *Supervision
	switch act {
	case sla.ActionUrge:
		o, err = s.step(ctx, System(), a.Order, StepUrge, "督办阶梯: "+target, func(c *change) error {
			if err := s.ladderTaken(ctx, c.o.ID, a.Target, start); err != nil {
				return err
			}
			urge(c)
			c.data = c.data.add("target", target).add("level", "ladder").add("ladder", a.Target)
			return nil
		})
	case sla.ActionSupervise, sla.ActionDecide:
		var st SupervisionStore
		if st, err = s.supervisionStore(); err != nil {
			return fail(err)
		}
		if sup, err = s.ladderSupervision(ctx, st, o, target, start, step, a.At); err != nil {
			return fail(err)
		}
		if act == sla.ActionDecide && sup.Escalated.IsZero() {
			sup.Escalated = a.At
			sup.Version++
			if err := st.UpdateSupervision(ctx, sup, sup.Version-1); err != nil {
				return fail(err) // a conflict is tried again
			}
		}
		remark := "督办阶梯: 督办单 " + sup.ID
		if act == sla.ActionDecide {
			remark = "督办阶梯: 待定约谈或通报 " + sup.ID
		}
		o, err = s.step(ctx, System(), a.Order, StepSupervise, remark, func(c *change) error {
			if err := s.ladderTaken(ctx, c.o.ID, a.Target, start); err != nil {
				return err
			}
			c.o.Supervision++
			c.data = c.data.add("level", strconv.Itoa(c.o.Supervision)).add("target", target).
				add("ladder", a.Target).add("supervision", sup.ID)
			return nil
		})
	}
	if err != nil {
		return fail(err)
	}
	if obs, ok := s.cfg.Observer.(SupervisionObserver); ok {
		obs.Supervised(ctx, s.localize(o), act, sup)
	}
	return nil
}

// ladderSupervision returns the supervision order the ladder issues for
// target of o in the run started at start, issuing it when it is not
// stored yet: a step raised again finds the one issued before.
func (s *Service) ladderSupervision(ctx context.Context, st SupervisionStore, o *Order, target string, start time.Time, step sla.Step, at time.Time) (*Supervision, error) {
	id := ladderID(o.ID, target, start)
	if sup, err := st.Supervision(ctx, id); err == nil || !errors.Is(err, ErrNotFound) {
		return sup, err
	}
	if o.Lead == "" {
		return nil, ErrNoLeadUnit
	}
	now := s.now(o)
	sup := &Supervision{ID: id, Order: o.ID, Unit: o.Lead, Target: target,
		Reason:   fmt.Sprintf("%s 超期 (%s)", target, o.Due.In(s.loc).Format("2006-01-02 15:04")),
		IssuedBy: System(), Issued: now, Due: step.ReplyDue(s.cal, at).In(s.loc), Version: 1}
	if o.Due.IsZero() {
		sup.Reason = target + " 超期"
	}
	err := st.CreateSupervision(ctx, sup)
	if errors.Is(err, ErrConflict) {
		return st.Supervision(ctx, id)
	}
	return sup, err
}

// ladderTaken returns errUrged when the history of order id holds the
// ladder step named name at or after start.
func (s *Service) ladderTaken(ctx context.Context, id, name string, start time.Time) error {
	rs, err := s.store.History(ctx, id)
	if err != nil {
		return err
	}
	for i := len(rs) - 1; i >= 0 && !rs[i].At.Before(start); i-- {
		if rs[i].Actor.Role != RoleSystem {
			continue
		}
		if v, _ := rs[i].Value("ladder"); v == name {
			return errUrged
		}
	}
	return nil
}

// IssueSupervision issues a supervision order by hand: supervisor a puts
// order id under supervision for reason, asking the lead unit for its
// explanation within sla.ReplyDefault working days. It is recorded in
// the order's audit trail as a supervise step (raising
// Order.Supervision) with data supervision=<its ID>. The supervision
// order is stored before the step; should the step then fail, it stays,
// unreferenced by the trail.
//
// With an idempotency key (WithKey) it is issued once: a call whose key
// is stored already returns the supervision order that step issued, even
// after the order has closed, and issues no other; a key used for
// another step (another order or actor, or a supervise step that issued
// no supervision order or closed one) fails with a *KeyReusedError.
//
// Errors match ErrForbidden for an actor who is not a supervisor,
// ErrInvalidArgument for an empty reason or a bad key, ErrNoLeadUnit for
// an order without a lead unit yet, ErrNoSupervisionStore, ErrKeyReused,
// and the step's errors.
func (s *Service) IssueSupervision(ctx context.Context, a Actor, id, reason string) (*Supervision, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: StepSupervise, Reason: why}
	}
	if a.Role != RoleSupervisor {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: StepSupervise, Reason: "only a supervisor issues supervision orders"}
	}
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("workorder: supervise order %q: empty reason: %w", id, ErrInvalidArgument)
	}
	st, err := s.supervisionStore()
	if err != nil {
		return nil, err
	}
	key, keyed := KeyFrom(ctx)
	if keyed {
		if err := CheckKey(key); err != nil {
			return nil, fmt.Errorf("workorder: order %q: %s: %w", id, StepSupervise, err)
		}
		// A call taken again: the supervision order its step issued.
		if sup, err := s.issuedWithKey(ctx, st, a, id, key); sup != nil || err != nil {
			return sup, err
		}
	}
	var sup *Supervision
	_, err = s.step(ctx, a, id, StepSupervise, reason, func(c *change) error {
		if c.o.Lead == "" {
			return ErrNoLeadUnit
		}
		// A step tried again after a conflict keeps the order issued by
		// its first try.
		if sup == nil {
			sup = &Supervision{ID: c.o.ID + "/s" + strconv.FormatInt(c.rec.Seq, 10), Order: c.o.ID, Unit: c.o.Lead, Reason: reason,
				IssuedBy: a, Issued: c.at, Due: sla.Step{Action: sla.ActionSupervise}.ReplyDue(s.cal, c.at).In(s.loc), Version: 1}
			if err := st.CreateSupervision(ctx, sup); err != nil {
				sup = nil
				return err
			}
		}
		c.o.Supervision++
		c.data = c.data.add("level", strconv.Itoa(c.o.Supervision)).add("supervision", sup.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if keyed {
		// Another call with the same key may have stored its step first,
		// the step then answering as after that one: its supervision
		// order is the one issued, and ours, if made, is unreferenced.
		if got, err := s.issuedWithKey(ctx, st, a, id, key); got != nil {
			sup = got
		} else if sup == nil {
			return nil, err
		}
	}
	if sup == nil {
		return nil, fmt.Errorf("workorder: order %q: %s: the supervision order issued is not known: %w", id, StepSupervise, ErrOutcomeUnknown)
	}
	return sup, nil
}

// issuedWithKey returns the supervision order that the step stored with
// idempotency key key issued, when that step is a's issuing one on order
// id; nil and no error when the key is not stored; a *KeyReusedError
// when it belongs to another step.
func (s *Service) issuedWithKey(ctx context.Context, st SupervisionStore, a Actor, id, key string) (*Supervision, error) {
	r, err := s.store.RecordByKey(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %s: idempotency key %q: %w", id, StepSupervise, key, err)
	}
	supID, issued := r.Value("supervision")
	_, closing := r.Value("outcome")
	if r.OrderID != id || r.Step != StepSupervise || r.Actor.Role != a.Role || r.Actor.ID != a.ID || !issued || closing || supID == "" {
		return nil, &KeyReusedError{ID: id, Step: StepSupervise, Key: key}
	}
	sup, err := st.Supervision(ctx, supID)
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q: %s: supervision order %q of idempotency key %q: %w", id, StepSupervise, supID, key, err)
	}
	return sup, nil
}

// ExplainSupervision records unit a's written explanation on supervision
// order id. Only the supervised unit explains, once, while the order is
// open; a late explanation is kept and Supervision.Late tells it.
// Errors match ErrForbidden, ErrInvalidArgument (empty or too long text),
// ErrInvalidTransition (explained or closed already), ErrNotFound and
// ErrConflict.
func (s *Service) ExplainSupervision(ctx context.Context, a Actor, id, text string) (*Supervision, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: StepSupervise, Reason: why}
	}
	return s.changeSupervision(ctx, id, func(sup *Supervision) error {
		if a.Role != RoleUnit || a.ID != sup.Unit {
			return &ForbiddenError{ID: sup.Order, Actor: a, Step: StepSupervise, Reason: "only the supervised unit explains"}
		}
		if strings.TrimSpace(text) == "" {
			return fmt.Errorf("empty explanation: %w", ErrInvalidArgument)
		}
		if why := checkText(text, MaxTextLen); why != "" {
			return fmt.Errorf("explanation %s: %w", why, ErrInvalidArgument)
		}
		if !sup.Open() || !sup.Explained.IsZero() {
			return fmt.Errorf("explained or closed already: %w", ErrInvalidTransition)
		}
		sup.Explanation, sup.ExplainedBy, sup.Explained = text, a, s.now(nil)
		return nil
	})
}

// CloseSupervision closes supervision order id with outcome, decided by
// supervisor a for reason. A talk or a criticism is recorded against the
// supervised unit as a Sanction with who decided it and why. When the
// order is still open the decision is recorded in its audit trail too,
// as a supervise step by a with data supervision=…&outcome=… (the level
// is not raised). Errors match ErrForbidden, ErrInvalidArgument (no
// outcome or reason), ErrInvalidTransition (closed already),
// ErrNotFound and ErrConflict.
func (s *Service) CloseSupervision(ctx context.Context, a Actor, id string, outcome SupervisionOutcome, reason string) (*Supervision, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: StepSupervise, Reason: why}
	}
	if a.Role != RoleSupervisor {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: StepSupervise, Reason: "only a supervisor closes supervision orders"}
	}
	if outcome < OutcomeAccepted || outcome > OutcomeCriticism || strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("workorder: close supervision %q: want an outcome and a reason: %w", id, ErrInvalidArgument)
	}
	st, err := s.supervisionStore()
	if err != nil {
		return nil, err
	}
	sup, err := s.changeSupervision(ctx, id, func(sup *Supervision) error {
		if !sup.Open() {
			return fmt.Errorf("closed already: %w", ErrInvalidTransition)
		}
		sup.Outcome, sup.ClosedBy, sup.Closed, sup.Remark = outcome, a, s.now(nil), reason
		if outcome == OutcomeAccepted {
			return nil
		}
		kind := SanctionTalk
		if outcome == OutcomeCriticism {
			kind = SanctionCriticism
		}
		sn := &Sanction{ID: sup.ID + "/" + kind.String(), Kind: kind, Unit: sup.Unit, Order: sup.Order,
			Supervision: sup.ID, DecidedBy: a, Reason: reason, At: sup.Closed}
		if err := st.CreateSanction(ctx, sn); err != nil && !errors.Is(err, ErrConflict) {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	o, err := s.store.Get(ctx, sup.Order)
	if err == nil && o.State.Open() {
		_, err = s.step(ctx, a, sup.Order, StepSupervise, reason, func(c *change) error {
			c.data = c.data.add("level", strconv.Itoa(c.o.Supervision)).add("supervision", sup.ID).add("outcome", outcome.String())
			return nil
		})
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return sup, fmt.Errorf("workorder: close supervision %q: audit: %w", id, err)
	}
	return sup, nil
}

// changeSupervision applies f to supervision order id and stores it,
// trying again on a conflict.
func (s *Service) changeSupervision(ctx context.Context, id string, f func(*Supervision) error) (*Supervision, error) {
	st, err := s.supervisionStore()
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		sup, err := st.Supervision(ctx, id)
		if err == nil {
			err = f(sup)
		}
		if err == nil {
			sup.Version++
			err = st.UpdateSupervision(ctx, sup, sup.Version-1)
		}
		if err == nil {
			return sup, nil
		}
		if errors.Is(err, ErrConflict) && attempt < s.cfg.Retries {
			continue
		}
		return nil, fmt.Errorf("workorder: supervision %q: %w", id, err)
	}
}

// Supervisions returns the supervision orders f selects, in order of
// issue. Errors match ErrNoSupervisionStore.
func (s *Service) Supervisions(ctx context.Context, f SupervisionFilter) ([]Supervision, error) {
	st, err := s.supervisionStore()
	if err != nil {
		return nil, err
	}
	return st.Supervisions(ctx, f)
}

// Sanctions returns the talks and criticisms f selects, in order of
// decision. Errors match ErrNoSupervisionStore.
func (s *Service) Sanctions(ctx context.Context, f SanctionFilter) ([]Sanction, error) {
	st, err := s.supervisionStore()
	if err != nil {
		return nil, err
	}
	return st.Sanctions(ctx, f)
}
