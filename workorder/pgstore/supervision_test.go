package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

func TestSupervisionConformance(t *testing.T) {
	storetest.RunSupervision(t, func(t *testing.T) workorder.SupervisionStore { return openStore(t, newSchema(t)) })
}

// ladderPolicies returns the default policies, each climbing the default
// ladder on its finish target.
func ladderPolicies(t testing.TB) *sla.PolicySet {
	t.Helper()
	ps := sla.DefaultPolicies().Policies()
	for i := range ps {
		ps[i].Ladder = sla.DefaultLadder()
		ps[i].Ladder.Targets = []string{sla.TargetFinish}
	}
	set, err := sla.NewPolicySet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// ladderCount counts, per order, what the nodes' services observed of
// the ladder.
type ladderCount struct {
	mu     sync.Mutex
	events map[string][]string // order → "node action"
}

func (c *ladderCount) observer(node string) workorder.Observer {
	return &ladderObserver{c: c, node: node}
}

type ladderObserver struct {
	workorder.ObserverFuncs
	c    *ladderCount
	node string
}

func (o *ladderObserver) Overdue(_ context.Context, ord *workorder.Order, r sla.Result) {
	o.add(ord.ID, "overdue "+r.Name)
}

func (o *ladderObserver) Supervised(_ context.Context, ord *workorder.Order, a sla.Action, _ *workorder.Supervision) {
	o.add(ord.ID, a.String())
}

func (o *ladderObserver) AlertFailed(_ context.Context, a sla.Alert, err error) {
	o.add(a.Order, "failed "+a.Target+": "+err.Error())
}

func (o *ladderObserver) add(id, what string) {
	o.c.mu.Lock()
	defer o.c.mu.Unlock()
	o.c.events[id] = append(o.c.events[id], what+" by "+o.node)
}

// failOnce fails the first ladder supervise alert it sees.
type failOnce struct {
	h      sla.Handler
	mu     sync.Mutex
	failed bool
}

var errFlaky = errors.New("flaky network")

func (f *failOnce) Alert(ctx context.Context, a sla.Alert) error {
	if _, _, act, ok := sla.ParseLadderAlert(a.Target); ok && act == sla.ActionSupervise {
		f.mu.Lock()
		first := !f.failed
		f.failed = true
		f.mu.Unlock()
		if first {
			return errFlaky
		}
	}
	return f.h.Alert(ctx, a)
}

// TestLadderTwoNodes runs two nodes, each with its own pool, service and
// monitor, on one database sharing the ladder of the policies. Six
// complaints, signed on Tuesday 22 September 2026, fall due at the end of
// Wednesday 30 September, the last working day before National Day; the
// clock then passes through October, both nodes firing at each tick at
// once, one node failing the first supervision order it raises. Each
// order must be urged once when overdue, get one supervision order after
// 2 working days (the end of Friday 9 October) and be put before a
// supervisor once after 5 (the end of Tuesday 13 October), each step
// raised by exactly one node, and recorded once in its audit trail.
func TestLadderTwoNodes(t *testing.T) {
	ctx := context.Background()
	schema := newSchema(t)
	ps := ladderPolicies(t)
	planner := pgstore.PolicyPlanner(ps, cn.Calendar())
	start := time.Date(2026, 9, 22, 10, 0, 0, 0, shanghai)
	clk := &clock{t: start}
	count := &ladderCount{events: map[string][]string{}}
	var svcs []*workorder.Service
	var mons []*pgstore.Monitor
	for n := range 2 {
		node := fmt.Sprintf("node-%d", n)
		s := openStore(t, schema, pgstore.WithAlerts(planner), pgstore.WithMaxConns(4))
		svc := newService(t, s, clk, func(c *workorder.Config) {
			c.Policies = ps
			c.Observer = count.observer(node)
		})
		var h sla.Handler = svc
		if n == 1 {
			h = &failOnce{h: svc}
		}
		m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: node, Handler: h, Batch: 4,
			Backoff: sla.Backoff{Initial: time.Minute}})
		if err != nil {
			t.Fatal(err)
		}
		svcs, mons = append(svcs, svc), append(mons, m)
	}
	var ids []string
	for range 6 {
		ids = append(ids, dispatched(t, svcs[0], complaint(), true))
	}

	for tick := start; tick.Before(time.Date(2026, 10, 25, 0, 0, 0, 0, shanghai)); tick = tick.Add(6 * time.Hour) {
		for _, at := range []time.Time{tick, tick.Add(time.Second)} {
			clk.Set(at)
			var wg sync.WaitGroup
			for _, m := range mons {
				wg.Go(func() {
					if _, err := m.Fire(ctx, at); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
		}
	}

	st := svcs[0].Store()
	for _, id := range ids {
		var got []string
		for _, e := range count.events[id] {
			got = append(got, e[:len(e)-len(" by node-0")])
		}
		want := fmt.Sprint([]string{"overdue finish", "supervise", "decide"})
		if fmt.Sprint(got) != want {
			t.Errorf("%s: observed %v, want %s", id, count.events[id], want)
		}
		h, err := st.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var ladder []string
		for _, r := range h {
			if r.Actor.Role == workorder.RoleSystem && (r.Step == workorder.StepUrge || r.Step == workorder.StepSupervise) {
				v, _ := r.Value("ladder")
				ladder = append(ladder, r.Step.String()+" "+v)
			}
		}
		if w := fmt.Sprint([]string{"urge ", "supervise finish#2:supervise", "supervise finish#3:decide"}); fmt.Sprint(ladder) != w {
			t.Errorf("%s: trail %v, want %s", id, ladder, w)
		}
		sups, err := svcs[1].Supervisions(ctx, workorder.SupervisionFilter{Order: id})
		if err != nil {
			t.Fatal(err)
		}
		if len(sups) != 1 || sups[0].Unit != cityMgmt ||
			!sups[0].Escalated.Equal(time.Date(2026, 10, 14, 0, 0, 0, 0, shanghai)) ||
			!sups[0].Due.Equal(time.Date(2026, 10, 14, 0, 0, 0, 0, shanghai)) {
			t.Errorf("%s: supervisions %+v, want one escalated and due at the end of 13 October", id, sups)
		}
		if !sups[0].Issued.Before(time.Date(2026, 10, 10, 12, 0, 0, 0, shanghai)) || sups[0].Issued.Before(time.Date(2026, 10, 10, 0, 0, 0, 0, shanghai)) {
			t.Errorf("%s: issued %v, want the first tick from the end of 9 October", id, sups[0].Issued)
		}
	}
}
