package sqlitestore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// undoKeyset takes a database back to before migration 0005, for tests
// that write a database as an older version left it.
var undoKeyset = []string{
	// The later migrations first.
	`DROP INDEX orders_code`, `ALTER TABLE orders DROP COLUMN code`, `DROP TABLE sla_alerts`,
	`DROP TRIGGER orders_board_insert`, `DROP TRIGGER orders_board_update`, `DROP TABLE board_counts`,
	`DROP TRIGGER orders_index_insert`, `DROP TRIGGER orders_index_units`, `DROP TRIGGER orders_index_regions`,
	`DROP TRIGGER orders_index_due`, `DROP TRIGGER orders_index_open`, `DROP TABLE order_index`,
	`DROP INDEX orders_newest`, `DROP INDEX orders_due`, `DROP INDEX orders_due_newest`, `DROP INDEX orders_state_newest`, `DROP INDEX orders_state_due`,
	`DROP INDEX orders_category_newest`, `DROP INDEX orders_category_due`, `DROP INDEX orders_open_newest`,
	`DROP INDEX orders_open_due`, `DROP INDEX orders_overdue_newest`, `DROP INDEX orders_overdue_due`,
	`DROP INDEX orders_joint_newest`, `DROP INDEX orders_joint_due`, `DROP INDEX orders_repeated_newest`,
	`DROP INDEX orders_repeated_due`,
	`ALTER TABLE orders DROP COLUMN regions`, `ALTER TABLE orders DROP COLUMN level`,
	`CREATE INDEX orders_state ON orders (state)`, `CREATE INDEX orders_category ON orders (category)`,
	`CREATE INDEX orders_due ON orders (due) WHERE due IS NOT NULL`,
	`DELETE FROM schema_migrations WHERE version >= 5`,
}

// TestMigrateKeyset writes orders as the version before cursor paging
// did, without order_index and board counts, and opens the file again:
// the migration indexes the orders under their units and every region
// that contains theirs, and counts the open ones, as new writes do.
func TestMigrateKeyset(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	s1, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(t, s1)
	ids := handlingOrders(t, svc, 3)
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
	if _, err := svc.Cancel(ctx, centre, ids[4], workorder.CodedReason{Code: "duplicate", Text: "重复来电"}); err != nil {
		t.Fatal(err)
	}
	lists := func(s workorder.Store) map[string][]string {
		out := map[string][]string{}
		for _, f := range []workorder.Filter{
			{Unit: cityMgmt}, {Unit: "环保分局"}, {Region: "清溪镇"}, {Region: "清溪镇/三中村/"}, {Region: "樟木头镇"},
			{Region: "上元村"}, {Region: "/上元村"}, {Open: true}, {Unit: cityMgmt, Sort: workorder.SortDue},
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
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := reopenUndone(t, path, undoKeyset)
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
	// A step on a migrated order keeps both right.
	if _, err := newService(t, s2).Sign(ctx, workorder.Unit("环保分局"), ids[3]); err != nil {
		t.Fatal(err)
	}
	os, err := s2.List(ctx, workorder.Filter{Unit: cityMgmt, Region: "清溪镇/三中村", Sort: workorder.SortNewest})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(os, func(o *workorder.Order) bool { return o.ID == ids[3] }) {
		t.Errorf("order %s not listed under its assisting unit and village after a step", ids[3])
	}
}

// TestCreateBatch creates orders in one batch, and refuses a batch that
// holds an order already stored: none of that batch is written.
func TestCreateBatch(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	svc := newService(t, s)
	first, err := svc.Accept(ctx, centre, complaint())
	if err != nil {
		t.Fatal(err)
	}
	rs0, err := s.History(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	batch := func(ids ...string) ([]*workorder.Order, [][]workorder.Record) {
		var os []*workorder.Order
		var rss [][]workorder.Record
		for _, id := range ids {
			o := first.Clone()
			o.ID = id
			r := rs0[0]
			r.OrderID, r.Key = id, "k-"+id // each step its own key
			r.Hash = r.ComputeHash([32]byte{})
			o.LastHash = r.Hash
			os, rss = append(os, o), append(rss, []workorder.Record{r})
		}
		return os, rss
	}
	os, rss := batch("B1", "B2", "B3")
	if err := s.CreateBatch(ctx, os, rss); err != nil {
		t.Fatal(err)
	}
	os, rss = batch("B4", first.ID)
	if err := s.CreateBatch(ctx, os, rss); !errors.Is(err, workorder.ErrConflict) {
		t.Errorf("a batch with a stored order: %v, want ErrConflict", err)
	}
	if err := s.CreateBatch(ctx, os, rss[:1]); !errors.Is(err, workorder.ErrInvalidArgument) {
		t.Errorf("a batch with fewer record lists: %v, want ErrInvalidArgument", err)
	}
	got, err := s.List(ctx, workorder.Filter{Region: "清溪镇", Sort: workorder.SortNewest})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range got {
		ids = append(ids, o.ID)
	}
	if want := []string{first.ID, "B3", "B2", "B1"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("after the batches the region lists %v, want %v", ids, want)
	}
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Unit != "" || counts[0].Total() != 4 {
		t.Errorf("counts after the batches: %+v, want 4 orders without a unit", counts)
	}
}

// TestMigrateCodeColumn writes classified orders as the version before
// migration 0009 did, with the code a column generated from the document,
// and opens the file again: the code filter finds the same orders, and a
// step on a migrated order keeps it there.
func TestMigrateCodeColumn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	s1, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(t, s1)
	var ids []string
	for _, code := range []classify.Code{"01.02.03", "01.02", "01.03", "", "02"} {
		d := complaint()
		d.Code = code
		o, err := svc.Accept(ctx, centre, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	lists := func(s workorder.Store) map[classify.Code][]string {
		out := map[classify.Code][]string{}
		for _, code := range []classify.Code{"01", "01.02", "01.02.03", "01.03", "02", "03"} {
			os, err := s.List(ctx, workorder.Filter{Code: code})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range os {
				out[code] = append(out[code], o.ID)
			}
		}
		return out
	}
	want := lists(s1)
	if len(want["01"]) != 3 {
		t.Fatalf("before the migration code 01 lists %v, want 3 orders", want["01"])
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := reopenUndone(t, path, []string{
		`DROP INDEX orders_code`, `ALTER TABLE orders DROP COLUMN code`,
		`ALTER TABLE orders ADD COLUMN code TEXT GENERATED ALWAYS AS (COALESCE(doc ->> '$.code', '')) VIRTUAL`,
		`CREATE INDEX orders_code ON orders (code) WHERE code <> ''`,
		`DELETE FROM schema_migrations WHERE version >= 9`,
	})
	if got := lists(s2); !reflect.DeepEqual(got, want) {
		t.Errorf("after the migration the code filter gives %v, want %v", got, want)
	}
	if _, err := newService(t, s2).Dispatch(ctx, centre, ids[1], workorder.Assignment{Lead: cityMgmt}); err != nil {
		t.Fatal(err)
	}
	if got := lists(s2); !reflect.DeepEqual(got, want) {
		t.Errorf("after a step the code filter gives %v, want %v", got, want)
	}
}
