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

	"github.com/hotline12345/hotline"
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
					Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
						mu.Lock()
						raised[alertKey(a)] = append(raised[alertKey(a)], name)
						mu.Unlock()
						return nil
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
					d.Urgency = hotline.UrgencyEmergency
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
			oracle := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
				want = append(want, alertKey(a))
				return nil
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
	d.Urgency = hotline.UrgencyEmergency
	id := dispatched(t, newService(t, s, nil), d, false)

	ft := &fakeTime{now: t0, waiting: make(chan time.Duration)}
	alerts := make(chan sla.Alert, 10)
	m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1", Clock: ft, Poll: time.Minute,
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error { alerts <- a; return nil })})
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
	h := sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })
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
		Handler: sla.HandlerFunc(func(ctx context.Context, a sla.Alert) error {
			raised = append(raised, alertKey(a))
			if a.Level != sla.LevelOverdue {
				return nil
			}
			if _, err := svc.Urge(ctx, workorder.System(), a.Order, "逾期催办: "+a.Target); err != nil {
				t.Errorf("urging from the handler: %v", err)
			}
			return nil
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
// no claimed_at, failures and retry_at columns, to the current version: its pending alert is
// raised once by the new monitor.
func TestMigrateAlertClaims(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := newSchema(t)
	planner := pgstore.PolicyPlanner(nil, cn.Calendar())
	d := complaint()
	d.Urgency = hotline.UrgencyEmergency
	id := dispatched(t, newService(t, openStore(t, schema, pgstore.WithAlerts(planner)), nil), d, false)
	q := pgx.Identifier{schema}.Sanitize()
	undoKeyset(t, dsn, schema)
	exec(t, dsn, `ALTER TABLE `+q+`.sla_alerts DROP COLUMN claimed_at, DROP COLUMN failures, DROP COLUMN retry_at`)
	exec(t, dsn, `DROP TABLE `+q+`.order_keys`)
	exec(t, dsn, `DROP FUNCTION `+q+`.order_keys_sync() CASCADE`)
	exec(t, dsn, `ALTER TABLE `+q+`.orders DROP COLUMN joint, DROP COLUMN repeated, DROP COLUMN repeat_key, DROP COLUMN hotspot_keys`)
	exec(t, dsn, `ALTER TABLE `+q+`.order_records DROP COLUMN step_key`)
	exec(t, dsn, `DELETE FROM `+q+`.schema_migrations WHERE version > 1`)

	var raised []sla.Alert
	m, err := pgstore.NewMonitor(openStore(t, schema, pgstore.WithAlerts(planner)), pgstore.MonitorConfig{Node: "n1",
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error { raised = append(raised, a); return nil })})
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
	d.Urgency = hotline.UrgencyEmergency
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

// queryInt runs sql, which selects one integer, on a connection of its
// own.
func queryInt(tb testing.TB, sql string, args ...any) int {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return n
}

// TestHandlerFailureRetried is the regression test of alerts lost when
// their handler failed (a store error while urging): the monitor marked
// them fired regardless. A failed alert stays unfired, no node claims it
// during the backoff's wait, and it is raised once it succeeds.
func TestHandlerFailureRetried(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	schema := newSchema(t)
	s := openStore(t, schema, pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	d := complaint()
	d.Urgency = hotline.UrgencyEmergency
	id := dispatched(t, newService(t, s, &clock{t: t0}), d, false)
	signOverdue := keyOf(id)(sla.TargetSign, sla.LevelOverdue, t0.Add(15*time.Minute+time.Second))
	fails := 2
	var raised, tries []string
	h := sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		tries = append(tries, alertKey(a))
		if alertKey(a) == signOverdue && fails > 0 {
			fails--
			return errors.New("store unavailable")
		}
		raised = append(raised, alertKey(a))
		return nil
	})
	cfg := pgstore.MonitorConfig{Node: "n1", Handler: h, Backoff: sla.Backoff{Initial: time.Minute, Max: time.Hour}}
	m1, err := pgstore.NewMonitor(s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Node = "n2"
	m2, err := pgstore.NewMonitor(s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fired := func() int {
		return queryInt(t, `SELECT count(*) FROM `+pgx.Identifier{schema}.Sanitize()+`.sla_alerts
			WHERE order_id = $1 AND target = 'sign' AND level = 'overdue' AND fired_at IS NOT NULL`, id)
	}
	contactWarning := keyOf(id)(sla.TargetContact, sla.LevelWarning, t0.Add(15*time.Minute))
	// Sign is due at 10:15, contact warns at 10:15: at 10:16 the sign
	// overdue alert fails, and again at 10:17 after a minute's wait; two
	// minutes later it is raised.
	steps := []struct {
		m      *pgstore.Monitor
		at     time.Duration
		tries  []string
		raised int
		fired  int
	}{
		{m1, 16 * time.Minute, []string{contactWarning, signOverdue}, 1, 0},
		{m2, 16*time.Minute + 59*time.Second, nil, 0, 0},
		{m2, 17 * time.Minute, []string{signOverdue}, 0, 0},
		{m1, 18*time.Minute + 59*time.Second, nil, 0, 0},
		{m1, 19 * time.Minute, []string{signOverdue}, 1, 1},
		{m2, 20 * time.Minute, nil, 0, 1},
	}
	for _, st := range steps {
		tries = nil
		n, err := st.m.Fire(ctx, t0.Add(st.at))
		if err != nil {
			t.Fatal(err)
		}
		if n != st.raised || !slices.Equal(tries, st.tries) {
			t.Errorf("at +%v: raised %d, tried %q; want %d, %q", st.at, n, tries, st.raised, st.tries)
		}
		if f := fired(); f != st.fired {
			t.Errorf("at +%v: sign overdue fired %d, want %d", st.at, f, st.fired)
		}
	}
	if want := []string{contactWarning, signOverdue}; !slices.Equal(raised, want) {
		t.Errorf("raised %q, want %q", raised, want)
	}
}

// TestPlannerAssists is the regression test of PolicyPlanner leaving out
// the deadlines of assisting units, so that a joint order's assist
// warning and overdue alerts, raised by a Service with Config.Watch, were
// never raised by a pgstore monitor. Both are run on the same orders and
// must raise the same alerts.
func TestPlannerAssists(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	clk := &clock{t: t0}
	s := openStore(t, newSchema(t), pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	pg := newService(t, s, clk)
	var watched []string
	obs := workorder.ObserverFuncs{
		OnWarning: func(_ context.Context, o *workorder.Order, r sla.Result) {
			watched = append(watched, o.ID+"/"+r.Name+"/warning")
		},
		OnOverdue: func(_ context.Context, o *workorder.Order, r sla.Result) {
			watched = append(watched, o.ID+"/"+r.Name+"/overdue")
		},
	}
	mem := newService(t, workorder.NewMemStore(), clk, func(c *workorder.Config) { c.Watch = true; c.Observer = obs })
	for _, svc := range []*workorder.Service{pg, mem} {
		o, err := svc.Accept(ctx, centre, complaint())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt, Assist: []string{"清溪镇环保分局"}}); err != nil {
			t.Fatal(err)
		}
	}
	var raised []string
	m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1",
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
			raised = append(raised, a.Order+"/"+a.Target+"/"+a.Level.String())
			return nil
		})})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range ticks() {
		clk.Set(at)
		if _, err := m.Fire(ctx, at); err != nil {
			t.Fatal(err)
		}
		mem.Fire(ctx)
	}
	slices.Sort(raised)
	slices.Sort(watched)
	if !slices.Equal(raised, watched) {
		t.Errorf("pgstore monitor raised %q\nConfig.Watch raised     %q", raised, watched)
	}
	for _, want := range []string{"WO000001/清溪镇环保分局/assist/warning", "WO000001/清溪镇环保分局/assist/overdue"} {
		if !slices.Contains(raised, want) {
			t.Errorf("no alert %s", want)
		}
	}
}

// TestHandlerGivesUp: with no retries (a negative Backoff.Initial) a
// failed alert is marked fired at once, and an alert the handler drops
// (sla.ErrAlertDropped) is marked fired without being counted.
func TestHandlerGivesUp(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	s := openStore(t, schema, pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	d := complaint()
	d.Urgency = hotline.UrgencyEmergency
	id := dispatched(t, newService(t, s, &clock{t: t0}), d, false)
	var tries []string
	m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "n1", Backoff: sla.Backoff{Initial: -1},
		Handler: sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
			tries = append(tries, alertKey(a))
			if a.Level == sla.LevelWarning {
				return fmt.Errorf("order closed: %w", sla.ErrAlertDropped)
			}
			return errors.New("store unavailable")
		})})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Duration{16 * time.Minute, 20 * time.Minute} {
		n, err := m.Fire(ctx, t0.Add(at))
		if err != nil || n != 0 {
			t.Errorf("Fire at +%v = %d, %v; want 0 raised", at, n, err)
		}
	}
	key := keyOf(id)
	want := []string{key(sla.TargetContact, sla.LevelWarning, t0.Add(15*time.Minute)), key(sla.TargetSign, sla.LevelOverdue, t0.Add(15*time.Minute+time.Second))}
	if !slices.Equal(tries, want) {
		t.Errorf("tried %q, want %q once each", tries, want)
	}
	pending := queryInt(t, `SELECT count(*) FROM `+pgx.Identifier{schema}.Sanitize()+`.sla_alerts
		WHERE order_id = $1 AND due_at <= $2 AND fired_at IS NULL`, id, t0.Add(20*time.Minute))
	if pending != 0 {
		t.Errorf("%d due alerts left unfired", pending)
	}
}
