package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// Workload is the work of a crash test: Workers goroutines, each taking
// the steps of its own orders one after the other (accept, urge,
// dispatch, urge, sign, urge, urge, reply), every step with an
// idempotency key of its own, retried with that key until it succeeds.
// Urges are there because a retried urge, unlike a transition, would be
// stored twice without its key. While steps fail (the database restarts,
// the process was killed) a crash test checks with Check that no step
// was lost or doubled.
//
// Orders are named Prefix-0001, … and keys Prefix-0001/1 … for the
// steps in order, so that a run after a crash takes the same steps with
// the same keys. A Workload is a plain value; Run may be called by
// several processes one after the other on one store.
type Workload struct {
	Prefix  string
	Workers int
	Orders  int // the most orders, shared among the workers
	// Lead is the unit orders are dispatched to; the supervisor
	// "督查室" urges.
	Lead string
	// Draft returns the draft of each order; its ID is set by Run.
	Draft func() *workorder.Order
	// Backoff is the wait before a step is retried; 0 means 20ms.
	Backoff time.Duration
	// Retry, when set, is called with a step's key and error before the
	// step is retried (concurrently, from the workers).
	Retry func(key string, err error)
}

// crashSteps is the number of steps of each order.
const crashSteps = 8

// ID returns the id of order i (from 0).
func (w Workload) ID(i int) string { return fmt.Sprintf("%s-%04d", w.Prefix, i+1) }

// Key returns the key of step j (from 0) of order i.
func (w Workload) Key(i, j int) string { return fmt.Sprintf("%s/%d", w.ID(i), j+1) }

// take takes step j of order i once, with its key.
func (w Workload) take(ctx context.Context, svc *workorder.Service, i, j int) error {
	ctx = workorder.WithKey(ctx, w.Key(i, j))
	id := w.ID(i)
	centre, super, lead := workorder.Centre("agent-7"), workorder.Supervisor("督查室"), workorder.Unit(w.Lead)
	var err error
	switch j {
	case 0:
		d := w.Draft()
		d.ID = id
		_, err = svc.Accept(ctx, centre, d)
	case 2:
		_, err = svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: w.Lead})
	case 4:
		_, err = svc.Sign(ctx, lead, id)
	case 7:
		_, err = svc.Reply(ctx, lead, id, "已处理完毕")
	default:
		_, err = svc.Urge(ctx, super, id, "")
	}
	return err
}

// final reports whether err says a step can never succeed: a refusal by
// the service rather than a failing database. No two workers share an
// order, so a version conflict too says that a step was stored unseen.
func final(err error) bool {
	for _, e := range []error{workorder.ErrInvalidTransition, workorder.ErrKeyReused, workorder.ErrForbidden, workorder.ErrConflict,
		workorder.ErrInvalidArgument, workorder.ErrInvalidOrder, workorder.ErrNotFound, workorder.ErrTampered, workorder.ErrCorrupt} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Run takes the workload's steps on svc from the first, each retried with
// its key until it succeeds, and calls done, when not nil, with each
// step's key once the step has succeeded (concurrently, from the
// workers). After stop is closed (nil: never) each worker finishes the
// order it is on and starts no other. Run returns the ids of the orders
// whose steps were all taken, in no particular order, and the first
// error by which the service refused a step (such as ErrInvalidTransition
// for a step stored and then taken again), or ctx's error.
func (w Workload) Run(ctx context.Context, svc *workorder.Service, stop <-chan struct{}, done func(key string)) ([]string, error) {
	backoff := w.Backoff
	if backoff <= 0 {
		backoff = 20 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		finished []string
		first    error
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	var wg sync.WaitGroup
	for g := range w.Workers {
		wg.Go(func() {
			for i := g; i < w.Orders; i += w.Workers {
				select {
				case <-stop:
					return
				default:
				}
				for j := 0; j < crashSteps; j++ {
					err := w.take(ctx, svc, i, j)
					for err != nil {
						if ctx.Err() != nil {
							fail(fmt.Errorf("order %s step %d: %w (last error: %v)", w.ID(i), j+1, ctx.Err(), err))
							return
						}
						if final(err) {
							fail(fmt.Errorf("order %s step %d: %w", w.ID(i), j+1, err))
							return
						}
						if w.Retry != nil {
							w.Retry(w.Key(i, j), err)
						}
						select {
						case <-time.After(backoff):
						case <-ctx.Done():
						}
						err = w.take(ctx, svc, i, j)
					}
					if done != nil {
						done(w.Key(i, j))
					}
				}
				mu.Lock()
				finished = append(finished, w.ID(i))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return finished, first
}

// Check checks the orders of the workload in s after runs that took
// every step of the orders finished: each holds exactly the workload's
// steps, one record per key in order (none lost, none doubled), with
// the urges counted once, and its trail verifies. Orders of the workload
// not in finished must not hold more steps than there are. It returns
// every problem found, joined.
func (w Workload) Check(ctx context.Context, svc *workorder.Service, s workorder.Store, finished []string) error {
	var errs []error
	want := map[string]bool{}
	for _, id := range finished {
		want[id] = true
	}
	for i := range w.Orders {
		id := w.ID(i)
		hs, err := s.History(ctx, id)
		if errors.Is(err, workorder.ErrNotFound) && !want[id] {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n := len(hs)
		if want[id] && n != crashSteps || n > crashSteps {
			errs = append(errs, fmt.Errorf("order %s: %d records, want %d", id, n, crashSteps))
		}
		var keys []string
		for j := range hs {
			if k := w.Key(i, j); hs[j].Key != k {
				keys = append(keys, fmt.Sprintf("record %d has key %q, want %q", j+1, hs[j].Key, k))
			}
		}
		if keys != nil {
			errs = append(errs, fmt.Errorf("order %s: %s", id, strings.Join(keys, "; ")))
		}
		if err := svc.Verify(ctx, id); err != nil {
			errs = append(errs, err)
		}
		o, err := s.Get(ctx, id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if wantUrges := 4; want[id] && o.Urges != wantUrges {
			errs = append(errs, fmt.Errorf("order %s: %d urges, want %d", id, o.Urges, wantUrges))
		}
	}
	return errors.Join(errs...)
}
