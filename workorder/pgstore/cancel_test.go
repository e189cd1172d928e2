package pgstore_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// fill copies the order id into n more orders of the schema, for lists
// that take a while.
func fill(t *testing.T, schema, id string, n int) {
	t.Helper()
	s := pgx.Identifier{schema}.Sanitize()
	exec(t, testDSN(t), `INSERT INTO `+s+`.orders (id, version, state, category, urgency, lead, units, region, due,
		overdue, merged_into, created, updated, doc, joint, repeated, repeat_key)
	SELECT c.id, version, state, category, urgency, lead, units, region, due, overdue, merged_into, created, updated,
		jsonb_set(doc, '{id}', to_jsonb(c.id)), joint, repeated, repeat_key
	FROM `+s+`.orders o, generate_series(1, $2) g, LATERAL (SELECT o.id || '-' || lpad(g::text, 7, '0') AS id) c
	WHERE o.id = $1`, id, n)
}

// TestCancelledListsFreeConnections cancels 20 unbounded lists of 200,001
// orders shortly after they start, in rounds: each round, the next Get
// answers within a second. The server ignores a cancel request that comes
// while it is still reading the statement; a connection dropped at once
// then kept its place in the pool until the server had sent the whole
// list, and the Get waited seconds.
func TestCancelledListsFreeConnections(t *testing.T) {
	schema := newSchema(t)
	s := openStore(t, schema)
	id := dispatched(t, newService(t, s, nil), complaint(), true)
	fill(t, schema, id, 200_000)
	ctx := context.Background()
	var worst time.Duration
	for _, after := range []time.Duration{1, 2, 5, 10, 10, 20, 20, 50} {
		after *= time.Millisecond
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(ctx, after)
				defer cancel()
				if _, err := s.List(ctx, workorder.Filter{}); err != nil && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("List cancelled after %v: %v, want context.DeadlineExceeded", after, err)
				}
			})
		}
		wg.Wait()
		start := time.Now()
		if _, err := s.Get(ctx, id); err != nil {
			t.Fatal(err)
		}
		waited := time.Since(start)
		worst = max(worst, waited)
		if waited > time.Second {
			t.Errorf("Get after 20 lists cancelled after %v waited %v, want under 1s", after, waited)
		}
	}
	t.Logf("the longest wait of a Get after 20 cancelled lists: %v", worst)
}

// TestDriverErrorsWrapped drops the store's tables under it: every call
// fails with an error that names the package and the operation and
// still yields the server's error to errors.As.
func TestDriverErrorsWrapped(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	s := openStore(t, schema)
	id, o, rs := storedOrder(t, s)
	exec(t, testDSN(t), `DROP TABLE `+pgx.Identifier{schema, "order_records"}.Sanitize()+`, `+
		pgx.Identifier{schema, "sla_alerts"}.Sanitize()+`, `+pgx.Identifier{schema, "order_keys"}.Sanitize()+`, `+
		pgx.Identifier{schema, "order_index"}.Sanitize()+`, `+pgx.Identifier{schema, "orders"}.Sanitize())
	next := *o
	first := rs[0]
	next.ID, first.OrderID = "WO-new", "WO-new"
	next.Version, next.LastHash = 1, first.Hash
	calls := map[string]func() error{
		"pgstore: get order":    func() error { _, err := s.Get(ctx, id); return err },
		"pgstore: history":      func() error { _, err := s.History(ctx, id); return err },
		"pgstore: list":         func() error { _, err := s.List(ctx, workorder.Filter{Unit: cityMgmt}); return err },
		"pgstore: recent":       func() error { _, err := s.Recent(ctx, "key", t0.Add(-time.Hour), t0); return err },
		"pgstore: update order": func() error { return s.Update(ctx, o, o.Version-1, rs[len(rs)-1:]) },
		"pgstore: create order": func() error { return s.Create(ctx, &next, []workorder.Record{first}) },
		"pgstore: monitor n1: fire": func() error {
			m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1",
				Handler: sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })})
			if err != nil {
				return err
			}
			_, err = m.Fire(ctx, t0)
			return err
		},
	}
	for op, call := range calls {
		err := call()
		var pgErr *pgconn.PgError
		if err == nil || !strings.HasPrefix(err.Error(), op) || !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
			t.Errorf("%s on a dropped table: %v, want an error starting %q wrapping the server's 42P01", op, err, op)
		}
	}
}

// TestWriteNotSent writes with a context that ended before any
// connection was taken: nothing reached the server, so the error is the
// context's and not one of unknown outcome, and the order is unchanged.
func TestWriteNotSent(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, newSchema(t))
	id, o, rs := storedOrder(t, s)
	done, cancel := context.WithCancel(ctx)
	cancel()
	err := s.Update(done, o, o.Version-1, rs[len(rs)-1:])
	if !errors.Is(err, context.Canceled) || errors.Is(err, workorder.ErrOutcomeUnknown) {
		t.Fatalf("update with an ended context: %v; want context.Canceled, not ErrOutcomeUnknown", err)
	}
	if got, err := s.Get(ctx, id); err != nil || got.Version != o.Version {
		t.Fatalf("after: %v, %v; want version %d", got, err, o.Version)
	}
}

// storedOrder dispatches a complaint on s and returns its id, the order
// as stored and its records.
func storedOrder(t *testing.T, s *pgstore.Store) (string, *workorder.Order, []workorder.Record) {
	t.Helper()
	ctx := context.Background()
	id := dispatched(t, newService(t, s, nil), complaint(), true)
	o, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return id, o, rs
}
