package workorder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
)

// ErrNotExemptable reports an exemption from assessment (Service.Exempt)
// for an order that has nothing to exempt: a verdict exemption when the
// standing callback verdict is not dissatisfied, an order exemption for an
// order that was neither dissatisfied nor late, or an exemption given
// twice.
var ErrNotExemptable = errors.New("nothing to exempt")

// Exemption is the centre's request, approved by a supervisor, to leave a
// dissatisfied verdict or an order out of assessment (差评甄别, 不纳入考核).
// The zero value has no scope and is refused.
type Exemption struct {
	// Scope is assess.ExemptVerdict, to leave out the standing callback
	// verdict, or assess.ExemptOrder, to leave out the whole order.
	Scope assess.Exemption
	// Reason is the code of one of Config.ExemptReasons, such as
	// assess.ExemptMalicious.
	Reason string
	// RequestedBy is the centre operator who asked for the exemption;
	// required.
	RequestedBy string
	// Remark says why, for the audit trail; required.
	Remark string
}

// Exempt leaves a dissatisfied verdict, or an order that was dissatisfied
// or late, out of assessment (不纳入考核) after the centre's review of it
// (差评甄别). It is one step, StepExempt, that only a supervisor takes: the
// supervisor's approval of the request the centre operator
// e.RequestedBy made. The step keeps the order's state (called back or
// closed) and records scope=…, reason=… and requested_by=… in its data and
// e.Remark as its remark, so that every exemption stays in the audit trail
// and AssessmentRecords carries it to package assess, whose reports list
// it (assess.Report.Exemptions).
//
// It fails with a *ForbiddenError (ErrForbidden) when a is not a
// supervisor (an exemption without a supervisor's approval);
// ErrInvalidArgument for an unknown scope, a reason not in
// Config.ExemptReasons, or no requester or remark; ErrNotExemptable when
// there is nothing to exempt: for assess.ExemptVerdict, the verdict of the
// last callback is not 不满意 or 非常不满意 (or was exempted already); for
// assess.ExemptOrder, the order was never late (Order.Overdue) and its
// verdict is not dissatisfied, or the order was exempted already.
func (s *Service) Exempt(ctx context.Context, a Actor, id string, e Exemption) (*Order, error) {
	if a.Role != RoleSupervisor && a.check() == "" {
		return nil, &ForbiddenError{ID: id, Actor: a, Step: StepExempt, Reason: "an exemption needs a supervisor's approval"}
	}
	return s.step(ctx, a, id, StepExempt, e.Remark, func(c *change) error {
		if err := s.checkExemption(&e); err != nil {
			return err
		}
		trail, err := s.store.History(ctx, id)
		if err != nil {
			return err
		}
		if why := exemptable(c.o, trail, e.Scope); why != "" {
			return fmt.Errorf("%s %s: %w", e.Scope, why, ErrNotExemptable)
		}
		c.data = c.data.add("scope", e.Scope.String()).add("reason", e.Reason).add("requested_by", e.RequestedBy)
		return nil
	})
}

// checkExemption checks e's fields, not the order.
func (s *Service) checkExemption(e *Exemption) error {
	reasons := s.cfg.ExemptReasons
	if reasons == nil {
		reasons = assess.ExemptReasonsDefault()
	}
	switch {
	case e.Scope != assess.ExemptVerdict && e.Scope != assess.ExemptOrder:
		return fmt.Errorf("scope %d: unknown: %w", e.Scope, ErrInvalidArgument)
	case !slices.ContainsFunc(reasons, func(r assess.ExemptReason) bool { return r.Code == e.Reason }):
		return fmt.Errorf("reason %q: not an exemption reason of Config.ExemptReasons: %w", e.Reason, ErrInvalidArgument)
	case strings.TrimSpace(e.RequestedBy) == "":
		return fmt.Errorf("no requester: %w", ErrInvalidArgument)
	case strings.TrimSpace(e.Remark) == "":
		return fmt.Errorf("no remark: %w", ErrInvalidArgument)
	}
	if why := checkText(e.RequestedBy, MaxPersonLen); why != "" {
		return fmt.Errorf("requester %s: %w", why, ErrInvalidArgument)
	}
	return nil
}

// exemptable returns why o, with its audit trail, has nothing to exempt
// in scope, or "".
func exemptable(o *Order, trail []Record, scope assess.Exemption) string {
	dissatisfied, verdictExempt, orderExempt := false, false, false
	for i := range trail {
		r := &trail[i]
		switch r.Step {
		case StepCallback:
			v, _ := r.Value("satisfaction")
			sat, _ := hotline.ParseSatisfaction(v)
			dissatisfied = sat == hotline.Dissatisfied || sat == hotline.VeryDissatisfied
			verdictExempt = false
		case StepReopen:
			dissatisfied, verdictExempt = false, false
		case StepExempt:
			switch v, _ := r.Value("scope"); v {
			case assess.ExemptVerdict.String():
				verdictExempt = true
			case assess.ExemptOrder.String():
				orderExempt = true
			}
		}
	}
	switch {
	case orderExempt:
		return "the order is exempted already"
	case scope == assess.ExemptVerdict && verdictExempt:
		return "the verdict is exempted already"
	case scope == assess.ExemptVerdict && !dissatisfied:
		return "the standing verdict is not dissatisfied"
	case scope == assess.ExemptOrder && !dissatisfied && !o.Overdue:
		return "the order was neither dissatisfied nor late"
	}
	return ""
}

// exemptRecord applies exemption step r to the assessment record holding
// the order: a verdict exemption marks it, an order exemption sets
// *order to its reason.
func exemptRecord(cur *assess.Record, r *Record, order *string) {
	reason, _ := r.Value("reason")
	switch v, _ := r.Value("scope"); v {
	case assess.ExemptVerdict.String():
		if cur.Satisfaction.Answered() {
			cur.Exempt, cur.ExemptReason = assess.ExemptVerdict, reason
		}
	case assess.ExemptOrder.String():
		*order = reason
	}
}

// dropVerdictExemption clears a verdict exemption of cur when its verdict
// no longer stands.
func dropVerdictExemption(cur *assess.Record) {
	if cur.Exempt == assess.ExemptVerdict {
		cur.Exempt, cur.ExemptReason = assess.ExemptNone, ""
	}
}
