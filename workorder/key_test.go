package workorder

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
)

func TestCheckKey(t *testing.T) {
	tests := []struct {
		key string
		ok  bool
	}{
		{"3f6c2a1e-8d4b-4b7a-9c1d-2e5f7a9b0c3d", true},
		{"工单-20250915-0001", true},
		{strings.Repeat("k", MaxKeyLen), true},
		{"", false},
		{strings.Repeat("k", MaxKeyLen+1), false},
		{"req\x001", false},
		{"req\xff", false},
	}
	for _, tc := range tests {
		err := CheckKey(tc.key)
		if tc.ok != (err == nil) || err != nil && !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("CheckKey(%q) = %v, want ok %v", tc.key, err, tc.ok)
		}
	}
}

func TestWithKey(t *testing.T) {
	ctx := context.Background()
	if k, ok := KeyFrom(ctx); ok || k != "" {
		t.Errorf("KeyFrom(Background) = %q, %v", k, ok)
	}
	kctx := WithKey(ctx, "req-1")
	if k, ok := KeyFrom(kctx); !ok || k != "req-1" {
		t.Errorf("KeyFrom(WithKey(req-1)) = %q, %v", k, ok)
	}
	if k, ok := KeyFrom(WithKey(kctx, "")); ok || k != "" {
		t.Errorf("KeyFrom after WithKey(\"\") = %q, %v, want none", k, ok)
	}
	if k, ok := KeyFrom(withoutKey(kctx)); ok || k != "" {
		t.Errorf("KeyFrom(withoutKey) = %q, %v, want none", k, ok)
	}
}

func TestKeyErrors(t *testing.T) {
	cause := errors.New("pgstore: update order \"WO1\": unexpected EOF")
	var err error = &OutcomeError{ID: "WO1", Step: StepUrge, Key: "k1", Err: cause}
	want := `workorder: order "WO1": urge: outcome unknown, the step may or may not be stored; ` +
		`retrying with the same idempotency key "k1" is safe: pgstore: update order "WO1": unexpected EOF`
	if err.Error() != want {
		t.Errorf("OutcomeError:\n got %s\nwant %s", err, want)
	}
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, cause) || errors.Is(err, ErrKeyReused) {
		t.Errorf("OutcomeError matches the wrong errors")
	}
	err = &KeyReusedError{ID: "WO1", Step: StepSign, Key: "k1"}
	if want := `workorder: order "WO1": sign: idempotency key "k1" already used for another step`; err.Error() != want {
		t.Errorf("KeyReusedError:\n got %s\nwant %s", err, want)
	}
	if !errors.Is(err, ErrKeyReused) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("KeyReusedError matches the wrong errors")
	}
	err = &KeyReusedError{Step: StepAccept, Key: "k2"}
	if want := `workorder: accept: idempotency key "k2" already used for another step`; err.Error() != want {
		t.Errorf("KeyReusedError of an accept:\n got %s\nwant %s", err, want)
	}
}

// TestCloseWithKeyClosesMerged closes a master with a key: the merged
// orders, closed by the system in the same call, get keys of their own,
// and closing again with the key returns the closed master.
func TestCloseWithKeyClosesMerged(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	master := handling(t, s, draft())
	var kids []string
	for range 2 {
		k := m(s.Accept(ctx, centre, draft()))
		m(s.Merge(ctx, centre, k.ID, master.ID, "重复来电"))
		kids = append(kids, k.ID)
	}
	m(s.Reply(ctx, Unit(cityMgmt), master.ID, "已统一处理"))
	m(s.ApproveReply(ctx, centre, master.ID, ""))
	m(s.Callback(ctx, centre, master.ID, hotline.Satisfied, ""))
	kctx := WithKey(ctx, "close-req-1")
	for range 2 {
		o, err := s.Close(kctx, centre, master.ID, "办结")
		if err != nil || o.State != StateClosed {
			t.Fatalf("Close with a key: %v, %v", o, err)
		}
	}
	if rs := history(t, s, master.ID); len(rs) != 7 || rs[6].Key != "close-req-1" {
		t.Errorf("master's history: %d records, the last keyed %q; want 7, close-req-1", len(rs), rs[len(rs)-1].Key)
	}
	for _, id := range kids {
		rs := history(t, s, id)
		last := rs[len(rs)-1]
		if last.Step != StepClose || last.Key == "" || last.Key == "close-req-1" || len(rs) != 3 {
			t.Errorf("merged order %s: %d records, last %s keyed %q", id, len(rs), last.Step, last.Key)
		}
	}
}

// TestIssue12RetriedUrgeStoredOnce is the report's case: an urge whose
// commit succeeded while its answer was lost, retried by the caller with
// its key, is stored once; a transition retried so is not refused as
// ErrInvalidTransition.
func TestIssue12RetriedUrgeStoredOnce(t *testing.T) {
	ls := &lossyStore{MemStore: NewMemStore()}
	s, _ := newService(t, func(c *Config) { c.Store = ls })
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	ls.lose, ls.down = true, true
	kctx := WithKey(ctx, "urge-7")
	_, err := s.Urge(kctx, super, o.ID, "")
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("Urge while the store is unreachable: %v, want ErrOutcomeUnknown", err)
	}
	ls.lose, ls.down = false, false
	if got := must(t)(s.Urge(kctx, super, o.ID, "")); got.Urges != 1 {
		t.Errorf("Urge retried with its key: %d urges, want 1", got.Urges)
	}
	ls.lose, ls.down = true, true
	dctx := WithKey(ctx, "dispatch-7")
	if _, err := s.Dispatch(dctx, centre, o.ID, Assignment{Lead: cityMgmt}); !errors.Is(err, ErrOutcomeUnknown) ||
		errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("Dispatch while the store is unreachable: %v, want ErrOutcomeUnknown only", err)
	}
	ls.lose, ls.down = false, false
	if got := must(t)(s.Dispatch(dctx, centre, o.ID, Assignment{Lead: cityMgmt})); got.State != StateDispatched || got.Version != 3 {
		t.Errorf("Dispatch retried with its key: %s at version %d, want dispatched at 3", got.State, got.Version)
	}
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
}

// A person of a unit retrying a step with its key gets the order, not
// ErrKeyReused: the record keeps the person apart from its actor.
func TestKeyRetryByPerson(t *testing.T) {
	ls := &lossyStore{MemStore: NewMemStore()}
	s, _ := newService(t, func(c *Config) { c.Store = ls })
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	clerk := Person(cityMgmt, "王明", "执法队")
	kctx := WithKey(ctx, "sign-7")
	ls.lose = true
	if _, err := s.Sign(kctx, clerk, o.ID); !errors.Is(err, ErrOutcomeUnknown) && err != nil {
		t.Fatalf("Sign with the answer lost: %v", err)
	}
	ls.lose = false
	got, err := s.Sign(kctx, clerk, o.ID)
	if err != nil || got.State != StateHandling || got.Version != 3 {
		t.Fatalf("Sign retried with its key: %v, %v; want handling at version 3", got, err)
	}
}

// lossyStore commits every update and, with lose, loses the answer; with
// down it cannot read keys back.
type lossyStore struct {
	*MemStore
	lose, down bool
}

func (l *lossyStore) Update(ctx context.Context, o *Order, expected int64, records []Record) error {
	err := l.MemStore.Update(ctx, o, expected, records)
	if err == nil && l.lose {
		return fmt.Errorf("update: unexpected EOF: %w", ErrOutcomeUnknown)
	}
	return err
}

func (l *lossyStore) RecordByKey(ctx context.Context, key string) (Record, error) {
	if l.down {
		return Record{}, errors.New("dial: connection refused")
	}
	return l.MemStore.RecordByKey(ctx, key)
}

// TestNewKeySorts checks that generated keys are valid, distinct and
// sort in the order they were made.
func TestNewKeySorts(t *testing.T) {
	t0 := at(2025, 9, 15, 10, 0)
	prev := ""
	for i := range 100 {
		k := newKey(t0.Add(time.Duration(i) * time.Microsecond))
		if err := CheckKey(k); err != nil || len(k) != 26 {
			t.Fatalf("newKey = %q: %v", k, err)
		}
		if k <= prev {
			t.Fatalf("key %d %q does not sort after %q", i, k, prev)
		}
		prev = k
	}
	if a, b := newKey(t0), newKey(t0); a == b {
		t.Errorf("two keys made at one instant are both %q", a)
	}
}
