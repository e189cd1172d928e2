package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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
