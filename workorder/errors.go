package workorder

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors callers branch on with errors.Is.
var (
	// ErrNotFound: no order with that id.
	ErrNotFound = errors.New("order not found")
	// ErrConflict: the order changed since it was read (version mismatch),
	// or an order with that id already exists.
	ErrConflict = errors.New("version conflict")
	// ErrInvalidTransition: the lifecycle does not allow the step in the
	// order's state. The error is a *TransitionError.
	ErrInvalidTransition = errors.New("invalid transition")
	// ErrForbidden: the actor may not take the step or read the order. The
	// error is a *ForbiddenError.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalidOrder: an order failed Validate. The error is a
	// *ValidationError naming the field.
	ErrInvalidOrder = errors.New("invalid order")
	// ErrInvalidPhone: a phone number NormalizePhone does not accept.
	ErrInvalidPhone = errors.New("invalid phone number")
	// ErrInvalidArgument: a step's argument is missing or malformed, such
	// as an empty reason or an unknown satisfaction.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrReturnWindowClosed: the lead tried to return the order after the
	// policy's return window ended.
	ErrReturnWindowClosed = errors.New("return window closed")
	// ErrReturnLimit: the order was returned the maximum number of times;
	// only the fallback unit can be designated now.
	ErrReturnLimit = errors.New("return limit reached")
	// ErrOpinionsPending: the lead cannot reply before every assisting unit
	// has submitted its opinion or been waived.
	ErrOpinionsPending = errors.New("assisting opinions pending")
	// ErrExtensionPending: an extension request is already waiting.
	ErrExtensionPending = errors.New("extension already pending")
	// ErrNoExtensionPending: there is no extension request to decide.
	ErrNoExtensionPending = errors.New("no extension pending")
	// ErrExtensionRefused: the extension is outside the policy's limits.
	ErrExtensionRefused = errors.New("extension beyond policy limits")
	// ErrNotDissatisfied: only a dissatisfied callback can reopen an order.
	ErrNotDissatisfied = errors.New("caller not dissatisfied")
	// ErrAlreadyDone: a once-only milestone or opinion was already recorded.
	ErrAlreadyDone = errors.New("already recorded")
	// ErrBadMaster: the master of a merge is missing, the order itself,
	// not open, or merged; or an order that orders are merged into is
	// cancelled or declined, which would leave them merged for good.
	ErrBadMaster = errors.New("bad master order")
	// ErrNoRouter: the dispatch named no lead and the service has no Router.
	ErrNoRouter = errors.New("no lead and no router")
	// ErrTampered: an audit trail does not verify. The error is a
	// *TamperError.
	ErrTampered = errors.New("audit trail tampered")
	// ErrCorrupt: a store holds an order or record it cannot decode.
	// MemStore, which keeps Go values, never returns it.
	ErrCorrupt = errors.New("corrupt stored order")
)

// NotFound returns the error for an order id that does not exist:
// `workorder: order "WO1": order not found`, matching ErrNotFound. Every
// store returns it, and the service returns it too to a unit asking about
// an order it may not see, so that all say the same.
func NotFound(id string) error { return fmt.Errorf("workorder: order %q: %w", id, ErrNotFound) }

// TransitionError is returned when the lifecycle does not allow Step in
// State. It matches ErrInvalidTransition.
type TransitionError struct {
	ID    string // the order, when known
	State State
	Step  Step
}

// Error names the order, when known, the step, the state and the steps
// the state allows: `workorder: order "WO1": step sign not allowed in
// state cancelled, which allows no step`, `workorder: step reply not allowed
// in state received, which allows dispatch, urge, supervise, merge,
// cancel`.
func (e *TransitionError) Error() string {
	var b strings.Builder
	b.WriteString("workorder: ")
	if e.ID != "" {
		b.WriteString("order " + strconv.Quote(e.ID) + ": ")
	}
	b.WriteString("step " + e.Step.String() + " not allowed in state " + e.State.String())
	allowed := e.Allowed()
	if len(allowed) == 0 {
		b.WriteString(", which allows no step")
		return b.String()
	}
	b.WriteString(", which allows ")
	for i, st := range allowed {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(st.String())
	}
	return b.String()
}

// Allowed lists the steps the lifecycle allows in e.State (StepsFrom).
func (e *TransitionError) Allowed() []Step { return StepsFrom(e.State) }

// Is reports whether target is ErrInvalidTransition.
func (e *TransitionError) Is(target error) bool { return target == ErrInvalidTransition }

// ForbiddenError is returned when Actor may not take Step on the order (or
// read it, when Step is 0). Reason says why in English. It matches
// ErrForbidden.
type ForbiddenError struct {
	ID     string
	Actor  Actor
	Step   Step
	Reason string
}

// Error names the order, when known, the actor, the step ("read it" for a
// read) and the reason: `workorder: order "WO1": unit:X may not return:
// the fallback unit cannot return an order`.
func (e *ForbiddenError) Error() string {
	var b strings.Builder
	b.WriteString("workorder: ")
	if e.ID != "" {
		b.WriteString("order " + strconv.Quote(e.ID) + ": ")
	}
	b.WriteString(e.Actor.String() + " may not ")
	if e.Step == 0 {
		b.WriteString("read it")
	} else {
		b.WriteString(e.Step.String())
	}
	if e.Reason != "" {
		b.WriteString(": " + e.Reason)
	}
	return b.String()
}

// Is reports whether target is ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// ValidationError names the field of an order that Validate rejected. It
// matches ErrInvalidOrder and its cause.
type ValidationError struct {
	Field  string // such as "caller.phone" or "assist[1].unit"
	Reason string // empty when Err says it all
	Err    error  // a further sentinel or typed error, or nil
}

// Error names the field, the reason, if any, and the further cause, if any:
// "workorder: order: field caller.phone: <reason>: invalid phone number".
func (e *ValidationError) Error() string {
	s := "workorder: order: field " + e.Field
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ErrInvalidOrder and the cause.
func (e *ValidationError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidOrder}
	}
	return []error{ErrInvalidOrder, e.Err}
}

// ChildrenError is returned by Service.Close (Service.Transfer), beside
// the closed (transferred) master, when some of the orders merged into it
// could not be closed (transferred). Calling Close on the master again
// closes those still open; after a transfer, transfer each of them. It matches the
// causes (such as ErrConflict) through Unwrap.
type ChildrenError struct {
	ID string // the master
	// Step is what the master went through: StepClose (also the zero
	// value's meaning) or StepTransfer.
	Step Step
	// Open lists the merged orders that stay open, by id; it is nil when
	// they could not be listed.
	Open []string
	// Errs holds why: one error per order in Open, or the listing's error.
	Errs []error
}

// Error names the master and the merged orders left open, with the causes.
func (e *ChildrenError) Error() string {
	var b strings.Builder
	done := "closed"
	if e.Step == StepTransfer {
		done = "transferred"
	}
	b.WriteString("workorder: order " + strconv.Quote(e.ID) + ": " + done + ", ")
	if e.Open == nil {
		b.WriteString("but its merged orders could not be listed")
	} else {
		b.WriteString("but merged orders stay open:")
		for i, id := range e.Open {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(" " + strconv.Quote(id))
		}
	}
	for _, err := range e.Errs {
		b.WriteString("; " + err.Error())
	}
	return b.String()
}

// Unwrap returns the causes.
func (e *ChildrenError) Unwrap() []error { return e.Errs }

// TamperError reports the first audit record, by sequence number, that does
// not verify. It matches ErrTampered.
type TamperError struct {
	ID     string
	Seq    int64
	Reason string
}

// Error names the order, the record's sequence number and the reason:
// `workorder: order "WO1": record 3: hash mismatch`.
func (e *TamperError) Error() string {
	return "workorder: order " + strconv.Quote(e.ID) + ": record " + strconv.FormatInt(e.Seq, 10) + ": " + e.Reason
}

// Is reports whether target is ErrTampered.
func (e *TamperError) Is(target error) bool { return target == ErrTampered }
