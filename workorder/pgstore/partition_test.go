package pgstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// TestConformanceMonthlyRecords runs the conformance suite on a schema
// whose records are partitioned by month.
func TestConformanceMonthlyRecords(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) workorder.Store {
		return openStore(t, newSchema(t), pgstore.WithMonthlyRecords())
	})
}

// TestMonthlyRecords turns a schema holding orders into one with monthly
// record partitions: the old records stay readable in the partition
// before, this month's records go to this month's partition, and opening
// again changes nothing.
func TestMonthlyRecords(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	old := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	svc := newService(t, openStore(t, schema), workorder.ClockFunc(func() time.Time { return old }))
	before, err := svc.Accept(ctx, centre, complaint())
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t, schema, pgstore.WithMonthlyRecords())
	openStore(t, schema, pgstore.WithMonthlyRecords()) // a second node, or a restart
	now := time.Now()
	svc = newService(t, s, workorder.ClockFunc(func() time.Time { return now }))
	if _, err := svc.Dispatch(ctx, centre, before.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Verify(ctx, before.ID); err != nil {
		t.Error(err)
	}
	rows, err := pgxQuery(t, schema, `SELECT tableoid::regclass::text FROM order_records WHERE order_id = $1 ORDER BY seq`, before.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"order_records_before", "order_records_" + now.In(time.FixedZone("CST", 8*3600)).Format("2006_01")}
	if len(rows) != 2 || rows[0] != want[0] || rows[1] != want[1] {
		t.Errorf("records in partitions %v, want %v", rows, want)
	}
	if err := s.AddRecordMonths(ctx, now.AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	n, err := pgxQuery(t, schema, `SELECT count(*)::text FROM pg_inherits WHERE inhparent = 'order_records'::regclass`)
	if err != nil {
		t.Fatal(err)
	}
	// before, later, and this month with the twelve after it.
	if len(n) != 1 || n[0] != "15" {
		t.Errorf("%v partitions after adding a year of months, want 15", n)
	}
}

// pgxQuery runs q in schema and returns its rows' first column.
func pgxQuery(t *testing.T, schema, q string, args ...any) ([]string, error) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN(t))
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET search_path = "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return nil, err
	}
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// TestMonthlyStepKeys takes steps with idempotency keys on records
// partitioned by month, on a clock of now so that they land in this
// month's partition: a key applies its step once, a key of another step
// is refused, and RecordByKey finds the record. A schema partitioned by
// an earlier version, without the key table, gets one with its keys when
// opened.
func TestMonthlyStepKeys(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	svc := newService(t, openStore(t, schema, pgstore.WithMonthlyRecords()), workorder.ClockFunc(time.Now))
	first, err := svc.Accept(workorder.WithKey(ctx, "accept-1"), centre, complaint())
	if err != nil {
		t.Fatal(err)
	}
	again, err := svc.Accept(workorder.WithKey(ctx, "accept-1"), centre, complaint())
	if err != nil || again.ID != first.ID {
		t.Fatalf("accept again with its key: %v, %v; want order %s", again, err, first.ID)
	}
	if _, err := svc.Dispatch(ctx, centre, first.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := svc.Urge(workorder.WithKey(ctx, "urge-1"), super, first.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Urge(workorder.WithKey(ctx, "accept-1"), super, first.ID, ""); !errors.Is(err, workorder.ErrKeyReused) {
		t.Fatalf("urge with the accept's key: %v, want ErrKeyReused", err)
	}
	counts, err := pgxQuery(t, schema, `SELECT count(*)::text FROM orders UNION ALL
		SELECT count(*)::text FROM order_records WHERE step = 'urge'`)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 2 || counts[0] != "1" || counts[1] != "1" {
		t.Errorf("orders and urges stored: %v, want 1 and 1", counts)
	}

	// As a schema partitioned without the key table: its keys come back
	// when it is opened again.
	for _, q := range []string{`DROP TRIGGER order_records_step_key ON order_records`,
		`DROP FUNCTION order_step_keys_add()`, `DROP TABLE order_step_keys`} {
		exec(t, testDSN(t), "SET search_path TO "+pgx.Identifier{schema}.Sanitize()+"; "+q)
	}
	s := openStore(t, schema, pgstore.WithMonthlyRecords())
	r, err := s.RecordByKey(ctx, "urge-1")
	if err != nil || r.OrderID != first.ID || r.Step != workorder.StepUrge {
		t.Fatalf("RecordByKey(urge-1) = %+v, %v", r, err)
	}
	svc = newService(t, s, workorder.ClockFunc(time.Now))
	if _, err := svc.Urge(workorder.WithKey(ctx, "urge-1"), super, first.ID, ""); err != nil {
		t.Fatal(err)
	}
	if urges, err := pgxQuery(t, schema, `SELECT count(*)::text FROM order_records WHERE step = 'urge'`); err != nil || urges[0] != "1" {
		t.Errorf("urges after the key table came back: %v, %v; want 1", urges, err)
	}
}
