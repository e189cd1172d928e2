package workorder

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentSteps has 8 goroutines take steps on the same 1,000
// orders: each urges every order once (retrying on conflicts), and all
// race to reply to it, which exactly one may do. Afterwards no step is
// lost or doubled, every history is complete and verifies, and versions
// rise by one per record.
func TestConcurrentSteps(t *testing.T) {
	const goroutines, orders = 8, 1000
	var observed sync.Map // order id + step + remark -> count
	obs := ObserverFuncs{OnStep: func(ctx context.Context, o *Order, r Record) {
		n, _ := observed.LoadOrStore(fmt.Sprintf("%s %s %s", o.ID, r.Step, r.Remark), new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
	}}
	store := &countingStore{Store: NewMemStore()}
	s, _ := newService(t, func(c *Config) { c.Observer = obs; c.Watch = true; c.Store = store })
	ctx := context.Background()
	ids := make([]string, orders)
	for i := range ids {
		ids[i] = handling(t, s, draft()).ID
	}
	var replies, conflicts atomic.Int64
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range orders {
				// All goroutines walk the orders in the same order, a
				// few apart, so that they collide.
				id := ids[(i+g/2)%orders]
				remark := fmt.Sprintf("g%d", g)
				for {
					_, err := s.Urge(ctx, super, id, remark)
					if errors.Is(err, ErrConflict) {
						conflicts.Add(1)
						continue
					}
					if err != nil {
						t.Errorf("urge %s by %s: %v", id, remark, err)
						return
					}
					break
				}
				for {
					_, err := s.Reply(ctx, Unit(cityMgmt), id, "已处理 "+remark)
					switch {
					case err == nil:
						replies.Add(1)
					case errors.Is(err, ErrConflict):
						conflicts.Add(1)
						continue
					case errors.Is(err, ErrInvalidTransition):
						// Someone else replied first.
					default:
						t.Errorf("reply %s: %v", id, err)
						return
					}
					break
				}
			}
		})
	}
	wg.Wait()
	if replies.Load() != orders {
		t.Errorf("%d replies succeeded, want exactly one per order (%d)", replies.Load(), orders)
	}
	t.Logf("%d store conflicts, %d of them returned to the goroutines", store.conflicts.Load(), conflicts.Load())
	for _, id := range ids {
		o := must(t)(s.Get(ctx, centre, id))
		rs := history(t, s, id)
		if o.Version != int64(len(rs)) || o.Version != 3+goroutines+1 {
			t.Fatalf("%s: version %d, %d records, want %d", id, o.Version, len(rs), 3+goroutines+1)
		}
		if o.Urges != goroutines || o.State != StateReplied {
			t.Fatalf("%s: %d urges, state %s", id, o.Urges, o.State)
		}
		if err := Verify(id, rs); err != nil {
			t.Fatal(err)
		}
		urgedBy := map[string]int{}
		nreply := 0
		for i, r := range rs {
			if r.Seq != int64(i+1) {
				t.Fatalf("%s: record %d numbered %d", id, i+1, r.Seq)
			}
			if i > 0 && r.At.Before(rs[i-1].At) {
				t.Fatalf("%s: record %d earlier than the one before", id, r.Seq)
			}
			switch r.Step {
			case StepUrge:
				urgedBy[r.Remark]++
			case StepReply:
				nreply++
			}
			if n, ok := observed.Load(fmt.Sprintf("%s %s %s", id, r.Step, r.Remark)); r.Step == StepUrge && (!ok || n.(*atomic.Int32).Load() != 1) {
				t.Fatalf("%s: %s by %s observed %v times", id, r.Step, r.Remark, n)
			}
		}
		if nreply != 1 || len(urgedBy) != goroutines {
			t.Fatalf("%s: %d replies, urges by %v", id, nreply, urgedBy)
		}
		for g, n := range urgedBy {
			if n != 1 {
				t.Fatalf("%s: %s urged %d times", id, g, n)
			}
		}
	}
}

// countingStore counts the conflicts its store reports.
type countingStore struct {
	Store
	conflicts atomic.Int64
}

func (c *countingStore) Update(ctx context.Context, o *Order, v int64, rs []Record) error {
	err := c.Store.Update(ctx, o, v, rs)
	if errors.Is(err, ErrConflict) {
		c.conflicts.Add(1)
	}
	return err
}
