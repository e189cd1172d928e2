package pgstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
)

// TestHotspotsAcrossNodes: two services, each with its own store and
// router, on one database, take complaints from one village in turn:
// the 3rd raises the hotspot whichever node takes it, counting the other
// node's orders, and the 4th, on the other node, does not raise it again.
func TestHotspotsAcrossNodes(t *testing.T) {
	ctx := context.Background()
	const key = "清溪镇/三中村｜category:complaint"
	rs, _, err := routing.Compile(&routing.Config{
		Centre: "清溪镇政务服务中心", Fallback: "清溪镇人民政府",
		Rules:   []routing.RuleSpec{{Name: "噪音扰民", Priority: 50, Any: []string{"噪音"}, Lead: cityMgmt}},
		Hotspot: &routing.HotspotConfig{Window: 24 * time.Hour, Count: 3, RegionDepth: 2},
	}, routing.Options{})
	if err != nil {
		t.Fatal(err)
	}
	schema := newSchema(t)
	clk := &clock{t: t0}
	var nodes [2]*workorder.Service
	for i, prefix := range []string{"A", "B"} {
		s := openStore(t, schema)
		router := routing.NewRouter(rs)
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
		var want []string
		if i == 2 {
			want = []string{key}
		}
		if r := o.Routing; r == nil || !reflect.DeepEqual(r.HotspotKeys, []string{key}) || !reflect.DeepEqual(r.HotspotsRaised, want) {
			t.Errorf("complaint %d on node %d: routing %+v, want hotspots raised %q", i+1, i%2, r, want)
		}
		ids = append(ids, o.ID)
	}
	if want := []string{"A000001", "B000001", "A000002", "B000002"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
}
