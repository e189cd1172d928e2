package pgstore_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// TestCreateBatchAlerts creates a dispatched emergency order in a batch
// on a store with alerts: it gets the same pending alerts as the same
// order stored by Create.
func TestCreateBatchAlerts(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	s := openStore(t, schema, pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	// The order comes from a service on a MemStore, so that s sees it
	// only as the batch's.
	mem := workorder.NewMemStore()
	d := complaint()
	d.Urgency = hotline.UrgencyEmergency
	id := dispatched(t, newService(t, mem, nil), d, false)
	o, err := mem.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := mem.History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateBatch(ctx, []*workorder.Order{o}, [][]workorder.Record{rs}); err != nil {
		t.Fatal(err)
	}
	// The same order again under another id, by Create.
	o2 := o.Clone()
	o2.ID = "WO-by-create"
	rs2 := make([]workorder.Record, len(rs))
	var prev [32]byte
	for i, r := range rs {
		r.OrderID = o2.ID
		if r.Key != "" {
			r.Key += "-2" // a key names one step of one order
		}
		r.Hash = r.ComputeHash(prev)
		prev, rs2[i] = r.Hash, r
	}
	o2.LastHash = prev
	if err := s.Create(ctx, o2, rs2); err != nil {
		t.Fatal(err)
	}
	alerts := func(id string) []string {
		t.Helper()
		conn, err := pgx.Connect(ctx, testDSN(t))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		rows, err := conn.Query(ctx, `SELECT target || ' ' || level || ' ' || due_at::text FROM `+
			pgx.Identifier{schema}.Sanitize()+`.sla_alerts WHERE order_id = $1 ORDER BY 1`, id)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	batch, created := alerts(id), alerts(o2.ID)
	if len(created) == 0 {
		t.Fatal("Create stored no alerts for a dispatched emergency order")
	}
	if !reflect.DeepEqual(batch, created) {
		t.Errorf("alerts of the batch's order %v, want Create's %v", batch, created)
	}
}
