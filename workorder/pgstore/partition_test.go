package pgstore_test

import (
	"context"
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
