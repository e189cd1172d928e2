package pgstore

import (
	"context"
	"errors"
	"fmt"
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

// planAlerts returns the alerts of results at the instants sla.Monitor
// raises them (sla.Result.AlertTimes).
func planAlerts(results []sla.Result) (targets, levels []string, dues []time.Time) {
	add := func(target string, l sla.Level, at time.Time) {
		level := sqldoc.LevelName(l)
		for i := range targets {
			if targets[i] == target && levels[i] == level {
				return
			}
		}
		targets, levels, dues = append(targets, target), append(levels, level), append(dues, at)
	}
	sla.EachAlert(results, add)
	if targets == nil { // an empty plan removes every pending alert
		targets, levels, dues = []string{}, []string{}, []time.Time{}
	}
	return targets, levels, dues
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

// MonitorConfig configures a Monitor. Node and Handler are required, so
// the zero value is refused by NewMonitor.
type MonitorConfig struct {
	// Node names this node; it is kept in the claimed_by column of the
	// alerts it claims.
	Node string
	// Handler receives the alerts.
	Handler sla.Handler
	// Clock tells the time and wakes Run; nil means sla.SystemTime().
	Clock sla.TimeSource
	// Poll is how often Run looks for due alerts: PollDefault when zero.
	Poll time.Duration
	// Batch is the most alerts claimed at once: BatchDefault when zero.
	Batch int
	// Lease is how long alerts claimed by this node are left to it, as
	// measured by the instants given to Fire (Clock's under Run):
	// LeaseDefault when zero. A node that has not marked them fired by
	// then is taken to have stopped, and any node claims them again. The
	// handler should return well within it, and the nodes' clocks agree
	// to well within it.
	Lease time.Duration
	// OnError hears the errors of Run's polls, and Run goes on; when nil,
	// Run returns the first. A handler's failures are not errors of a
	// poll: see Backoff.
	OnError func(error)
	// Backoff is how long an alert whose handler failed (returned an
	// error not wrapping sla.ErrAlertDropped) waits before any node
	// claims it again, by the instants given to Fire; the zero value is
	// sla.Backoff's default. A negative Initial gives a failed alert up
	// at once: it is marked fired.
	Backoff sla.Backoff
}

// Monitor raises the sla alerts kept by stores opened WithAlerts when they
// fall due, sharing the work with the monitors of other nodes on the same
// database. A node claims due alerts for the lease (a short transaction
// that skips the rows others are claiming), commits, hands them to the
// handler and then marks them fired, so that each alert is raised once
// however many nodes run, and the handler may take steps on the alerted
// order. Should a node stop after claiming alerts and before marking them
// fired, another raises them once the lease is over; should the handler
// fail, the node releases its claim and any node raises the alert again
// after MonitorConfig.Backoff: never lost, rarely twice.
//
// Create it with NewMonitor; the zero value is not usable. It is safe for
// concurrent use and starts no goroutine: call Run, or Fire from a loop of
// your own.
type Monitor struct {
	store *Store
	cfg   MonitorConfig
}

// NewMonitor returns a monitor of the alerts in s's database. Errors name
// the MonitorConfig field and match workorder.ErrInvalidArgument.
func NewMonitor(s *Store, cfg MonitorConfig) (*Monitor, error) {
	bad := func(field, reason string) error {
		return fmt.Errorf("pgstore: monitor config %s: %s: %w", field, reason, workorder.ErrInvalidArgument)
	}
	switch {
	case s == nil:
		return nil, fmt.Errorf("pgstore: monitor without a store: %w", workorder.ErrInvalidArgument)
	case cfg.Node == "":
		return nil, bad("Node", "required")
	case cfg.Handler == nil:
		return nil, bad("Handler", "required")
	case cfg.Poll < 0:
		return nil, bad("Poll", fmt.Sprintf("%v: want 0 (default) or more", cfg.Poll))
	case cfg.Batch < 0:
		return nil, bad("Batch", fmt.Sprintf("%d: want 0 (default) or more", cfg.Batch))
	case cfg.Lease < 0:
		return nil, bad("Lease", fmt.Sprintf("%v: want 0 (default) or more", cfg.Lease))
	}
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

// claimSQL claims up to $3 alerts due at $1 ($1 the monitor's now) that
// are unclaimed or whose claim, made at $2 or before, has lapsed, for node
// $4, and come after the alert ($5, $6, $7, $8) in order of instant,
// order, target and level, and returns them in that order. A warning
// whose overdue alert is due too comes back superseded: that is looked
// up for each alert claimed, after the claim, since the planner would
// otherwise hash every overdue alert in the table for each claim. Alerts
// another node or a step holds locked are skipped.
const claimSQL = `WITH c AS (
	SELECT a.order_id, a.target, a.level
	FROM sla_alerts a
	WHERE a.fired_at IS NULL AND a.due_at <= $1 AND (a.claimed_at IS NULL OR a.claimed_at <= $2)
		AND (a.retry_at IS NULL OR a.retry_at <= $1)
		AND (a.due_at, a.order_id, a.target, a.level) > ($5, $6, $7, $8)
	ORDER BY a.due_at, a.order_id, a.target, a.level
	LIMIT $3
	FOR UPDATE OF a SKIP LOCKED
), claimed AS (
	UPDATE sla_alerts a SET claimed_by = $4, claimed_at = $1
	FROM c
	WHERE a.order_id = c.order_id AND a.target = c.target AND a.level = c.level
	RETURNING a.order_id, a.target, a.level, a.due_at, a.failures
)
SELECT c.order_id, c.target, c.level, c.due_at, c.level = 'warning' AND o.due_at IS NOT NULL, c.failures
FROM claimed c LEFT JOIN LATERAL (
	SELECT o.due_at FROM sla_alerts o
	WHERE o.order_id = c.order_id AND o.target = c.target AND o.level = 'overdue' AND o.due_at <= $1
	LIMIT 1
) o ON true
ORDER BY c.due_at, c.order_id, c.target, c.level`

// after is where a claim starts: after the alert of this instant, order,
// target and level. Its zero value is before every alert.
type after struct {
	due                  time.Time
	order, target, level string
}

// markSQL marks fired the alerts node $2 claimed at $1 and still holds: a
// step that moved an alert's due instant since dropped the claim, and the
// alert is claimed anew.
const markSQL = `UPDATE sla_alerts a SET fired_at = $1, superseded = f.superseded
FROM unnest($3::text[], $4::text[], $5::text[], $6::boolean[]) AS f (order_id, target, level, superseded)
WHERE a.order_id = f.order_id AND a.target = f.target AND a.level = f.level
	AND a.fired_at IS NULL AND a.claimed_by = $2 AND a.claimed_at = $1`

// releaseSQL releases the claims node $2 made at $1 on alerts whose
// handler failed, counting the failure and keeping each from being
// claimed before its retry instant.
const releaseSQL = `UPDATE sla_alerts a SET claimed_by = NULL, claimed_at = NULL, failures = a.failures + 1, retry_at = f.retry_at
FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS f (order_id, target, level, retry_at)
WHERE a.order_id = f.order_id AND a.target = f.target AND a.level = f.level
	AND a.fired_at IS NULL AND a.claimed_by = $2 AND a.claimed_at = $1`

// Fire raises, through the handler, every alert due at now that no node
// has raised or holds a claim on, in order of instant, and returns how
// many the handler dealt with (returned nil for). A warning whose overdue
// alert is due as well is marked without being raised, as sla.Monitor
// does, and so is an alert the handler dropped (sla.ErrAlertDropped). An
// alert the handler failed is left unfired, to be claimed again after
// the Backoff, measured from now. The handler is called outside any
// transaction and may take steps on the order; once it has raised a
// batch, Fire records the outcome even when ctx is done.
func (m *Monitor) Fire(ctx context.Context, now time.Time) (int, error) {
	total := 0
	from := after{due: time.Unix(0, 0)}
	for {
		raised, claimed, err := m.fireBatch(ctx, now, &from)
		total += raised
		if err != nil {
			return total, fmt.Errorf("pgstore: monitor %s: fire: %w", m.cfg.Node, err)
		}
		if claimed < m.cfg.Batch {
			return total, nil
		}
	}
}

// batch is the alerts of one claim: every alert claimed, with whether it
// was superseded (as markSQL takes them) and its failures so far.
type batch struct {
	alerts                  []sla.Alert
	orders, targets, levels []string
	superseded              []bool
	failures                []int
}

// outcome is what became of a batch's alerts: those to mark fired, and
// those to release for a retry at an instant.
type outcome struct {
	orders, targets, levels []string
	superseded              []bool
	retry                   struct {
		orders, targets, levels []string
		at                      []time.Time
	}
}

func (o *outcome) done(c *batch, i int) {
	o.orders, o.targets, o.levels = append(o.orders, c.orders[i]), append(o.targets, c.targets[i]), append(o.levels, c.levels[i])
	o.superseded = append(o.superseded, c.superseded[i])
}

func (o *outcome) again(c *batch, i int, at time.Time) {
	r := &o.retry
	r.orders, r.targets, r.levels = append(r.orders, c.orders[i]), append(r.targets, c.targets[i]), append(r.levels, c.levels[i])
	r.at = append(r.at, at)
}

// claim claims up to Batch alerts due at now that come after from, in a
// transaction of its own, and moves from to the last.
func (m *Monitor) claim(ctx context.Context, now time.Time, from *after) (*batch, error) {
	rows, err := m.store.pool.Query(ctx, claimSQL, now, now.Add(-m.cfg.Lease), m.cfg.Batch, m.cfg.Node,
		from.due, from.order, from.target, from.level)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &batch{}
	for rows.Next() {
		var a sla.Alert
		var level string
		var skip bool
		var failures int
		if err := rows.Scan(&a.Order, &a.Target, &level, &a.At, &skip, &failures); err != nil {
			return nil, err
		}
		var ok bool
		if a.Level, ok = sqldoc.ParseLevel(level); !ok {
			return nil, fmt.Errorf("alert %s/%s: level %q: %w", a.Order, a.Target, level, sqldoc.ErrCorrupt)
		}
		c.orders, c.targets, c.levels = append(c.orders, a.Order), append(c.targets, a.Target), append(c.levels, level)
		c.superseded = append(c.superseded, skip)
		c.failures = append(c.failures, failures)
		c.alerts = append(c.alerts, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n := len(c.alerts); n > 0 {
		*from = after{c.alerts[n-1].At, c.orders[n-1], c.targets[n-1], c.levels[n-1]}
	}
	return c, nil
}

// fireBatch claims up to Batch due alerts, raises them, marks fired those
// dealt with and releases the others for a retry.
func (m *Monitor) fireBatch(ctx context.Context, now time.Time, from *after) (raised, claimed int, err error) {
	c, err := m.claim(ctx, now, from)
	if err != nil || len(c.orders) == 0 {
		return 0, 0, err
	}
	var out outcome
	for i, a := range c.alerts {
		if c.superseded[i] {
			out.done(c, i)
			continue
		}
		err := m.cfg.Handler.Alert(ctx, a)
		if err == nil {
			raised++
		}
		if err == nil || errors.Is(err, sla.ErrAlertDropped) {
			out.done(c, i)
			continue
		}
		if d, ok := m.cfg.Backoff.Delay(c.failures[i] + 1); ok {
			out.again(c, i, now.Add(d))
		} else {
			out.done(c, i)
		}
	}
	// The outcome is recorded even when ctx ended meanwhile; else another
	// node would raise the alerts dealt with again once the lease is over.
	bg := context.WithoutCancel(ctx)
	if _, err := m.store.pool.Exec(bg, markSQL, now, m.cfg.Node,
		out.orders, out.targets, out.levels, out.superseded); err != nil {
		return 0, 0, err
	}
	if r := &out.retry; len(r.orders) > 0 {
		if _, err := m.store.pool.Exec(bg, releaseSQL, now, m.cfg.Node, r.orders, r.targets, r.levels, r.at); err != nil {
			return 0, 0, err
		}
	}
	return raised, len(c.orders), nil
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
