package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// TestStaleWriterLoses has two stores (two nodes) read the same version
// of an order and both write: the first wins, the second gets
// ErrConflict and writes nothing, and succeeds after reading again.
func TestStaleWriterLoses(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	a, b := openStore(t, schema), openStore(t, schema)
	id := dispatched(t, newService(t, a, nil), complaint(), true)
	oa, _ := a.Get(ctx, id)
	ob, _ := b.Get(ctx, id)
	hist, _ := a.History(ctx, id)
	step := func(o *workorder.Order, remark string) workorder.Record {
		r := workorder.Record{OrderID: id, Seq: o.Version + 1, At: t0, Actor: super, Step: workorder.StepUrge,
			From: o.State, To: o.State, Remark: remark}
		r.Hash = r.ComputeHash(o.LastHash)
		o.Version, o.LastHash, o.Urges = r.Seq, r.Hash, o.Urges+1
		return r
	}
	ra := step(oa, "node a")
	if err := a.Update(ctx, oa, oa.Version-1, []workorder.Record{ra}); err != nil {
		t.Fatal(err)
	}
	rb := step(ob, "node b")
	if err := b.Update(ctx, ob, ob.Version-1, []workorder.Record{rb}); !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("stale Update: %v, want ErrConflict", err)
	}
	got, _ := b.Get(ctx, id)
	if got.Version != oa.Version || got.Urges != 1 {
		t.Errorf("after the conflict: version %d urges %d, want %d and 1", got.Version, got.Urges, oa.Version)
	}
	if h, _ := b.History(ctx, id); len(h) != len(hist)+1 || h[len(h)-1].Remark != "node a" {
		t.Errorf("history after the conflict ends %+v", h[len(h)-1])
	}
	rb = step(got, "node b")
	if err := b.Update(ctx, got, got.Version-1, []workorder.Record{rb}); err != nil {
		t.Fatalf("Update after reading again: %v", err)
	}
	if err := newService(t, b, nil).Verify(ctx, id); err != nil {
		t.Error(err)
	}
}

// TestConcurrentServices runs two and four services, each with a pool of
// its own, on one database, taking steps on the same orders at once.
// Services do not retry here: the losers of a version get ErrConflict
// and try again from a fresh read. Every step must be recorded exactly
// once, in one unbroken chain per order, and each service must see an
// order's versions strictly increase.
func TestConcurrentServices(t *testing.T) {
	for _, nodes := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d nodes", nodes), func(t *testing.T) {
			ctx := context.Background()
			schema := newSchema(t)
			svcs := make([]*workorder.Service, nodes)
			for i := range svcs {
				svcs[i] = newService(t, openStore(t, schema, pgstore.WithMaxConns(4)), nil, noRetries)
			}
			ids := make([]string, 3)
			for i := range ids {
				ids[i] = dispatched(t, svcs[0], complaint(), i > 0)
			}
			const workers, steps = 2, 15 // per node
			var conflicts atomic.Int64
			var wg sync.WaitGroup
			for n, svc := range svcs {
				for w := range workers {
					wg.Go(func() {
						last := map[string]int64{}
						for i := 0; i < steps; {
							id := ids[(n+w+i)%len(ids)]
							o, err := svc.Urge(ctx, super, id, fmt.Sprintf("n%d-w%d-%d", n, w, i))
							if errors.Is(err, workorder.ErrConflict) {
								conflicts.Add(1)
								continue
							}
							if err != nil {
								t.Error(err)
								return
							}
							if o.Version <= last[id] {
								t.Errorf("node %d saw %s go from version %d to %d", n, id, last[id], o.Version)
							}
							last[id] = o.Version
							i++
						}
					})
				}
			}
			wg.Wait()
			want := map[string]bool{}
			for n := range nodes {
				for w := range workers {
					for i := range steps {
						want[fmt.Sprintf("n%d-w%d-%d", n, w, i)] = true
					}
				}
			}
			seen := map[string]bool{}
			for _, id := range ids {
				h, err := svcs[nodes-1].History(ctx, centre, id)
				if err != nil {
					t.Fatal(err)
				}
				if err := svcs[0].Verify(ctx, id); err != nil {
					t.Errorf("%s: %v", id, err)
				}
				for i, r := range h {
					if r.Seq != int64(i+1) {
						t.Fatalf("%s: record %d numbered %d", id, i+1, r.Seq)
					}
					if r.Step != workorder.StepUrge {
						continue
					}
					if seen[r.Remark] || !want[r.Remark] {
						t.Errorf("%s: step %q recorded twice or never taken", id, r.Remark)
					}
					seen[r.Remark] = true
				}
			}
			if len(seen) != len(want) {
				t.Errorf("%d steps recorded, want %d", len(seen), len(want))
			}
			t.Logf("%d steps, %d conflicts retried", len(want), conflicts.Load())
		})
	}
}
