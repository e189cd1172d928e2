package qingxi

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// withEveryRef returns an order with each slice and pointer set, its
// times at.
func withEveryRef(at time.Time) *workorder.Order {
	return &workorder.Order{
		ID: "QX1", Tags: []string{"噪音"}, Assists: []workorder.Assist{{Unit: "派出所", Since: at}},
		Routing:  &workorder.Routing{Lead: "城管分局", RepeatOf: []string{"QX0"}},
		Timeline: sla.Timeline{{Kind: sla.EventReceived, At: at}},
		Pending:  &workorder.Extension{Target: "finish", At: at},
		Answer:   &workorder.DirectAnswer{Entry: "e1"}, Transfer: &workorder.Transfer{Body: "b"},
		Created: at, Updated: at,
	}
}

// TestKeepCopiesEverything checks keep's hand-written copy: every slice
// and pointer of workorder.Order is one keep knows, and the copy shares
// no memory with the order it was made from, also when it reuses the
// arrays of an earlier copy.
func TestKeepCopiesEverything(t *testing.T) {
	known := []string{"Tags", "Assists", "Routing", "Timeline", "Pending", "Answer", "Transfer"}
	var refs []string
	ot := reflect.TypeFor[workorder.Order]()
	for i := range ot.NumField() {
		switch ot.Field(i).Type.Kind() {
		case reflect.Slice, reflect.Pointer, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan:
			refs = append(refs, ot.Field(i).Name)
		}
	}
	if !slices.Equal(refs, known) {
		t.Fatalf("workorder.Order's slices and pointers are %v; keep copies %v", refs, known)
	}

	at := time.Date(2025, 3, 4, 9, 30, 0, 123456789, time.FixedZone("CST", 8*3600))
	o := withEveryRef(at)
	var kept workorder.Order
	for range 2 { // the second time into the first copy's arrays
		keep(&kept, o)
		o.Timeline = append(o.Timeline, sla.Event{Kind: sla.EventDispatched, At: at})
		if len(kept.Timeline) != len(o.Timeline)-1 {
			t.Fatalf("kept timeline %v grew with the order's", kept.Timeline)
		}
	}
	o.Tags[0], o.Assists[0].Unit, o.Routing.RepeatOf[0], o.Timeline[0].Kind = "x", "x", "x", sla.EventClosed
	o.Pending.Target, o.Answer.Entry, o.Transfer.Body = "x", "x", "x"
	if kept.Tags[0] != "噪音" || kept.Assists[0].Unit != "派出所" || kept.Routing.RepeatOf[0] != "QX0" || kept.Timeline[0].Kind != sla.EventReceived ||
		kept.Pending.Target != "finish" || kept.Answer.Entry != "e1" || kept.Transfer.Body != "b" {
		t.Errorf("the kept order shares memory with the order: %+v", kept)
	}
	want := time.Date(2025, 3, 4, 1, 30, 0, 123456000, time.UTC)
	if kept.Created != want || kept.Timeline[1].At != want || kept.Assists[0].Since != want || kept.Pending.At != want {
		t.Errorf("kept times %v, %v, %v, %v; want %v (UTC, to the microsecond)", kept.Created, kept.Timeline[1].At, kept.Assists[0].Since, kept.Pending.At, want)
	}
	// Nil stays nil and empty empty; a routing taken away goes.
	o.Tags, o.Assists, o.Routing, o.Pending, o.Answer, o.Transfer = nil, []workorder.Assist{}, nil, nil, nil, nil
	keep(&kept, o)
	if kept.Tags != nil || kept.Assists == nil || len(kept.Assists) != 0 || kept.Routing != nil || kept.Pending != nil || kept.Answer != nil || kept.Transfer != nil {
		t.Errorf("kept %#v, %#v, %v, %v", kept.Tags, kept.Assists, kept.Routing, kept.Pending)
	}
}

// TestKeepRouting checks that keep holds on to the routing it has while
// the order's is the same, and copies a changed one.
func TestKeepRouting(t *testing.T) {
	var fields []string
	for f := range reflect.TypeFor[workorder.Routing]().Fields() {
		fields = append(fields, f.Name)
	}
	if want := []string{"Lead", "Assist", "Joint", "Coordinator", "Repeat", "RepeatOf", "RepeatKey", "HotspotKeys", "HotspotsRaised", "Rules", "Reason", "LeadBy"}; !slices.Equal(fields, want) {
		t.Fatalf("workorder.Routing has fields %v; sameRouting compares %v", fields, want)
	}
	o := &workorder.Order{ID: "QX1", Routing: &workorder.Routing{Lead: "城管分局", HotspotKeys: []string{"k"}}}
	var kept workorder.Order
	keep(&kept, o)
	first := kept.Routing
	if first == o.Routing {
		t.Fatal("keep shares the order's routing")
	}
	keep(&kept, o)
	if kept.Routing != first {
		t.Error("the same routing was copied again")
	}
	for _, change := range []func(r *workorder.Routing){
		func(r *workorder.Routing) { r.Lead = "派出所" },
		func(r *workorder.Routing) { r.HotspotKeys = append(r.HotspotKeys, "k2") },
		func(r *workorder.Routing) { r.HotspotsRaised = []string{} },
		func(r *workorder.Routing) { r.Joint = true },
	} {
		o.Routing = o.Routing.Clone()
		change(o.Routing)
		keep(&kept, o)
		if !reflect.DeepEqual(kept.Routing, o.Routing) || kept.Routing == o.Routing {
			t.Errorf("kept routing %+v, order's %+v", kept.Routing, o.Routing)
		}
	}
}

// TestLend checks the copy Get lends: equal to the store's order, sharing
// its routing decision and nothing else.
func TestLend(t *testing.T) {
	at := time.Date(2025, 3, 4, 1, 30, 0, 0, time.UTC)
	o := withEveryRef(at)
	c := lend(o)
	if !reflect.DeepEqual(c, o) {
		t.Fatalf("lent %+v, want %+v", c, o)
	}
	if c.Routing != o.Routing {
		t.Error("the routing decision was copied")
	}
	c.Tags[0], c.Assists[0].Unit, c.Timeline[0].Kind = "x", "x", sla.EventClosed
	c.Pending.Target, c.Answer.Entry, c.Transfer.Body = "x", "x", "x"
	c.Timeline = append(c.Timeline, sla.Event{Kind: sla.EventDispatched, At: at})
	if o.Tags[0] != "噪音" || o.Assists[0].Unit != "派出所" || o.Timeline[0].Kind != sla.EventReceived || len(o.Timeline) != 1 ||
		o.Pending.Target != "finish" || o.Answer.Entry != "e1" || o.Transfer.Body != "b" {
		t.Errorf("the lent order shares memory with the store's: %+v", o)
	}
}

// TestIndexFollowsUnits updates an order step by step, its routing
// decision kept, and checks after each step the units routing sees
// (RecentGroup) and whether the order is listed as merged: index skips a
// step that changes none of them, and must not skip one that does.
func TestIndexFollowsUnits(t *testing.T) {
	ctx := t.Context()
	at := time.Date(2025, 3, 4, 1, 30, 0, 0, time.UTC)
	s := newYearStore()
	write := func(t *testing.T, o *workorder.Order) {
		t.Helper()
		o.Version++
		o.LastHash = [32]byte{byte(o.Version)}
		rec := []workorder.Record{{OrderID: o.ID, Seq: o.Version, At: at, Hash: o.LastHash}}
		var err error
		if o.Version == 1 {
			err = s.Create(ctx, o, rec)
		} else {
			err = s.Update(ctx, o, o.Version-1, rec)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, units []string, merged bool) {
		t.Helper()
		seen, err := s.RecentGroup(ctx, "k", at.Add(-time.Hour), at.Add(time.Hour))
		if err != nil || len(seen) != 1 || !slices.Equal(seen[0].Units, units) {
			t.Fatalf("RecentGroup: %+v, %v; want QX1 with units %v", seen, err, units)
		}
		got, err := s.List(ctx, workorder.Filter{MergedInto: "QX0"})
		if err != nil || (len(got) == 1) != merged {
			t.Fatalf("listed as merged: %d orders, %v; want merged %v", len(got), err, merged)
		}
	}
	write(t, &workorder.Order{ID: "QX1", Created: at, Updated: at, State: workorder.StateHandling, Lead: "城管分局",
		Routing: &workorder.Routing{Lead: "城管分局", HotspotKeys: []string{"k"}}})
	check(t, []string{"城管分局"}, false)
	steps := []struct {
		name   string
		change func(o *workorder.Order)
		units  []string
		merged bool
	}{
		{"nothing", func(*workorder.Order) {}, []string{"城管分局"}, false},
		{"assist added", func(o *workorder.Order) { o.Assists = append(o.Assists, workorder.Assist{Unit: "派出所"}) },
			[]string{"城管分局", "派出所"}, false},
		{"assist replaced", func(o *workorder.Order) { o.Assists[0].Unit = "环保所" }, []string{"城管分局", "环保所"}, false},
		{"lead changed", func(o *workorder.Order) { o.Lead = "住建办" }, []string{"住建办", "环保所"}, false},
		{"merged", func(o *workorder.Order) { o.MergedInto = "QX0" }, []string{"住建办", "环保所"}, true},
		{"assist removed", func(o *workorder.Order) { o.Assists = nil }, []string{"住建办"}, true},
		{"unmerged", func(o *workorder.Order) { o.MergedInto = "" }, []string{"住建办"}, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			o, err := s.Get(ctx, "QX1")
			if err != nil {
				t.Fatal(err)
			}
			st.change(o)
			write(t, o)
			check(t, st.units, st.merged)
		})
	}
}
