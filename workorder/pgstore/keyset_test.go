package pgstore_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline/workorder"
)

// undoKeyset takes schema back to before migration 0007, for tests that
// write a database as an older version left it.
func undoKeyset(t *testing.T, dsn, schema string) {
	t.Helper()
	q := pgx.Identifier{schema}.Sanitize() + "."
	exec(t, dsn, `DROP TABLE `+q+`board_counts, `+q+`order_index`)
	exec(t, dsn, `DROP FUNCTION `+q+`board_counts_sync(), `+q+`board_counts_added(), `+q+`order_index_sync(), `+
		q+`order_index_added(), `+q+`order_index_keys(text[], text) CASCADE`)
	for _, ix := range []string{"orders_newest", "orders_due", "orders_due_newest", "orders_state_newest", "orders_state_due",
		"orders_category_newest", "orders_category_due", "orders_open_newest", "orders_open_due", "orders_overdue_newest",
		"orders_overdue_due", "orders_joint_newest", "orders_joint_due", "orders_repeated_newest", "orders_repeated_due"} {
		exec(t, dsn, `DROP INDEX `+q+ix)
	}
	exec(t, dsn, `CREATE INDEX orders_state ON `+q+`orders (state)`)
	exec(t, dsn, `CREATE INDEX orders_category ON `+q+`orders (category)`)
	exec(t, dsn, `CREATE INDEX orders_due ON `+q+`orders (due) WHERE due IS NOT NULL`)
	exec(t, dsn, `CREATE INDEX orders_units ON `+q+`orders USING gin (units)`)
	exec(t, dsn, `ALTER TABLE `+q+`orders DROP COLUMN code`) // 0008, which follows
	exec(t, dsn, `DELETE FROM `+q+`schema_migrations WHERE version >= 7`)
}

// TestMigrateKeyset writes orders as the version before cursor paging
// did, without order_index and board counts, and opens the schema again:
// the migration indexes the orders under their units and every region
// that contains theirs, and counts the open ones, as new writes do.
func TestMigrateKeyset(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := newSchema(t)
	s1 := openStore(t, schema)
	svc := newService(t, s1, nil)
	var ids []string
	for i, region := range []string{"清溪镇/三中村/一组", "樟木头镇", "", "清溪镇/上元村"} {
		d := complaint()
		d.Location.Region = region
		o, err := svc.Accept(ctx, centre, d)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "环保分局", Assist: []string{cityMgmt}}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, o.ID)
	}
	if _, err := svc.Cancel(ctx, centre, ids[1], workorder.CodedReason{Code: "duplicate", Text: "重复来电"}); err != nil {
		t.Fatal(err)
	}
	lists := func(s workorder.Store) map[string][]string {
		out := map[string][]string{}
		for _, f := range []workorder.Filter{
			{Unit: cityMgmt}, {Unit: "环保分局"}, {Region: "清溪镇"}, {Region: "清溪镇/三中村/"}, {Region: "樟木头镇"},
			{Open: true},
		} {
			for _, sort := range []workorder.Sort{workorder.SortID, workorder.SortNewest, workorder.SortDue} {
				f.Sort = sort
				os, err := s.List(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, o := range os {
					got = append(got, o.ID)
				}
				out[fmt.Sprintf("%+v", f)] = got
			}
		}
		return out
	}
	want := lists(s1)
	wantCounts, err := s1.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s1.Close()
	undoKeyset(t, dsn, schema)
	s2 := openStore(t, schema)
	if got := lists(s2); !reflect.DeepEqual(got, want) {
		t.Errorf("after the migration lists give\n%v\nwant\n%v", got, want)
	}
	gotCounts, err := s2.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotCounts, wantCounts) {
		t.Errorf("after the migration counts are %+v, want %+v", gotCounts, wantCounts)
	}
}
