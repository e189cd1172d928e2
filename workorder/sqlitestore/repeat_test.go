package sqlitestore_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
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

// routedService returns a service on s whose router finds repeats among
// the orders in s, naming orders prefix000001 ….
func routedService(tb testing.TB, s *sqlitestore.Store, prefix string) *workorder.Service {
	router := routing.NewRouter(repeatRules(tb))
	router.SetHistory(s)
	return newService(tb, s, func(c *workorder.Config) { c.Router, c.IDs = router, workorder.Sequence(prefix) })
}

// routed accepts a complaint and has the router dispatch it.
func routed(tb testing.TB, svc *workorder.Service) *workorder.Order {
	tb.Helper()
	ctx := context.Background()
	o, err := svc.Accept(ctx, centre, complaint())
	if err != nil {
		tb.Fatal(err)
	}
	if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{}); err != nil {
		tb.Fatal(err)
	}
	return o
}

// TestRepeatsSurviveRestart: the router's memory of earlier complaints is
// the store, so after a restart the 4th complaint about one address is
// still a repeat of the 3 before it.
func TestRepeatsSurviveRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hotline.db")
	s1, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := routedService(t, s1, "A")
	for i := range 3 {
		o := routed(t, svc)
		if r := o.Routing; r == nil || r.Repeat != (i == 2) || r.RepeatKey == "" {
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
	svc = routedService(t, s2, "B")
	o := routed(t, svc)
	want := []string{"A000001", "A000002", "A000003"}
	if r := o.Routing; r == nil || !r.Repeat || !r.Joint || !reflect.DeepEqual(r.RepeatOf, want) {
		t.Fatalf("4th complaint after the restart: routing %+v, want a repeat of %v", r, want)
	}
	got, err := s2.Get(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Routing, o.Routing) {
		t.Errorf("stored routing %+v, want %+v", got.Routing, o.Routing)
	}
	rs, err := svc.History(ctx, centre, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := rs[1].Value("repeat_of"); v != "A000001,A000002,A000003" {
		t.Errorf("dispatch record %+v: repeat_of %q", rs[1], v)
	}
	if err := svc.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
	for _, f := range []workorder.Filter{{Repeat: true}, {Joint: true}} {
		list, err := svc.List(ctx, centre, f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, o := range list {
			ids = append(ids, o.ID)
		}
		if want := []string{"A000003", "B000001"}; !reflect.DeepEqual(ids, want) {
			t.Errorf("List(%+v) = %v, want %v", f, ids, want)
		}
	}
}

// TestMigrateRouting brings a database at schema version 1, holding an
// order, to the current version: the order reads back as it was, routed
// by nothing, and routing works on it and after it.
func TestMigrateRouting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hotline.db")
	s1, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	old := handlingOrders(t, newService(t, s1), 1)[0]
	before, err := s1.Get(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := reopenUndone(t, path, append(slices.Clone(undoKeyset), []string{
		`DROP TRIGGER orders_hotspot_keys_insert`, `DROP TRIGGER orders_hotspot_keys_update`, `DROP TABLE order_keys`,
		`ALTER TABLE orders DROP COLUMN hotspot_keys`,
		`DROP INDEX orders_joint`, `DROP INDEX orders_repeated`, `DROP INDEX orders_repeat_key`,
		`ALTER TABLE orders DROP COLUMN joint`, `ALTER TABLE orders DROP COLUMN repeated`,
		`ALTER TABLE orders DROP COLUMN repeat_key`,
		`DROP INDEX order_records_step_key`, `ALTER TABLE order_records DROP COLUMN step_key`,
		`DELETE FROM schema_migrations WHERE version > 1`,
	}...))
	after, err := s2.Get(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) || after.Routing != nil {
		t.Errorf("migrated order %+v, want %+v", after, before)
	}
	svc := routedService(t, s2, "B")
	for i := range 3 {
		if o := routed(t, svc); o.Routing.Repeat != (i == 2) {
			t.Errorf("complaint %d after the migration: routing %+v", i+1, o.Routing)
		}
	}
	list, err := s2.List(ctx, workorder.Filter{Repeat: true})
	if err != nil || len(list) != 1 || list[0].ID != "B000003" {
		t.Errorf("repeat orders %v, %v; want B000003", list, err)
	}
	if err := svc.Verify(ctx, old); err != nil {
		t.Error(err)
	}
}
