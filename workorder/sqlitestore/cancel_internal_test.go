package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/hotline12345/hotline/workorder"
)

// TestCancelledListsFreeReaders cancels 20 unbounded lists of 2,001
// orders shortly after they start, on a store with one reader: each gives
// the reader back, and the next Get answers within a second.
func TestCancelledListsFreeReaders(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "orders.db"), WithReaders(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	o, err := service(t, s).Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	cols := strings.Join(filterCols[:], ", ")
	err = s.w.tx(ctx, func(t *wtx) error {
		_, err := t.exec(`WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000)
			INSERT INTO orders (id, version, created, updated, doc, `+cols+`)
			SELECT printf('%s-%07d', id, n), version, created, updated, json_set(doc, '$.id', printf('%s-%07d', id, n)), `+cols+`
			FROM orders, g WHERE id = ?`, o.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var worst time.Duration
	for _, after := range []time.Duration{1, 5, 20, 50} {
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
		if _, err := s.Get(ctx, o.ID); err != nil {
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
// fails with an error that names the package and the operation and still
// yields the driver's error to errors.As.
func TestDriverErrorsWrapped(t *testing.T) {
	ctx := context.Background()
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	o, err := service(t, s).Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	err = s.w.tx(ctx, func(t *wtx) error {
		for _, table := range []string{"order_records", "order_index", "orders"} {
			if _, err := t.exec("DROP TABLE " + table); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	next, first := *o, rs[0]
	next.ID, first.OrderID = "WO-new", "WO-new"
	next.Version, next.LastHash = 1, first.Hash
	calls := map[string]func() error{
		"sqlitestore: get order":    func() error { _, err := s.Get(ctx, o.ID); return err },
		"sqlitestore: history":      func() error { _, err := s.History(ctx, o.ID); return err },
		"sqlitestore: list":         func() error { _, err := s.List(ctx, workorder.Filter{Unit: lead}); return err },
		"sqlitestore: recent":       func() error { _, err := s.Recent(ctx, "key", o.Created.Add(-time.Hour), o.Created); return err },
		"sqlitestore: update order": func() error { return s.Update(ctx, o, o.Version-1, rs[len(rs)-1:]) },
		"sqlitestore: create order": func() error { return s.Create(ctx, &next, []workorder.Record{first}) },
	}
	for op, call := range calls {
		err := call()
		var sqlErr *sqlite.Error
		if err == nil || !strings.HasPrefix(err.Error(), op) || !errors.As(err, &sqlErr) || !strings.Contains(sqlErr.Error(), "no such table") {
			t.Errorf("%s on a dropped table: %v, want an error starting %q wrapping the driver's", op, err, op)
		}
	}
}
