package workorder

import (
	"context"
	"fmt"

	"github.com/hotline12345/hotline/classify"
)

// CodedReason is why the centre cancels (撤单) or declines (不予受理) an
// order: a code of Config.Reasons for that action, such as
// "caller_withdrew" (classify.ReasonCancel) or "out_of_scope"
// (classify.ReasonNotAccepted), and an explanation in free text, required
// when the reason needs one (as "other" does). The zero value has no code
// and is refused.
type CodedReason struct {
	Code string
	Text string
}

// check returns an error matching ErrInvalidArgument and the classify
// error (classify.ErrUnknownReason, classify.ErrTextRequired) when r is
// not a reason of kind.
func (s *Service) checkReason(kind classify.ReasonKind, r CodedReason) error {
	if err := s.cfg.Reasons.CheckText(kind, r.Code, r.Text); err != nil {
		return fmt.Errorf("%w: %w", err, ErrInvalidArgument)
	}
	return nil
}

// Cancel withdraws an invalid order (撤单) with a coded reason of
// classify.ReasonCancel. The code goes into the record's data as
// reason=…, the text is the record's remark. It fails with
// ErrInvalidArgument wrapping classify.ErrUnknownReason or
// classify.ErrTextRequired, and with ErrBadMaster while orders are merged
// into it (close or transfer it instead).
func (s *Service) Cancel(ctx context.Context, a Actor, id string, r CodedReason) (*Order, error) {
	return s.step(ctx, a, id, StepCancel, r.Text, func(c *change) error {
		if err := s.checkReason(classify.ReasonCancel, r); err != nil {
			return err
		}
		if err := s.refuseMaster(ctx, c.o.ID); err != nil {
			return err
		}
		c.data = c.data.add("reason", r.Code)
		return nil
	})
}

// refuseMaster returns an error matching ErrBadMaster when orders are
// merged into order id: they can end only with it closed or transferred,
// so cancelling or declining it would leave them merged for good.
func (s *Service) refuseMaster(ctx context.Context, id string) error {
	kids, err := s.store.List(ctx, Filter{State: StateMerged, MergedInto: id, Limit: 1})
	if err != nil {
		return err
	}
	if len(kids) > 0 {
		return fmt.Errorf("order %q is merged into it; close or transfer it instead, which takes its merged orders along: %w", kids[0].ID, ErrBadMaster)
	}
	return nil
}

// Decline turns a received order down (不予受理), before it is
// dispatched, with a coded reason of classify.ReasonNotAccepted, such as
// "out_of_scope" or "legal_procedure": the order ends in
// StateNotAccepted, kept for the record and counted apart from cancelled
// ones. The code goes into the record's data as reason=…, the text is the
// record's remark. Only the centre declines. It fails with
// ErrInvalidArgument wrapping classify.ErrUnknownReason or
// classify.ErrTextRequired, and with ErrBadMaster while orders are merged
// into it.
func (s *Service) Decline(ctx context.Context, a Actor, id string, r CodedReason) (*Order, error) {
	return s.step(ctx, a, id, StepDecline, r.Text, func(c *change) error {
		if err := s.checkReason(classify.ReasonNotAccepted, r); err != nil {
			return err
		}
		if err := s.refuseMaster(ctx, c.o.ID); err != nil {
			return err
		}
		c.data = c.data.add("reason", r.Code)
		return nil
	})
}
