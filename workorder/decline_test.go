package workorder

import (
	"context"
	"errors"
	"testing"

	"github.com/hotline12345/hotline/classify"
)

// TestCodedReasons: cancelling and declining take a coded reason of their
// own kind; the code goes into the record, the text into its remark.
func TestCodedReasons(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		step  Step
		state func(t *testing.T, s *Service) *Order // the order to act on
		a     Actor
		r     CodedReason
		want  error // nil: taken
	}{
		{"cancel", StepCancel, received, centre, CodedReason{Code: "caller_withdrew"}, nil},
		{"cancel with text", StepCancel, received, centre, CodedReason{Code: "duplicate", Text: "同 WO000009"}, nil},
		{"cancel other with text", StepCancel, signed, centre, CodedReason{Code: "other", Text: "来电人要求撤销"}, nil},
		{"cancel other without text", StepCancel, received, centre, CodedReason{Code: "other", Text: " "}, classify.ErrTextRequired},
		{"cancel with a decline code", StepCancel, received, centre, CodedReason{Code: "out_of_scope"}, classify.ErrUnknownReason},
		{"cancel with a return code", StepCancel, received, centre, CodedReason{Code: "not_our_duty", Text: "x"}, classify.ErrUnknownReason},
		{"cancel without a code", StepCancel, received, centre, CodedReason{Text: "无效"}, classify.ErrUnknownReason},
		{"cancel by a supervisor", StepCancel, received, super, CodedReason{Code: "caller_withdrew"}, ErrForbidden},
		{"cancel a replied order", StepCancel, replied, centre, CodedReason{Code: "caller_withdrew"}, ErrInvalidTransition},
		{"decline", StepDecline, received, centre, CodedReason{Code: "out_of_scope"}, nil},
		{"decline in court", StepDecline, received, centre, CodedReason{Code: "legal_procedure", Text: "已起诉"}, nil},
		{"decline other with text", StepDecline, received, centre, CodedReason{Code: "other", Text: "咨询个人私事"}, nil},
		{"decline other without text", StepDecline, received, centre, CodedReason{Code: "other"}, classify.ErrTextRequired},
		{"decline with a cancel code", StepDecline, received, centre, CodedReason{Code: "caller_withdrew"}, classify.ErrUnknownReason},
		{"decline with an unknown code", StepDecline, received, centre, CodedReason{Code: "Out_Of_Scope"}, classify.ErrUnknownReason},
		{"decline by the system", StepDecline, received, System(), CodedReason{Code: "out_of_scope"}, ErrForbidden},
		{"decline by a unit", StepDecline, signed, Unit(cityMgmt), CodedReason{Code: "out_of_scope"}, ErrForbidden},
		{"decline a dispatched order", StepDecline, dispatched, centre, CodedReason{Code: "out_of_scope"}, ErrInvalidTransition},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newService(t)
			o := tc.state(t, s)
			take := s.Cancel
			wantState := StateCancelled
			if tc.step == StepDecline {
				take, wantState = s.Decline, StateNotAccepted
			}
			got, err := take(ctx, tc.a, o.ID, tc.r)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("%s: %v, want %v", tc.step, err, tc.want)
				}
				if errors.Is(tc.want, classify.ErrUnknownReason) || errors.Is(tc.want, classify.ErrTextRequired) {
					wantErr(t, err, ErrInvalidArgument)
				}
				if after := must(t)(s.Get(ctx, centre, o.ID)); after.Version != o.Version {
					t.Errorf("refused %s changed the order to version %d", tc.step, after.Version)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.State != wantState || got.State.Open() || !got.Due.IsZero() {
				t.Errorf("after %s: %s, open %v, due %v", tc.step, got.State, got.State.Open(), got.Due)
			}
			hist, err := s.History(ctx, centre, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := hist[len(hist)-1]
			if code, _ := last.Value("reason"); last.Step != tc.step || code != tc.r.Code || last.Remark != tc.r.Text {
				t.Errorf("record %s reason %q remark %q, want %s %q %q", last.Step, code, last.Remark, tc.step, tc.r.Code, tc.r.Text)
			}
			if err := s.Verify(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDeclinedIsFinal: a declined order takes no further step and lists
// apart from cancelled ones.
func TestDeclinedIsFinal(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Decline(ctx, centre, o.ID, CodedReason{Code: "no_request"}))
	c := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Cancel(ctx, centre, c.ID, CodedReason{Code: "entry_error"}))
	_, err := s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt})
	wantTransition(t, err, StateNotAccepted, StepDispatch)
	_, err = s.Decline(ctx, centre, o.ID, CodedReason{Code: "no_request"})
	wantTransition(t, err, StateNotAccepted, StepDecline)
	for st, want := range map[State]string{StateNotAccepted: o.ID, StateCancelled: c.ID} {
		os, err := s.List(ctx, centre, Filter{State: st})
		if err != nil || len(os) != 1 || os[0].ID != want {
			t.Errorf("List(%s) = %v, %v; want %s", st, os, err, want)
		}
	}
	if os, _ := s.List(ctx, centre, Filter{Open: true}); len(os) != 0 {
		t.Errorf("open orders: %d, want none", len(os))
	}
	if got, _ := ParseState("不予受理"); got != StateNotAccepted {
		t.Errorf("ParseState(不予受理) = %s", got)
	}
	if got, _ := ParseStep("不予受理"); got != StepDecline {
		t.Errorf("ParseStep(不予受理) = %s", got)
	}
}

// The orders of TestCodedReasons, in their states.
func received(t *testing.T, s *Service) *Order {
	return must(t)(s.Accept(context.Background(), centre, draft()))
}

func dispatched(t *testing.T, s *Service) *Order {
	o := received(t, s)
	return must(t)(s.Dispatch(context.Background(), centre, o.ID, Assignment{Lead: cityMgmt}))
}

func signed(t *testing.T, s *Service) *Order { return handling(t, s, draft()) }

func replied(t *testing.T, s *Service) *Order {
	o := signed(t, s)
	return must(t)(s.Reply(context.Background(), Unit(cityMgmt), o.ID, "已处理"))
}
