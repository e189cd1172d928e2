package workorder

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/sla"
)

// Errors of direct answers.
var (
	// ErrNoKnowledge reports a direct answer on a service without a
	// knowledge base (Config.Knowledge).
	ErrNoKnowledge = errors.New("no knowledge base")
	// ErrEntryNotApplicable reports a knowledge-base entry that does not
	// apply to the order: not valid on the day of the answer (expired or
	// not yet in force), for another region, or for another category.
	ErrEntryNotApplicable = errors.New("knowledge-base entry does not apply")
)

// DirectAnswer records the knowledge-base entry the centre answered an
// order with (直接答复), as kept on the order (Order.Answer); the text the
// caller was given is the order's Reply. It is a plain value.
type DirectAnswer struct {
	// Entry is the entry's ID and Version the version answered with, so
	// that kb.Base.Version shows the answer as it stood then.
	Entry   string
	Version int
	// At is when the centre answered.
	At time.Time
}

// DirectReply is what the centre gives to answer an order directly. The
// zero value names no entry and is refused.
type DirectReply struct {
	// Entry is the ID of a knowledge-base entry; its latest version
	// answers. Required.
	Entry string
	// Reply is the text the caller was given; "" means the entry's
	// answer. At most MaxTextLen characters.
	Reply string
	// Remark goes into the audit record.
	Remark string
}

// AnswerDirectly records that the centre answered a received order itself
// from a knowledge-base entry (直接答复), with no unit involved: most
// consultations. The latest version of the entry in Config.Knowledge
// answers; it must be valid on the day of the answer (in the calendar's
// zone), serve the order's region (kb.Entry.Serves; an order without a
// region is served by every entry) and, when it names a category, be of
// the order's. The order moves to StateAnswered, keeps the entry's id and
// version (Order.Answer) and the reply (Order.Reply), and its finish
// target is met; then the centre calls the caller back (Callback) and
// closes it as usual. The audit record holds entry=…, version=… and
// reply=…. A dissatisfied callback cannot reopen it (there is no unit to
// hand it back to): the centre closes it, and a caller who wants more is
// taken as a new order.
//
// Errors match ErrForbidden (only the centre answers directly),
// ErrInvalidTransition (the order is no longer just received),
// ErrNoKnowledge, ErrEntryNotApplicable, or ErrInvalidArgument: no entry
// named, an entry the base does not hold (also kb.ErrNotFound), a reply
// that is too long or not text.
func (s *Service) AnswerDirectly(ctx context.Context, a Actor, id string, r DirectReply) (*Order, error) {
	return s.step(ctx, a, id, StepAnswer, r.Remark, func(c *change) error {
		if s.cfg.Knowledge == nil {
			return ErrNoKnowledge
		}
		if r.Entry == "" {
			return fmt.Errorf("no knowledge-base entry named: %w", ErrInvalidArgument)
		}
		e, ok := s.cfg.Knowledge.Get(r.Entry)
		if !ok {
			return fmt.Errorf("entry %q: %w: %w", r.Entry, kb.ErrNotFound, ErrInvalidArgument)
		}
		if err := applies(&e, c.o, c.at); err != "" {
			return fmt.Errorf("entry %q version %d %s: %w", e.ID, e.Version, err, ErrEntryNotApplicable)
		}
		reply := r.Reply
		if reply == "" {
			reply = e.Answer
		}
		if err := needText("reply", reply); err != nil {
			return err
		}
		c.o.Reply = reply
		c.o.Answer = &DirectAnswer{Entry: e.ID, Version: e.Version, At: c.at}
		c.data = c.data.add("entry", e.ID).add("version", strconv.Itoa(e.Version)).add("reply", reply)
		c.event(sla.EventFinished)
		return nil
	})
}

// applies returns why entry e does not apply to order o at instant at,
// or "".
func applies(e *kb.Entry, o *Order, at time.Time) string {
	switch {
	case !e.ValidAt(at):
		day := at.Format("2006-01-02")
		return "is not valid on " + day
	case o.Location.Region != "" && !e.Serves(o.Location.Region):
		return "does not serve " + strconv.Quote(o.Location.Region)
	case e.Category != "" && e.Category != o.Category:
		return "answers " + e.Category.String() + ", not " + o.Category.String()
	}
	return ""
}

// reopenable returns why the order o cannot be reopened for a unit, or
// nil: a directly answered order has no unit.
func reopenable(o *Order) error {
	if o.Answer != nil && o.Lead == "" {
		return fmt.Errorf("answered directly from entry %q, no unit to handle it again: %w", o.Answer.Entry, ErrInvalidTransition)
	}
	return nil
}

// validateCentre checks the fields the centre's own steps set, as Validate
// does: the classification code, the direct answer and the transfer.
func (o *Order) validateCentre() error {
	if o.Code != "" && !o.Code.Valid() {
		return &ValidationError{Field: "code", Err: &classify.CodeError{Code: string(o.Code), Err: classify.ErrInvalidCode}}
	}
	if a := o.Answer; a != nil {
		if a.Entry == "" || checkText(a.Entry, kb.MaxIDLen) != "" {
			return &ValidationError{Field: "answer.entry", Reason: "want an entry id"}
		}
		if a.Version < 1 {
			return &ValidationError{Field: "answer.version", Reason: "want 1 or more"}
		}
	}
	return o.validateTransfer()
}

// checkClass checks the draft's classification code against
// Config.Classes: an error matching ErrInvalidOrder and
// classify.ErrUnknownCode (or classify.ErrInvalidCode), or nil for an
// order without a code.
func (s *Service) checkClass(o *Order) error {
	if o.Code == "" {
		return nil
	}
	if err := s.cfg.Classes.Check(o.Code); err != nil {
		return &ValidationError{Field: "code", Err: err}
	}
	return nil
}
