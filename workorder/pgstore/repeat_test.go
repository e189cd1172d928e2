package pgstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// repeatRules sends noise to the city management office; the third or
// later complaint about one address inside 30 days is a repeat.
func repeatRules(tb testing.TB) *routing.RuleSet {
	tb.Helper()
	rs, _, err := routing.Compile(&routing.Config{
		Centre: "清溪镇政务服务中心", Fallback: "清溪镇人民政府",
		Rules: []routing.RuleSpec{{Name: "噪音扰民", Priority: 50, Any: []string{"噪音"}, Lead: cityMgmt}},
		Joint: routing.JointConfig{Repeat: &routing.RepeatConfig{Window: 30 * 24 * time.Hour, Count: 3}},
	}, routing.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// TestRepeatsAcrossNodes: two services, each with its own store and
// router, on one database: each finds the other's complaints about the
// same address as earlier orders, so the 3rd and 4th are repeats
// whichever node takes them.
func TestRepeatsAcrossNodes(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	clk := &clock{t: t0}
	var nodes [2]*workorder.Service
	for i, prefix := range []string{"A", "B"} {
		s := openStore(t, schema)
		router := routing.NewRouter(repeatRules(t))
		router.SetHistory(s)
		nodes[i] = newService(t, s, clk, func(c *workorder.Config) { c.Router, c.IDs = router, workorder.Sequence(prefix) })
	}
	var ids []string
	for i := range 4 {
		svc := nodes[i%2]
		clk.Set(t0.Add(time.Duration(i) * time.Hour))
		o, err := svc.Accept(ctx, centre, complaint())
		if err != nil {
			t.Fatal(err)
		}
		if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{}); err != nil {
			t.Fatal(err)
		}
		want := ids
		if len(want) < 2 {
			want = nil
		}
		if r := o.Routing; r == nil || r.Repeat != (i >= 2) || !reflect.DeepEqual(r.RepeatOf, want) {
			t.Errorf("complaint %d on node %d: routing %+v, want repeat of %v", i+1, i%2, r, want)
		}
		ids = append(ids, o.ID)
	}
	if want := []string{"A000001", "B000001", "A000002", "B000002"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	list, err := nodes[0].List(ctx, centre, workorder.Filter{Repeat: true, Joint: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "A000002" || list[1].ID != "B000002" {
		t.Errorf("repeat orders %v", list)
	}
}

var _ routing.History = (*pgstore.Store)(nil)
