package sqlitestore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// TestCreateBatchManyRecords creates a batch with more records than one
// insert statement takes (200): every record is stored with its order,
// and each order's history reads back whole and in order.
func TestCreateBatchManyRecords(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	first, rs0 := accepted(t, s, "")
	// 150 orders of three records each: 450 records, three statements.
	var os []*workorder.Order
	var rss [][]workorder.Record
	for i := range 150 {
		o := first.Clone()
		o.ID = fmt.Sprintf("M%03d", i)
		var rs []workorder.Record
		var prev [32]byte
		for seq := int64(1); seq <= 3; seq++ {
			r := rs0[0]
			r.OrderID, r.Seq, r.Key = o.ID, seq, fmt.Sprintf("k-%s-%d", o.ID, seq)
			r.Remark = fmt.Sprintf("第%d步", seq)
			r.Hash = r.ComputeHash(prev)
			prev = r.Hash
			rs = append(rs, r)
		}
		o.Version, o.LastHash = 3, prev
		os, rss = append(os, o), append(rss, rs)
	}
	if err := s.CreateBatch(ctx, os, rss); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 66, 67, 133, 149} {
		got, err := s.History(ctx, os[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("order %s: %d records, want 3", os[i].ID, len(got))
		}
		for j, r := range got {
			if r.Seq != int64(j+1) || r.Remark != rss[i][j].Remark || r.Hash != rss[i][j].Hash {
				t.Errorf("order %s record %d: seq %d %q, want seq %d %q", os[i].ID, j, r.Seq, r.Remark, j+1, rss[i][j].Remark)
			}
		}
	}
}

// TestCreateBatchKeyReused creates a batch whose second order has a
// record with the key of a stored record: the batch fails with
// ErrKeyReused naming that order, and none of it is stored.
func TestCreateBatchKeyReused(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	first, rs0 := accepted(t, s, "taken")
	var os []*workorder.Order
	var rss [][]workorder.Record
	for i, key := range []string{"fresh", "taken"} {
		o := first.Clone()
		o.ID = fmt.Sprintf("K%d", i)
		r := rs0[0]
		r.OrderID, r.Key = o.ID, key
		r.Hash = r.ComputeHash([32]byte{})
		o.LastHash = r.Hash
		os, rss = append(os, o), append(rss, []workorder.Record{r})
	}
	err := s.CreateBatch(ctx, os, rss)
	if !errors.Is(err, workorder.ErrKeyReused) || !strings.Contains(err.Error(), `"K1"`) {
		t.Fatalf("CreateBatch: %v; want ErrKeyReused naming K1", err)
	}
	if _, err := s.Get(ctx, "K0"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("K0 after the failed batch: %v, want ErrNotFound", err)
	}
}

// TestCreateBatchAlerts creates an order with deadlines in a batch on a
// store WithAlerts: its alerts are kept as when Create stores it, so a
// monitor raises them.
func TestCreateBatchAlerts(t *testing.T) {
	ctx := context.Background()
	planner := sqlitestore.PolicyPlanner(nil, cn.Calendar())
	one := open(t, sqlitestore.WithAlerts(planner))
	o, rs := accepted(t, one, "")
	batch := open(t, sqlitestore.WithAlerts(planner))
	if err := batch.CreateBatch(ctx, []*workorder.Order{o}, [][]workorder.Record{rs}); err != nil {
		t.Fatal(err)
	}
	later := o.Created.AddDate(0, 1, 0)
	raised := func(s *sqlitestore.Store) []string {
		var got []string
		m, err := sqlitestore.NewMonitor(s, sqlitestore.MonitorConfig{Name: "t", Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
			got = append(got, a.Order+" "+a.Target+" "+a.Level.String())
			return nil
		})})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Fire(ctx, later); err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		return got
	}
	want := raised(one)
	if len(want) == 0 {
		t.Fatal("the order created one by one has no alerts")
	}
	if got := raised(batch); !slices.Equal(got, want) {
		t.Errorf("alerts of the batch: %v, want %v", got, want)
	}
}

// accepted accepts a complaint on s, with idempotency key key unless it
// is empty, and returns it and its records.
func accepted(t *testing.T, s *sqlitestore.Store, key string) (*workorder.Order, []workorder.Record) {
	t.Helper()
	ctx := context.Background()
	if key != "" {
		ctx = workorder.WithKey(ctx, key)
	}
	o, err := newService(t, s).Accept(ctx, centre, complaint())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := s.History(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o, rs
}
