package workorder

import (
	"context"
	"errors"
	"testing"

	"github.com/hotline12345/hotline/sla"
)

// TestMaxReturnsNone: MaxReturns 0 means the default, None allows no
// return at all (it used to be refused, so there was no way to say it).
func TestMaxReturnsNone(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		max  int
		want int // returns allowed
	}{
		{"zero is the default", 0, MaxReturnsDefault},
		{"one", 1, 1},
		{"none", None, 0},
		{"any negative is none", -5, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newService(t, func(c *Config) { c.MaxReturns = tc.max })
			o := must(t)(s.Accept(ctx, centre, draft()))
			leads := []string{cityMgmt, envBur, village, police}
			must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: leads[0]}))
			for i := 0; i < tc.want; i++ {
				if i > 0 {
					must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: leads[i]}))
				}
				must(t)(s.Return(ctx, Unit(leads[i]), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不归我管"}))
				must(t)(s.ApproveReturn(ctx, centre, o.ID, ""))
			}
			var err error
			if tc.want == 0 {
				_, err = s.Return(ctx, Unit(leads[0]), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不归我管"})
			} else {
				_, err = s.Redispatch(ctx, centre, o.ID, Assignment{Lead: leads[tc.want]})
			}
			wantErr(t, err, ErrReturnLimit)
		})
	}
}

// conflicting is a store whose every update is a version conflict.
type conflicting struct {
	Store
	updates int
}

func (c *conflicting) Update(ctx context.Context, o *Order, version int64, recs []Record) error {
	c.updates++
	return ErrConflict
}

// TestRetriesNone: Retries 0 means the default, None no retry.
func TestRetriesNone(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		retries int
		want    int // tries
	}{
		{"zero is the default", 0, RetriesDefault + 1},
		{"two", 2, 3},
		{"none", None, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := &conflicting{Store: NewMemStore()}
			s, _ := newService(t, func(c *Config) { c.Store = st; c.Retries = tc.retries })
			o := must(t)(s.Accept(ctx, centre, draft()))
			_, err := s.Urge(ctx, centre, o.ID, "")
			wantErr(t, err, ErrConflict)
			if st.updates != tc.want {
				t.Errorf("%d tries, want %d", st.updates, tc.want)
			}
		})
	}
}

// TestExtendTargetNone: ExtendTarget "" means the default target;
// NoTarget makes every request name its own.
func TestExtendTargetNone(t *testing.T) {
	ctx := context.Background()
	for _, target := range []string{"", NoTarget} {
		s, _ := newService(t, func(c *Config) { c.ExtendTarget = target })
		o := handling(t, s, draft())
		req := ExtensionRequest{Amount: sla.Amount{Days: 3}, Reason: "需要协调"}
		got, err := s.RequestExtension(ctx, Unit(cityMgmt), o.ID, req)
		if target == "" {
			if err != nil || got.Pending.Target != ExtendTargetDefault {
				t.Errorf("default: %v, %+v", err, got)
			}
			continue
		}
		wantErr(t, err, ErrInvalidArgument)
		req.Target = sla.TargetFinish
		must(t)(s.RequestExtension(ctx, Unit(cityMgmt), o.ID, req))
	}
}

// TestReturnWindowNone: ReturnWindow "" means the default window, which
// closes at the end of the next working day; NoTarget sets no limit.
func TestReturnWindowNone(t *testing.T) {
	ctx := context.Background()
	for _, window := range []string{"", NoTarget} {
		s, clk := newService(t, func(c *Config) { c.ReturnWindow = window })
		o := must(t)(s.Accept(ctx, centre, draft()))
		must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
		clk.Set(at(2025, 9, 30, 10, 0))
		_, err := s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不属于城管职责"})
		switch {
		case window == "" && !errors.Is(err, ErrReturnWindowClosed):
			t.Errorf("default window: %v", err)
		case window == NoTarget && err != nil:
			t.Errorf("no window: %v", err)
		}
	}
}

// TestAssistTargetDefaultIsACopy: changing the default an importer got
// changes no other importer's.
func TestAssistTargetDefaultIsACopy(t *testing.T) {
	a := AssistTargetDefault()
	a.Amount.Days = 30
	a.MetBy[0] = sla.EventClosed
	a.Warnings[0].Fraction = 0.1
	b := AssistTargetDefault()
	if b.Amount.Days != 3 || b.MetBy[0] != sla.EventFinished || b.Warnings[0].Fraction != 0.75 {
		t.Errorf("AssistTargetDefault() = %+v after a caller changed its copy", b)
	}
	s, _ := newService(t)
	if s.cfg.AssistTarget.Amount.Days != 3 || s.cfg.AssistTarget.MetBy[0] != sla.EventFinished {
		t.Errorf("the service's default changed: %+v", s.cfg.AssistTarget)
	}
}

// TestSystemIsAValue: the system actor cannot be changed for everyone.
func TestSystemIsAValue(t *testing.T) {
	a := System()
	a.Role, a.ID = RoleCentre, "x"
	if System() != (Actor{Role: RoleSystem, ID: "system"}) {
		t.Errorf("System() = %v", System())
	}
}
