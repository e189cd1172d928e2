package workorder

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hotline12345/hotline/assess"
)

// IntakeRecord turns order o and its audit trail into the record of the
// centre's intake that package assess computes the direct-answer rate
// (直接答复率) and the transfers (转办) from, as of instant at: records of
// the trail after at are ignored. Received is the acceptance; Answered
// the direct answer (StepAnswer); Transferred and Body the transfer
// (StepTransfer); Withdrawn the cancellation (StepCancel), the refusal to
// accept (StepDecline) or the merge into another order (StepMerge), which stays its only ending when the
// merged order goes on with its master's transfer. Category and Code are the order's. o and
// trail are not changed. Errors match ErrInvalidArgument: a nil order, a
// record of another order, a trail that does not start with the
// acceptance, a transfer without a body.
func (s *Service) IntakeRecord(o *Order, trail []Record, at time.Time) (assess.Intake, error) {
	if o == nil {
		return assess.Intake{}, fmt.Errorf("workorder: intake record: nil order: %w", ErrInvalidArgument)
	}
	bad := func(r *Record, reason string) error {
		return fmt.Errorf("workorder: intake record of order %q: record %d (%s): %s: %w", o.ID, r.Seq, r.Step, reason, ErrInvalidArgument)
	}
	in := assess.Intake{OrderID: o.ID, Category: string(o.Category), Code: string(o.Code)}
	for i := range trail {
		r := &trail[i]
		if r.OrderID != o.ID {
			return assess.Intake{}, bad(r, "belongs to order "+strconv.Quote(r.OrderID))
		}
		if r.At.After(at) {
			break
		}
		if i == 0 && r.Step != StepAccept {
			return assess.Intake{}, bad(r, "the trail does not start with the acceptance")
		}
		switch r.Step {
		case StepAccept:
			in.Received = r.At
		case StepAnswer:
			in.Answered = r.At
		case StepTransfer:
			body, _ := r.Value("body")
			if body == "" {
				return assess.Intake{}, bad(r, "no body")
			}
			if in.Withdrawn.IsZero() { // a merged order goes with its master, counted there
				in.Transferred, in.Body = r.At, body
			}
		case StepCancel, StepDecline, StepMerge:
			in.Withdrawn = r.At
		}
	}
	return in, nil
}

// Intake reads the orders received in period p from the store and returns
// their intake records (see IntakeRecord), as of the service clock's
// current instant, with the period to compute them for: p itself, or p cut
// at that instant when p runs past it. Pass both to assess.ComputeIntake:
//
//	ins, p, err := svc.Intake(ctx, assess.Month(2025, time.May, loc))
//	rep, err := assess.ComputeIntake(ins, p, assess.ByCode)
//
// Orders received outside p are skipped; every other order and its audit
// trail is read once, and no actor is checked. Times are in the
// calendar's zone. Errors wrap assess.ErrInvalidPeriod for an invalid p
// or one that starts after the current instant, the store's errors, or
// those of IntakeRecord.
func (s *Service) Intake(ctx context.Context, p assess.Period) ([]assess.Intake, assess.Period, error) {
	if err := p.Validate(); err != nil {
		return nil, p, fmt.Errorf("workorder: intake: %w", err)
	}
	now := s.now(nil)
	if now.Before(p.To) {
		p.To = now
		if err := p.Validate(); err != nil {
			return nil, p, fmt.Errorf("workorder: intake: the period starts after now: %w", err)
		}
	}
	orders, err := s.store.List(ctx, Filter{})
	if err != nil {
		return nil, p, fmt.Errorf("workorder: intake: %w", err)
	}
	var out []assess.Intake
	for _, o := range orders {
		if !p.Contains(o.Created) {
			continue
		}
		trail, err := s.store.History(ctx, o.ID)
		if err != nil {
			return nil, p, fmt.Errorf("workorder: intake: order %q: %w", o.ID, err)
		}
		s.localize(o)
		for i := range trail {
			trail[i] = s.localRecord(trail[i])
		}
		in, err := s.IntakeRecord(o, trail, now)
		if err != nil {
			return nil, p, err
		}
		out = append(out, in)
	}
	return out, p, nil
}
