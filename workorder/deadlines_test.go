package workorder

import (
	"context"
	"errors"
	"testing"
	"time"

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
