package sqlitestore_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// hotspotRules sends noise to the city management office; three
// complaints from one village in a day are a hotspot.
func hotspotRules(tb testing.TB) *routing.RuleSet {
	tb.Helper()
	rs, _, err := routing.Compile(&routing.Config{
		Centre: "清溪镇政务服务中心", Fallback: "清溪镇人民政府",
		Rules:   []routing.RuleSpec{{Name: "噪音扰民", Priority: 50, Any: []string{"噪音"}, Lead: cityMgmt}},
		Hotspot: &routing.HotspotConfig{Window: 24 * time.Hour, Count: 3, RegionDepth: 2},
	}, routing.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// hotspotService returns a service on s whose router counts hotspots
// among the orders in s, naming orders prefix000001 ….
func hotspotService(tb testing.TB, s *sqlitestore.Store, prefix string) *workorder.Service {
	router := routing.NewRouter(hotspotRules(tb))
	router.SetHistory(s)
	return newService(tb, s, func(c *workorder.Config) { c.Router, c.IDs = router, workorder.Sequence(prefix) })
}

// TestHotspotsSurviveRestart: the router counts a hotspot's orders in the
// store, so after a restart the 3rd complaint from one village raises the
// alert, and the 4th does not raise it again.
func TestHotspotsSurviveRestart(t *testing.T) {
	ctx := context.Background()
	const key = "清溪镇/三中村｜category:complaint"
	path := filepath.Join(t.TempDir(), "hotline.db")
	s1, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := hotspotService(t, s1, "A")
	for i := range 2 {
		o := routed(t, svc)
		if r := o.Routing; r == nil || !reflect.DeepEqual(r.HotspotKeys, []string{key}) || r.HotspotsRaised != nil {
			t.Fatalf("complaint %d: routing %+v", i+1, r)
		}
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	s2, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	svc = hotspotService(t, s2, "B")
	third := routed(t, svc)
	if r := third.Routing; r == nil || !reflect.DeepEqual(r.HotspotsRaised, []string{key}) {
		t.Fatalf("3rd complaint after the restart: routing %+v, want the hotspot %q raised", r, key)
	}
	got, err := s2.Get(ctx, third.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Routing, third.Routing) {
		t.Errorf("stored routing %+v, want %+v", got.Routing, third.Routing)
	}
	if r := routed(t, svc).Routing; r == nil || r.HotspotsRaised != nil || len(r.HotspotKeys) != 1 {
		t.Errorf("4th complaint: routing %+v, want the hotspot not raised again", r)
	}
	since, until := third.Created.Add(-time.Hour), third.Created
	seen, err := s2.RecentGroup(ctx, key, since, until)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range seen {
		ids = append(ids, x.ID)
		if !reflect.DeepEqual(x.Units, []string{cityMgmt}) {
			t.Errorf("%s: units %v", x.ID, x.Units)
		}
	}
	if want := []string{"A000001", "A000002", "B000001", "B000002"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("RecentGroup = %v, want %v", ids, want)
	}
	alerts, err := s2.RecentAlerts(ctx, key, since, until)
	if err != nil || len(alerts) != 1 || alerts[0].ID != third.ID {
		t.Errorf("RecentAlerts = %v, %v; want %s only", alerts, err, third.ID)
	}
}
