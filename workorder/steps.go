package workorder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
)

// Accept creates an order from draft (受理): the centre or the system takes
// it in. The draft's ID is kept when set, else the IDGenerator names it;
// an empty urgency means normal; the phone is normalised (NormalizePhone).
// Lead, assisting units, counters, state and times are ignored. The draft
// must pass Validate and its category and urgency must have an sla policy;
// its classification Code, when set, must be in Config.Classes (else an
// error matching ErrInvalidOrder and classify.ErrUnknownCode).
// The new order is in StateReceived at version 1. Errors match
// ErrForbidden, ErrInvalidOrder, ErrConflict (the draft's ID exists),
// ErrInvalidArgument (a bad attachment, see WithAttachments) or wrap
// sla.ErrNoPolicy. AcceptWithCode also issues a query code. Accepting
// again with the same idempotency key (WithKey) returns the order the
// first call created, as for any step; an Accept that names no ID
// matches the key on any order.
func (s *Service) Accept(ctx context.Context, a Actor, draft *Order) (*Order, error) {
	return s.accept(ctx, a, draft, nil)
}

// accept is Accept; issue, when not nil, returns the digest of the query
// code it issues for the order's id, kept in the record as query=….
func (s *Service) accept(ctx context.Context, a Actor, draft *Order, issue func(id string) string) (*Order, error) {
	if draft == nil {
		return nil, fmt.Errorf("workorder: accept: nil draft: %w", ErrInvalidArgument)
	}
	o := &Order{
		ID: draft.ID, Channel: draft.Channel, Category: draft.Category, Urgency: draft.Urgency,
		Title: draft.Title, Text: draft.Text, Caller: draft.Caller, Location: draft.Location,
		Tags: slices.Clone(draft.Tags), Code: draft.Code,
	}
	if o.Urgency == "" {
		o.Urgency = hotline.UrgencyNormal
	}
	phoneOK := o.Caller.Phone == ""
	if !phoneOK {
		if p, err := NormalizePhone(o.Caller.Phone); err == nil {
			o.Caller.Phone, phoneOK = p, true
		}
	}
	if err := o.validate(!phoneOK); err != nil {
		return nil, err
	}
	if err := s.checkClass(o); err != nil {
		return nil, err
	}
	if err := permit(o, a, StepAccept); err != nil {
		return nil, err
	}
	if _, err := s.policy(o); err != nil {
		return nil, fmt.Errorf("workorder: accept: %w", err)
	}
	atts, err := attachmentsOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("workorder: accept: %w", err)
	}
	own := o.ID != ""
	k, err := keyOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("workorder: accept: %w", err)
	}
	for attempt := 0; ; attempt++ {
		c, err := s.prepare(o, a, StepAccept, "")
		if err != nil {
			return nil, err
		}
		if !own {
			o.ID = s.cfg.IDs.NewID(c.at)
			c.rec.OrderID = o.ID
		}
		c.rec.Key = k.key
		o.Created = c.at
		c.event(sla.EventReceived)
		if issue != nil {
			c.data = c.data.add("query", issue(o.ID))
		}
		c.data = addAttachments(c.data, atts)
		rs, err := s.finish(c)
		if err == nil {
			err = s.store.Create(ctx, o, c.recs[:])
		}
		if err == nil {
			s.stored(ctx, c, rs)
			return s.view(o, a), nil // the store keeps no reference to o
		}
		id := ""
		if own {
			id = o.ID
		}
		if o, done, err := s.settle(ctx, a, id, StepAccept, &k, err); done {
			return o, err
		}
		if (k.lose(err) || errors.Is(err, ErrConflict) && !own) && attempt < s.cfg.Retries {
			o.Version, o.State, o.Timeline, o.LastHash = 0, StateNew, o.Timeline[:0], [32]byte{}
			continue
		}
		if k.unsure {
			return nil, unknown(id, StepAccept, &k)
		}
		return nil, err
	}
}

// Assignment names the units of a dispatch. The zero value asks the
// Router for everything.
type Assignment struct {
	// Lead is the unit that handles the order. Empty asks the Router.
	Lead string
	// Assist lists assisting units for joint handling (联办), at most
	// MaxAssists. On a redispatch nil keeps the current ones and an empty
	// slice removes them.
	Assist []string
	Remark string
	// Leader names the lead unit's leader who is to lead the order
	// personally (领办, the town's 一把手领办), kept in the record as
	// leader=…; empty for none. Valid text of up to MaxPersonLen
	// characters, else ErrInvalidArgument.
	Leader string
}

// Dispatch sends a received order to its lead unit and any assisting units
// (派单). With no lead named, the service's Router chooses, asked again
// when the step is retried; its reason becomes the remark when the
// assignment has none, and must be valid text of up to MaxTextLen
// characters (else ErrInvalidArgument). Only the centre dispatches.
func (s *Service) Dispatch(ctx context.Context, a Actor, id string, as Assignment) (*Order, error) {
	return s.assign(ctx, a, id, StepDispatch, as)
}

// Redispatch sends the order to another lead (改派): after a return, or
// when the centre moves an order being handled. After Config.MaxReturns
// returns it fails with ErrReturnLimit: the centre must Designate the
// fallback unit.
func (s *Service) Redispatch(ctx context.Context, a Actor, id string, as Assignment) (*Order, error) {
	return s.assign(ctx, a, id, StepRedispatch, as)
}

// Designate sends the order to the fallback unit (兜底), which must handle
// it and cannot return it. unit "" means the fallback unit of Config.Units;
// without one it fails with ErrInvalidArgument. Assisting units are kept.
func (s *Service) Designate(ctx context.Context, a Actor, id, unit, remark string) (*Order, error) {
	if unit == "" {
		unit = s.cfg.Units.Fallback()
	}
	if unit == "" {
		return nil, fmt.Errorf("workorder: order %q: designate: no unit named and no fallback unit in Config.Units: %w", id, ErrInvalidArgument)
	}
	return s.assign(ctx, a, id, StepDesignate, Assignment{Lead: unit, Remark: remark})
}

func (s *Service) assign(ctx context.Context, a Actor, id string, step Step, as Assignment) (*Order, error) {
	return s.step(ctx, a, id, step, as.Remark, func(c *change) error {
		o := c.o
		if step == StepRedispatch && o.State == StateReturned && o.Returns >= s.cfg.MaxReturns {
			return fmt.Errorf("%d returns: %w", o.Returns, ErrReturnLimit)
		}
		as := as // a retried step asks the router again
		var routed *Routing
		if as.Lead == "" {
			if s.cfg.Router == nil {
				return ErrNoRouter
			}
			d, err := s.cfg.Router.Route(ctx, &routing.Request{
				ID: o.ID, Category: hotline.Category(o.Category), Urgency: hotline.Urgency(o.Urgency), Text: o.Text,
				Region: o.Location.Region, Address: o.Location.Address, Tags: o.Tags, At: o.Created.In(s.loc), Code: string(o.Code),
			})
			if err != nil {
				return fmt.Errorf("route: %w", err)
			}
			if d.Lead == "" {
				return fmt.Errorf("route: no lead unit: %w", ErrInvalidArgument)
			}
			if err := checkText(d.Reason, MaxTextLen); err != "" {
				return fmt.Errorf("route: reason %s: %w", err, ErrInvalidArgument)
			}
			as.Lead = d.Lead
			if as.Assist == nil {
				as.Assist = d.Assist
			}
			if c.rec.Remark == "" {
				c.rec.Remark = d.Reason
			}
			routed = newRouting(&d)
		}
		if err := checkUnit(as.Lead); err != "" {
			return fmt.Errorf("lead %q: %s: %w", as.Lead, err, ErrInvalidArgument)
		}
		if err := s.known(as.Lead); err != nil {
			return fmt.Errorf("lead: %w", err)
		}
		if len(as.Assist) > MaxAssists {
			return fmt.Errorf("%d assisting units, more than %d: %w", len(as.Assist), MaxAssists, ErrInvalidArgument)
		}
		for i, u := range as.Assist {
			if err := checkUnit(u); err != "" {
				return fmt.Errorf("assist %q: %s: %w", u, err, ErrInvalidArgument)
			}
			if u == as.Lead {
				return fmt.Errorf("assist %q is the lead: %w", u, ErrInvalidArgument)
			}
			for _, v := range as.Assist[:i] {
				if u == v {
					return fmt.Errorf("assist %q given twice: %w", u, ErrInvalidArgument)
				}
			}
			if o.assist(u) < 0 { // a unit added now
				if err := s.known(u); err != nil {
					return fmt.Errorf("assist: %w", err)
				}
			}
		}
		o.Lead, o.Fallback = as.Lead, step == StepDesignate
		if step == StepDispatch || as.Assist != nil {
			kept := make([]Assist, 0, len(as.Assist))
			for _, u := range as.Assist {
				if i := o.assist(u); i >= 0 {
					kept = append(kept, o.Assists[i])
				} else {
					kept = append(kept, Assist{Unit: u, Since: c.at})
				}
			}
			if len(kept) == 0 {
				kept = nil
			}
			o.Assists = kept
		} else if i := o.assist(o.Lead); i >= 0 {
			// The new lead no longer assists.
			o.Assists = append(o.Assists[:i:i], o.Assists[i+1:]...)
		}
		c.data = c.data.add("lead", o.Lead)
		if err := addLeader(c, as.Leader); err != nil {
			return err
		}
		if len(o.Assists) > 0 {
			units := make([]string, len(o.Assists))
			for i := range o.Assists {
				units[i] = o.Assists[i].Unit
			}
			c.data = c.data.add("assist", strings.Join(units, ","))
		}
		if routed != nil {
			o.Routing = routed
			c.data = routed.appendData(c.data, c.rec.Remark)
		}
		c.event(sla.EventDispatched)
		return nil
	})
}

// known checks unit u against Config.Units, when set: it returns an error
// matching the directory's (unit.ErrUnknown, unit.ErrInactive) and
// ErrInvalidArgument, or nil.
func (s *Service) known(u string) error {
	if s.cfg.Units == nil {
		return nil
	}
	if err := s.cfg.Units.Check(u); err != nil {
		return fmt.Errorf("%w: %w", err, ErrInvalidArgument)
	}
	return nil
}

// Sign records that the lead unit has taken the order on (签收).
func (s *Service) Sign(ctx context.Context, a Actor, id string) (*Order, error) {
	return s.step(ctx, a, id, StepSign, "", func(c *change) error {
		c.event(sla.EventSigned)
		return nil
	})
}

// ReturnRequest is why a lead unit returns an order (退单): a coded reason
// of Config.Reasons (classify.ReasonReturn, such as "not_our_duty") and an
// explanation in free text, required when the reason needs one (as
// "other" does). The zero value has no code and is refused.
type ReturnRequest struct {
	Code string
	Text string
}

// Return sends a wrongly dispatched order back to the centre (退单), with
// a coded reason, while the policy's return window is open. By default it
// is an application (StepRequestReturn): the order waits in
// StateReturnRequested (or StateReturnRequestedSigned when the unit had
// signed) for the centre to ApproveReturn or RefuseReturn, and the unit's
// sla clocks keep running. With Config.InstantReturn it takes effect at
// once (StepReturn): the order is returned and Returns counts it. The
// code goes into the record's data as reason=…, the text is the record's
// remark. It fails with ErrInvalidArgument wrapping classify.ErrUnknownReason
// or classify.ErrTextRequired, ErrReturnWindowClosed after the window,
// ErrReturnLimit once the order has been returned Config.MaxReturns
// times, and ErrForbidden for the fallback unit.
func (s *Service) Return(ctx context.Context, a Actor, id string, req ReturnRequest) (*Order, error) {
	step := StepRequestReturn
	if s.cfg.InstantReturn {
		step = StepReturn
	}
	return s.step(ctx, a, id, step, req.Text, func(c *change) error {
		o := c.o
		if err := s.cfg.Reasons.CheckText(classify.ReasonReturn, req.Code, req.Text); err != nil {
			return fmt.Errorf("%w: %w", err, ErrInvalidArgument)
		}
		if o.Returns >= s.cfg.MaxReturns {
			return fmt.Errorf("%d returns: %w", o.Returns, ErrReturnLimit)
		}
		p, err := s.policy(o)
		if err != nil {
			return err
		}
		open, closes, err := sla.WindowOpen(p, s.cal, o.Timeline, s.cfg.ReturnWindow, c.at)
		switch {
		case s.cfg.ReturnWindow == NoTarget, errors.Is(err, sla.ErrUnknownTarget):
		case err != nil:
			return err
		case !open:
			return fmt.Errorf("closed at %s: %w", i18n.FormatDeadline(closes.In(s.loc), language.English), ErrReturnWindowClosed)
		}
		c.data = c.data.add("reason", req.Code)
		if step == StepReturn {
			returned(c)
		} else {
			c.data = c.data.add("lead", o.Lead)
		}
		return nil
	})
}

// returned makes the order's return take effect: counted, recorded with
// the lead and the count, and on the sla timeline.
func returned(c *change) {
	c.o.Returns++
	c.data = c.data.add("lead", c.o.Lead).add("returns", strconv.Itoa(c.o.Returns))
	c.event(sla.EventReturned)
}

// ApproveReturn grants the lead's return application (退单审核通过): the
// order is returned, as an instant return would have left it, and waits
// for the centre to Redispatch or Designate. Returns counts it; the
// return's sla event is at the approval.
func (s *Service) ApproveReturn(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.step(ctx, a, id, StepApproveReturn, remark, func(c *change) error {
		returned(c)
		return nil
	})
}

// RefuseReturn turns the lead's return application down (退单审核不通过),
// with a reason: the order goes back to the same unit, signed or not as
// it was, and its sla clocks, which never stopped, run on. The refusal is
// counted against the unit as an improper return (ImproperReturns, 不当退单).
func (s *Service) RefuseReturn(ctx context.Context, a Actor, id, reason string) (*Order, error) {
	return s.step(ctx, a, id, StepRefuseReturn, reason, func(c *change) error {
		if err := needText("reason", reason); err != nil {
			return err
		}
		c.o.ImproperReturns++
		c.data = c.data.add("lead", c.o.Lead).add("improper_returns", strconv.Itoa(c.o.ImproperReturns))
		return nil
	})
}

// ExtensionRequest is a lead unit's request for more time (延期). The zero
// value has no amount or reason and is refused.
type ExtensionRequest struct {
	// Target is the sla target to extend; "" means Config.ExtendTarget.
	// NoTarget is refused.
	Target string
	// Amount is in the target's unit: working days for a working-days
	// clock, a duration otherwise.
	Amount sla.Amount
	Reason string
}

// RequestExtension records the lead unit's request for more time. It fails
// with ErrExtensionPending while another request waits and, when the
// policy would not allow it, with ErrExtensionRefused wrapping the sla
// error (such as sla.ErrExtensionLimit).
func (s *Service) RequestExtension(ctx context.Context, a Actor, id string, req ExtensionRequest) (*Order, error) {
	return s.step(ctx, a, id, StepRequestExtension, req.Reason, func(c *change) error {
		o := c.o
		if o.Pending != nil {
			return ErrExtensionPending
		}
		if err := needText("reason", req.Reason); err != nil {
			return err
		}
		if req.Target == "" {
			req.Target = s.cfg.ExtendTarget
		}
		if req.Target == NoTarget {
			return fmt.Errorf("no target named: %w", ErrInvalidArgument)
		}
		if err := s.checkExtension(o, req.Target, req.Amount, c); err != nil {
			return err
		}
		o.Pending = &Extension{Target: req.Target, Amount: req.Amount, Reason: req.Reason, At: c.at}
		c.data = c.data.add("target", req.Target).add("amount", req.Amount.String())
		return nil
	})
}

func (s *Service) checkExtension(o *Order, target string, amount sla.Amount, c *change) error {
	p, err := s.policy(o)
	if err != nil {
		return err
	}
	if err := sla.CheckExtension(p, o.Timeline, target, amount, c.at); err != nil {
		return fmt.Errorf("%w: %w", ErrExtensionRefused, err)
	}
	return nil
}

// ApproveExtension grants the pending request (批准延期): the target's
// deadline moves by its amount. It fails with ErrNoExtensionPending, or
// with ErrExtensionRefused when the policy's limits no longer allow it.
func (s *Service) ApproveExtension(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.step(ctx, a, id, StepApproveExtension, remark, func(c *change) error {
		o := c.o
		p := o.Pending
		if p == nil {
			return ErrNoExtensionPending
		}
		if err := s.checkExtension(o, p.Target, p.Amount, c); err != nil {
			return err
		}
		o.Timeline = append(o.Timeline, sla.Event{Kind: sla.EventExtended, At: c.at, Target: p.Target, Amount: p.Amount})
		c.timeline = true
		o.Extensions++
		o.Pending = nil
		c.data = c.data.add("target", p.Target).add("amount", p.Amount.String())
		return nil
	})
}

// RefuseExtension turns the pending request down (驳回延期), with a reason.
func (s *Service) RefuseExtension(ctx context.Context, a Actor, id, reason string) (*Order, error) {
	return s.step(ctx, a, id, StepRefuseExtension, reason, func(c *change) error {
		if c.o.Pending == nil {
			return ErrNoExtensionPending
		}
		if err := needText("reason", reason); err != nil {
			return err
		}
		c.o.Pending = nil
		return nil
	})
}

// Suspend pauses handling (挂起), with a reason; targets whose policy says
// so stop their clocks. The lead unit or the centre may suspend.
func (s *Service) Suspend(ctx context.Context, a Actor, id, reason string) (*Order, error) {
	return s.step(ctx, a, id, StepSuspend, reason, func(c *change) error {
		if err := needText("reason", reason); err != nil {
			return err
		}
		c.event(sla.EventSuspended)
		return nil
	})
}

// Resume ends a suspension (恢复). The lead unit, the centre or the system
// (a timer) may resume.
func (s *Service) Resume(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.step(ctx, a, id, StepResume, remark, func(c *change) error {
		c.event(sla.EventResumed)
		return nil
	})
}

// Contact records that the lead unit reached the caller, an emergency
// milestone (联系). It can be recorded once; again fails with
// ErrAlreadyDone.
func (s *Service) Contact(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.milestone(ctx, a, id, StepContact, sla.EventContacted, remark)
}

// Arrive records that the lead unit arrived on site (到场), once.
func (s *Service) Arrive(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.milestone(ctx, a, id, StepArrive, sla.EventArrived, remark)
}

func (s *Service) milestone(ctx context.Context, a Actor, id string, step Step, k sla.EventKind, remark string) (*Order, error) {
	return s.step(ctx, a, id, step, remark, func(c *change) error {
		for _, e := range c.o.Timeline {
			if e.Kind == k {
				return fmt.Errorf("%s at %s: %w", k, e.At.In(s.loc).Format("2006-01-02 15:04"), ErrAlreadyDone)
			}
		}
		c.event(k)
		return nil
	})
}

// SubmitOpinion records an assisting unit's opinion (协办意见); only the
// order's assisting units may, once each.
func (s *Service) SubmitOpinion(ctx context.Context, a Actor, id, opinion string) (*Order, error) {
	return s.step(ctx, a, id, StepSubmitOpinion, "", func(c *change) error {
		if err := needText("opinion", opinion); err != nil {
			return err
		}
		as := &c.o.Assists[c.o.assist(a.ID)]
		if as.Status != AssistPending {
			return fmt.Errorf("opinion of %s %s: %w", as.Unit, as.Status, ErrAlreadyDone)
		}
		as.Status, as.Opinion, as.At = AssistSubmitted, opinion, c.at
		c.timeline = true // the unit's own target is met
		c.data = c.data.add("unit", as.Unit).add("opinion", opinion)
		return nil
	})
}

// WaiveOpinion lets the lead reply without the named assisting unit's
// opinion (免协办意见); the centre gives the reason, which is recorded.
func (s *Service) WaiveOpinion(ctx context.Context, a Actor, id, unit, reason string) (*Order, error) {
	return s.step(ctx, a, id, StepWaiveOpinion, reason, func(c *change) error {
		if err := needText("reason", reason); err != nil {
			return err
		}
		i := c.o.assist(unit)
		if i < 0 {
			return fmt.Errorf("%q is not an assisting unit: %w", unit, ErrInvalidArgument)
		}
		as := &c.o.Assists[i]
		if as.Status != AssistPending {
			return fmt.Errorf("opinion of %s %s: %w", as.Unit, as.Status, ErrAlreadyDone)
		}
		as.Status, as.Opinion, as.At = AssistWaived, reason, c.at
		c.timeline = true
		c.data = c.data.add("unit", unit)
		return nil
	})
}

// Reply records the lead unit's answer (回复). It fails with
// ErrOpinionsPending while an assisting unit has neither submitted its
// opinion nor been waived.
func (s *Service) Reply(ctx context.Context, a Actor, id, reply string) (*Order, error) {
	return s.step(ctx, a, id, StepReply, "", func(c *change) error {
		if err := needText("reply", reply); err != nil {
			return err
		}
		var pending []string
		for _, as := range c.o.Assists {
			if as.Status == AssistPending {
				pending = append(pending, as.Unit)
			}
		}
		if len(pending) > 0 {
			return fmt.Errorf("%s: %w", strings.Join(pending, ", "), ErrOpinionsPending)
		}
		c.o.Reply = reply
		c.data = c.data.add("reply", reply)
		c.event(sla.EventFinished)
		return nil
	})
}

// ApproveReply accepts the lead's reply (审核通过).
func (s *Service) ApproveReply(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.step(ctx, a, id, StepApproveReply, remark, nil)
}

// RejectReply sends the reply back to the lead for more handling (审核退回),
// with a reason. The reply is cleared. The sla finish target stays met by
// the first reply.
func (s *Service) RejectReply(ctx context.Context, a Actor, id, reason string) (*Order, error) {
	return s.step(ctx, a, id, StepRejectReply, reason, func(c *change) error {
		if err := needText("reason", reason); err != nil {
			return err
		}
		c.o.Reply = ""
		return nil
	})
}

// Callback records the centre's call to the caller (回访) and the verdict,
// with no answer on resolution; see CallbackWith.
func (s *Service) Callback(ctx context.Context, a Actor, id string, verdict hotline.Satisfaction, remark string) (*Order, error) {
	return s.CallbackWith(ctx, a, id, CallbackAnswer{Satisfaction: verdict, Remark: remark})
}

// CallbackAnswer is what the centre records at the callback. The zero
// value has no verdict and is refused.
type CallbackAnswer struct {
	// Satisfaction is the caller's verdict; required.
	Satisfaction hotline.Satisfaction
	// Resolution is the caller's answer to whether the matter was resolved
	// (是否解决); zero when not asked. An unreachable caller gives none.
	Resolution hotline.Resolution
	Remark     string
}

// CallbackWith records the centre's call to the caller (回访): the verdict
// and, when asked, whether the matter was resolved. Both go on the order
// (Satisfaction, Resolution) and into the record's data as satisfaction=…
// and resolution=… (left out when zero). It fails with ErrInvalidArgument
// for an unknown verdict or answer, or an answer from an unreachable
// caller.
func (s *Service) CallbackWith(ctx context.Context, a Actor, id string, ans CallbackAnswer) (*Order, error) {
	return s.step(ctx, a, id, StepCallback, ans.Remark, func(c *change) error {
		if !ans.Satisfaction.Valid() {
			return fmt.Errorf("satisfaction %s: %w", ans.Satisfaction, ErrInvalidArgument)
		}
		if ans.Resolution != 0 && !ans.Resolution.Valid() {
			return fmt.Errorf("resolution %s: %w", ans.Resolution, ErrInvalidArgument)
		}
		if ans.Resolution != 0 && ans.Satisfaction == hotline.Unreachable {
			return fmt.Errorf("resolution %s from an unreachable caller: %w", ans.Resolution, ErrInvalidArgument)
		}
		c.o.Satisfaction, c.o.Resolution = ans.Satisfaction, ans.Resolution
		c.data = c.data.add("satisfaction", ans.Satisfaction.String())
		if ans.Resolution != 0 {
			c.data = c.data.add("resolution", ans.Resolution.String())
		}
		c.event(sla.EventReplied)
		return nil
	})
}

// Close closes a called-back order (办结) and then every order merged into
// it, as the system, each receiving this order's reply, verdict and
// resolution. When some merged orders cannot be closed, Close still
// returns the closed master, with a *ChildrenError naming those that stay
// open; calling Close on the master again closes them (the remark is
// unused then). Closing a closed order with none left open fails with
// ErrInvalidTransition.
func (s *Service) Close(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	o, err := s.step(ctx, a, id, StepClose, remark, func(c *change) error {
		if c.o.State == StateMerged {
			return s.checkMasterClosed(ctx, c.o)
		}
		c.event(sla.EventClosed)
		return nil
	})
	var te *TransitionError
	if errors.As(err, &te) && te.State == StateClosed {
		return s.closeChildrenAgain(ctx, a, id, err)
	}
	// A merged order closed with its master closes the orders merged
	// into it in turn.
	if err != nil || o.State != StateClosed {
		return o, err
	}
	if _, err := s.closeChildren(ctx, id); err != nil {
		return o, err
	}
	return o, nil
}

// closeChildrenAgain closes the orders still merged into the closed order
// id, for a, whom Close refused with err only because the order is closed.
// It returns err when none is left.
func (s *Service) closeChildrenAgain(ctx context.Context, a Actor, id string, err error) (*Order, error) {
	m, gerr := s.store.Get(ctx, id)
	if gerr != nil || m.State != StateClosed {
		return nil, err
	}
	n, cerr := s.closeChildren(ctx, id)
	if n == 0 && cerr == nil {
		return nil, err
	}
	return s.view(m, a), cerr
}

// checkMasterClosed lets the system close a merged order once its master
// is closed, copying the master's reply, verdict and resolution.
func (s *Service) checkMasterClosed(ctx context.Context, o *Order) error {
	m, err := s.store.Get(ctx, o.MergedInto)
	if err != nil {
		return fmt.Errorf("master %q: %w", o.MergedInto, err)
	}
	if m.State != StateClosed {
		return fmt.Errorf("master %q is %s: %w", m.ID, m.State, ErrBadMaster)
	}
	o.Reply, o.Satisfaction, o.Resolution = m.Reply, m.Satisfaction, m.Resolution
	return nil
}

// closeChildren closes the orders merged into the closed order id and
// returns how many it found. Its error is a *ChildrenError.
func (s *Service) closeChildren(ctx context.Context, id string) (int, error) {
	kids, err := s.store.List(ctx, Filter{State: StateMerged, MergedInto: id})
	if err != nil {
		return 0, &ChildrenError{ID: id, Errs: []error{err}}
	}
	var ce *ChildrenError
	for _, k := range kids {
		if _, err := s.closeMerged(withoutKey(ctx), k.ID, id); err != nil {
			if ce == nil {
				ce = &ChildrenError{ID: id}
			}
			ce.Open = append(ce.Open, k.ID)
			ce.Errs = append(ce.Errs, err)
		}
	}
	if ce != nil {
		return len(kids), ce
	}
	return len(kids), nil
}

// closeMerged closes order id, merged into the closed order master, as
// the system. When that fails because the order is closed already (the
// master's Close got there first), it returns the closed order.
func (s *Service) closeMerged(ctx context.Context, id, master string) (*Order, error) {
	// The system's own step: not the caller's key, nor its attachments.
	o, err := s.Close(withoutKey(withoutAttachments(ctx)), System(), id, "closed with master "+master)
	if err != nil {
		if k, gerr := s.store.Get(ctx, id); gerr == nil && k.State == StateClosed {
			return s.view(k, System()), nil
		}
	}
	return o, err
}

// Reopen sends a dissatisfied order back to its lead for handling again
// (重办), with a reason. Reply, verdict and resolution are cleared, the
// finish target restarts, and the reopening is counted. It fails with
// ErrNotDissatisfied unless the callback's verdict was Dissatisfied or
// VeryDissatisfied.
//
// A closed order may be reopened so too, whatever its verdict, within
// Config.ReopenWindow after closing; the record's data then holds
// closed=<instant of closing, RFC 3339>. Outside the window, or with
// none configured, it fails with ErrReopenWindowClosed; an order closed
// with its master (merged) cannot be reopened itself (ErrInvalidArgument),
// and the orders merged into a reopened master stay closed.
func (s *Service) Reopen(ctx context.Context, a Actor, id, reason string) (*Order, error) {
	return s.step(ctx, a, id, StepReopen, reason, func(c *change) error {
		o := c.o
		if err := reopenable(o); err != nil {
			return err
		}
		if o.State == StateClosed {
			if err := s.reopenClosed(c); err != nil {
				return err
			}
		} else if o.Satisfaction != hotline.Dissatisfied && o.Satisfaction != hotline.VeryDissatisfied {
			return fmt.Errorf("verdict %s: %w", o.Satisfaction, ErrNotDissatisfied)
		}
		if err := needText("reason", reason); err != nil {
			return err
		}
		o.Reopenings++
		o.Reply, o.Satisfaction, o.Resolution = "", 0, 0
		c.data = c.data.add("reopenings", strconv.Itoa(o.Reopenings))
		c.event(sla.EventReopened)
		return nil
	})
}

// Urge presses the handling unit (催办); the count shows on the order.
func (s *Service) Urge(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.step(ctx, a, id, StepUrge, remark, func(c *change) error {
		urge(c)
		return nil
	})
}

// urge counts an urge on the order and records the count.
func urge(c *change) {
	c.o.Urges++
	c.data = c.data.add("urges", strconv.Itoa(c.o.Urges))
}

// Supervise puts the order under supervision (督办), raising its level by
// one each time; the level shows on the order.
func (s *Service) Supervise(ctx context.Context, a Actor, id, remark string) (*Order, error) {
	return s.step(ctx, a, id, StepSupervise, remark, func(c *change) error {
		c.o.Supervision++
		c.data = c.data.add("level", strconv.Itoa(c.o.Supervision))
		return nil
	})
}

// Merge folds a repeated order into a master (并单): it leaves the
// lifecycle until the master is closed, and is then closed with it. The
// master must exist, be open, not be merged itself and differ from id;
// else ErrBadMaster.
func (s *Service) Merge(ctx context.Context, a Actor, id, master, remark string) (*Order, error) {
	o, err := s.step(ctx, a, id, StepMerge, remark, func(c *change) error {
		if master == c.o.ID {
			return fmt.Errorf("master is the order itself: %w", ErrBadMaster)
		}
		m, err := s.store.Get(ctx, master)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("master %q: %w: %w", master, ErrBadMaster, err)
		}
		if err != nil {
			return err
		}
		if !m.State.Open() {
			return fmt.Errorf("master %q is %s: %w", master, m.State, ErrBadMaster)
		}
		c.o.MergedInto = master
		c.data = c.data.add("master", master)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The master may have closed between the check and the merge.
	if m, err := s.store.Get(ctx, master); err == nil && m.State == StateClosed {
		return s.closeMerged(withoutKey(ctx), id, master)
	}
	if m, err := s.store.Get(ctx, master); err == nil && m.State == StateTransferred {
		return s.transferMerged(ctx, id, master)
	}
	return o, nil
}
