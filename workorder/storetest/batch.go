package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// batcher is a store that creates orders in batches (both SQL stores).
type batcher interface {
	CreateBatch(ctx context.Context, orders []*workorder.Order, records [][]workorder.Record) error
}

// testCreateBatch creates a batch of orders of every field and of many
// records, as Create would one by one: each reads back whole, lists and
// counts see them; a batch holding a stored order, or an order twice,
// writes nothing and fails with ErrConflict; unequal lists are invalid.
func testCreateBatch(t *testing.T, s workorder.Store) {
	b, ok := s.(batcher)
	if !ok {
		t.Skip("the store has no CreateBatch")
	}
	ctx := context.Background()
	o, rs := full("WO-full")
	os, rss := []*workorder.Order{o}, [][]workorder.Record{rs}
	// 120 orders of three records each: more records than one statement
	// of the SQLite store inserts.
	for i := range 120 {
		o, rs := newOrder(fmt.Sprintf("WO-%03d", i))
		o.Created = at(i)
		rs = append(rs, step(o, workorder.StateDispatched, at(i+1)), step(o, workorder.StateHandling, at(i+2)))
		o.Lead, o.Due = "清溪镇城管办", at(i+700) // after WO-full's
		if i%3 == 0 {
			o.Level, o.Overdue = sla.LevelOverdue, true
		}
		os, rss = append(os, o), append(rss, rs)
	}
	if err := b.CreateBatch(ctx, nil, nil); err != nil {
		t.Fatalf("an empty batch: %v", err)
	}
	if err := b.CreateBatch(ctx, os, rss); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 67, 68, 120} {
		sameOrder(t, os[i], get(t, s, os[i].ID))
		sameRecords(t, rss[i], history(t, s, os[i].ID))
	}
	got, err := s.List(ctx, workorder.Filter{Unit: "清溪镇城管办", Sort: workorder.SortDue, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"WO-full", "WO-000", "WO-001"}; !reflect.DeepEqual(ids(got), want) {
		t.Errorf("the unit's work queue after the batch: %v, want %v", ids(got), want)
	}
	if c, ok := s.(workorder.Counter); ok {
		counts, err := c.Counts(ctx, "清溪镇城管办")
		if err != nil {
			t.Fatal(err)
		}
		if want := workorder.CountOrders(os, "清溪镇城管办"); !reflect.DeepEqual(counts, want) {
			t.Errorf("counts after the batch:\n%+v\nwant\n%+v", counts, want)
		}
	}

	fresh := func(ids ...string) ([]*workorder.Order, [][]workorder.Record) {
		var os []*workorder.Order
		var rss [][]workorder.Record
		for _, id := range ids {
			o, rs := newOrder(id)
			os, rss = append(os, o), append(rss, rs)
		}
		return os, rss
	}
	for _, tc := range []struct {
		name string
		ids  []string
	}{
		{"a stored order", []string{"WO-new1", "WO-050", "WO-new2"}},
		{"an order twice", []string{"WO-new1", "WO-new2", "WO-new1"}},
	} {
		os, rss := fresh(tc.ids...)
		if err := b.CreateBatch(ctx, os, rss); !errors.Is(err, workorder.ErrConflict) {
			t.Errorf("a batch with %s: %v, want ErrConflict", tc.name, err)
		}
		for _, id := range []string{"WO-new1", "WO-new2"} {
			if _, err := s.Get(ctx, id); !errors.Is(err, workorder.ErrNotFound) {
				t.Errorf("after a batch with %s, Get(%q): %v, want ErrNotFound", tc.name, id, err)
			}
		}
	}
	os, rss = fresh("WO-new1", "WO-new2")
	if err := b.CreateBatch(ctx, os, rss[:1]); !errors.Is(err, workorder.ErrInvalidArgument) {
		t.Errorf("a batch with fewer record lists: %v, want ErrInvalidArgument", err)
	}
	all, err := s.List(ctx, workorder.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 121 || slices.ContainsFunc(all, func(o *workorder.Order) bool { return o.ID == "WO-new1" }) {
		t.Errorf("the store lists %d orders after the failed batches, want 121", len(all))
	}
}
