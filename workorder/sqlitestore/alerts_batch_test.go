package sqlitestore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// TestMonitorBatchesOverManyTransactions: monitors of two processes fire
// at once a backlog larger than a batch, which each claims and marks in
// several short transactions. Every alert is dealt with once, by one
// monitor; those whose handler failed the first time are raised again
// after the backoff, once.
func TestMonitorBatchesOverManyTransactions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	planner := sqlitestore.PolicyPlanner(nil, cn.Calendar())
	clk := &clock{t: t0}
	var mu sync.Mutex
	tries := map[string]int{} // handler calls per alert
	dealt := map[string]int{} // calls that returned nil
	var svc *workorder.Service
	var mons []*sqlitestore.Monitor
	for n := range 2 {
		s, err := sqlitestore.Open(ctx, path, sqlitestore.WithAlerts(planner))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if svc == nil {
			svc = newService(t, s, func(c *workorder.Config) { c.Clock = clk })
		}
		m, err := sqlitestore.NewMonitor(s, sqlitestore.MonitorConfig{Name: fmt.Sprintf("p%d", n), Batch: 150, Workers: 2,
			Backoff: sla.Backoff{Initial: time.Hour},
			Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
				mu.Lock()
				defer mu.Unlock()
				k := alertKey(a)
				tries[k]++
				if tries[k] == 1 && len(tries)%4 == 0 {
					return errors.New("handler down")
				}
				dealt[k]++
				return nil
			})})
		if err != nil {
			t.Fatal(err)
		}
		mons = append(mons, m)
	}
	const orders = 120
	for range orders {
		o, err := svc.Accept(ctx, centre, complaint())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
			t.Fatal(err)
		}
	}
	fire := func(now time.Time) {
		var wg sync.WaitGroup
		for _, m := range mons {
			wg.Go(func() {
				if _, err := m.Fire(ctx, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	// Three days later every order's sign target (and more) is overdue.
	now := t0.Add(72 * time.Hour)
	fire(now)
	failed := len(tries) - len(dealt)
	if len(tries) < orders || failed == 0 {
		t.Fatalf("first Fire tried %d alerts, %d failed; want %d or more, some failed", len(tries), failed, orders)
	}
	fire(now.Add(time.Minute))
	if got := len(dealt); got != len(tries)-failed {
		t.Errorf("a failed alert was tried again before the backoff: %d dealt with", got)
	}
	fire(now.Add(time.Hour + time.Minute))
	for k, n := range tries {
		if dealt[k] != 1 || n > 2 {
			t.Errorf("alert %s: tried %d times, dealt with %d; want once dealt with", k, n, dealt[k])
		}
	}
	if len(dealt) != len(tries) {
		t.Errorf("%d alerts dealt with of %d tried", len(dealt), len(tries))
	}
}
