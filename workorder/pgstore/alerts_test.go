package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// alertKey names an alert: order, target, level and instant (Unix
// seconds).
func alertKey(a sla.Alert) string {
	return fmt.Sprintf("%s/%s/%s@%d", a.Order, a.Target, a.Level, a.At.Unix())
}

// ticks returns the instants the test clock passes through: every 5
// minutes for the first 4 hours after t0, then every 3 hours for 60 days,
// so that some warnings fall due with their overdue alert and are
// superseded while others come first.
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

// TestAlertsAcrossNodes runs two and four nodes, each with its own pool,
// service and monitor, on one database. The nodes take steps on the same
// orders at once (the steps replan the alerts), then the clock passes
// through 60 days while every node fires due alerts at each tick. Every
// step must be recorded once, and every alert raised exactly once by one
// of the nodes: the alerts sla.Monitor raises in one process for the
// orders' final deadlines at the same ticks, no more, no fewer.
func TestAlertsAcrossNodes(t *testing.T) {
	for _, nodes := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d nodes", nodes), func(t *testing.T) {
			ctx := context.Background()
			schema := newSchema(t)
			planner := pgstore.PolicyPlanner(sla.DefaultPolicies(), cn.Calendar())
			clk := &clock{t: t0}
			var mu sync.Mutex
			raised := map[string][]string{} // alert → nodes that raised it
			svcs := make([]*workorder.Service, nodes)
			mons := make([]*pgstore.Monitor, nodes)
			for n := range nodes {
				name := fmt.Sprintf("node-%d", n)
				s := openStore(t, schema, pgstore.WithAlerts(planner), pgstore.WithMaxConns(4))
				svcs[n] = newService(t, s, clk, noRetries)
				m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: name,
					Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) {
						mu.Lock()
						raised[alertKey(a)] = append(raised[alertKey(a)], name)
						mu.Unlock()
					})})
				if err != nil {
					t.Fatal(err)
				}
				mons[n] = m
			}

			// Eight orders dispatched at t0, half of them emergencies.
			ids := make([]string, 8)
			for i := range ids {
				d := complaint()
				if i%2 == 0 {
					d.Urgency = sla.UrgencyEmergency
				}
				ids[i] = dispatched(t, svcs[0], d, false)
			}

			// A minute later every node urges every order, and each signs
			// its share of them, all at once.
			clk.Set(t0.Add(time.Minute))
			var wg sync.WaitGroup
			for n, svc := range svcs {
				wg.Go(func() {
					for i := 0; i < len(ids); {
						id := ids[(i+n)%len(ids)]
						var err error
						if ((i+n)%len(ids))%nodes == n && i%3 != 2 {
							_, err = svc.Sign(ctx, workorder.Unit(cityMgmt), id)
						} else {
							_, err = svc.Urge(ctx, super, id, fmt.Sprintf("n%d-%d", n, i))
						}
						if errors.Is(err, workorder.ErrConflict) {
							continue
						}
						if err != nil {
							t.Error(err)
							return
						}
						i++
					}
				})
			}
			wg.Wait()

			// What one sla.Monitor raises for the final deadlines.
			var want []string
			oracle := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) {
				want = append(want, alertKey(a))
			}), nil)
			steps := 0
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
				if err := svcs[0].Verify(ctx, id); err != nil {
					t.Error(err)
				}
				steps += int(o.Version)
			}
			if wantSteps := len(ids) * (2 + nodes); steps != wantSteps {
				t.Errorf("%d steps recorded, want %d", steps, wantSteps)
			}

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
			byNode := map[string]int{}
			for k, ns := range raised {
				got = append(got, k)
				if len(ns) != 1 {
					t.Errorf("alert %s raised by %v", k, ns)
				}
				byNode[ns[0]]++
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("alerts raised:\n%q\nwant (as sla.Monitor):\n%q", got, want)
			}
			if len(want) < 2*len(ids) {
				t.Errorf("only %d alerts expected; the test no longer exercises much", len(want))
			}
			var pending int
			conn, err := pgx.Connect(ctx, testDSN(t))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema}.Sanitize()+
				`.sla_alerts WHERE fired_at IS NULL`).Scan(&pending); err != nil {
				t.Fatal(err)
			}
			if pending != 0 {
				t.Errorf("%d alerts still pending after 60 days", pending)
			}
			t.Logf("%d alerts, raised per node %v", len(got), byNode)
		})
	}
}

// fakeTime is a sla.TimeSource the test moves: After's channels receive
// when the test calls tick. waiting receives each time Run starts to wait.
type fakeTime struct {
	mu      sync.Mutex
	now     time.Time
	timers  []chan time.Time
	waiting chan time.Duration
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	c := make(chan time.Time, 1)
	f.timers = append(f.timers, c)
	f.mu.Unlock()
	f.waiting <- d
	return c
}

func (f *fakeTime) tick(now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = now
	for _, c := range f.timers {
		c <- now
	}
	f.timers = nil
}

func TestMonitorRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	schema := newSchema(t)
	s := openStore(t, schema, pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	d := complaint()
	d.Urgency = sla.UrgencyEmergency
	id := dispatched(t, newService(t, s, nil), d, false)

	ft := &fakeTime{now: t0, waiting: make(chan time.Duration)}
	alerts := make(chan sla.Alert, 10)
	m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1", Clock: ft, Poll: time.Minute,
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) { alerts <- a })})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- m.Run(ctx) }()

	if d := <-ft.waiting; d != time.Minute {
		t.Errorf("Run waits %v, want the poll interval", d)
	}
	if len(alerts) != 0 {
		t.Fatalf("alert raised at t0: %+v", <-alerts)
	}
	// The emergency sign target (15 minutes from the dispatch) warns at
	// half time: 10:07:30.
	ft.tick(t0.Add(8 * time.Minute))
	<-ft.waiting
	select {
	case a := <-alerts:
		want := sla.Alert{Order: id, Target: sla.TargetSign, Level: sla.LevelWarning, At: t0.Add(7*time.Minute + 30*time.Second)}
		if a.Order != want.Order || a.Target != want.Target || a.Level != want.Level || !a.At.Equal(want.At) {
			t.Errorf("raised %+v, want %+v", a, want)
		}
	default:
		t.Fatal("no alert raised at 10:08")
	}
	ft.tick(t0.Add(9 * time.Minute))
	<-ft.waiting
	if len(alerts) != 0 {
		t.Errorf("alert raised again: %+v", <-alerts)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v, want nil once cancelled", err)
	}
}

func TestNewMonitorRefuses(t *testing.T) {
	s := openStore(t, newSchema(t))
	h := sla.HandlerFunc(func(context.Context, sla.Alert) {})
	cases := []struct {
		cfg  pgstore.MonitorConfig
		want string
	}{
		{pgstore.MonitorConfig{Handler: h}, "Node"},
		{pgstore.MonitorConfig{Node: "n"}, "Handler"},
		{pgstore.MonitorConfig{Node: "n", Handler: h, Poll: -time.Second}, "Poll"},
		{pgstore.MonitorConfig{Node: "n", Handler: h, Batch: -1}, "Batch"},
		{pgstore.MonitorConfig{Node: "n", Handler: h, Lease: -time.Minute}, "Lease"},
	}
	for _, tc := range cases {
		_, err := pgstore.NewMonitor(s, tc.cfg)
		if !errors.Is(err, workorder.ErrInvalidArgument) || !strings.Contains(err.Error(), "config "+tc.want) {
			t.Errorf("NewMonitor(%+v): %v, want ErrInvalidArgument naming %s", tc.cfg, err, tc.want)
		}
	}
}

// TestHandlerUrgesOrder has the handler urge the order of each overdue
// alert, as a hotline would: Fire returns (the urge must not wait for the
// alert being raised), each overdue alert urges its order once, and the
// urge, which replans the order's alerts, raises none of them again.
func TestHandlerUrgesOrder(t *testing.T) {
	// A handler stuck behind the monitor fails the test instead of
	// hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, clk, svc, id := dispatchedEmergency(t)

	var raised []string
	m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1",
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) {
			raised = append(raised, alertKey(a))
			if a.Level != sla.LevelOverdue {
				return
			}
			if _, err := svc.Urge(ctx, workorder.System, a.Order, "逾期催办: "+a.Target); err != nil {
				t.Errorf("urging from the handler: %v", err)
			}
		})})
	if err != nil {
		t.Fatal(err)
	}
	key := keyOf(id)
	// Dispatched at 10:00, the emergency's sign target is due at 10:15
	// and its contact target at 10:30, each warning halfway; by 10:31
	// both are overdue, so their warnings are superseded. The arrive
	// target warns at 10:45, 15 minutes before its hour is up.
	steps := []fireStep{
		{t0.Add(31 * time.Minute), []string{
			key(sla.TargetSign, sla.LevelOverdue, t0.Add(15*time.Minute+time.Second)),
			key(sla.TargetContact, sla.LevelOverdue, t0.Add(30*time.Minute+time.Second)),
		}},
		{t0.Add(32 * time.Minute), nil},
		{t0.Add(46 * time.Minute), []string{key(sla.TargetArrive, sla.LevelWarning, t0.Add(45*time.Minute))}},
	}
	fireSteps(ctx, t, m, clk, &raised, steps)
	o, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if o.Urges != 2 {
		t.Errorf("order urged %d times, want 2 (once per overdue alert)", o.Urges)
	}
	if err := svc.Verify(ctx, id); err != nil {
		t.Error(err)
	}
}

// TestMigrateAlertClaims brings a schema at version 1, whose alerts have
// no claimed_at column, to the current version: its pending alert is
// raised once by the new monitor.
func TestMigrateAlertClaims(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := newSchema(t)
	planner := pgstore.PolicyPlanner(nil, cn.Calendar())
	d := complaint()
	d.Urgency = sla.UrgencyEmergency
	id := dispatched(t, newService(t, openStore(t, schema, pgstore.WithAlerts(planner)), nil), d, false)
	q := pgx.Identifier{schema}.Sanitize()
	exec(t, dsn, `ALTER TABLE `+q+`.sla_alerts DROP COLUMN claimed_at`)
	exec(t, dsn, `ALTER TABLE `+q+`.orders DROP COLUMN joint, DROP COLUMN repeated, DROP COLUMN repeat_key`)
	exec(t, dsn, `DELETE FROM `+q+`.schema_migrations WHERE version > 1`)

	var raised []sla.Alert
	m, err := pgstore.NewMonitor(openStore(t, schema, pgstore.WithAlerts(planner)), pgstore.MonitorConfig{Node: "n1",
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) { raised = append(raised, a) })})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := m.Fire(ctx, t0.Add(8*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	want := sla.Alert{Order: id, Target: sla.TargetSign, Level: sla.LevelWarning, At: t0.Add(7*time.Minute + 30*time.Second)}
	if len(raised) != 1 || alertKey(raised[0]) != alertKey(want) {
		t.Errorf("raised %+v, want only %+v", raised, want)
	}
}

// TestHandlerRedispatches has the handler redispatch an order whose sign
// target is overdue, restarting the target: its warning and overdue
// alerts, claimed with the one being raised, move to the new deadline and
// are raised there, not marked fired with the old one.
func TestHandlerRedispatches(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, clk, svc, id := dispatchedEmergency(t)

	var raised []string
	redispatched := false
	m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1",
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) {
			raised = append(raised, alertKey(a))
			if a.Target != sla.TargetSign || a.Level != sla.LevelOverdue || redispatched {
				return
			}
			redispatched = true
			if _, err := svc.Redispatch(ctx, centre, a.Order, workorder.Assignment{Lead: "清溪镇环保分局"}); err != nil {
				t.Errorf("redispatching from the handler: %v", err)
			}
		})})
	if err != nil {
		t.Fatal(err)
	}
	key := keyOf(id)
	// Dispatched at 10:00: sign warns at 10:07:30 and is due at 10:15,
	// contact warns at 10:15 and is due at 10:30. Redispatched at 10:16,
	// sign warns at 10:23:30 and is due at 10:31.
	steps := []fireStep{
		{t0.Add(16 * time.Minute), []string{
			key(sla.TargetContact, sla.LevelWarning, t0.Add(15*time.Minute)),
			key(sla.TargetSign, sla.LevelOverdue, t0.Add(15*time.Minute+time.Second)),
		}},
		{t0.Add(24 * time.Minute), []string{key(sla.TargetSign, sla.LevelWarning, t0.Add(23*time.Minute+30*time.Second))}},
		{t0.Add(32 * time.Minute), []string{
			key(sla.TargetContact, sla.LevelOverdue, t0.Add(30*time.Minute+time.Second)),
			key(sla.TargetSign, sla.LevelOverdue, t0.Add(31*time.Minute+time.Second)),
		}},
	}
	fireSteps(ctx, t, m, clk, &raised, steps)
}

// dispatchedEmergency opens a store with alerts and a service on a clock
// at t0, and dispatches an emergency at t0; it returns the order's id.
func dispatchedEmergency(t *testing.T) (*pgstore.Store, *clock, *workorder.Service, string) {
	t.Helper()
	s := openStore(t, newSchema(t), pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	clk := &clock{t: t0}
	svc := newService(t, s, clk)
	d := complaint()
	d.Urgency = sla.UrgencyEmergency
	return s, clk, svc, dispatched(t, svc, d, false)
}

// keyOf returns alertKey for order id's alerts.
func keyOf(id string) func(target string, l sla.Level, at time.Time) string {
	return func(target string, l sla.Level, at time.Time) string {
		return alertKey(sla.Alert{Order: id, Target: target, Level: l, At: at})
	}
}

// fireStep is one Fire of a monitor and the alerts it must raise, in
// order.
type fireStep struct {
	at   time.Time
	want []string
}

// fireSteps sets the clock to each step's instant and fires m there,
// checking the alerts the handler appended to *raised.
func fireSteps(ctx context.Context, t *testing.T, m *pgstore.Monitor, clk *clock, raised *[]string, steps []fireStep) {
	t.Helper()
	for _, st := range steps {
		*raised = nil
		clk.Set(st.at)
		n, err := m.Fire(ctx, st.at)
		if err != nil {
			t.Fatalf("Fire at %s: %v", st.at.Format("15:04"), err)
		}
		if n != len(st.want) || !slices.Equal(*raised, st.want) {
			t.Errorf("Fire at %s raised %d: %q, want %q", st.at.Format("15:04"), n, *raised, st.want)
		}
	}
}
