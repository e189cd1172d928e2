package workorder

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
)

// TestDeadlines: a complaint handled jointly since Monday 15 September
// 10:00 has its policy's targets (sign met at once, the return window
// closing at Tuesday's close of work, finish by the end of Monday 22nd)
// and the assisting unit's own: 3 working days, by the end of Thursday
// 18th. Once the unit gives its opinion its target is no longer listed.
func TestDeadlines(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	o := handling(t, s, draft(), envBur)
	type want struct {
		name    string
		due     time.Time
		met     bool
		window  bool
		started bool
	}
	check := func(o *Order, at time.Time, wants []want) {
		t.Helper()
		before := o.Clone()
		rs, err := s.Deadlines(o, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != len(wants) {
			t.Fatalf("%d results, want %d: %+v", len(rs), len(wants), rs)
		}
		for i, w := range wants {
			r := rs[i]
			if r.Name != w.name || !r.Due.Equal(w.due) || r.Met != w.met || r.Window != w.window || r.Started != w.started {
				t.Errorf("result %d: %s due %v met %v window %v started %v, want %+v", i, r.Name, r.Due, r.Met, r.Window, r.Started, w)
			}
			if !r.Due.IsZero() && r.Due.Location() != s.cal.Location() {
				t.Errorf("%s: due in %s", r.Name, r.Due.Location())
			}
		}
		if before.Assists[0].Due != o.Assists[0].Due {
			t.Error("Deadlines changed the order")
		}
	}
	// An instant in UTC gives results in the calendar's zone all the same.
	check(o, o.Updated.UTC(), []want{
		{sla.TargetSign, at(2025, 9, 16, 17, 30), true, false, true},
		{sla.TargetReturn, at(2025, 9, 16, 17, 30), false, true, true},
		{sla.TargetFinish, at(2025, 9, 23, 0, 0), false, false, true},
		{envBur + "/assist", at(2025, 9, 19, 0, 0), false, false, true},
	})
	// The deadlines the service keeps on the order after a step are the
	// earliest of these that are open.
	sameTime(t, "order due", o.Due, at(2025, 9, 19, 0, 0))
	sameTime(t, "assist due", o.Assists[0].Due, at(2025, 9, 19, 0, 0))
	// Events after the instant asked about are ignored: before the order
	// was received nothing has started.
	check(o, at(2025, 9, 15, 10, 0).Add(-time.Nanosecond), []want{
		{sla.TargetSign, time.Time{}, false, false, false},
		{sla.TargetReturn, time.Time{}, false, true, false},
		{sla.TargetFinish, time.Time{}, false, false, false},
		{envBur + "/assist", time.Time{}, false, false, false},
	})

	clk.Advance(time.Hour)
	o = must(t)(s.SubmitOpinion(ctx, Unit(envBur), o.ID, "噪音超标"))
	check(o, o.Updated, []want{
		{sla.TargetSign, at(2025, 9, 16, 17, 30), true, false, true},
		{sla.TargetReturn, at(2025, 9, 16, 17, 30), false, true, true},
		{sla.TargetFinish, at(2025, 9, 23, 0, 0), false, false, true},
	})
	sameTime(t, "order due after the opinion", o.Due, at(2025, 9, 23, 0, 0))

	if _, err := s.Deadlines(nil, o.Updated); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("nil order: %v", err)
	}
	o.Category = "nope"
	if _, err := s.Deadlines(o, o.Updated); !errors.Is(err, sla.ErrNoPolicy) {
		t.Errorf("no policy: %v", err)
	}
}

// TestSuspendedOrdersSkipEvaluation: while an order is suspended and all
// its open targets pause, a service without a monitor does not evaluate
// them; its orders must end up with the deadlines, levels and overdue
// flags of a service that evaluates (one watching, so it needs every
// result).
func TestSuspendedOrdersSkipEvaluation(t *testing.T) {
	ctx := context.Background()
	type step func(s *Service, id string) (*Order, error)
	lead := Unit(cityMgmt)
	suspend := func(s *Service, id string) (*Order, error) { return s.Suspend(ctx, lead, id, "等待检测") }
	resume := func(s *Service, id string) (*Order, error) { return s.Resume(ctx, lead, id, "") }
	cases := []struct {
		name  string
		draft func() *Order
		steps []step
		late  bool // the clock passes the finish deadline before the suspension
		// overdue is the order's flag at the end
		overdue bool
	}{
		{"complaint", draft, []step{suspend, resume, suspend}, false, false},
		{"complaint breached before the suspension", draft, []step{suspend, resume}, true, true},
		{"joint handling, opinion while suspended", draft, []step{
			suspend,
			func(s *Service, id string) (*Order, error) { return s.SubmitOpinion(ctx, Unit(envBur), id, "超标") },
			func(s *Service, id string) (*Order, error) { return s.Urge(ctx, super, id, "请加快") },
			resume,
		}, false, false},
		// 90 minutes after receipt, the 30-minute contact target is late.
		{"emergency, contact target does not pause", func() *Order {
			d := draft()
			d.Urgency = hotline.UrgencyEmergency
			return d
		}, []step{suspend, resume}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var orders [2][]*Order
			for i, watch := range []bool{true, false} {
				s, clk := newService(t, func(c *Config) { c.Watch = watch })
				o := handling(t, s, tc.draft(), envBur)
				if tc.late {
					clk.Set(at(2025, 9, 24, 9, 0))
				}
				for _, st := range tc.steps {
					clk.Advance(90 * time.Minute)
					orders[i] = append(orders[i], must(t)(st(s, o.ID)))
				}
			}
			for j := range orders[0] {
				w, n := orders[0][j], orders[1][j]
				if !w.Due.Equal(n.Due) || w.Level != n.Level || w.Overdue != n.Overdue {
					t.Errorf("step %d (%s): due %v level %s overdue %v without a monitor, want %v %s %v",
						j, w.State, n.Due, n.Level, n.Overdue, w.Due, w.Level, w.Overdue)
				}
				for k := range w.Assists {
					if !w.Assists[k].Due.Equal(n.Assists[k].Due) {
						t.Errorf("step %d: assist due %v, want %v", j, n.Assists[k].Due, w.Assists[k].Due)
					}
				}
			}
			if last := orders[1][len(orders[1])-1]; tc.overdue != last.Overdue {
				t.Errorf("overdue %v, want %v", last.Overdue, tc.overdue)
			}
		})
	}
}

// TestPolicyByUnitAndRegion: with policies that select by unit or region,
// the service's remembered lookups follow the order's lead and region.
// Complaints handled by the environment bureau must be finished in 2
// working days, those from 上元村 in 3; others in 5. All are received on
// Monday 15 September 10:00.
func TestPolicyByUnitAndRegion(t *testing.T) {
	var ps []sla.Policy
	for _, p := range sla.DefaultPolicies().Policies() {
		ps = append(ps, p)
		if p.Category != hotline.CategoryComplaint {
			continue
		}
		for _, v := range []struct {
			name, unit, region string
			days               int
		}{{"complaint-env", envBur, "", 2}, {"complaint-shangyuan", "", "清溪镇/上元村", 3}} {
			q := p
			q.Name, q.Unit, q.Region = v.name, v.unit, v.region
			q.Targets = slices.Clone(p.Targets)
			q.Target(sla.TargetFinish).Amount = sla.Amount{Days: v.days}
			ps = append(ps, q)
		}
	}
	set, err := sla.NewPolicySet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newService(t, func(c *Config) { c.Policies = set })
	ctx := context.Background()
	m := must(t)
	signed := func(id, unit string, redispatch bool) *Order {
		t.Helper()
		if redispatch {
			m(s.Redispatch(ctx, centre, id, Assignment{Lead: unit}))
		} else {
			m(s.Dispatch(ctx, centre, id, Assignment{Lead: unit}))
		}
		return m(s.Sign(ctx, Unit(unit), id))
	}
	o := m(s.Accept(ctx, centre, draft()))
	sameTime(t, "received", o.Due, at(2025, 9, 23, 0, 0))
	o = signed(o.ID, envBur, false)
	sameTime(t, "handled by the bureau", o.Due, at(2025, 9, 18, 0, 0))
	o = signed(o.ID, cityMgmt, true)
	sameTime(t, "moved to city management", o.Due, at(2025, 9, 23, 0, 0))

	d := draft()
	d.Location.Region = "清溪镇/上元村"
	o = m(s.Accept(ctx, centre, d))
	sameTime(t, "from 上元村", o.Due, at(2025, 9, 19, 0, 0))
	o = signed(o.ID, cityMgmt, false)
	sameTime(t, "from 上元村, signed", o.Due, at(2025, 9, 19, 0, 0))
	o = m(s.Accept(ctx, centre, draft()))
	sameTime(t, "from 三中村 again", o.Due, at(2025, 9, 23, 0, 0))
}
