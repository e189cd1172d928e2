package pgstore_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// TestLegacyDocument puts the document the first form of the stores wrote
// for an order (testdata/order_v1.json, taken from a database of that
// version after the same steps at the same instants) in place of the
// current one, and checks that the store reads the same order from it as
// jsonb gives it back, that its audit trail still verifies, and that the
// next step rewrites it in the public form.
func TestLegacyDocument(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	s := openStore(t, schema)
	svc := newService(t, s, nil)
	const assist = "清溪镇环保分局"
	o, err := svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal,
		Title: "夜间施工噪音", Text: "三中村工业路工地凌晨两点仍在施工。",
		Location: workorder.Location{Region: "清溪镇/三中村"},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := o.ID
	steps := []func() (*workorder.Order, error){
		func() (*workorder.Order, error) {
			return svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: cityMgmt, Assist: []string{assist}})
		},
		func() (*workorder.Order, error) { return svc.Sign(ctx, workorder.Unit(cityMgmt), id) },
		func() (*workorder.Order, error) { return svc.SubmitOpinion(ctx, workorder.Unit(assist), id, "同意") },
		func() (*workorder.Order, error) {
			return svc.RequestExtension(ctx, workorder.Unit(cityMgmt), id, workorder.ExtensionRequest{Amount: sla.Amount{Days: 2}, Reason: "协调"})
		},
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}
	want, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := os.ReadFile(filepath.Join("testdata", "order_v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	orders := pgx.Identifier{schema, "orders"}.Sanitize()
	exec(t, testDSN(t), `UPDATE `+orders+` SET doc = $1::jsonb WHERE id = $2`, strings.TrimSpace(string(legacy)), id)
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
	conn, err := pgx.Connect(ctx, testDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v, region string
	if err := conn.QueryRow(ctx, `SELECT coalesce(doc->>'v', ''), doc->'location'->>'region' FROM `+orders+` WHERE id = $1`, id).Scan(&v, &region); err != nil {
		t.Fatal(err)
	}
	if v != "" || region != "清溪镇/三中村" {
		t.Errorf("document after the next step: v %q, location.region %q; want the public form", v, region)
	}
	if o, err := s.Get(ctx, id); err != nil || o.Extensions != 1 || o.Pending != nil {
		t.Errorf("after approving: %+v, %v", o, err)
	}
}
