package pgstore

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

func TestPlanAlerts(t *testing.T) {
	at := func(h, m, s, ns int) time.Time { return time.Date(2025, 9, 15, h, m, s, ns, time.UTC) }
	started := func(name string, warn, due time.Time) sla.Result {
		return sla.Result{Name: name, Started: true, WarnAt: warn, Due: due}
	}
	paused := started("paused", at(2, 0, 0, 0), at(3, 0, 0, 0))
	paused.Paused = true
	met := started("met", at(2, 0, 0, 0), at(3, 0, 0, 0))
	met.Met = true
	window := started("return", time.Time{}, at(3, 0, 0, 0))
	window.Window = true
	cases := []struct {
		name    string
		results []sla.Result
		targets []string
		levels  []string
		dues    []time.Time
	}{
		{"none", nil, []string{}, []string{}, []time.Time{}},
		{"warning rounded up, overdue in the next second",
			[]sla.Result{started("sign", at(10, 7, 30, 500), at(10, 15, 0, 0))},
			[]string{"sign", "sign"}, []string{"warning", "overdue"},
			[]time.Time{at(10, 7, 31, 0), at(10, 15, 1, 0)}},
		{"whole-second warning kept, due with a fraction",
			[]sla.Result{started("sign", at(10, 7, 30, 0), at(10, 15, 0, 999))},
			[]string{"sign", "sign"}, []string{"warning", "overdue"},
			[]time.Time{at(10, 7, 30, 0), at(10, 15, 1, 0)}},
		{"no warning", []sla.Result{started("finish", time.Time{}, at(18, 0, 0, 0))},
			[]string{"finish"}, []string{"overdue"}, []time.Time{at(18, 0, 1, 0)}},
		{"paused, met, window and unstarted raise nothing",
			[]sla.Result{paused, met, window, {Name: "later", Due: at(5, 0, 0, 0)}},
			[]string{}, []string{}, []time.Time{}},
		{"a repeated target counts once",
			[]sla.Result{started("a", time.Time{}, at(4, 0, 0, 0)), started("a", time.Time{}, at(5, 0, 0, 0))},
			[]string{"a"}, []string{"overdue"}, []time.Time{at(4, 0, 1, 0)}},
	}
	for _, tc := range cases {
		targets, levels, dues := planAlerts(tc.results)
		if !reflect.DeepEqual(targets, tc.targets) || !reflect.DeepEqual(levels, tc.levels) || len(dues) != len(tc.dues) {
			t.Errorf("%s: planned %q %q %v, want %q %q %v", tc.name, targets, levels, dues, tc.targets, tc.levels, tc.dues)
			continue
		}
		for i := range dues {
			if !dues[i].Equal(tc.dues[i]) {
				t.Errorf("%s: alert %d due %v, want %v", tc.name, i, dues[i], tc.dues[i])
			}
		}
	}
}

// TestListUsesIndexes checks that each filter can be answered from its
// index, with sequential scans priced out: by id the plan names the
// index, and newest first and by deadline it reads one already in the
// listing's order, so that a page does not sort every match.
func TestListUsesIndexes(t *testing.T) {
	dsn := os.Getenv("HOTLINE_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("HOTLINE_TEST_POSTGRES not set; see .ci/with-postgres")
	}
	ctx := context.Background()
	schema := "test_plans_" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "_")
	s, err := Open(ctx, dsn, WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		s.pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		s.Close()
	}()
	at := time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		f    workorder.Filter
		// index is the index read by id, newest first and by deadline.
		index [3]string
	}{
		{"state", workorder.Filter{State: workorder.StateHandling}, [3]string{"orders_state", "orders_state_newest", "orders_state_due"}},
		{"open", workorder.Filter{Open: true}, [3]string{"orders_", "orders_open_newest", "orders_open_due"}},
		{"unit", workorder.Filter{Unit: "城管办"}, [3]string{"order_index_pkey", "order_index_newest", "order_index_due"}},
		{"category", workorder.Filter{Category: hotline.CategoryReport}, [3]string{"orders_category", "orders_category_newest", "orders_category_due"}},
		{"region", workorder.Filter{Region: "清溪镇"}, [3]string{"order_index_pkey", "order_index_newest", "order_index_due"}},
		{"due", workorder.Filter{DueBefore: at}, [3]string{"orders_", "orders_", "orders_due"}},
		{"open unit", workorder.Filter{Open: true, Unit: "城管办"}, [3]string{"order_index_", "order_index_open_newest", "order_index_due"}},
		{"overdue", workorder.Filter{Overdue: true}, [3]string{"orders_overdue", "orders_overdue_newest", "orders_overdue_due"}},
		{"merged into", workorder.Filter{MergedInto: "WO-1"}, [3]string{"orders_merged_into", "orders_merged_into", "orders_merged_into"}},
		{"code", workorder.Filter{Code: "01.02"}, [3]string{"orders_", "orders_", "orders_"}},
		{"joint", workorder.Filter{Joint: true}, [3]string{"orders_joint", "orders_joint_newest", "orders_joint_due"}},
		{"repeat", workorder.Filter{Repeat: true}, [3]string{"orders_repeated", "orders_repeated_newest", "orders_repeated_due"}},
		{"all", workorder.Filter{}, [3]string{"orders_pkey", "orders_newest", "orders_due"}},
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "RESET enable_seqscan")
	plan := func(q string, args ...any) string {
		rows, err := conn.Query(ctx, "EXPLAIN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, strings.TrimSpace(line))
		}
		return strings.Join(plan, "\n")
	}
	since := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, q, index string }{
		// Recent's: the index of repeat keys, or on an empty table that
		// of creation times, as cheap for an hour's orders.
		{"recent", recentSQL, "Index Scan using orders_"},
		{"group", groupSQL, "order_keys_pkey"},
		// RecentAlerts': order_keys_raised, or the primary key while the
		// table is empty and the planner has no statistics.
		{"alerts", raisedSQL, " on order_keys"},
	} {
		key := "清溪镇/三中村｜category:complaint"
		if tc.name == "recent" {
			key = "幸福路1号｜complaint｜"
		}
		if all := plan(tc.q, key, since, since.Add(time.Hour)); !strings.Contains(all, tc.index) {
			t.Errorf("%s: plan does not use %s:\n%s", tc.name, tc.index, all)
		}
	}
	// With bitmap scans priced out too, and sorts for the listings
	// newest first and by deadline, the plan reads an index in the
	// listing's order whenever there is one.
	if _, err := conn.Exec(ctx, "SET enable_bitmapscan = off"); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "RESET enable_bitmapscan")
	defer conn.Exec(ctx, "RESET enable_sort")
	for _, tc := range cases {
		for sort, index := range tc.index {
			f := tc.f
			f.Sort, f.Limit = workorder.Sort(sort), 50
			if sort > 0 {
				f.After = &workorder.Cursor{Sort: f.Sort, At: at, ID: "WO-1"}
			}
			// A master's merged orders and those due before an instant,
			// newest first, are few: sorting them is cheap.
			few := f.MergedInto != "" || !f.DueBefore.IsZero() && f.Sort != workorder.SortDue
			sorts := "on"
			if sort > 0 && !few {
				sorts = "off"
			}
			if _, err := conn.Exec(ctx, "SET enable_sort = "+sorts); err != nil {
				t.Fatal(err)
			}
			q, args := sqldoc.ListQuery(&f, pgList)
			all := plan(q, args...)
			if !strings.Contains(all, index) {
				t.Errorf("%s by %v: plan does not use %s:\n%s", tc.name, f.Sort, index, all)
			}
			if sorts == "off" && strings.Contains(all, "Sort") {
				t.Errorf("%s by %v: plan sorts the matches:\n%s", tc.name, f.Sort, all)
			}
		}
	}
}

// TestLapsedClaim has a node claim a due alert and stop before raising
// it: the other nodes leave it alone for the lease, then one raises it,
// once.
func TestLapsedClaim(t *testing.T) {
	dsn := os.Getenv("HOTLINE_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("HOTLINE_TEST_POSTGRES not set; see .ci/with-postgres")
	}
	ctx := context.Background()
	schema := "test_lease_" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", "_")
	s, err := Open(ctx, dsn, WithSchema(schema), WithAlerts(PolicyPlanner(nil, cn.Calendar())))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		s.pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		s.Close()
	}()
	// Monday 2025-09-15 10:00 in Shanghai.
	t0 := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: cn.Calendar(),
		Clock: workorder.ClockFunc(func() time.Time { return t0 })})
	if err != nil {
		t.Fatal(err)
	}
	o, err := svc.Accept(ctx, workorder.Centre("agent-7"), &workorder.Order{Channel: hotline.ChannelPhone,
		Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyEmergency, Text: "燃气泄漏",
		Location: workorder.Location{Region: "清溪镇/三中村"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, workorder.Centre("agent-7"), o.ID, workorder.Assignment{Lead: "清溪镇城管办"}); err != nil {
		t.Fatal(err)
	}

	// The sign target warns at 10:07:30; at 10:08 a node claims the
	// warning and stops.
	at := t0.Add(8 * time.Minute)
	stopped, err := NewMonitor(s, MonitorConfig{Node: "stopped", Lease: time.Minute,
		Handler: sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })})
	if err != nil {
		t.Fatal(err)
	}
	b, err := stopped.claim(ctx, at, &after{})
	if err != nil {
		t.Fatal(err)
	}
	want := sla.Alert{Order: o.ID, Target: sla.TargetSign, Level: sla.LevelWarning, At: t0.Add(7*time.Minute + 30*time.Second)}
	if len(b.alerts) != 1 || b.alerts[0].Order != want.Order || b.alerts[0].Target != want.Target ||
		b.alerts[0].Level != want.Level || !b.alerts[0].At.Equal(want.At) {
		t.Fatalf("claimed %+v, want %+v", b.alerts, want)
	}

	var raised []sla.Alert
	other, err := NewMonitor(s, MonitorConfig{Node: "other", Lease: time.Minute,
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error { raised = append(raised, a); return nil })})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at   time.Duration // after the claim
		want int
	}{
		{0, 0},
		{59 * time.Second, 0},
		{time.Minute, 1}, // the lease is over
		{2 * time.Minute, 0},
	}
	for _, tc := range cases {
		raised = nil
		n, err := other.Fire(ctx, at.Add(tc.at))
		if err != nil {
			t.Fatal(err)
		}
		if n != tc.want || len(raised) != tc.want {
			t.Errorf("%v after the claim: raised %d (%+v), want %d", tc.at, n, raised, tc.want)
		}
		if tc.want == 1 && (len(raised) != 1 || raised[0].Target != want.Target || !raised[0].At.Equal(want.At)) {
			t.Errorf("%v after the claim: raised %+v, want %+v", tc.at, raised, want)
		}
	}
}
