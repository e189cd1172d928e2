package sla

import (
	"errors"
	"fmt"

	"github.com/hotline12345/hotline/internal/conf"
)

// Errors that callers can branch on with errors.Is.
var (
	// ErrUnknownEvent reports an event kind name that is not defined.
	ErrUnknownEvent = errors.New("unknown event kind")
	// ErrUnknownClock reports a clock name that is not defined.
	ErrUnknownClock = errors.New("unknown clock")
	// ErrInvalidPolicy is wrapped by every *PolicyError.
	ErrInvalidPolicy = errors.New("invalid policy")
	// ErrUnknownField reports a key a policy file does not define. It is
	// the same error as routing.ErrUnknownField.
	ErrUnknownField = conf.ErrUnknownField
	// ErrBadValue reports a value of a policy file that is missing, of
	// the wrong kind or malformed (a duration, a time of day), or a name
	// given twice. It is the same error as routing.ErrBadValue.
	ErrBadValue = conf.ErrBadValue
	// ErrNoPolicy reports that no policy of a set matches a key.
	ErrNoPolicy = errors.New("no matching policy")
	// ErrUnknownTarget reports a target name the policy does not have.
	ErrUnknownTarget = errors.New("unknown target")
	// ErrInvalidTimeline reports events out of order or an extension event
	// without a target or a positive amount.
	ErrInvalidTimeline = errors.New("invalid timeline")
	// ErrInvalidAmount reports an amount in the wrong unit for its target's
	// clock (days for a duration clock or the reverse), or not positive.
	ErrInvalidAmount = errors.New("invalid amount")
	// ErrExtensionLimit is wrapped by every *ExtensionError.
	ErrExtensionLimit = errors.New("extension limit exceeded")
	// ErrNotStarted reports a target whose start event has not happened.
	ErrNotStarted = errors.New("target not started")
	// ErrAlreadyMet reports a target that has already been met.
	ErrAlreadyMet = errors.New("target already met")
	// ErrNotWindow reports a window query on a target that is not a window.
	ErrNotWindow = errors.New("target is not a window")
	// ErrNoCalendar reports a nil calendar.
	ErrNoCalendar = errors.New("nil calendar")
	// ErrOutOfRange reports a deadline beyond the calendar's years.
	ErrOutOfRange = errors.New("deadline out of range")
)

// PolicyError names the policy and the field that is wrong. Field uses the
// policy file's names, e.g. "targets[2].days". Line and Column place the
// mistake in the file (1-based; 0 for a policy built in Go, or a file error
// with no position, such as an empty file). It wraps [ErrInvalidPolicy]
// and the cause.
type PolicyError struct {
	Policy string // the policy's name; "" when the policy has none
	Field  string // e.g. "targets[0].warnings[1].fraction"
	Line   int
	Column int
	Err    error
}

// Error returns "sla: policy "name": field: cause (line L, column C)", leaving out
// the parts that are empty ("sla: policies: ..." when the policy has no
// name).
func (e *PolicyError) Error() string {
	msg := "sla: policies"
	if e.Policy != "" {
		msg = "sla: policy " + fmt.Sprintf("%q", e.Policy)
	}
	if e.Field != "" {
		msg += ": " + e.Field
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg + conf.Position{Line: e.Line, Column: e.Column}.Suffix()
}

// Unwrap returns the cause and ErrInvalidPolicy.
func (e *PolicyError) Unwrap() []error { return []error{e.Err, ErrInvalidPolicy} }

// ExtensionError reports an extension that a target's limits do not allow.
// It wraps [ErrExtensionLimit].
type ExtensionError struct {
	Policy string
	Target string
	// Limit is the limit exceeded: LimitMaxCount or LimitMaxTotal.
	Limit string
	// MaxCount and MaxTotal are the target's limits.
	MaxCount int
	MaxTotal Amount
	// Count and Total are what the run was granted before this request.
	Count int
	Total Amount
	// Requested is the amount asked for.
	Requested Amount
}

// Values of ExtensionError.Limit, named as in policy files.
const (
	LimitMaxCount = "max_count" // no more extensions may be granted in the run
	LimitMaxTotal = "max_total" // the request would take the run's sum past MaxTotal
)

// Error names the policy, the target and the limit: how many extensions
// were granted for LimitMaxCount, the amount asked for and granted for
// LimitMaxTotal.
func (e *ExtensionError) Error() string {
	if e.Limit == LimitMaxCount {
		return fmt.Sprintf("sla: policy %q: target %q: extension limit max_count %d reached (%d granted)",
			e.Policy, e.Target, e.MaxCount, e.Count)
	}
	return fmt.Sprintf("sla: policy %q: target %q: extension of %v would exceed max_total %v (%v granted)",
		e.Policy, e.Target, e.Requested, e.MaxTotal, e.Total)
}

// Unwrap returns ErrExtensionLimit.
func (e *ExtensionError) Unwrap() error { return ErrExtensionLimit }
