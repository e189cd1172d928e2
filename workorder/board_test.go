package workorder

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hotline12345/hotline/sla"
)

// storeOnly hides every method of a Store but the interface's, so that a
// Service sees no Counter.
type storeOnly struct{ Store }

// TestBoard: the centre sees every unit's line, a unit only its own, the
// same whether the store counts or the service counts the listed orders;
// a bad actor is refused.
func TestBoard(t *testing.T) {
	ctx := context.Background()
	for _, counter := range []bool{true, false} {
		s, clk := newService(t, func(c *Config) {
			if !counter {
				c.Store = storeOnly{NewMemStore()}
			}
		})
		a := must(t)(s.Accept(ctx, centre, draft()))
		b := must(t)(s.Accept(ctx, centre, draft()))
		must(t)(s.Dispatch(ctx, centre, b.ID, Assignment{Lead: cityMgmt, Assist: []string{envBur}}))
		c := must(t)(s.Accept(ctx, centre, draft()))
		must(t)(s.Dispatch(ctx, centre, c.ID, Assignment{Lead: cityMgmt}))
		// Three working days on, c is past its signing deadline.
		clk.t = clk.t.Add(72 * time.Hour)
		must(t)(s.Urge(ctx, super, c.ID, ""))
		must(t)(s.Cancel(ctx, centre, a.ID, CodedReason{Code: "duplicate", Text: "重复来电"}))

		all, err := s.Board(ctx, centre)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := s.Get(ctx, centre, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !c2.Overdue || c2.Level != sla.LevelOverdue {
			t.Fatalf("order c: level %v, overdue %v; want overdue", c2.Level, c2.Overdue)
		}
		want := []UnitCounts{
			{Unit: cityMgmt, Open: [3]int{1, 0, 1}, Overdue: 1},
			{Unit: envBur, Open: [3]int{1, 0, 0}},
		}
		if !reflect.DeepEqual(all, want) {
			t.Errorf("counter %v: centre's board %+v, want %+v", counter, all, want)
		}
		mine, err := s.Board(ctx, Unit(envBur))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(mine, want[1:]) {
			t.Errorf("counter %v: %s's board %+v, want %+v", counter, envBur, mine, want[1:])
		}
		none, err := s.Board(ctx, Unit(police))
		if err != nil || !reflect.DeepEqual(none, []UnitCounts{{Unit: police}}) {
			t.Errorf("counter %v: %s's board %+v, %v; want its empty line", counter, police, none, err)
		}
		var fe *ForbiddenError
		if _, err := s.Board(ctx, Actor{Role: RoleUnit}); !errors.As(err, &fe) {
			t.Errorf("counter %v: board of a unit without a name: %v, want a ForbiddenError", counter, err)
		}
	}
}

func TestUnitCountsTotal(t *testing.T) {
	if got := (UnitCounts{Open: [3]int{4, 2, 1}, Overdue: 3}).Total(); got != 7 {
		t.Errorf("Total = %d, want 7", got)
	}
}
