package workorder

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/sla"
)

// AssessmentRecords turns order o and its audit trail into the records
// package assess computes its figures from, as of instant at (records of
// the trail after at are ignored, and o's deadlines are evaluated at at as
// by Deadlines). o and trail are not changed.
//
// Each dispatch, redispatch and designation gives one record, for the lead
// unit it went to, received at that step. A later dispatch ends the
// record: that unit is judged on what it did while it held the order.
//
//   - SignDue is the sign deadline that dispatch set (sla.TargetSign of
//     the policy the order had with that unit, evaluated on the timeline
//     up to it); zero without a
//     sign target, and when the unit returned the order unsigned (an
//     instant return, or an approved application): it answered the
//     dispatch, so it is left out of the response rate.
//
//   - Signed, Returns, Reopenings: the unit's own sign, returns and the
//     reopenings (重办) while it held the order. Returns counts the
//     returns it made, instant or applied for (StepReturn,
//     StepRequestReturn); ImproperReturns those of its applications the
//     centre refused (StepRefuseReturn). A refused application leaves
//     SignDue as it was: the unit still had to sign.
//
//   - Supervisions, Talks and Criticisms: the supervision orders issued
//     while the unit held the order (the ladder's or a supervisor's) and
//     those of them closed with a talk or a public criticism.
//
//   - The rating is the callback's verdict and answer (a callback that did
//     not reach the caller, or one followed by a reopening, leaves the
//     record unrated); Rated is when it was given.
//
//   - Due, Extensions and Closed are set on the last record only, from the
//     policy's sla.TargetFinish at at: its deadline after extensions and
//     suspensions, and when it was met (the reply, 办结); Extensions counts
//     every extension of that target granted on the order. A unit handed
//     the order after that deadline had no time it could have met: it gets
//     no Due. A cancelled order (撤单) was no unit's to finish, nor one
//     transferred to another body (转办) after a unit returned it, nor one
//     merged into another order (its master's records count the work):
//     they get no Due and no Closed. Records without Due are left out of the on-time,
//     extension and overdue figures. A policy without a finish target gives
//     no Due and no Closed.
//
// Each record carries the order's category and classification code, so
// that assess.Assessor.ComputeBy can group by either.
//
//   - Person and Post are those of the lead unit's last step naming a
//     person while it held the order (经办人, Record.Person); Leader the
//     leader the dispatch named or the last step of the unit's leader
//     (领办, Record.Leader).
//
//   - An exemption (StepExempt) of the verdict marks the record holding
//     the standing verdict assess.ExemptVerdict, until a later callback or
//     reopening; one of the order marks every record of the order
//     assess.ExemptOrder. ExemptReason is the exemption's reason code.
//
// Assisting units get no records. An order never dispatched gives none:
// one the centre answered directly (直接答复) or transferred at intake
// counts in the centre's figures instead (IntakeRecord).
// Errors wrap sla.ErrNoPolicy when no policy matches o, and
// ErrInvalidArgument for a nil order or a trail that does not fit it: a
// record of another order, a dispatch without a lead, a step of a unit
// before any dispatch, or an unknown verdict.
func (s *Service) AssessmentRecords(o *Order, trail []Record, at time.Time) ([]assess.Record, error) {
	if o == nil {
		return nil, fmt.Errorf("workorder: assessment records: nil order: %w", ErrInvalidArgument)
	}
	wrap := func(err error) error { return fmt.Errorf("workorder: assessment records of order %q: %w", o.ID, err) }
	bad := func(r *Record, reason string) error {
		return wrap(fmt.Errorf("record %d (%s): %s: %w", r.Seq, r.Step, reason, ErrInvalidArgument))
	}
	p, err := s.policy(o)
	if err != nil {
		return nil, wrap(err)
	}
	var out []assess.Record
	var sv supervisionTally
	dispatches, extensions, cancelled, answered := 0, 0, false, false
	orderExempt := "" // the reason of an exemption of the whole order
	for i := range trail {
		r := &trail[i]
		if r.OrderID != o.ID {
			return nil, bad(r, "belongs to order "+strconv.Quote(r.OrderID))
		}
		if r.At.After(at) {
			break
		}
		var cur *assess.Record
		if n := len(out); n > 0 {
			cur = &out[n-1]
		}
		switch r.Step {
		case StepDispatch, StepRedispatch, StepDesignate:
			unit, _ := r.Value("lead")
			if unit == "" {
				return nil, bad(r, "no lead unit")
			}
			dispatches++
			// The sign deadline of the policy the order had under this
			// unit, which may be the unit's own.
			up, err := s.policies.lookupUnit(o, unit)
			if err != nil {
				return nil, wrap(err)
			}
			signDue, err := s.signDue(up.p, o.Timeline, dispatches)
			if err != nil {
				return nil, wrap(err)
			}
			out = append(out, assess.Record{
				OrderID: o.ID, Unit: unit, Category: string(o.Category), Code: string(o.Code), Emergency: o.Urgency == hotline.UrgencyEmergency,
				Received: r.At, SignDue: signDue,
			})
			cur = &out[len(out)-1]
		case StepSign, StepReturn, StepRequestReturn, StepApproveReturn, StepRefuseReturn, StepCallback, StepReopen:
			if cur == nil && r.Step == StepCallback && answered {
				continue // the centre's own answer: no unit to rate
			}
			if cur == nil {
				return nil, bad(r, "before any dispatch")
			}
			if err := takeStep(cur, r); err != nil {
				return nil, bad(r, err.Error())
			}
		case StepSupervise:
			// Counted against the unit each supervision order was issued
			// to, whoever holds the order when it is decided.
			sv.count(out, r)
		case StepApproveExtension:
			if target, _ := r.Value("target"); target == sla.TargetFinish {
				extensions++
			}
		case StepCancel, StepTransfer, StepMerge:
			// A merged order is handled, and counted, as its master.
			cancelled = true
		case StepAnswer:
			answered = true
		case StepExempt:
			if cur == nil && answered {
				continue // the centre's own answer: no unit's record to exempt
			}
			if cur == nil {
				return nil, bad(r, "before any dispatch")
			}
			exemptRecord(cur, r, &orderExempt)
		}
		if cur != nil {
			takePerson(cur, r)
		}
	}
	if orderExempt != "" {
		for i := range out {
			out[i].Exempt, out[i].ExemptReason = assess.ExemptOrder, orderExempt
		}
	}
	if len(out) == 0 || cancelled {
		return out, nil
	}
	rs, err := sla.Evaluate(p, s.cal, o.Timeline, at)
	if err != nil {
		return nil, wrap(err)
	}
	last := &out[len(out)-1]
	for _, f := range rs {
		if f.Name != sla.TargetFinish || !f.Started {
			continue
		}
		if !f.Due.Before(last.Received) {
			last.Due, last.Extensions = f.Due, extensions
		}
		if f.Met && !f.MetAt.Before(last.Received) {
			last.Closed = f.MetAt
		}
	}
	return out, nil
}

// takeStep adds a sign, return, callback or reopening to the record of the
// unit holding the order.
func takeStep(cur *assess.Record, r *Record) error {
	switch r.Step {
	case StepSign:
		cur.Signed = r.At
	case StepReturn, StepRequestReturn:
		cur.Returns++
		if r.Step == StepReturn && cur.Signed.IsZero() {
			cur.SignDue = time.Time{}
		}
	case StepApproveReturn:
		if cur.Signed.IsZero() {
			cur.SignDue = time.Time{}
		}
	case StepRefuseReturn:
		cur.ImproperReturns++
	case StepCallback:
		v, _ := r.Value("satisfaction")
		verdict, err := hotline.ParseSatisfaction(v)
		if err != nil {
			return err
		}
		cur.Satisfaction, cur.Resolution, cur.Rated = hotline.Unrated, hotline.Unanswered, time.Time{}
		dropVerdictExemption(cur)
		if !verdict.Answered() { // an unreachable caller is not rated
			return nil
		}
		cur.Satisfaction, cur.Rated = verdict, r.At
		if v, ok := r.Value("resolution"); ok {
			answer, err := hotline.ParseResolution(v)
			if err != nil {
				return err
			}
			cur.Resolution = answer
		}
	case StepReopen:
		// The verdict that reopened the order no longer stands.
		cur.Reopenings++
		cur.Satisfaction, cur.Resolution, cur.Rated = hotline.Unrated, hotline.Unanswered, time.Time{}
		dropVerdictExemption(cur)
	}
	return nil
}

// signDue returns the sign deadline set by the n-th dispatch on tl: the
// sign target of p evaluated on tl up to that dispatch, at its instant.
// It is zero when p has no sign target.
func (s *Service) signDue(p *sla.Policy, tl sla.Timeline, n int) (time.Time, error) {
	if p.Target(sla.TargetSign) == nil {
		return time.Time{}, nil
	}
	seen := 0
	for i, e := range tl {
		if e.Kind != sla.EventDispatched {
			continue
		}
		if seen++; seen < n {
			continue
		}
		rs, err := sla.Evaluate(p, s.cal, tl[:i+1], e.At)
		if err != nil {
			return time.Time{}, err
		}
		for _, r := range rs {
			if r.Name == sla.TargetSign {
				return r.Due, nil
			}
		}
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("dispatch %d not on the timeline: %w", n, ErrInvalidArgument)
}

// Assessment reads the orders that may count in period p from the store
// and returns their records for package assess (see AssessmentRecords),
// as of the service clock's current instant, with the period to compute
// them for: p itself, or p cut at that instant when p runs past it, so
// that an order not yet due is never counted late. Pass both to
// assess.Assessor.Compute:
//
//	recs, p, err := svc.Assessment(ctx, assess.Month(2025, time.May, loc))
//	rep, err := assessor.Compute(recs, p)
//
// Orders received at or after p.To, and orders closed, cancelled or
// transferred before p.From, are skipped. Every other order and its audit trail is read once;
// no actor is checked, so callers decide who may see the figures. Times are
// in the calendar's zone. Errors wrap assess.ErrInvalidPeriod for an
// invalid p or one that starts after the current instant, the store's
// errors, or those of AssessmentRecords.
func (s *Service) Assessment(ctx context.Context, p assess.Period) ([]assess.Record, assess.Period, error) {
	if err := p.Validate(); err != nil {
		return nil, p, fmt.Errorf("workorder: assessment: %w", err)
	}
	now := s.now(nil)
	if now.Before(p.To) {
		p.To = now
		if err := p.Validate(); err != nil {
			return nil, p, fmt.Errorf("workorder: assessment: the period starts after now: %w", err)
		}
	}
	orders, err := s.store.List(ctx, Filter{})
	if err != nil {
		return nil, p, fmt.Errorf("workorder: assessment: %w", err)
	}
	var out []assess.Record
	for _, o := range orders {
		done := o.State == StateClosed || o.State == StateCancelled || o.State == StateTransferred
		if !o.Created.Before(p.To) || done && o.Updated.Before(p.From) {
			continue
		}
		trail, err := s.store.History(ctx, o.ID)
		if err != nil {
			return nil, p, fmt.Errorf("workorder: assessment: order %q: %w", o.ID, err)
		}
		s.localize(o)
		for i := range trail {
			trail[i] = s.localRecord(trail[i])
		}
		recs, err := s.AssessmentRecords(o, trail, now)
		if err != nil {
			return nil, p, err
		}
		out = append(out, recs...)
	}
	return out, p, nil
}
