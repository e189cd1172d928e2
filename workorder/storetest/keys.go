package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/workorder"
)

// testKeys stores records with and without idempotency keys and reads
// them back by key and in the history.
func testKeys(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	o, rs := newOrder("WO-K1")
	rs[0].Key = "req-accept-1"
	create(t, s, o, rs)
	urge := step(o, workorder.StateReceived, at(1))
	urge.Key = "req-urge-1"
	if err := s.Update(ctx, o, 1, []workorder.Record{urge}); err != nil {
		t.Fatal(err)
	}
	plain := step(o, workorder.StateReceived, at(2)) // no key, as before keys were kept
	if err := s.Update(ctx, o, 2, []workorder.Record{plain}); err != nil {
		t.Fatal(err)
	}
	o2, rs2 := newOrder("WO-K2") // a second order without keys
	create(t, s, o2, rs2)

	for _, want := range []workorder.Record{rs[0], urge} {
		got, err := s.RecordByKey(ctx, want.Key)
		if err != nil {
			t.Fatalf("RecordByKey(%q): %v", want.Key, err)
		}
		sameRecords(t, []workorder.Record{want}, []workorder.Record{got})
	}
	sameRecords(t, []workorder.Record{rs[0], urge, plain}, history(t, s, "WO-K1"))
	if err := workorder.Verify("WO-K1", history(t, s, "WO-K1")); err != nil {
		t.Errorf("trail with keys: %v", err)
	}
	for _, k := range []string{"req-none", "", "REQ-URGE-1"} {
		if _, err := s.RecordByKey(ctx, k); !errors.Is(err, workorder.ErrNotFound) {
			t.Errorf("RecordByKey(%q): %v, want ErrNotFound", k, err)
		}
	}
}

// testKeyReused writes records whose keys are taken: each write is
// refused with ErrKeyReused and leaves the store as it was.
func testKeyReused(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	o, rs := newOrder("WO-K1")
	rs[0].Key = "a"
	create(t, s, o, rs)
	r := step(o, workorder.StateReceived, at(1))
	r.Key = "b"
	if err := s.Update(ctx, o, 1, []workorder.Record{r}); err != nil {
		t.Fatal(err)
	}
	before := get(t, s, "WO-K1")

	again := before.Clone()
	r = step(again, workorder.StateReceived, at(2))
	r.Key = "a" // the key of the order's first record
	if err := s.Update(ctx, again, 2, []workorder.Record{r}); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Update with the key of an earlier record: %v, want ErrKeyReused", err)
	}
	again = before.Clone()
	r1 := step(again, workorder.StateReceived, at(2))
	r2 := step(again, workorder.StateReceived, at(3))
	r1.Key, r2.Key = "c", "c"
	r2.Hash = r2.ComputeHash(r1.Hash)
	again.LastHash = r2.Hash
	if err := s.Update(ctx, again, 2, []workorder.Record{r1, r2}); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Update with one key on two records: %v, want ErrKeyReused", err)
	}
	if _, err := s.RecordByKey(ctx, "c"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("RecordByKey after a refused update: %v, want ErrNotFound", err)
	}
	o2, rs2 := newOrder("WO-K2")
	rs2[0].Key = "b" // the key of the other order's urge
	if err := s.Create(ctx, o2, rs2); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Create with the key of another order's record: %v, want ErrKeyReused", err)
	}
	if _, err := s.Get(ctx, "WO-K2"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("Get of an order whose create was refused: %v, want ErrNotFound", err)
	}
	again = before.Clone()
	r = step(again, workorder.StateReceived, at(2))
	r.Key = "d\x00"
	if err := s.Update(ctx, again, 2, []workorder.Record{r}); !errors.Is(err, workorder.ErrInvalidArgument) {
		t.Errorf("Update with a NUL in a key: %v, want ErrInvalidArgument", err)
	}
	sameOrder(t, before, get(t, s, "WO-K1"))
	if h := history(t, s, "WO-K1"); len(h) != 2 {
		t.Errorf("history holds %d records after refused writes, want 2", len(h))
	}
	got, err := s.RecordByKey(ctx, "b")
	if err != nil || got.OrderID != "WO-K1" || got.Seq != 2 {
		t.Errorf("RecordByKey(b) = %s #%d, %v; want WO-K1 #2", got.OrderID, got.Seq, err)
	}
}

// keyService returns a service on s with a fixed clock.
func keyService(t *testing.T, s workorder.Store) *workorder.Service {
	t.Helper()
	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: calendar.AlwaysOpen(shanghai),
		Clock: workorder.ClockFunc(func() time.Time { return t0 }), IDs: workorder.Sequence("WO")})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// draft returns a draft order for Accept.
func draft() *workorder.Order {
	o, _ := newOrder("")
	o.State, o.Timeline, o.Version, o.Created, o.Updated = workorder.StateNew, nil, 0, time.Time{}, time.Time{}
	return o
}

// testServiceKeys takes steps through a service twice with the same key:
// the second call returns the order as it is, without taking the step
// again; a key of another step is refused.
func testServiceKeys(t *testing.T, s workorder.Store) {
	svc := keyService(t, s)
	bg := context.Background()
	centre, super, lead := workorder.Centre("agent-7"), workorder.Supervisor("督查室"), "清溪镇城管办"
	k := func(key string) context.Context { return workorder.WithKey(bg, key) }

	o1, err := svc.Accept(k("accept-1"), centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	o2, err := svc.Accept(k("accept-1"), centre, draft())
	if err != nil || o2.ID != o1.ID {
		t.Fatalf("Accept again with its key: %v, %v; want order %s", o2, err, o1.ID)
	}
	if os, err := s.List(bg, workorder.Filter{}); err != nil || len(os) != 1 {
		t.Fatalf("after two Accepts with one key the store lists %d orders (%v), want 1", len(os), err)
	}
	id := o1.ID
	for range 2 {
		o, err := svc.Urge(k("urge-1"), super, id, "请尽快处理")
		if err != nil || o.Urges != 1 || o.Version != 2 {
			t.Fatalf("Urge with key urge-1: %+v, %v; want 1 urge at version 2", o, err)
		}
	}
	for range 2 {
		o, err := svc.Dispatch(k("dispatch-1"), centre, id, workorder.Assignment{Lead: lead})
		if err != nil || o.State != workorder.StateDispatched || o.Version != 3 {
			t.Fatalf("Dispatch with key dispatch-1: %+v, %v; want dispatched at version 3", o, err)
		}
	}
	// A key answers for its own step only.
	if _, err := svc.Urge(k("dispatch-1"), super, id, ""); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Urge with the key of a dispatch: %v, want ErrKeyReused", err)
	}
	if _, err := svc.Urge(k("urge-1"), workorder.Supervisor("另一督查员"), id, ""); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Urge by another actor with the key of an urge: %v, want ErrKeyReused", err)
	}
	if _, err := svc.Sign(k("urge-1"), workorder.Unit(lead), id); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Sign with the key of an urge: %v, want ErrKeyReused", err)
	}
	if _, err := svc.Accept(k("urge-1"), centre, draft()); !errors.Is(err, workorder.ErrKeyReused) {
		t.Errorf("Accept with the key of an urge: %v, want ErrKeyReused", err)
	}
	var kr *workorder.KeyReusedError
	if _, err := svc.Urge(k("accept-1"), super, id, ""); !errors.As(err, &kr) || kr.Key != "accept-1" || kr.Step != workorder.StepUrge {
		t.Errorf("Urge with the key of the accept: %v, want a *KeyReusedError for urge and accept-1", err)
	}
	for _, bad := range []string{strings.Repeat("x", workorder.MaxKeyLen+1), "a\x00b", "\xff"} {
		if _, err := svc.Urge(k(bad), super, id, ""); !errors.Is(err, workorder.ErrInvalidArgument) {
			t.Errorf("Urge with key %q: %v, want ErrInvalidArgument", bad, err)
		}
	}
	// Without a key every call is a step of its own.
	for range 2 {
		if _, err := svc.Urge(bg, super, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	o := get(t, s, id)
	if o.Urges != 3 || o.Version != 5 {
		t.Errorf("order after the steps: %d urges at version %d, want 3 at 5", o.Urges, o.Version)
	}
	h := history(t, s, id)
	seen := map[string]bool{}
	for _, r := range h {
		if r.Key == "" || seen[r.Key] {
			t.Errorf("record %d has key %q, want a key of its own", r.Seq, r.Key)
		}
		seen[r.Key] = true
	}
	if err := svc.Verify(bg, id); err != nil {
		t.Error(err)
	}
}

// lossy is a store whose Create and Update report ErrOutcomeUnknown, as
// when the connection is lost during the commit: commit says whether the
// write is made first, and down makes RecordByKey fail too (the database
// is not back yet). It counts down failures.
type lossy struct {
	workorder.Store
	failures int
	commit   bool
	down     bool
}

var errLost = fmt.Errorf("storetest: connection lost during commit: %w", workorder.ErrOutcomeUnknown)

func (l *lossy) fail(write func() error) error {
	if l.failures == 0 {
		return write()
	}
	l.failures--
	if l.commit {
		if err := write(); err != nil {
			return err
		}
	}
	return errLost
}

func (l *lossy) Create(ctx context.Context, o *workorder.Order, records []workorder.Record) error {
	return l.fail(func() error { return l.Store.Create(ctx, o, records) })
}

func (l *lossy) Update(ctx context.Context, o *workorder.Order, expected int64, records []workorder.Record) error {
	return l.fail(func() error { return l.Store.Update(ctx, o, expected, records) })
}

func (l *lossy) RecordByKey(ctx context.Context, key string) (workorder.Record, error) {
	if l.down {
		return workorder.Record{}, errors.New("storetest: connection refused")
	}
	return l.Store.RecordByKey(ctx, key)
}

// testOutcomeUnknown takes steps on a store that loses the answer to its
// commits: the service reads the key back and answers for the step when
// it was stored, takes it again when it was not, and otherwise returns an
// *OutcomeError whose key a retry uses safely. No step is lost or doubled.
func testOutcomeUnknown(t *testing.T, s workorder.Store) {
	l := &lossy{Store: s}
	svc := keyService(t, l)
	ctx := context.Background()
	centre, super, lead := workorder.Centre("agent-7"), workorder.Supervisor("督查室"), "清溪镇城管办"

	// Committed, answer lost: the service finds its key.
	l.failures, l.commit = 1, true
	o, err := svc.Accept(ctx, centre, draft())
	if err != nil || o.Version != 1 {
		t.Fatalf("Accept whose commit's answer was lost: %+v, %v", o, err)
	}
	id := o.ID
	l.failures = 1
	if o, err = svc.Urge(ctx, super, id, ""); err != nil || o.Urges != 1 || o.Version != 2 {
		t.Fatalf("Urge whose commit's answer was lost: %+v, %v; want 1 urge at version 2", o, err)
	}
	// Not committed: the service takes the step again with its key.
	l.failures, l.commit = 1, false
	if o, err = svc.Urge(ctx, super, id, ""); err != nil || o.Urges != 2 || o.Version != 3 {
		t.Fatalf("Urge whose commit failed: %+v, %v; want 2 urges at version 3", o, err)
	}
	// Committed, and the store stays unreachable: the caller learns the
	// key and retries with it once the store is back.
	l.failures, l.commit, l.down = 1, true, true
	_, err = svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: lead})
	var oe *workorder.OutcomeError
	if !errors.As(err, &oe) || !errors.Is(err, workorder.ErrOutcomeUnknown) || oe.Key == "" || oe.ID != id ||
		!strings.Contains(err.Error(), "retrying with the same idempotency key") {
		t.Fatalf("Dispatch while the store is down: %v, want an *OutcomeError with the key", err)
	}
	l.down = false
	o, err = svc.Dispatch(workorder.WithKey(ctx, oe.Key), centre, id, workorder.Assignment{Lead: lead})
	if err != nil || o.State != workorder.StateDispatched || o.Version != 4 {
		t.Fatalf("Dispatch retried with its key: %+v, %v; want dispatched at version 4", o, err)
	}
	// The caller's own key, on an urge that a plain retry would double.
	l.failures, l.commit, l.down = 1, true, true
	kctx := workorder.WithKey(ctx, "urge-req-7")
	if _, err = svc.Urge(kctx, super, id, ""); !errors.As(err, &oe) || oe.Key != "urge-req-7" {
		t.Fatalf("Urge while the store is down: %v, want an *OutcomeError with the caller's key", err)
	}
	l.down = false
	if o, err = svc.Urge(kctx, super, id, ""); err != nil || o.Urges != 3 || o.Version != 5 {
		t.Fatalf("Urge retried with its key: %+v, %v; want 3 urges at version 5", o, err)
	}
	// Accept, committed while the store is down, retried with its key.
	l.failures, l.commit, l.down = 1, true, true
	if _, err = svc.Accept(workorder.WithKey(ctx, "accept-req-9"), centre, draft()); !errors.Is(err, workorder.ErrOutcomeUnknown) {
		t.Fatalf("Accept while the store is down: %v, want ErrOutcomeUnknown", err)
	}
	l.down = false
	o2, err := svc.Accept(workorder.WithKey(ctx, "accept-req-9"), centre, draft())
	if err != nil || o2.Version != 1 {
		t.Fatalf("Accept retried with its key: %+v, %v", o2, err)
	}
	if os, err := s.List(ctx, workorder.Filter{}); err != nil || len(os) != 2 {
		t.Fatalf("the store lists %d orders (%v), want 2", len(os), err)
	}
	if h := history(t, s, id); len(h) != 5 {
		t.Errorf("history holds %d records, want 5", len(h))
	}
	for _, id := range []string{id, o2.ID} {
		if err := svc.Verify(ctx, id); err != nil {
			t.Error(err)
		}
	}
}

// testConcurrentKeys sends one request, with one key, from 8 goroutines
// at once, as clients retrying on several nodes do: the step is stored
// once and every call answers with the order it made.
func testConcurrentKeys(t *testing.T, s workorder.Store) {
	svc := keyService(t, s)
	bg := context.Background()
	centre, super := workorder.Centre("agent-7"), workorder.Supervisor("督查室")
	const n = 8
	run := func(take func() (*workorder.Order, error)) []*workorder.Order {
		out := make([]*workorder.Order, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { out[i], errs[i] = take() })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		return out
	}
	accepted := run(func() (*workorder.Order, error) {
		return svc.Accept(workorder.WithKey(bg, "accept-together"), centre, draft())
	})
	id := accepted[0].ID
	for _, o := range accepted {
		if o.ID != id {
			t.Fatalf("Accepts with one key made orders %s and %s", id, o.ID)
		}
	}
	urged := run(func() (*workorder.Order, error) {
		return svc.Urge(workorder.WithKey(bg, "urge-together"), super, id, "")
	})
	for _, o := range urged {
		if o.Urges != 1 {
			t.Errorf("Urge with one key from %d goroutines: an answer with %d urges, want 1", n, o.Urges)
		}
	}
	if os, err := s.List(bg, workorder.Filter{}); err != nil || len(os) != 1 {
		t.Errorf("the store lists %d orders (%v), want 1", len(os), err)
	}
	if h := history(t, s, id); len(h) != 2 {
		t.Errorf("history holds %d records, want 2", len(h))
	}
}
