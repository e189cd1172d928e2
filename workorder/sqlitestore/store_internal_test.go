package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// service returns a service on s whose clock stands at Monday
// 2025-09-15 10:00 in Shanghai.
func service(t *testing.T, s workorder.Store) *workorder.Service {
	t.Helper()
	at := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: cn.Calendar(),
		Clock: workorder.ClockFunc(func() time.Time { return at }), IDs: workorder.Sequence("WO")})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

var (
	centre = workorder.Centre("agent-7")
	lead   = "清溪镇城管办"
)

func draft() *workorder.Order {
	return &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal,
		Title: "夜间施工噪音", Text: "三中村工业路工地凌晨两点仍在施工。",
		Location: workorder.Location{Region: "清溪镇/三中村"},
	}
}

var errInjected = errors.New("injected failure")

// TestFailureBetweenOrderAndRecords breaks writes after the order row is
// written and before its audit records are: the order, its history and
// the units index stay as they were, and the next step goes through.
func TestFailureBetweenOrderAndRecords(t *testing.T) {
	ctx := context.Background()
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	svc := service(t, s)
	o, err := svc.Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Get(ctx, o.ID)
	history, _ := s.History(ctx, o.ID)

	var seen int64 // the order's version as the failing transaction saw it
	s.failAfterOrder = func(tx *wtx, id string) error {
		if err := tx.queryRow(`SELECT version FROM orders WHERE id = ?`, id).Scan(&seen); err != nil {
			return err
		}
		return errInjected
	}
	_, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead, Assist: []string{"环保分局"}})
	if !errors.Is(err, errInjected) {
		t.Fatalf("Dispatch: %v, want the injected failure", err)
	}
	if seen != 2 {
		t.Fatalf("inside the transaction the order was at version %d, want 2 (written before the failure)", seen)
	}
	after, err := s.Get(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("order changed by a failed step:\nbefore %+v\n after %+v", before, after)
	}
	if h, _ := s.History(ctx, o.ID); !reflect.DeepEqual(history, h) {
		t.Errorf("history changed by a failed step: %d records, want %d", len(h), len(history))
	}
	if l, _ := s.List(ctx, workorder.Filter{Unit: "环保分局"}); len(l) != 0 {
		t.Errorf("units index kept the failed step's assisting unit: %d orders", len(l))
	}

	// A failed create leaves nothing.
	_, err = svc.Accept(ctx, centre, &workorder.Order{ID: "WO-lost", Channel: hotline.ChannelWeb,
		Category: hotline.CategoryHelp, Text: "路灯不亮"})
	if !errors.Is(err, errInjected) {
		t.Fatalf("Accept: %v, want the injected failure", err)
	}
	if _, err := s.Get(ctx, "WO-lost"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("Get after a failed create: %v, want ErrNotFound", err)
	}

	s.failAfterOrder = nil
	if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead, Assist: []string{"环保分局"}}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
	if l, _ := s.List(ctx, workorder.Filter{Unit: "环保分局"}); len(l) != 1 {
		t.Errorf("units index after the step: %d orders, want 1", len(l))
	}
}

// TestCancelMidTransaction cancels the context while a write is under
// way: the write fails, nothing is kept, and the store writes on.
func TestCancelMidTransaction(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	svc := service(t, s)
	o, err := svc.Accept(context.Background(), centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.failAfterOrder = func(*wtx, string) error { cancel(); return nil }
	if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Dispatch: %v, want context.Canceled", err)
	}
	s.failAfterOrder = nil
	if got, _ := s.Get(context.Background(), o.ID); got.Version != 1 {
		t.Errorf("version %d after the cancelled step, want 1", got.Version)
	}
	if _, err := svc.Dispatch(context.Background(), centre, o.ID, workorder.Assignment{Lead: lead}); err != nil {
		t.Fatalf("Dispatch after the cancelled one: %v", err)
	}
	if err := svc.Verify(context.Background(), o.ID); err != nil {
		t.Error(err)
	}
}

func TestRecordsImmutable(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	o, err := service(t, s).Accept(context.Background(), centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	err = s.w.tx(context.Background(), func(tx *wtx) error {
		_, err := tx.exec(`UPDATE order_records SET remark = 'edited' WHERE order_id = ?`, o.ID)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "audit records are immutable") {
		t.Errorf("editing a record: %v, want refused", err)
	}
}

// TestListUsesIndexes checks the query plan of each filter: every one
// searches an index instead of scanning the whole table, and newest
// first and by deadline one already in the listing's order, so that a
// page does not sort every match.
func TestListUsesIndexes(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	ctx := context.Background()
	at := time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		f    workorder.Filter
		// index is the index searched by id, newest first and by deadline.
		index [3]string
	}{
		{"state", workorder.Filter{State: workorder.StateHandling}, [3]string{"orders_state", "orders_state_newest", "orders_state_due"}},
		{"open", workorder.Filter{Open: true}, [3]string{"", "orders_open_newest", "orders_open_due"}},
		{"unit", workorder.Filter{Unit: lead}, [3]string{"PRIMARY KEY", "order_index_newest", "order_index_due"}},
		{"category", workorder.Filter{Category: hotline.CategoryReport}, [3]string{"orders_category", "orders_category_newest", "orders_category_due"}},
		{"region", workorder.Filter{Region: "清溪镇"}, [3]string{"PRIMARY KEY", "order_index_newest", "order_index_due"}},
		{"unit and region", workorder.Filter{Unit: lead, Region: "清溪镇"}, [3]string{"PRIMARY KEY", "order_index_newest", "order_index_due"}},
		{"due", workorder.Filter{DueBefore: at}, [3]string{"orders_due", "orders_due_newest", "orders_due"}},
		{"open unit", workorder.Filter{Open: true, Unit: lead}, [3]string{"PRIMARY KEY", "order_index_open_newest", "order_index_due"}},
		{"overdue", workorder.Filter{Overdue: true}, [3]string{"orders_overdue", "orders_overdue_newest", "orders_overdue_due"}},
		{"merged into", workorder.Filter{MergedInto: "WO-1"}, [3]string{"orders_merged_into", "orders_merged_into", "orders_merged_into"}},
		{"code", workorder.Filter{Code: "01.02"}, [3]string{"orders_code", "orders_newest", "orders_due"}},
		{"joint", workorder.Filter{Joint: true}, [3]string{"orders_joint", "orders_joint_newest", "orders_joint_due"}},
		{"repeat", workorder.Filter{Repeat: true}, [3]string{"orders_repeated", "orders_repeated_newest", "orders_repeated_due"}},
		{"all", workorder.Filter{}, [3]string{"", "orders_newest", "orders_due"}},
	}
	plan := func(q string, args ...any) string {
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		return strings.Join(plan, "; ")
	}
	for _, tc := range cases {
		for sort, index := range tc.index {
			f := tc.f
			f.Sort, f.Limit = workorder.Sort(sort), 50
			if sort > 0 {
				f.After = &workorder.Cursor{Sort: f.Sort, At: at, ID: "WO-1"}
			}
			q, args := sqldoc.ListQuery(&f, sqliteList)
			all := plan(q, args...)
			if index != "" && !strings.Contains(all, index) {
				t.Errorf("%s by %v: plan %q does not search %s", tc.name, f.Sort, all, index)
			}
			// A master's merged orders are few: sorting them is cheap.
			few := f.MergedInto != ""
			if sort > 0 && strings.Contains(all, "TEMP B-TREE") && !few {
				t.Errorf("%s by %v: plan %q sorts the matches", tc.name, f.Sort, all)
			}
		}
	}
	since := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, q, index string }{
		{"recent", recentSQL, "orders_repeat_key"},
		{"group", groupSQL, "PRIMARY KEY (key=? AND created>? AND created<?)"},
		{"alerts", alertsSQL, "order_keys_raised"},
	} {
		key := "清溪镇/三中村｜category:complaint"
		if all := plan(tc.q, key, since.UnixMicro(), since.Add(time.Hour).UnixMicro()); !strings.Contains(all, tc.index) {
			t.Errorf("%s: plan %q does not search %s", tc.name, all, tc.index)
		}
	}
}

// TestCorruptRowMatchesErrCorrupt checks that a row the store cannot
// decode gives an error callers can match with workorder.ErrCorrupt.
func TestCorruptRowMatchesErrCorrupt(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	ctx := context.Background()
	o, err := service(t, s).Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	err = s.w.tx(ctx, func(tx *wtx) error {
		_, err := tx.exec(`UPDATE orders SET doc = '{"v": 99}' WHERE id = ?`, o.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, o.ID); !errors.Is(err, workorder.ErrCorrupt) {
		t.Errorf("Get of a corrupt row: %v, want workorder.ErrCorrupt", err)
	}
}
