package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// sortSet creates 36 orders whose filter fields and sort keys vary
// independently, with ties in Created and Due, and returns the store's
// copies.
func sortSet(t *testing.T, s workorder.Store) []*workorder.Order {
	states := []workorder.State{workorder.StateReceived, workorder.StateDispatched, workorder.StateHandling,
		workorder.StateClosed, workorder.StateMerged, workorder.StateReplied}
	units := []string{"", "城管办", "环保分局", "城管办"}
	regions := []string{"清溪镇/三中村", "清溪镇", "清溪镇东/一村", "", "清溪镇/三中村/一组"}
	cats := []hotline.Category{hotline.CategoryComplaint, hotline.CategoryHelp, hotline.CategoryReport}
	var out []*workorder.Order
	for i := range 36 {
		o, rs := newOrder(fmt.Sprintf("S%02d", (i*7)%36))
		o.State, o.Lead, o.Category = states[i%len(states)], units[i%len(units)], cats[i%len(cats)]
		o.Location.Region = regions[i%len(regions)]
		if i%3 == 0 {
			o.Assists = []workorder.Assist{{Unit: "环保分局", Since: at(1)}}
		}
		o.Created = at(i % 5) // ties
		o.Updated = o.Created
		if i%4 != 0 {
			o.Due = at(100 + 10*(i%6)) // ties, and some orders without
		}
		o.Overdue = i%5 == 1
		if o.State == workorder.StateMerged {
			o.MergedInto = "S00"
		}
		if i%4 == 1 {
			o.Routing = &workorder.Routing{Lead: o.Lead, Joint: i%8 == 1, Repeat: true, RepeatOf: []string{"S01"}}
		}
		create(t, s, o, rs)
		out = append(out, get(t, s, o.ID))
	}
	return out
}

// sortFilters are the filters listed in every sort, one per Filter field
// and a few together.
var sortFilters = []workorder.Filter{
	{},
	{State: workorder.StateHandling},
	{Open: true},
	{Unit: "城管办"},
	{Unit: "环保分局"},
	{Category: hotline.CategoryHelp},
	{Region: "清溪镇"},
	{Region: "清溪镇/三中村/"},
	{DueBefore: at(130)},
	{Overdue: true},
	{MergedInto: "S00"},
	{Joint: true},
	{Repeat: true},
	{Open: true, Unit: "城管办"},
	{Unit: "环保分局", Region: "清溪镇", DueBefore: at(150)},
	{Open: true, Category: hotline.CategoryComplaint, Overdue: true},
}

// testSorts lists every filter in every sort, whole and in pages by
// cursor, with an order added between pages: the pages give each order
// that matched at the start exactly once, in the sort's order.
func testSorts(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	all := sortSet(t, s)
	added := 0
	for _, f := range sortFilters {
		for _, sort := range []workorder.Sort{workorder.SortID, workorder.SortNewest, workorder.SortDue} {
			f.Sort = sort
			var want []string
			matches := slices.Clone(all)
			slices.SortFunc(matches, sort.Compare)
			for _, o := range matches {
				if f.Match(o) {
					want = append(want, o.ID)
				}
			}
			got, err := s.List(ctx, f)
			if err != nil {
				t.Fatalf("List(%+v): %v", f, err)
			}
			if g := keepS(ids(got)); !reflect.DeepEqual(g, want) {
				t.Errorf("List(%+v) = %v, want %v", f, g, want)
			}
			// Pages of 4 by cursor, with an order added between pages
			// at the front, in the middle and at the end of the sort.
			var paged []string
			p := f
			p.Limit = 4
			for n := 0; n < 100; n++ {
				page, err := s.List(ctx, p)
				if err != nil {
					t.Fatalf("List(%+v): %v", p, err)
				}
				for _, o := range page {
					paged = append(paged, o.ID)
				}
				if len(page) < p.Limit {
					break
				}
				c := workorder.CursorAfter(page[len(page)-1], sort)
				p.After = &c
				if n >= 3 {
					continue
				}
				added++
				o, rs := newOrder(fmt.Sprintf("T%03d", added))
				o.Lead, o.Location.Region, o.Category = "城管办", "清溪镇", hotline.CategoryHelp
				o.Created, o.Due = at(added%7-1), at(95+added%70)
				o.Updated = o.Created
				create(t, s, o, rs)
			}
			if first := keepS(paged); !reflect.DeepEqual(first, want) {
				t.Errorf("pages of %+v gave %v, want %v", f, first, want)
			}
		}
	}
	// Offset still counts from the cursor.
	f := workorder.Filter{Sort: workorder.SortNewest, Unit: "环保分局"}
	whole, err := s.List(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) < 4 {
		t.Fatalf("%d orders of 环保分局, want 4 or more", len(whole))
	}
	c := workorder.CursorAfter(whole[0], f.Sort)
	f.After, f.Offset, f.Limit = &c, 1, 2
	if got, err := s.List(ctx, f); err != nil || !reflect.DeepEqual(ids(got), ids(whole[2:4])) {
		t.Errorf("after the first, offset 1, limit 2: %v, %v; want %v", ids(got), err, ids(whole[2:4]))
	}
}

// keepS returns the ids of the sort set, leaving out orders added since.
func keepS(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id[0] == 'S' {
			out = append(out, id)
		}
	}
	return out
}

// testBadCursor: a cursor of another sort, and an unknown sort, are
// ErrInvalidArgument.
func testBadCursor(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	for _, f := range []workorder.Filter{
		{Sort: workorder.SortNewest, After: &workorder.Cursor{Sort: workorder.SortDue, At: at(0), ID: "S01"}},
		{Sort: workorder.SortID, After: &workorder.Cursor{Sort: workorder.SortNewest, At: at(0), ID: "S01"}},
		{Sort: workorder.SortDue + 1},
	} {
		if _, err := s.List(ctx, f); !errors.Is(err, workorder.ErrInvalidArgument) {
			t.Errorf("List(%+v): %v, want ErrInvalidArgument", f, err)
		}
	}
}

// testCounts checks a Counter's counts against those of the orders
// themselves, after creates and after steps that open, close, move,
// raise and mark orders overdue.
func testCounts(t *testing.T, s workorder.Store) {
	c, ok := s.(workorder.Counter)
	if !ok {
		t.Skip("the store is not a workorder.Counter")
	}
	ctx := context.Background()
	orders := map[string]*workorder.Order{}
	check := func(when string, units ...string) {
		t.Helper()
		var all []*workorder.Order
		for _, o := range orders {
			all = append(all, o)
		}
		want := workorder.CountOrders(all, units...)
		got, err := c.Counts(ctx, units...)
		if err != nil {
			t.Fatalf("%s: Counts(%q): %v", when, units, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Counts(%q) =\n%+v\nwant\n%+v", when, units, got, want)
		}
	}
	check("empty store")
	states := []workorder.State{workorder.StateReceived, workorder.StateHandling, workorder.StateClosed,
		workorder.StateDispatched, workorder.StateCancelled, workorder.StateReplied}
	for i := range 24 {
		o, rs := newOrder(fmt.Sprintf("C%02d", i))
		o.State = states[i%len(states)]
		if o.State != workorder.StateReceived {
			o.Lead = []string{"城管办", "环保分局", "派出所"}[i%3]
		}
		if i%4 == 1 {
			o.Assists = []workorder.Assist{{Unit: "环保分局", Since: at(1)}, {Unit: "三中村委会", Since: at(1)}}
		}
		o.Level = sla.Level(i % 3)
		o.Overdue = i%5 == 2
		create(t, s, o, rs)
		orders[o.ID] = o
	}
	check("after creates")
	check("named units", "环保分局", "无此单位", "城管办", "环保分局")
	check("orders without a unit", "")
	// Steps that change what is counted, and one that does not.
	update := func(id string, change func(o *workorder.Order)) {
		t.Helper()
		o := orders[id].Clone()
		r := step(o, o.State, at(30))
		change(o)
		if err := s.Update(ctx, o, o.Version-1, []workorder.Record{r}); err != nil {
			t.Fatalf("Update(%q): %v", id, err)
		}
		orders[id] = o
	}
	update("C01", func(o *workorder.Order) { o.State = workorder.StateClosed })
	update("C02", func(o *workorder.Order) { o.State = workorder.StateHandling }) // reopened
	update("C03", func(o *workorder.Order) { o.Level = sla.LevelOverdue; o.Overdue = true })
	update("C05", func(o *workorder.Order) { o.Lead = "城管办"; o.Assists = nil })
	update("C06", func(o *workorder.Order) { o.Lead = "派出所"; o.State = workorder.StateDispatched })
	update("C07", func(o *workorder.Order) { o.Urges++ })
	update("C09", func(o *workorder.Order) {
		o.Assists = append(o.Assists, workorder.Assist{Unit: "城管办", Since: at(2)})
		o.Level = sla.LevelWarning
	})
	check("after steps")
	check("named units after steps", "三中村委会", "派出所")
	if _, err := c.Counts(canceled(), "城管办"); err == nil {
		t.Error("Counts with a cancelled context succeeded")
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
