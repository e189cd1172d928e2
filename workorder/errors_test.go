package workorder

import (
	"errors"
	"testing"

	"github.com/hotline12345/hotline"
)

// TestErrorMessages checks what each typed error says and what it matches.
func TestErrorMessages(t *testing.T) {
	cases := []struct {
		err     error
		want    string
		matches []error
	}{
		{&ConfigError{Field: "Calendar", Err: errors.New("required")},
			"workorder: config Calendar: required", []error{ErrInvalidConfig}},
		{&TransitionError{ID: "WO1", State: StateCancelled, Step: StepSign},
			`workorder: order "WO1": step sign not allowed in state cancelled, which allows no step`, []error{ErrInvalidTransition}},
		{&TransitionError{State: StateNew, Step: StepDispatch},
			"workorder: step dispatch not allowed in state new, which allows accept", []error{ErrInvalidTransition}},
		{&TransitionError{ID: "WO1", State: StateDispatched, Step: StepReply},
			`workorder: order "WO1": step reply not allowed in state dispatched, which allows sign, return, redispatch, designate, submit_opinion, waive_opinion, urge, supervise, merge, cancel, request_return`,
			[]error{ErrInvalidTransition}},
		{&ForbiddenError{ID: "WO1", Actor: Unit("X"), Step: StepReturn, Reason: "the fallback unit cannot return an order"},
			`workorder: order "WO1": unit:X may not return: the fallback unit cannot return an order`, []error{ErrForbidden}},
		{&ForbiddenError{Actor: Actor{}},
			"workorder: Role(0): may not read it", []error{ErrForbidden}},
		{&ValidationError{Field: "caller.phone", Reason: `"123" is not a phone number`, Err: ErrInvalidPhone},
			`workorder: order: field caller.phone: "123" is not a phone number: invalid phone number`, []error{ErrInvalidOrder, ErrInvalidPhone}},
		{&ValidationError{Field: "category", Reason: "unknown category", Err: hotline.ErrUnknownName},
			"workorder: order: field category: unknown category: " + hotline.ErrUnknownName.Error(), []error{ErrInvalidOrder, hotline.ErrUnknownName}},
		{&ValidationError{Field: "text", Reason: "empty"},
			"workorder: order: field text: empty", []error{ErrInvalidOrder}},
		{&TamperError{ID: "WO1", Seq: 3, Reason: "hash mismatch"},
			`workorder: order "WO1": record 3: hash mismatch`, []error{ErrTampered}},
		{&ChildrenError{ID: "WO1", Open: []string{"WO2", "WO3"}, Errs: []error{ErrConflict, ErrNotFound}},
			`workorder: order "WO1": closed, but merged orders stay open: "WO2", "WO3"; version conflict; order not found`, []error{ErrConflict, ErrNotFound}},
		{&ChildrenError{ID: "WO1", Errs: []error{errors.New("disk full")}},
			`workorder: order "WO1": closed, but its merged orders could not be listed; disk full`, nil},
		{&ChildrenError{ID: "WO1", Step: StepTransfer, Open: []string{"WO2"}, Errs: []error{ErrConflict}},
			`workorder: order "WO1": transferred, but merged orders stay open: "WO2"; version conflict`, []error{ErrConflict}},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("message\n got %s\nwant %s", got, tc.want)
		}
		for _, target := range tc.matches {
			if !errors.Is(tc.err, target) {
				t.Errorf("%q does not match %v", tc.want, target)
			}
		}
	}
}
