package sqlitestore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// t0 is Monday 2025-09-15 10:00 in Shanghai.
var t0 = time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)

// clock is a workorder.Clock the test sets.
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
	defer c.mu.Unlock()
	c.t = t
}

func alertKey(a sla.Alert) string {
	return fmt.Sprintf("%s/%s/%s@%d", a.Order, a.Target, a.Level, a.At.Unix())
}

// ticks returns the instants the test clock passes through: every 5
// minutes for 4 hours after t0, then every 3 hours for 60 days, so that
// some warnings fall due with their overdue alert and are superseded
// while others come first.
func ticks() []time.Time {
	var out []time.Time
	for t := t0.Add(5 * time.Minute); t.Before(t0.Add(4 * time.Hour)); t = t.Add(5 * time.Minute) {
		out = append(out, t)
	}
	for t := t0.Add(4 * time.Hour); t.Before(t0.Add(60 * 24 * time.Hour)); t = t.Add(3 * time.Hour) {
		out = append(out, t)
	}
	return out
}

// TestAlertsAcrossProcesses runs two stores on one file, each with its
// service and monitor, as two processes would. The services take steps
// on the same orders (which replan their alerts), then the clock passes
// through 60 days while both monitors fire at each tick. Every alert must
// be raised once, by one monitor: those sla.Monitor raises in one process
// for the orders' final deadlines at the same ticks.
func TestAlertsAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	planner := sqlitestore.PolicyPlanner(nil, cn.Calendar())
	clk := &clock{t: t0}
	var mu sync.Mutex
	raised := map[string][]string{}
	var svcs []*workorder.Service
	var mons []*sqlitestore.Monitor
	for n := range 2 {
		s, err := sqlitestore.Open(ctx, path, sqlitestore.WithAlerts(planner))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		svcs = append(svcs, newService(t, s, func(c *workorder.Config) { c.Clock = clk }))
		name := fmt.Sprintf("p%d", n)
		m, err := sqlitestore.NewMonitor(s, sqlitestore.MonitorConfig{Name: name, Batch: 3, Workers: n + 1,
			Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
				mu.Lock()
				defer mu.Unlock()
				raised[alertKey(a)] = append(raised[alertKey(a)], name)
				return nil
			})})
		if err != nil {
			t.Fatal(err)
		}
		mons = append(mons, m)
	}
	ids := make([]string, 8)
	for i := range ids {
		d := complaint()
		if i%2 == 0 {
			d.Urgency = hotline.UrgencyEmergency
		}
		o, err := svcs[0].Accept(ctx, centre, d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svcs[0].Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
			t.Fatal(err)
		}
		ids[i] = o.ID
	}
	clk.Set(t0.Add(time.Minute))
	for i, id := range ids {
		svc := svcs[i%2]
		if _, err := svc.Urge(ctx, super, id, ""); err != nil {
			t.Fatal(err)
		}
		if i%3 != 2 {
			if _, err := svc.Sign(ctx, workorder.Unit(cityMgmt), id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := svcs[1].Cancel(ctx, centre, ids[7], workorder.CodedReason{Code: "duplicate"}); err != nil {
		t.Fatal(err)
	}

	var want []string
	oracle := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		want = append(want, alertKey(a))
		return nil
	}), nil)
	for _, id := range ids {
		o, err := svcs[0].Store().Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := planner.Plan(o)
		if err != nil {
			t.Fatal(err)
		}
		oracle.Update(id, rs)
	}
	var wg sync.WaitGroup
	for _, now := range ticks() {
		oracle.Fire(ctx, now)
		for _, m := range mons {
			wg.Go(func() {
				if _, err := m.Fire(ctx, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	var got []string
	for k, ns := range raised {
		got = append(got, k)
		if len(ns) != 1 {
			t.Errorf("alert %s raised by %v", k, ns)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("alerts raised:\n%q\nwant (as sla.Monitor):\n%q", got, want)
	}
	if len(want) < 2*len(ids) {
		t.Errorf("only %d alerts expected; the test no longer exercises much", len(want))
	}
}

// TestMonitorUrgesThroughService: the service is the handler. An overdue
// alert urges the order (a step taken while Fire runs, through the same
// store), a failed alert is tried again after the backoff, and one given
// up is not.
func TestMonitorUrgesThroughService(t *testing.T) {
	ctx := context.Background()
	planner := sqlitestore.PolicyPlanner(nil, cn.Calendar())
	s := open(t, sqlitestore.WithAlerts(planner))
	clk := &clock{t: t0}
	svc := newService(t, s, func(c *workorder.Config) { c.Clock = clk })
	fail := true
	m, err := sqlitestore.NewMonitor(s, sqlitestore.MonitorConfig{Name: "p", Backoff: sla.Backoff{Initial: time.Hour},
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) error {
			if fail {
				return errors.New("handler down")
			}
			return svc.Alert(ctx, a)
		})})
	if err != nil {
		t.Fatal(err)
	}
	d := complaint()
	d.Urgency = hotline.UrgencyEmergency
	o, err := svc.Accept(ctx, centre, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
		t.Fatal(err)
	}
	// By 10:31 the emergency's sign and contact targets are overdue.
	now := t0.Add(31 * time.Minute)
	clk.Set(now)
	if n, err := m.Fire(ctx, now); err != nil || n != 0 {
		t.Fatalf("Fire with the handler down = %d, %v; want 0", n, err)
	}
	fail = false
	if n, err := m.Fire(ctx, now.Add(time.Minute)); err != nil || n != 0 {
		t.Errorf("Fire before the backoff = %d, %v; want 0", n, err)
	}
	now = now.Add(time.Hour)
	clk.Set(now)
	// By 11:31 the arrive target (an hour) is overdue too.
	if n, err := m.Fire(ctx, now); err != nil || n != 3 {
		t.Errorf("Fire after the backoff = %d, %v; want 3 overdue alerts", n, err)
	}
	got, err := s.Get(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Urges != 3 || !got.Overdue {
		t.Errorf("order urged %d times, overdue %v; want 3, true", got.Urges, got.Overdue)
	}
	if n, err := m.Fire(ctx, now); err != nil || n != 0 {
		t.Errorf("Fire again = %d, %v; want 0", n, err)
	}
	if err := svc.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
}

func TestNewMonitorRefuses(t *testing.T) {
	s := open(t)
	h := sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })
	for _, tc := range []struct {
		field string
		cfg   sqlitestore.MonitorConfig
	}{
		{"Name", sqlitestore.MonitorConfig{Handler: h}},
		{"Handler", sqlitestore.MonitorConfig{Name: "p"}},
		{"Poll", sqlitestore.MonitorConfig{Name: "p", Handler: h, Poll: -1}},
		{"Batch", sqlitestore.MonitorConfig{Name: "p", Handler: h, Batch: -1}},
		{"Lease", sqlitestore.MonitorConfig{Name: "p", Handler: h, Lease: -1}},
		{"Workers", sqlitestore.MonitorConfig{Name: "p", Handler: h, Workers: -1}},
	} {
		_, err := sqlitestore.NewMonitor(s, tc.cfg)
		if !errors.Is(err, workorder.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("config without a good %s: %v", tc.field, err)
		}
	}
	if _, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), sqlitestore.WithAlerts(nil)); !errors.Is(err, workorder.ErrInvalidArgument) {
		t.Errorf("WithAlerts(nil): %v", err)
	}
}

// TestHandlerRedispatches: a handler that redispatches the order moves
// the alert it is raising; the monitor raises it again at its new instant
// instead of marking it fired.
func TestHandlerRedispatches(t *testing.T) {
	ctx := context.Background()
	s := open(t, sqlitestore.WithAlerts(sqlitestore.PolicyPlanner(nil, cn.Calendar())))
	clk := &clock{t: t0}
	svc := newService(t, s, func(c *workorder.Config) { c.Clock = clk })
	d := complaint()
	d.Urgency = hotline.UrgencyEmergency
	o, err := svc.Accept(ctx, centre, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
		t.Fatal(err)
	}
	var raised []string
	redispatched := false
	m, err := sqlitestore.NewMonitor(s, sqlitestore.MonitorConfig{Name: "p",
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) error {
			raised = append(raised, alertKey(a))
			if a.Target != sla.TargetSign || a.Level != sla.LevelOverdue || redispatched {
				return nil
			}
			redispatched = true
			if _, err := svc.Redispatch(ctx, centre, a.Order, workorder.Assignment{Lead: "清溪镇环保分局"}); err != nil {
				t.Errorf("redispatching from the handler: %v", err)
			}
			return nil
		})})
	if err != nil {
		t.Fatal(err)
	}
	key := func(target string, l sla.Level, at time.Time) string {
		return alertKey(sla.Alert{Order: o.ID, Target: target, Level: l, At: at})
	}
	// Dispatched at 10:00: sign warns at 10:07:30 and is due at 10:15,
	// contact warns at 10:15 and is due at 10:30. Redispatched at 10:16,
	// sign warns at 10:23:30 and is due at 10:31.
	for _, st := range []struct {
		at   time.Time
		want []string
	}{
		{t0.Add(16 * time.Minute), []string{
			key(sla.TargetContact, sla.LevelWarning, t0.Add(15*time.Minute)),
			key(sla.TargetSign, sla.LevelOverdue, t0.Add(15*time.Minute+time.Second)),
		}},
		{t0.Add(24 * time.Minute), []string{key(sla.TargetSign, sla.LevelWarning, t0.Add(23*time.Minute+30*time.Second))}},
		{t0.Add(32 * time.Minute), []string{
			key(sla.TargetContact, sla.LevelOverdue, t0.Add(30*time.Minute+time.Second)),
			key(sla.TargetSign, sla.LevelOverdue, t0.Add(31*time.Minute+time.Second)),
		}},
	} {
		raised = nil
		clk.Set(st.at)
		n, err := m.Fire(ctx, st.at)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(st.want) || !slices.Equal(raised, st.want) {
			t.Errorf("Fire at %s raised %d: %q, want %q", st.at.Format("15:04"), n, raised, st.want)
		}
	}
}
