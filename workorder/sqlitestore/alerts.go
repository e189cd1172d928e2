package sqlitestore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// Planner works out the sla results whose alerts an order should raise,
// as of its latest step (see WithAlerts); it is workorder.AlertPlanner.
type Planner = workorder.AlertPlanner

// PlannerFunc adapts a function to Planner; it is
// workorder.AlertPlannerFunc.
type PlannerFunc = workorder.AlertPlannerFunc

// PolicyPlanner plans the alerts a workorder.Service with Config.Watch
// raises, from the policies ps (nil: sla.DefaultPolicies()) on cal, for
// a service with the default Config.AssistTarget: see
// workorder.PolicyAlertPlanner.
func PolicyPlanner(ps *sla.PolicySet, cal *calendar.Calendar) Planner {
	return workorder.PolicyAlertPlanner(ps, cal, sla.Target{})
}

// PolicyPlannerWithAssist is PolicyPlanner for a service whose
// Config.AssistTarget is assist.
func PolicyPlannerWithAssist(ps *sla.PolicySet, cal *calendar.Calendar, assist sla.Target) Planner {
	return workorder.PolicyAlertPlanner(ps, cal, assist)
}

// WithAlerts makes every write of an order keep its sla alerts in the
// table sla_alerts, in the write's transaction, as p plans them; a
// Monitor then raises each alert once, and starts at once however many
// orders are open, holding none of them in memory. A write whose plan
// fails fails.
func WithAlerts(p Planner) Option {
	return func(o *options) error {
		if p == nil {
			return errors.New("WithAlerts(nil): want a planner")
		}
		o.planner = p
		return nil
	}
}

// plannedAlert is one alert of a plan: due is Unix microseconds.
type plannedAlert struct {
	target, level string
	due           int64
}

// The statements that keep an order's pending alerts.
const (
	pendingAlertsSQL = `SELECT target, level, due_at FROM sla_alerts WHERE order_id = ? AND fired_at IS NULL`
	dropAlertSQL     = `DELETE FROM sla_alerts WHERE order_id = ? AND target = ? AND level = ? AND fired_at IS NULL`
	putAlertSQL      = `INSERT INTO sla_alerts (order_id, target, level, due_at) VALUES (?, ?, ?, ?)
	ON CONFLICT (order_id, target, level) DO UPDATE SET due_at = excluded.due_at, claimed_by = NULL,
		claimed_at = NULL, failures = 0, retry_at = NULL
	WHERE sla_alerts.fired_at IS NULL AND sla_alerts.due_at <> excluded.due_at`
)

// writeAlerts replaces o's pending alerts with those its plan holds, in
// t, when the store keeps alerts. It reads the pending ones first and
// writes only what changed, so that a step that moves no deadline (an
// urge, a contact) costs one read.
func (s *Store) writeAlerts(t *wtx, o *workorder.Order, created bool) error {
	if s.planner == nil {
		return nil
	}
	results, err := s.planner.Plan(o)
	if err != nil {
		return fmt.Errorf("plan alerts: %w", err)
	}
	var buf [8]plannedAlert
	plan := buf[:0]
	sla.EachAlert(results, func(target string, l sla.Level, at time.Time) {
		level := sqldoc.LevelName(l)
		for _, p := range plan {
			if p.target == target && p.level == level {
				return
			}
		}
		plan = append(plan, plannedAlert{target, level, at.UnixMicro()})
	})
	var pending []plannedAlert
	if !created {
		st, err := t.stmt(pendingAlertsSQL)
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(t.ctx, o.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p plannedAlert
			if err := rows.Scan(&p.target, &p.level, &p.due); err != nil {
				rows.Close()
				return err
			}
			pending = append(pending, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, p := range pending {
		if !slices.ContainsFunc(plan, func(q plannedAlert) bool { return q.target == p.target && q.level == p.level }) {
			if _, err := t.exec(dropAlertSQL, o.ID, p.target, p.level); err != nil {
				return err
			}
		}
	}
	for _, p := range plan {
		if slices.Contains(pending, p) {
			continue
		}
		if _, err := t.exec(putAlertSQL, o.ID, p.target, p.level, p.due); err != nil {
			return err
		}
	}
	return nil
}

// Defaults for MonitorConfig fields left zero.
const (
	// PollDefault is how often Run looks for due alerts.
	PollDefault = time.Second
	// BatchDefault is the most alerts claimed at once.
	BatchDefault = 100
	// LeaseDefault is how long a claim on alerts holds.
	LeaseDefault = 5 * time.Minute
)

// MonitorConfig configures a Monitor. Name and Handler are required, so
// the zero value is refused by NewMonitor.
type MonitorConfig struct {
	// Name names this monitor (a process, say); it is kept in the
	// claimed_by column of the alerts it claims.
	Name string
	// Handler receives the alerts.
	Handler sla.Handler
	// Clock tells the time and wakes Run; nil means sla.SystemTime().
	Clock sla.TimeSource
	// Poll is how often Run looks for due alerts: PollDefault when zero.
	Poll time.Duration
	// Batch is the most alerts claimed at once: BatchDefault when zero.
	Batch int
	// Lease is how long alerts this monitor claimed are left to it, by
	// the instants given to Fire: LeaseDefault when zero. A monitor that
	// has not marked them fired by then is taken to have stopped, and any
	// monitor on the file claims them again.
	Lease time.Duration
	// OnError hears the errors of Run's polls, and Run goes on; when nil,
	// Run returns the first. A handler's failures are not errors of a
	// poll: see Backoff.
	OnError func(error)
	// Workers is for how many orders at most the handler is called at
	// once: 1 when zero. The alerts of one order are raised in turn. The
	// handler must be safe for concurrent use when it is above 1.
	Workers int
	// Backoff is how long an alert whose handler failed (returned an
	// error not wrapping sla.ErrAlertDropped) waits before it is claimed
	// again, by the instants given to Fire; the zero value is
	// sla.Backoff's default. A negative Initial gives a failed alert up
	// at once: it is marked fired.
	Backoff sla.Backoff
}

// Monitor raises the sla alerts kept by a store opened WithAlerts when
// they fall due. It holds nothing per order: each Fire reads up to Batch
// due alerts on a reader, claims them by key in short transactions, hands
// them to the handler with no transaction open (so the handler may take
// steps on the orders) and then marks them fired, batch after batch, so
// that it is ready as soon as it is made and never holds the store's
// write lock while the handler runs, nor to look for due alerts: a
// transaction claims or marks at most 100 alerts by key, about a
// millisecond of work, however many alerts are due or wait for a retry.
// Several monitors (processes) may share a file: each alert is raised
// once, and should a monitor stop after claiming alerts and before
// marking them fired, another raises them once the lease is over; should
// the handler fail, the alert is raised again after MonitorConfig.Backoff.
//
// Create it with NewMonitor; the zero value is not usable. It is safe for
// concurrent use and starts no goroutine: call Run, or Fire from a loop of
// your own.
type Monitor struct {
	store *Store
	cfg   MonitorConfig
	// held is the longest the monitor held the write lock at once,
	// from the start of a transaction's work to its commit, in
	// nanoseconds; benchmarks report it.
	held atomic.Int64
}

// tx runs fn in a transaction of the store's writer, keeping in held how
// long it held the write lock if longer than before.
func (m *Monitor) tx(ctx context.Context, fn func(t *wtx) error) error {
	var start time.Time
	err := m.store.w.tx(ctx, func(t *wtx) error {
		start = time.Now()
		return fn(t)
	})
	if !start.IsZero() {
		d := int64(time.Since(start))
		for old := m.held.Load(); d > old && !m.held.CompareAndSwap(old, d); old = m.held.Load() {
		}
	}
	return err
}

// NewMonitor returns a monitor of the alerts in s's database. Errors name
// the MonitorConfig field and match workorder.ErrInvalidArgument.
func NewMonitor(s *Store, cfg MonitorConfig) (*Monitor, error) {
	bad := func(field, reason string) error {
		return fmt.Errorf("sqlitestore: monitor config %s: %s: %w", field, reason, workorder.ErrInvalidArgument)
	}
	switch {
	case s == nil:
		return nil, fmt.Errorf("sqlitestore: monitor without a store: %w", workorder.ErrInvalidArgument)
	case cfg.Name == "":
		return nil, bad("Name", "required")
	case cfg.Handler == nil:
		return nil, bad("Handler", "required")
	case cfg.Poll < 0:
		return nil, bad("Poll", fmt.Sprintf("%v: want 0 (default) or more", cfg.Poll))
	case cfg.Batch < 0:
		return nil, bad("Batch", fmt.Sprintf("%d: want 0 (default) or more", cfg.Batch))
	case cfg.Lease < 0:
		return nil, bad("Lease", fmt.Sprintf("%v: want 0 (default) or more", cfg.Lease))
	case cfg.Workers < 0:
		return nil, bad("Workers", fmt.Sprintf("%d: want 0 (default) or more", cfg.Workers))
	}
	cfg.Workers = max(cfg.Workers, 1)
	if cfg.Clock == nil {
		cfg.Clock = sla.SystemTime()
	}
	if cfg.Poll == 0 {
		cfg.Poll = PollDefault
	}
	if cfg.Batch == 0 {
		cfg.Batch = BatchDefault
	}
	if cfg.Lease == 0 {
		cfg.Lease = LeaseDefault
	}
	return &Monitor{store: s, cfg: cfg}, nil
}

// dueSQL reads, on a reader, up to ?3 alerts due at ?1 (the monitor's
// now, in Unix microseconds) that are unclaimed or whose claim, made at ?2
// or before, has lapsed, in order of instant: the alerts a claim then
// takes, if no other monitor or step took or moved them meanwhile.
const dueSQL = `SELECT order_id, target, level FROM sla_alerts
WHERE fired_at IS NULL AND due_at <= ?1 AND (claimed_at IS NULL OR claimed_at <= ?2)
	AND (retry_at IS NULL OR retry_at <= ?1)
ORDER BY due_at, order_id, target, level
LIMIT ?3`

// lockRows is the most alerts a monitor's transaction claims or marks:
// about a millisecond of CPU under the write lock, steps waiting for the
// lock taking it between two such transactions. Smaller transactions did
// not shorten the steps' waits: with 50,000 alerts due and two goroutines
// stepping, 32 a transaction gave the same step latencies (p99 25 to 28
// ms, the slowest 69 to 72 ms, on a shared machine whose own stalls are
// as long) and a Fire 2.4 times as long as 100 (BenchmarkAlertMonitor).
const lockRows = 100

// claimSQL claims for monitor ?1 at ?2 (= ?3) the alerts of the JSON array
// ?5 of [order, target, level] that are still due at ?3, unclaimed or
// with a claim made at ?4 or before, and returns them with whether each
// is a warning whose overdue alert is due too (superseded). Each alert is
// found by its key, so that the write lock is held for as many lookups
// as alerts, however many alerts are due or waiting for a retry.
const claimSQL = `UPDATE sla_alerts SET claimed_by = ?1, claimed_at = ?2
FROM json_each(?5) k
WHERE sla_alerts.order_id = k.value ->> 0 AND sla_alerts.target = k.value ->> 1 AND sla_alerts.level = k.value ->> 2
	AND fired_at IS NULL AND due_at <= ?3 AND (claimed_at IS NULL OR claimed_at <= ?4)
	AND (retry_at IS NULL OR retry_at <= ?3)
RETURNING order_id, target, level, due_at, failures,
	level = 'warning' AND EXISTS (
		SELECT 1 FROM sla_alerts o
		WHERE o.order_id = sla_alerts.order_id AND o.target = sla_alerts.target AND o.level = 'overdue' AND o.due_at <= ?3)`

// markSQL marks fired the alerts of the JSON array ?3 of [order, target,
// level, superseded] that monitor ?2 claimed at ?1 and still holds: a
// step that moved an alert's due instant since dropped the claim, and the
// alert is claimed anew.
const markSQL = `UPDATE sla_alerts SET fired_at = ?1, superseded = k.value ->> 3
FROM json_each(?3) k
WHERE sla_alerts.order_id = k.value ->> 0 AND sla_alerts.target = k.value ->> 1 AND sla_alerts.level = k.value ->> 2
	AND fired_at IS NULL AND claimed_by = ?2 AND claimed_at = ?1`

// releaseSQL releases such claims, of the JSON array ?3 of [order,
// target, level, retry at], after the handler failed, counting the
// failure and keeping each alert from being claimed before its retry
// instant.
const releaseSQL = `UPDATE sla_alerts SET claimed_by = NULL, claimed_at = NULL, failures = failures + 1, retry_at = k.value ->> 3
FROM json_each(?3) k
WHERE sla_alerts.order_id = k.value ->> 0 AND sla_alerts.target = k.value ->> 1 AND sla_alerts.level = k.value ->> 2
	AND fired_at IS NULL AND claimed_by = ?2 AND claimed_at = ?1`

// claimed is an alert of a claim.
type claimed struct {
	alert      sla.Alert
	level      string
	superseded bool
	failures   int
}

// Fire raises, through the handler, every alert due at now that no
// monitor has raised or holds a claim on, in order of instant, batch by
// batch, and returns how many the handler dealt with (returned nil for).
// A warning whose overdue alert is due as well is marked without being
// raised, as sla.Monitor does, and so is an alert the handler dropped
// (sla.ErrAlertDropped). An alert the handler failed is left unfired, to
// be claimed again after the Backoff, measured from now. The handler is
// called outside any transaction and may take steps on the order; once
// it has raised a batch, Fire records the outcome even when ctx is done.
func (m *Monitor) Fire(ctx context.Context, now time.Time) (int, error) {
	total := 0
	for {
		raised, n, err := m.fireBatch(ctx, now)
		total += raised
		if err != nil {
			return total, fmt.Errorf("sqlitestore: monitor %s: fire: %w", m.cfg.Name, err)
		}
		if n < m.cfg.Batch {
			return total, nil
		}
		// Let the steps waiting for the write lock have it before the
		// next claim.
		runtime.Gosched()
	}
}

// claim claims up to Batch alerts due at now, and returns them with how
// many were due. It looks for them on a reader, outside the write lock,
// and claims them by key in a transaction of its own: one that another
// monitor, or a step, took or moved meanwhile is left out.
func (m *Monitor) claim(ctx context.Context, now time.Time) (out []claimed, due int, err error) {
	us := now.UnixMicro()
	lapsed := now.Add(-m.cfg.Lease).UnixMicro()
	rows, err := m.store.r.QueryContext(ctx, dueSQL, us, lapsed, m.cfg.Batch)
	if err != nil {
		return nil, 0, err
	}
	var keys [][]any
	for rows.Next() {
		var order, target, level string
		if err := rows.Scan(&order, &target, &level); err != nil {
			rows.Close()
			return nil, 0, err
		}
		keys = append(keys, []any{order, target, level})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for chunk := range slices.Chunk(keys, lockRows) {
		js, err := json.Marshal(chunk)
		if err != nil {
			return nil, 0, err
		}
		err = m.tx(ctx, func(t *wtx) error {
			st, err := t.stmt(claimSQL)
			if err != nil {
				return err
			}
			rows, err := st.QueryContext(t.ctx, m.cfg.Name, us, us, lapsed, string(js))
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var c claimed
				var due int64
				if err := rows.Scan(&c.alert.Order, &c.alert.Target, &c.level, &due, &c.failures, &c.superseded); err != nil {
					return err
				}
				var ok bool
				if c.alert.Level, ok = sqldoc.ParseLevel(c.level); !ok {
					return fmt.Errorf("alert %s/%s: level %q: %w", c.alert.Order, c.alert.Target, c.level, sqldoc.ErrCorrupt)
				}
				c.alert.At = time.UnixMicro(due).UTC()
				out = append(out, c)
			}
			return rows.Err()
		})
		if err != nil && len(out) == 0 {
			return nil, len(keys), err
		}
		if err != nil {
			// Those claimed are raised; the next claim meets the error
			// again, should it last.
			break
		}
		runtime.Gosched()
	}
	slices.SortFunc(out, func(a, b claimed) int {
		if c := a.alert.At.Compare(b.alert.At); c != 0 {
			return c
		}
		if c := strings.Compare(a.alert.Order, b.alert.Order); c != 0 {
			return c
		}
		if c := strings.Compare(a.alert.Target, b.alert.Target); c != 0 {
			return c
		}
		return strings.Compare(a.level, b.level)
	})
	return out, len(keys), nil
}

// fireBatch claims up to Batch due alerts, raises them, marks fired those
// dealt with and releases the others for a retry.
func (m *Monitor) fireBatch(ctx context.Context, now time.Time) (raised, n int, err error) {
	cs, due, err := m.claim(ctx, now)
	if err != nil || len(cs) == 0 {
		return 0, due, err
	}
	retry := make([]int64, len(cs)) // 0: mark fired; else retry at, in Unix microseconds
	handled := make([]bool, len(cs))
	raise := func(i int) {
		c := &cs[i]
		if c.superseded {
			return
		}
		err := m.cfg.Handler.Alert(ctx, c.alert)
		handled[i] = err == nil
		if err == nil || errors.Is(err, sla.ErrAlertDropped) {
			return
		}
		if d, ok := m.cfg.Backoff.Delay(c.failures + 1); ok {
			retry[i] = now.Add(d).UnixMicro()
		}
	}
	if m.cfg.Workers == 1 {
		for i := range cs {
			raise(i)
		}
	} else {
		// The alerts of each order, in turn, to one worker at a time.
		var orders [][]int
		at := map[string]int{}
		for i := range cs {
			k, ok := at[cs[i].alert.Order]
			if !ok {
				k = len(orders)
				at[cs[i].alert.Order] = k
				orders = append(orders, nil)
			}
			orders[k] = append(orders[k], i)
		}
		work := make(chan []int)
		var wg sync.WaitGroup
		for range min(m.cfg.Workers, len(orders)) {
			wg.Go(func() {
				for is := range work {
					for _, i := range is {
						raise(i)
					}
				}
			})
		}
		for _, is := range orders {
			work <- is
		}
		close(work)
		wg.Wait()
	}
	for _, ok := range handled {
		if ok {
			raised++
		}
	}
	// The outcome is recorded even when ctx ended meanwhile; else another
	// monitor would raise the alerts dealt with again once the lease is
	// over.
	var fired, again [][]any
	for i, c := range cs {
		if retry[i] != 0 {
			again = append(again, []any{c.alert.Order, c.alert.Target, c.level, retry[i]})
		} else {
			fired = append(fired, []any{c.alert.Order, c.alert.Target, c.level, flag(c.superseded)})
		}
	}
	us := now.UnixMicro()
	for _, o := range []struct {
		query string
		keys  [][]any
	}{{markSQL, fired}, {releaseSQL, again}} {
		for chunk := range slices.Chunk(o.keys, lockRows) {
			js, err := json.Marshal(chunk)
			if err != nil {
				return 0, 0, err
			}
			if err := m.tx(context.WithoutCancel(ctx), func(t *wtx) error {
				_, err := t.exec(o.query, us, m.cfg.Name, string(js))
				return err
			}); err != nil {
				return 0, 0, err
			}
			runtime.Gosched()
		}
	}
	if err != nil {
		return 0, 0, err
	}
	return raised, due, nil
}

// Run fires due alerts every Poll until ctx is done, then returns nil. It
// returns the first error of a poll unless OnError is set.
func (m *Monitor) Run(ctx context.Context) error {
	for {
		if ctx.Err() != nil {
			return nil
		}
		if _, err := m.Fire(ctx, m.cfg.Clock.Now()); err != nil {
			switch {
			case ctx.Err() != nil:
				return nil
			case m.cfg.OnError == nil:
				return err
			}
			m.cfg.OnError(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-m.cfg.Clock.After(m.cfg.Poll):
		}
	}
}
