package workorder

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/sla"
)

// TestReturnReview walks the paths of a reviewed return (退单审核): the
// unit applies, unsigned or signed, and the centre approves (the order is
// returned, then redispatched) or refuses (the order goes back where it
// was, counted as an improper return).
func TestReturnReview(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		signed bool
		decide func(s *Service, id string) (*Order, error)
		// What the application and the decision lead to.
		applied, decided  State
		returns, improper int
		trail             string
	}{
		{
			name:    "unsigned, approved",
			decide:  func(s *Service, id string) (*Order, error) { return s.ApproveReturn(ctx, centre, id, "同意改派") },
			applied: StateReturnRequested, decided: StateReturned, returns: 1,
			trail: "accept dispatch request_return approve_return",
		},
		{
			name: "signed, approved", signed: true,
			decide:  func(s *Service, id string) (*Order, error) { return s.ApproveReturn(ctx, centre, id, "") },
			applied: StateReturnRequestedSigned, decided: StateReturned, returns: 1,
			trail: "accept dispatch sign request_return approve_return",
		},
		{
			name: "unsigned, refused: back to be signed",
			decide: func(s *Service, id string) (*Order, error) {
				return s.RefuseReturn(ctx, centre, id, "工业路属本镇城管职责")
			},
			applied: StateReturnRequested, decided: StateDispatched, improper: 1,
			trail: "accept dispatch request_return refuse_return",
		},
		{
			name: "signed, refused: back to handling", signed: true,
			decide: func(s *Service, id string) (*Order, error) {
				return s.RefuseReturn(ctx, centre, id, "工业路属本镇城管职责")
			},
			applied: StateReturnRequestedSigned, decided: StateHandling, improper: 1,
			trail: "accept dispatch sign request_return refuse_return",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, clk := newService(t)
			m := must(t)
			o := m(s.Accept(ctx, centre, draft()))
			o = m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
			if tc.signed {
				clk.Advance(time.Hour)
				o = m(s.Sign(ctx, Unit(cityMgmt), o.ID))
			}
			tl, due := o.Timeline, o.Due
			clk.Advance(time.Hour)
			o = m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "噪音属环保职责"}))
			if o.State != tc.applied || o.Returns != 0 || o.ImproperReturns != 0 || o.Lead != cityMgmt {
				t.Fatalf("applied: %s, %d returns, %d improper, lead %q", o.State, o.Returns, o.ImproperReturns, o.Lead)
			}
			if !slices.Equal(o.Timeline, tl) || !o.Due.Equal(due) {
				t.Fatalf("the application moved the clocks: due %s -> %s", due, o.Due)
			}
			// While the centre reviews, the unit can do nothing but wait.
			_, err := s.Reply(ctx, Unit(cityMgmt), o.ID, "已处理")
			wantTransition(t, err, tc.applied, StepReply)
			_, err = s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "duplicate"})
			wantTransition(t, err, tc.applied, StepRequestReturn)

			clk.Advance(time.Hour)
			o = m(tc.decide(s, o.ID))
			if o.State != tc.decided || o.Returns != tc.returns || o.ImproperReturns != tc.improper || o.Lead != cityMgmt {
				t.Fatalf("decided: %s, %d returns, %d improper, lead %q", o.State, o.Returns, o.ImproperReturns, o.Lead)
			}
			rs := history(t, s, o.ID)
			if got := steps(rs); got != tc.trail {
				t.Errorf("history %q, want %q", got, tc.trail)
			}
			app := rs[len(rs)-2]
			if v, _ := app.Value("reason"); v != "not_our_duty" || app.Remark != "噪音属环保职责" || app.Actor != Unit(cityMgmt) {
				t.Errorf("application record: reason %q remark %q by %s", v, app.Remark, app.Actor)
			}
			dec := rs[len(rs)-1]
			if v, _ := dec.Value("lead"); v != cityMgmt || dec.Actor != centre {
				t.Errorf("decision record: lead %q by %s", v, dec.Actor)
			}
			if tc.improper > 0 {
				if v, _ := dec.Value("improper_returns"); v != "1" {
					t.Errorf("refusal data %q", dec.Data)
				}
				// The order is the unit's again: it goes on from where it was.
				if tc.signed {
					m(s.Reply(ctx, Unit(cityMgmt), o.ID, "已责令停工"))
				} else {
					m(s.Sign(ctx, Unit(cityMgmt), o.ID))
				}
				return
			}
			if v, _ := dec.Value("returns"); v != "1" {
				t.Errorf("approval data %q", dec.Data)
			}
			if n := len(o.Timeline); o.Timeline[n-1].Kind != sla.EventReturned || !o.Timeline[n-1].At.Equal(dec.At) {
				t.Errorf("timeline ends %v, want the return at the approval", o.Timeline[n-1])
			}
			o = m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
			if o.State != StateDispatched || o.Lead != envBur {
				t.Errorf("redispatched: %s to %q", o.State, o.Lead)
			}
		})
	}
}

// A refused return leaves the unit's clocks as if it had never asked: the
// sign and finish deadlines are those of the timeline without the
// application, and a sign deadline that passed during the review is
// breached.
func TestRefusedReturnClocksKeptRunning(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	o = m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	asked := o.Timeline
	clk.Set(at(2025, 9, 15, 14, 0))
	m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "outside_area"}))
	// The centre decides two days later, after the sign deadline
	// (Tuesday 17:30, the close of work of the next working day).
	clk.Set(at(2025, 9, 17, 10, 0))
	o = m(s.RefuseReturn(ctx, centre, o.ID, "工业路在本镇辖区"))

	p, err := s.policy(o)
	if err != nil {
		t.Fatal(err)
	}
	now := at(2025, 9, 17, 10, 0)
	got, err := sla.Evaluate(p, s.cal, o.Timeline, now)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sla.Evaluate(p, s.cal, asked, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{sla.TargetSign, sla.TargetFinish} {
		g, w := result(t, got, name), result(t, want, name)
		if !g.Due.Equal(w.Due) || g.Breached != w.Breached {
			t.Errorf("%s: due %s breached %v, as if never asked: %s %v", name, g.Due, g.Breached, w.Due, w.Breached)
		}
	}
	if sign := result(t, got, sla.TargetSign); !sign.Due.Equal(at(2025, 9, 16, 17, 30)) || !sign.Breached {
		t.Errorf("sign due %s breached %v, want 2025-09-16 17:30, breached", sign.Due, sign.Breached)
	}
	if o.State != StateDispatched || !o.Overdue || o.Level != sla.LevelOverdue {
		t.Errorf("after the refusal: %s, overdue %v, level %s", o.State, o.Overdue, o.Level)
	}
}

func result(t *testing.T, rs []sla.Result, name string) sla.Result {
	t.Helper()
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no result for %s", name)
	return sla.Result{}
}

// TestReturnReviewRefused lists what a reviewed return refuses: bad
// reasons, the wrong actors, decisions without an application, and the
// return rules at the application.
func TestReturnReviewRefused(t *testing.T) {
	ctx := context.Background()
	dispatched := func(t *testing.T, s *Service) string {
		o := must(t)(s.Accept(ctx, centre, draft()))
		return must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt})).ID
	}
	applied := func(t *testing.T, s *Service) string {
		id := dispatched(t, s)
		must(t)(s.Return(ctx, Unit(cityMgmt), id, ReturnRequest{Code: "duplicate"}))
		return id
	}
	cases := []struct {
		name string
		mod  func(*Config)
		run  func(t *testing.T, s *Service, clk *testClock) error
		want []error
		// For a forbidden step: who and which.
		actor Actor
		step  Step
	}{
		{
			name: "unknown reason code",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.Return(ctx, Unit(cityMgmt), dispatched(t, s), ReturnRequest{Code: "lost", Text: "说不清"})
				return err
			},
			want: []error{classify.ErrUnknownReason, ErrInvalidArgument},
		},
		{
			name: "no reason code",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.Return(ctx, Unit(cityMgmt), dispatched(t, s), ReturnRequest{Text: "不归我管"})
				return err
			},
			want: []error{classify.ErrUnknownReason, ErrInvalidArgument},
		},
		{
			name: "other without text",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.Return(ctx, Unit(cityMgmt), dispatched(t, s), ReturnRequest{Code: "other", Text: "  "})
				return err
			},
			want: []error{classify.ErrTextRequired, ErrInvalidArgument},
		},
		{
			name: "a code of the default list, not of the configured one",
			mod: func(c *Config) {
				rs, err := classify.NewReasons(map[classify.ReasonKind][]classify.Reason{
					classify.ReasonNotAccepted: {{Code: "other", NameZH: "其他"}},
					classify.ReasonCancel:      {{Code: "other", NameZH: "其他"}},
					classify.ReasonReturn:      {{Code: "wrong_town", NameZH: "非本镇事项"}},
				})
				if err != nil {
					panic(err)
				}
				c.Reasons = rs
			},
			run: func(t *testing.T, s *Service, _ *testClock) error {
				id := dispatched(t, s)
				must(t)(s.Return(ctx, Unit(cityMgmt), id, ReturnRequest{Code: "wrong_town"}))
				_, err := s.Return(ctx, Unit(cityMgmt), dispatched(t, s), ReturnRequest{Code: "duplicate"})
				return err
			},
			want: []error{classify.ErrUnknownReason, ErrInvalidArgument},
		},
		{
			name: "the unit approves its own return",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.ApproveReturn(ctx, Unit(cityMgmt), applied(t, s), "")
				return err
			},
			actor: Unit(cityMgmt), step: StepApproveReturn,
		},
		{
			name: "the unit refuses its own return",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.RefuseReturn(ctx, Unit(cityMgmt), applied(t, s), "算了")
				return err
			},
			actor: Unit(cityMgmt), step: StepRefuseReturn,
		},
		{
			name: "a supervisor approves",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.ApproveReturn(ctx, super, applied(t, s), "")
				return err
			},
			actor: super, step: StepApproveReturn,
		},
		{
			name: "the system refuses",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.RefuseReturn(ctx, System(), applied(t, s), "超时")
				return err
			},
			actor: System(), step: StepRefuseReturn,
		},
		{
			name: "another unit applies",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.Return(ctx, Unit(envBur), dispatched(t, s), ReturnRequest{Code: "duplicate"})
				return err
			},
			want: []error{ErrNotFound},
		},
		{
			name: "the fallback unit applies",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				o := must(t)(s.Accept(ctx, centre, draft()))
				must(t)(s.Designate(ctx, centre, must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt})).ID, "", "兜底"))
				_, err := s.Return(ctx, Unit(fallback), o.ID, ReturnRequest{Code: "duplicate"})
				return err
			},
			actor: Unit(fallback), step: StepRequestReturn,
		},
		{
			name: "a refusal without a reason",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.RefuseReturn(ctx, centre, applied(t, s), " ")
				return err
			},
			want: []error{ErrInvalidArgument},
		},
		{
			name: "an approval without an application",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.ApproveReturn(ctx, centre, dispatched(t, s), "")
				return err
			},
			want: []error{ErrInvalidTransition},
		},
		{
			name: "a refusal without an application",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.RefuseReturn(ctx, centre, dispatched(t, s), "不同意")
				return err
			},
			want: []error{ErrInvalidTransition},
		},
		{
			name: "redispatch before the decision",
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.Redispatch(ctx, centre, applied(t, s), Assignment{Lead: envBur})
				return err
			},
			want: []error{ErrInvalidTransition},
		},
		{
			name: "an application after the return window",
			run: func(t *testing.T, s *Service, clk *testClock) error {
				id := dispatched(t, s)
				clk.Set(at(2025, 9, 16, 17, 31))
				_, err := s.Return(ctx, Unit(cityMgmt), id, ReturnRequest{Code: "duplicate"})
				return err
			},
			want: []error{ErrReturnWindowClosed},
		},
		{
			name: "an application with no returns allowed",
			mod:  func(c *Config) { c.MaxReturns = None },
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.Return(ctx, Unit(cityMgmt), dispatched(t, s), ReturnRequest{Code: "duplicate"})
				return err
			},
			want: []error{ErrReturnLimit},
		},
		{
			name: "instant returns have no decision",
			mod:  func(c *Config) { c.InstantReturn = true },
			run: func(t *testing.T, s *Service, _ *testClock) error {
				_, err := s.ApproveReturn(ctx, centre, applied(t, s), "")
				return err
			},
			want: []error{ErrInvalidTransition},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var mods []func(*Config)
			if tc.mod != nil {
				mods = append(mods, tc.mod)
			}
			s, clk := newService(t, mods...)
			err := tc.run(t, s, clk)
			if tc.step != 0 {
				wantForbidden(t, err, tc.actor, tc.step)
				return
			}
			wantErr(t, err, tc.want...)
		})
	}
}

// An application made inside the return window may be approved after it
// closed; the window bounds the unit, not the centre.
func TestReturnApprovedAfterWindow(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	clk.Set(at(2025, 9, 16, 17, 0))
	m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "insufficient_info"}))
	clk.Set(at(2025, 9, 18, 9, 0))
	if o = m(s.ApproveReturn(ctx, centre, o.ID, "")); o.State != StateReturned || o.Returns != 1 {
		t.Fatalf("approved late: %s, %d returns", o.State, o.Returns)
	}
}

// With Config.InstantReturn a return takes effect at once, as a single
// step "return", with its coded reason.
func TestInstantReturn(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, func(c *Config) { c.InstantReturn = true })
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	o = m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "other", Text: "需镇统筹"}))
	if o.State != StateReturned || o.Returns != 1 || o.ImproperReturns != 0 {
		t.Fatalf("instant return: %s, %d returns, %d improper", o.State, o.Returns, o.ImproperReturns)
	}
	rs := history(t, s, o.ID)
	last := rs[len(rs)-1]
	if v, _ := last.Value("reason"); last.Step != StepReturn || v != "other" || last.Remark != "需镇统筹" {
		t.Errorf("record %s reason %q remark %q", last.Step, v, last.Remark)
	}
	_, err := s.Return(ctx, Unit(cityMgmt), m(s.Dispatch(ctx, centre, m(s.Accept(ctx, centre, draft())).ID, Assignment{Lead: cityMgmt})).ID,
		ReturnRequest{Code: "other"})
	wantErr(t, err, classify.ErrTextRequired, ErrInvalidArgument)
}

// Improper returns reach the assessment: each refusal is one against the
// unit that asked, next to the returns it asked for.
func TestImproperReturnsAssessed(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "duplicate"}))
	m(s.RefuseReturn(ctx, centre, o.ID, "不是重复件"))
	clk.Advance(time.Hour)
	m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "outside_area"}))
	m(s.ApproveReturn(ctx, centre, o.ID, ""))
	o = m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	recs, err := s.AssessmentRecords(o, history(t, s, o.ID), o.Updated)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	if r := recs[0]; r.Unit != cityMgmt || r.Returns != 2 || r.ImproperReturns != 1 || !r.SignDue.IsZero() {
		t.Errorf("first unit: %+v", r)
	}
	if r := recs[1]; r.Unit != envBur || r.Returns != 0 || r.ImproperReturns != 0 {
		t.Errorf("second unit: %+v", r)
	}
}
