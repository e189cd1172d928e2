package pgstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// testDSN returns the test server's DSN, or skips the test without one.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("HOTLINE_TEST_POSTGRES")
	if dsn == "" {
		tb.Skip("HOTLINE_TEST_POSTGRES not set; see .ci/with-postgres")
	}
	return dsn
}

// newSchema creates a schema of its own for the test, dropped with
// everything in it when the test ends.
func newSchema(tb testing.TB) string {
	tb.Helper()
	dsn := testDSN(tb)
	var b [6]byte
	rand.Read(b[:])
	name := "test_" + hex.EncodeToString(b[:])
	exec(tb, dsn, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize())
	tb.Cleanup(func() { exec(tb, dsn, "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE") })
	return name
}

// exec runs sql on a connection of its own.
func exec(tb testing.TB, dsn, sql string, args ...any) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}

// openStore opens a store in schema, closed when the test ends.
func openStore(tb testing.TB, schema string, opts ...pgstore.Option) *pgstore.Store {
	tb.Helper()
	s, err := pgstore.Open(context.Background(), testDSN(tb), append(opts, pgstore.WithSchema(schema))...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

const cityMgmt = "清溪镇城管办"

var (
	centre   = workorder.Centre("agent-7")
	super    = workorder.Supervisor("督查室")
	shanghai = time.FixedZone("CST", 8*3600)
	// t0 is Monday 2025-09-15 10:00 in Shanghai, a working day.
	t0 = time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
)

// clock is a clock tests set by hand; safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// noRetries makes a service return ErrConflict at once, for tests that
// count conflicts and retry themselves.
func noRetries(c *workorder.Config) { c.Retries = -1 }

// newService returns a service on s reading clk (t0 when nil), naming
// orders prefix000001 ….
func newService(tb testing.TB, s workorder.Store, clk workorder.Clock, mods ...func(*workorder.Config)) *workorder.Service {
	tb.Helper()
	if clk == nil {
		clk = workorder.ClockFunc(func() time.Time { return t0 })
	}
	cfg := workorder.Config{Store: s, Calendar: cn.Calendar(), Clock: clk, IDs: workorder.Sequence("WO")}
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

// dispatched accepts d and dispatches it to cityMgmt; signed signs it too.
func dispatched(tb testing.TB, svc *workorder.Service, d *workorder.Order, signed bool) string {
	tb.Helper()
	ctx := context.Background()
	o, err := svc.Accept(ctx, centre, d)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
		tb.Fatal(err)
	}
	if signed {
		if _, err := svc.Sign(ctx, workorder.Unit(cityMgmt), o.ID); err != nil {
			tb.Fatal(err)
		}
	}
	return o.ID
}
