package workorder

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/unit"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// at returns a time in Shanghai.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

// testClock is a clock tests move by hand; safe for concurrent use.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Units and actors used across the tests.
const (
	cityMgmt = "清溪镇城管办"
	envBur   = "清溪镇环保分局"
	village  = "三中村委会"
	police   = "清溪派出所"
	fallback = "清溪镇综合办"
)

// testUnits is the directory of the units above, fallback the fallback.
var testUnits = func() *unit.Directory {
	var us []unit.Unit
	for _, id := range []string{cityMgmt, envBur, village, police, fallback} {
		us = append(us, unit.Unit{ID: id, Name: id, Kind: unit.KindDepartment, Regions: []string{"清溪镇"}})
	}
	d, err := unit.New(us, fallback)
	if err != nil {
		panic(err)
	}
	return d
}()

var (
	centre = Centre("agent-7")
	super  = Supervisor("督查室")
)

// newService returns a service on a fresh MemStore and cn.Calendar(), its
// clock at Monday 2025-09-15 10:00 in Shanghai, ids WO000001 ….
func newService(t testing.TB, mods ...func(*Config)) (*Service, *testClock) {
	t.Helper()
	clk := &testClock{t: at(2025, 9, 15, 10, 0)}
	cfg := Config{
		Store: NewMemStore(), Calendar: cn.Calendar(), Clock: clk, IDs: Sequence("WO"),
		Units: testUnits,
	}
	for _, m := range mods {
		m(&cfg)
	}
	s, err := NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, clk
}

// draft returns a valid complaint.
func draft() *Order {
	return &Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal,
		Title: "夜间施工噪音", Text: "三中村工业路工地凌晨两点仍在施工，噪音很大，无法入睡。",
		Caller:   Caller{Name: "李女士", Phone: "138 1234 5678"},
		Location: Location{Region: "清溪镇/三中村", Address: "工业路8号"},
		Tags:     []string{"噪音"},
	}
}

// must returns a function that fails t on err and returns o, for wrapping
// a step: must(t)(s.Sign(ctx, a, id)).
func must(t testing.TB) func(o *Order, err error) *Order {
	return func(o *Order, err error) *Order {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
}

// handling accepts a draft, dispatches it to cityMgmt with the given
// assisting units and has it signed.
func handling(t testing.TB, s *Service, d *Order, assist ...string) *Order {
	t.Helper()
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, d))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: assist}))
	return must(t)(s.Sign(ctx, Unit(cityMgmt), o.ID))
}
