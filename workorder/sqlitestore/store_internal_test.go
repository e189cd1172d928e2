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
// searches an index instead of scanning the whole table.
func TestListUsesIndexes(t *testing.T) {
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	ctx := context.Background()
	cases := []struct {
		name  string
		f     workorder.Filter
		index string
	}{
		{"state", workorder.Filter{State: workorder.StateHandling}, "orders_state"},
		{"open", workorder.Filter{Open: true}, "orders_state"},
		{"unit", workorder.Filter{Unit: lead}, "order_units"},
		{"category", workorder.Filter{Category: hotline.CategoryReport}, "orders_category"},
		{"region", workorder.Filter{Region: "清溪镇"}, "orders_region"},
		{"due", workorder.Filter{DueBefore: time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC)}, "orders_due"},
		{"overdue", workorder.Filter{Overdue: true}, "orders_overdue"},
		{"merged into", workorder.Filter{MergedInto: "WO-1"}, "orders_merged_into"},
		{"code", workorder.Filter{Code: "01.02"}, "orders_code"},
		{"joint", workorder.Filter{Joint: true}, "orders_joint"},
		{"repeat", workorder.Filter{Repeat: true}, "orders_repeated"},
		{"recent", workorder.Filter{}, "orders_repeat_key"},                              // Recent's query, not List's
		{"group", workorder.Filter{}, "PRIMARY KEY (key=? AND created>? AND created<?)"}, // RecentGroup's
		{"alerts", workorder.Filter{}, "order_keys_raised"},                              // RecentAlerts'

	}
	for _, tc := range cases {
		q, args := listQuery(&tc.f)
		since := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
		switch tc.name {
		case "recent":
			q, args = recentSQL, []any{"幸福路1号｜complaint｜", since.UnixMicro(), since.Add(time.Hour).UnixMicro()}
		case "group", "alerts":
			q = map[string]string{"group": groupSQL, "alerts": alertsSQL}[tc.name]
			args = []any{"清溪镇/三中村｜category:complaint", since.UnixMicro(), since.Add(time.Hour).UnixMicro()}
		}
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "; ")
		if !strings.Contains(all, tc.index) || strings.Contains(all, "SCAN orders") && !strings.Contains(all, "USING INDEX "+tc.index) {
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
