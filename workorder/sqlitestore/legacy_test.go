package sqlitestore

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// legacyScenario takes an order through the steps that fill the parts of
// its document that changed form: it has a location, an assisting unit
// whose opinion is in and an extension request pending. It returns the
// store, its service, the order's id and the path of the database.
func legacyScenario(t *testing.T) (*Store, *workorder.Service, string, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	s := openAt(t, path)
	svc := service(t, s)
	o, err := svc.Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	steps := []func() (*workorder.Order, error){
		func() (*workorder.Order, error) {
			return svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead, Assist: []string{"清溪镇环保分局"}})
		},
		func() (*workorder.Order, error) { return svc.Sign(ctx, workorder.Unit(lead), o.ID) },
		func() (*workorder.Order, error) {
			return svc.SubmitOpinion(ctx, workorder.Unit("清溪镇环保分局"), o.ID, "同意")
		},
		func() (*workorder.Order, error) {
			return svc.RequestExtension(ctx, workorder.Unit(lead), o.ID, workorder.ExtensionRequest{Amount: sla.Amount{Days: 2}, Reason: "协调"})
		},
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	return s, svc, o.ID, path
}

// rawDB opens the database at path without the store.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestLegacyDocument puts the document the first form of the store wrote
// for the scenario's order (testdata/order_v1.json, taken from a database
// of that version) in place of the current one, and checks that the store
// reads the same order from it, that its audit trail still verifies, and
// that the next step rewrites it in the public form.
func TestLegacyDocument(t *testing.T) {
	ctx := context.Background()
	s, svc, id, path := legacyScenario(t)
	want, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := os.ReadFile(filepath.Join("testdata", "order_v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	if _, err := db.ExecContext(ctx, `UPDATE orders SET doc = ? WHERE id = ?`, strings.TrimSpace(string(legacy)), id); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("order from the version 1 document:\n got %+v\nwant %+v", got, want)
	}
	if err := svc.Verify(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApproveExtension(ctx, centre, id, "同意"); err != nil {
		t.Fatal(err)
	}
	var doc string
	if err := db.QueryRowContext(ctx, `SELECT doc FROM orders WHERE id = ?`, id).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(doc, `{"v"`) || !strings.Contains(doc, `"location":{"region":"清溪镇/三中村"}`) {
		t.Errorf("document after the next step is not in the public form: %s", doc)
	}
	if o, err := s.Get(ctx, id); err != nil || o.Extensions != 1 || o.Pending != nil || o.Timeline[len(o.Timeline)-1].Amount.Days != 2 {
		t.Errorf("after approving: %+v, %v", o, err)
	}
}
