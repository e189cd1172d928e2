package sqlitestore_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

const cityMgmt = "清溪镇城管办"

var (
	centre = workorder.Centre("agent-7")
	super  = workorder.Supervisor("督查室")
)

// noRetries makes a service return ErrConflict at once, for tests that
// count conflicts and retry themselves.
func noRetries(c *workorder.Config) { c.Retries = -1 }

// newService returns a service on s whose clock stands at Monday
// 2025-09-15 10:00 in Shanghai, naming orders WO000001 ….
func newService(tb testing.TB, s workorder.Store, mods ...func(*workorder.Config)) *workorder.Service {
	tb.Helper()
	at := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	cfg := workorder.Config{Store: s, Calendar: cn.Calendar(),
		Clock: workorder.ClockFunc(func() time.Time { return at }), IDs: workorder.Sequence("WO")}
	for _, m := range mods {
		m(&cfg)
	}
	svc, err := workorder.NewService(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// complaint returns a valid draft.
func complaint() *workorder.Order {
	return &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal,
		Title: "夜间施工噪音", Text: "三中村工业路工地凌晨两点仍在施工，噪音很大，无法入睡。",
		Caller:   workorder.Caller{Name: "李女士", Phone: "13812345678"},
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路8号"},
	}
}

// handlingOrders accepts, dispatches and signs n orders on svc and returns
// their ids.
func handlingOrders(tb testing.TB, svc *workorder.Service, n int) []string {
	tb.Helper()
	ctx := context.Background()
	ids := make([]string, n)
	for i := range ids {
		o, err := svc.Accept(ctx, centre, complaint())
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.Sign(ctx, workorder.Unit(cityMgmt), o.ID); err != nil {
			tb.Fatal(err)
		}
		ids[i] = o.ID
	}
	return ids
}

// reopenUndone runs undo, statements that take the file at path back to an
// earlier schema, on it, then opens it with the store, which migrates it
// again. The store is closed when the test ends.
func reopenUndone(t *testing.T, path string, undo []string) *sqlitestore.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range undo {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
