package sla_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a TimeSource that moves only when told to. Every call of
// After is reported on armed, so a test knows the monitor is waiting.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	armed   chan time.Duration
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, armed: make(chan time.Duration, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
	} else {
		c.waiters = append(c.waiters, fakeWaiter{c.now.Add(d), ch})
	}
	c.armed <- d
	return ch
}

// Set moves the clock to t and fires the waiters due.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(t) {
			w.ch <- t
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// recorder collects alerts.
type recorder struct {
	mu     sync.Mutex
	alerts []sla.Alert
	ch     chan sla.Alert
}

func (r *recorder) Alert(_ context.Context, a sla.Alert) error {
	r.mu.Lock()
	r.alerts = append(r.alerts, a)
	r.mu.Unlock()
	if r.ch != nil {
		r.ch <- a
	}
	return nil
}

func (r *recorder) take() []sla.Alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.alerts
	r.alerts = nil
	return out
}

func alert(order, target string, l sla.Level, at time.Time) sla.Alert {
	return sla.Alert{Order: order, Target: target, Level: l, At: at.UTC()}
}

// complaintResults evaluates a complaint received and dispatched Fri 26 Sep
// 2025 10:00, as of at, with more events.
func complaintResults(t testing.TB, at time.Time, more ...sla.Event) []sla.Result {
	received := tm(2025, 9, 26, 10, 0)
	tl := append(sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventDispatched, received)}, more...)
	return eval(t, lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal), nil, tl, at)
}

func TestResultAlertTimes(t *testing.T) {
	utc := func(m time.Month, d, h, min, sec int) time.Time {
		return time.Date(2025, m, d, h, min, sec, 0, time.UTC)
	}
	open := sla.Result{Name: "sign", Started: true, Due: tm(2025, 9, 28, 17, 30), WarnAt: tm(2025, 9, 28, 15, 30)}
	with := func(f func(r *sla.Result)) sla.Result { r := open; f(&r); return r }
	tests := []struct {
		name          string
		r             sla.Result
		warn, overdue time.Time
		ok            bool
	}{
		// Shanghai is UTC+8.
		{"whole seconds", open, utc(9, 28, 7, 30, 0), utc(9, 28, 9, 30, 1), true},
		{"fractions round up", with(func(r *sla.Result) {
			r.WarnAt = tm(2025, 10, 9, 14, 22).Add(30*time.Second + time.Nanosecond)
			r.Due = tm(2025, 10, 11, 0, 0).Add(500 * time.Millisecond)
		}), utc(10, 9, 6, 22, 31), utc(10, 10, 16, 0, 1), true},
		{"no warning", with(func(r *sla.Result) { r.WarnAt = time.Time{} }), time.Time{}, utc(9, 28, 9, 30, 1), true},
		{"not started", sla.Result{Name: "sign"}, time.Time{}, time.Time{}, false},
		{"met", with(func(r *sla.Result) { r.Met, r.MetAt = true, tm(2025, 9, 27, 9, 0) }), time.Time{}, time.Time{}, false},
		{"paused", with(func(r *sla.Result) { r.Paused = true }), time.Time{}, time.Time{}, false},
		{"window", with(func(r *sla.Result) { r.Window = true }), time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warn, overdue, ok := tt.r.AlertTimes()
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.warn, warn)
			assert.Equal(t, tt.overdue, overdue)
		})
	}
}

func TestMonitorFiresAtTheRightInstants(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	rs := complaintResults(t, tm(2025, 9, 26, 10, 0))
	m.Add("A1", rs)
	assert.Equal(t, 1, m.Len())
	next, ok := m.Next()
	require.True(t, ok)
	assert.True(t, next.Equal(tm(2025, 9, 28, 15, 30)))

	sec := time.Second
	steps := []struct {
		now  time.Time
		want []sla.Alert
	}{
		{tm(2025, 9, 28, 15, 30).Add(-sec), nil},
		{tm(2025, 9, 28, 15, 30), []sla.Alert{alert("A1", "sign", sla.LevelWarning, tm(2025, 9, 28, 15, 30))}},
		{tm(2025, 9, 28, 15, 31), nil},
		{tm(2025, 9, 28, 17, 30), nil},
		{tm(2025, 9, 28, 17, 30).Add(sec), []sla.Alert{alert("A1", "sign", sla.LevelOverdue, tm(2025, 9, 28, 17, 30).Add(sec))}},
		{tm(2025, 10, 9, 14, 22).Add(29 * sec), nil},
		{tm(2025, 10, 9, 14, 22).Add(30 * sec), []sla.Alert{alert("A1", "finish", sla.LevelWarning, tm(2025, 10, 9, 14, 22).Add(30*sec))}},
		{tm(2025, 10, 11, 0, 0), nil},
		{tm(2025, 10, 11, 0, 0).Add(sec), []sla.Alert{alert("A1", "finish", sla.LevelOverdue, tm(2025, 10, 11, 0, 0).Add(sec))}},
		{tm(2025, 12, 1, 0, 0), nil},
	}
	for i, st := range steps {
		if i == 3 {
			// Updating with the same results raises nothing again.
			m.Update("A1", rs)
		}
		n := m.Fire(ctx, st.now)
		got := rec.take()
		assert.Equal(t, len(st.want), n, "at %v", st.now)
		require.Len(t, got, len(st.want), "at %v", st.now)
		for j := range got {
			assert.Equal(t, st.want[j].Order, got[j].Order)
			assert.Equal(t, st.want[j].Target, got[j].Target)
			assert.Equal(t, st.want[j].Level, got[j].Level)
			assert.True(t, st.want[j].At.Equal(got[j].At), "at %v: %v", st.now, got[j].At)
		}
	}
	_, ok = m.Next()
	assert.False(t, ok)
	// Updated again with the results of an overdue order: nothing new.
	m.Update("A1", complaintResults(t, tm(2025, 12, 1, 0, 0)))
	assert.Zero(t, m.Fire(ctx, tm(2025, 12, 2, 0, 0)))
	assert.Equal(t, 1, m.Len())
}

func TestMonitorOverdueOnAddSkipsWarning(t *testing.T) {
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	at := tm(2025, 10, 13, 9, 0)
	m.Add("late", complaintResults(t, at))
	assert.Equal(t, 2, m.Fire(context.Background(), at))
	got := rec.take()
	require.Len(t, got, 2)
	for _, a := range got {
		assert.Equal(t, sla.LevelOverdue, a.Level, a.Target)
	}
	assert.Zero(t, m.Fire(context.Background(), at.Add(time.Hour)))
}

func TestMonitorUpdateAndRemove(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	signed := ev(sla.EventSigned, tm(2025, 9, 26, 11, 0))
	m.Add("A", complaintResults(t, tm(2025, 9, 26, 11, 0), signed))
	m.Add("B", complaintResults(t, tm(2025, 9, 26, 11, 0), signed))
	m.Add("C", complaintResults(t, tm(2025, 9, 26, 11, 0)))
	assert.Equal(t, 3, m.Len())

	// C is removed before its sign warning.
	m.Remove("C")
	m.Remove("nobody")
	assert.Equal(t, 2, m.Len())
	assert.Zero(t, m.Fire(ctx, tm(2025, 9, 29, 9, 0)))

	// Both warn on finish.
	assert.Equal(t, 2, m.Fire(ctx, tm(2025, 10, 9, 15, 0)))
	rec.take()

	// A gets five more working days: its overdue alert moves to the end
	// of 16 Oct; the warning that fired is not raised again. B is met.
	m.Update("A", complaintResults(t, tm(2025, 10, 9, 15, 0), signed, ext(tm(2025, 10, 9, 15, 0), sla.TargetFinish, days(5))))
	m.Update("B", complaintResults(t, tm(2025, 10, 10, 9, 0), signed, ev(sla.EventFinished, tm(2025, 10, 10, 9, 0))))
	assert.Zero(t, m.Fire(ctx, tm(2025, 10, 16, 12, 0)))
	next, ok := m.Next()
	require.True(t, ok)
	assert.True(t, next.Equal(tm(2025, 10, 17, 0, 0).Add(time.Second)), "%v", next)
	assert.Equal(t, 1, m.Fire(ctx, tm(2025, 10, 17, 0, 0).Add(time.Second)))
	assert.Equal(t, []sla.Alert{alert("A", "finish", sla.LevelOverdue, tm(2025, 10, 17, 0, 0).Add(time.Second))}, rec.take())

	// A paused order raises nothing until resumed.
	m.Add("P", complaintResults(t, tm(2025, 9, 29, 9, 0), signed, ev(sla.EventSuspended, tm(2025, 9, 29, 9, 0))))
	_, ok = m.Next()
	assert.False(t, ok)
	m.Remove("A")
	m.Remove("B")
	m.Remove("P")
	assert.Zero(t, m.Len())
}

// Regression: alerts raised were remembered by target and level only, so
// a target that started a new run (a return and a new dispatch, or a
// reopening) never alerted again.
func TestMonitorAlertsAgainInANewRun(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	sec := time.Second
	fire := func(now time.Time, want ...sla.Alert) {
		t.Helper()
		assert.Equal(t, len(want), m.Fire(ctx, now), "at %v", now)
		assert.Equal(t, want, rec.take(), "at %v", now)
	}

	// Sign: dispatched Fri 26 Sep 10:00, due at the close of Sun 28 Sep.
	m.Add("A", complaintResults(t, tm(2025, 9, 26, 10, 0)))
	fire(tm(2025, 9, 28, 15, 30), alert("A", "sign", sla.LevelWarning, tm(2025, 9, 28, 15, 30)))
	fire(tm(2025, 9, 28, 17, 30).Add(sec), alert("A", "sign", sla.LevelOverdue, tm(2025, 9, 28, 17, 30).Add(sec)))
	// Returned and dispatched again on Mon 29 Sep: the new run is due at
	// the close of Tue 30 Sep and warns two working hours before.
	again := []sla.Event{ev(sla.EventReturned, tm(2025, 9, 29, 9, 0)), ev(sla.EventDispatched, tm(2025, 9, 29, 10, 0))}
	m.Update("A", complaintResults(t, tm(2025, 9, 29, 10, 0), again...))
	fire(tm(2025, 9, 29, 10, 0))
	fire(tm(2025, 9, 30, 15, 30), alert("A", "sign", sla.LevelWarning, tm(2025, 9, 30, 15, 30)))
	// Within the run each alert comes once, however often it is updated.
	m.Update("A", complaintResults(t, tm(2025, 9, 30, 16, 0), again...))
	fire(tm(2025, 9, 30, 16, 0))
	fire(tm(2025, 9, 30, 17, 30).Add(sec), alert("A", "sign", sla.LevelOverdue, tm(2025, 9, 30, 17, 30).Add(sec)))
	m.Update("A", complaintResults(t, tm(2025, 10, 9, 9, 0), again...))
	fire(tm(2025, 10, 9, 9, 0))
	m.Remove("A")

	// Finish: received Fri 26 Sep 10:00, warns Thu 9 Oct 14:22:30, due
	// at the end of Fri 10 Oct; closed late, then reopened Tue 14 Oct
	// 10:00. The new run has five working days, 15-17 and 20-21 Oct: 40.5
	// working hours, of which 75% have passed on Mon 20 Oct at 14:22:30.
	signed := ev(sla.EventSigned, tm(2025, 9, 26, 11, 0))
	m.Add("B", complaintResults(t, tm(2025, 9, 26, 11, 0), signed))
	fire(tm(2025, 10, 9, 14, 22).Add(30*sec), alert("B", "finish", sla.LevelWarning, tm(2025, 10, 9, 14, 22).Add(30*sec)))
	fire(tm(2025, 10, 11, 0, 0).Add(sec), alert("B", "finish", sla.LevelOverdue, tm(2025, 10, 11, 0, 0).Add(sec)))
	closed := ev(sla.EventClosed, tm(2025, 10, 13, 9, 0))
	m.Update("B", complaintResults(t, tm(2025, 10, 13, 9, 0), signed, closed))
	fire(tm(2025, 10, 13, 9, 0))
	reopened := ev(sla.EventReopened, tm(2025, 10, 14, 10, 0))
	m.Update("B", complaintResults(t, tm(2025, 10, 14, 10, 0), signed, closed, reopened))
	fire(tm(2025, 10, 20, 14, 22).Add(29 * sec))
	fire(tm(2025, 10, 20, 14, 22).Add(30*sec), alert("B", "finish", sla.LevelWarning, tm(2025, 10, 20, 14, 22).Add(30*sec)))
	fire(tm(2025, 10, 22, 0, 0).Add(sec), alert("B", "finish", sla.LevelOverdue, tm(2025, 10, 22, 0, 0).Add(sec)))
	_, ok := m.Next()
	assert.False(t, ok)
}

// Many orders with random instants: every alert comes once, in order of
// instant, whatever the order of adds, updates and removes.
func TestMonitorHeapOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	base := time.Unix(1_750_000_000, 0)
	type key struct {
		order, target string
		level         sla.Level
	}
	want := map[key]time.Time{}
	const n = 2000
	for i := range n {
		order := fmt.Sprintf("o%d", i)
		rs := make([]sla.Result, 1+rng.IntN(3))
		for j := range rs {
			due := base.Add(time.Duration(rng.IntN(1_000_000)) * time.Second)
			rs[j] = sla.Result{Name: fmt.Sprintf("t%d", j), Started: true, Due: due, WarnAt: due.Add(-time.Duration(rng.IntN(10000)) * time.Second)}
		}
		m.Add(order, rs)
		if i%7 == 0 {
			rs[0].Due = rs[0].Due.Add(time.Hour)
			m.Update(order, rs)
		}
		if i%11 == 0 {
			m.Remove(order)
			continue
		}
		for _, r := range rs {
			want[key{order, r.Name, sla.LevelWarning}] = time.Unix(r.WarnAt.Unix(), 0)
			want[key{order, r.Name, sla.LevelOverdue}] = time.Unix(r.Due.Unix()+1, 0)
		}
	}
	var got []sla.Alert
	var prev time.Time // warnings may fall before base
	for now := base; now.Before(base.Add(2_000_000 * time.Second)); now = now.Add(time.Duration(1+rng.IntN(5000)) * time.Second) {
		m.Fire(context.Background(), now)
		// Each alert comes at the first Fire at or after its instant.
		for _, a := range rec.take() {
			assert.False(t, a.At.After(now))
			assert.True(t, a.At.After(prev), "%+v came late", a)
			got = append(got, a)
		}
		prev = now
	}
	seen := map[key]bool{}
	skipped := 0
	for _, a := range got {
		k := key{a.Order, a.Target, a.Level}
		assert.False(t, seen[k], "duplicate %+v", a)
		seen[k] = true
		assert.True(t, want[k].Equal(a.At), "%+v want %v", a, want[k])
	}
	for k := range want {
		if !seen[k] {
			// Only a warning due together with its overdue alert is skipped.
			assert.Equal(t, sla.LevelWarning, k.level, "%+v", k)
			skipped++
		}
	}
	assert.Less(t, skipped, len(want)/10)
}

func TestMonitorRun(t *testing.T) {
	start := tm(2025, 9, 26, 10, 0)
	clock := newFakeClock(start)
	rec := &recorder{ch: make(chan sla.Alert, 10)}
	m := sla.NewMonitor(rec, clock)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// waitArmed waits until Run waits on the clock, and checks that it
	// waits for d: Run loops once per wake-up, Fire or timer, no more.
	waitArmed := func(d time.Duration) {
		t.Helper()
		select {
		case got := <-clock.armed:
			require.Equal(t, d, got)
		case <-time.After(5 * time.Second):
			t.Fatalf("monitor did not wait %v on the clock", d)
		}
	}
	nextAlert := func() sla.Alert {
		t.Helper()
		select {
		case a := <-rec.ch:
			return a
		case <-time.After(5 * time.Second):
			t.Fatal("no alert")
			return sla.Alert{}
		}
	}

	// Added before Run starts: the wake-up it left is not answered twice.
	m.Add("A1", complaintResults(t, start))
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	waitArmed(tm(2025, 9, 28, 15, 30).Sub(start))

	// An order due earlier wakes Run, which waits for it instead.
	m.Add("E1", []sla.Result{{Name: "contact", Started: true, Due: start.Add(30 * time.Minute), WarnAt: start.Add(15 * time.Minute)}})
	waitArmed(15 * time.Minute)

	clock.Set(start.Add(15 * time.Minute))
	assert.Equal(t, alert("E1", "contact", sla.LevelWarning, start.Add(15*time.Minute)), nextAlert())
	waitArmed(15*time.Minute + time.Second)

	// Updating with the same results wakes Run but raises nothing twice.
	m.Update("E1", []sla.Result{{Name: "contact", Started: true, Due: start.Add(30 * time.Minute), WarnAt: start.Add(15 * time.Minute)}})
	waitArmed(15*time.Minute + time.Second)
	assert.Empty(t, rec.ch)

	clock.Set(start.Add(31 * time.Minute))
	assert.Equal(t, sla.LevelOverdue, nextAlert().Level)
	waitArmed(tm(2025, 9, 28, 15, 30).Sub(start.Add(31 * time.Minute)))

	// Sign's warning and overdue instants passed at once: only the
	// overdue alert is raised.
	clock.Set(tm(2025, 9, 29, 9, 0))
	assert.Equal(t, alert("A1", "sign", sla.LevelOverdue, tm(2025, 9, 28, 17, 30).Add(time.Second)), nextAlert())
	waitArmed(tm(2025, 10, 9, 14, 22).Add(30 * time.Second).Sub(tm(2025, 9, 29, 9, 0)))
	assert.Empty(t, rec.ch)

	assert.ErrorIs(t, m.Run(ctx), sla.ErrMonitorRunning)
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestMonitorNilHandler(t *testing.T) {
	m := sla.NewMonitor(nil, nil)
	m.Add("x", []sla.Result{{Name: "t", Started: true, Due: time.Unix(100, 0)}})
	assert.Equal(t, 1, m.Fire(context.Background(), time.Unix(200, 0)))
	assert.Zero(t, m.Fire(context.Background(), time.Unix(300, 0)))
}

func TestMonitorManyTargets(t *testing.T) {
	// An emergency has more alerts than fit inline: sign, contact, arrive,
	// finish and feedback each warn and fall overdue.
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	at := tm(2025, 10, 1, 9, 0)
	rs := eval(t, lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency), nil,
		sla.Timeline{ev(sla.EventReceived, at), ev(sla.EventDispatched, at)}, at)
	m.Add("E", rs)
	n := 0
	for now := at; now.Before(tm(2025, 10, 12, 0, 0)); now = now.Add(time.Minute) {
		n += m.Fire(context.Background(), now)
	}
	assert.Equal(t, 10, n)
	got := rec.take()
	require.Len(t, got, 10)
	assert.Equal(t, alert("E", "sign", sla.LevelWarning, tm(2025, 10, 1, 9, 7).Add(30*time.Second)), got[0])
	assert.Equal(t, alert("E", "feedback", sla.LevelOverdue, tm(2025, 10, 11, 0, 0).Add(time.Second)), got[9])
}

// flaky fails the first n alerts it is given, then records the rest.
type flaky struct {
	mu    sync.Mutex
	fails int
	tries []sla.Alert
	ok    []sla.Alert
}

var errFlaky = errors.New("store unavailable")

func (f *flaky) Alert(_ context.Context, a sla.Alert) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries = append(f.tries, a)
	if f.fails > 0 {
		f.fails--
		return errFlaky
	}
	f.ok = append(f.ok, a)
	return nil
}

// TestMonitorRetriesFailedAlert is the regression test of alerts lost
// when their handler failed: the monitor marked them fired before calling
// it. A failed alert stays due and is tried again with a doubling wait.
func TestMonitorRetriesFailedAlert(t *testing.T) {
	h := &flaky{fails: 2}
	m := sla.NewMonitor(h, nil)
	m.SetBackoff(sla.Backoff{Initial: 10 * time.Second, Max: time.Minute})
	t0 := time.Unix(1000, 0).UTC()
	m.Add("x", []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}})
	ctx := context.Background()

	assert.Zero(t, m.Fire(ctx, t0), "first try fails")
	next, ok := m.Next()
	require.True(t, ok, "a failed alert stays due")
	assert.Equal(t, t0.Add(10*time.Second), next)
	assert.Zero(t, m.Fire(ctx, t0.Add(9*time.Second)), "not before the wait")
	assert.Zero(t, m.Fire(ctx, t0.Add(10*time.Second)), "second try fails")
	next, _ = m.Next()
	assert.Equal(t, t0.Add(30*time.Second), next, "the wait doubles")
	assert.Equal(t, 1, m.Fire(ctx, t0.Add(30*time.Second)), "third try succeeds")
	_, ok = m.Next()
	assert.False(t, ok)
	assert.Zero(t, m.Fire(ctx, t0.Add(time.Hour)))

	want := sla.Alert{Order: "x", Target: "finish", Level: sla.LevelOverdue, At: t0}
	assert.Equal(t, []sla.Alert{want, want, want}, h.tries, "each try carries the alert's own instant")
	assert.Equal(t, []sla.Alert{want}, h.ok)

	// An update that keeps the alert keeps its wait.
	h = &flaky{fails: 1}
	m = sla.NewMonitor(h, nil)
	rs := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}}
	m.Add("x", rs)
	assert.Zero(t, m.Fire(ctx, t0))
	m.Update("x", rs)
	next, _ = m.Next()
	assert.Equal(t, t0.Add(sla.BackoffInitialDefault), next)
}

func TestMonitorNoRetryAndDropped(t *testing.T) {
	ctx := context.Background()
	t0 := time.Unix(1000, 0).UTC()
	rs := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}}

	h := &flaky{fails: 1}
	m := sla.NewMonitor(h, nil)
	m.SetBackoff(sla.Backoff{Initial: -1})
	m.Add("x", rs)
	assert.Zero(t, m.Fire(ctx, t0))
	_, ok := m.Next()
	assert.False(t, ok, "no retries: given up")
	assert.Zero(t, m.Fire(ctx, t0.Add(time.Hour)))
	assert.Len(t, h.tries, 1)

	tries := 0
	m = sla.NewMonitor(sla.HandlerFunc(func(context.Context, sla.Alert) error {
		tries++
		return fmt.Errorf("order closed: %w", sla.ErrAlertDropped)
	}), nil)
	m.Add("x", rs)
	assert.Zero(t, m.Fire(ctx, t0), "a dropped alert is not counted")
	assert.Zero(t, m.Fire(ctx, t0.Add(time.Hour)), "nor tried again")
	assert.Equal(t, 1, tries)
}

// TestMonitorHandlerUpdatesMonitor has the handler update the order it is
// alerted of, as workorder.Service does when it urges an overdue order:
// the monitor holds no lock while it calls the handler, and the alert
// being raised is not raised again.
func TestMonitorHandlerUpdatesMonitor(t *testing.T) {
	t0 := time.Unix(1000, 0).UTC()
	rs := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}}
	var m *sla.Monitor
	n := 0
	m = sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		n++
		m.Update(a.Order, rs)
		return nil
	}), nil)
	m.Add("x", rs)
	assert.Equal(t, 1, m.Fire(context.Background(), t0))
	assert.Zero(t, m.Fire(context.Background(), t0.Add(time.Hour)))
	assert.Equal(t, 1, n)
}

// TestMonitorManyTargetNames is the regression test of the target names'
// numbering, which wrapped past 65,535 names so that alerts carried
// another target's name: 70,000 assisting units, each with its own
// target name.
func TestMonitorManyTargetNames(t *testing.T) {
	const n = 70000
	got := make(map[string]string, n)
	m := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		got[a.Order] = a.Target
		return nil
	}), nil)
	t0 := time.Unix(1000, 0).UTC()
	for i := range n {
		m.Add("o"+strconv.Itoa(i), []sla.Result{{Name: "unit" + strconv.Itoa(i) + "/assist", Started: true, Due: t0}})
	}
	assert.Equal(t, n, m.Fire(context.Background(), t0.Add(time.Second)))
	require.Len(t, got, n)
	for i := range n {
		if want := "unit" + strconv.Itoa(i) + "/assist"; got["o"+strconv.Itoa(i)] != want {
			t.Fatalf("order o%d: alert for %q, want %q", i, got["o"+strconv.Itoa(i)], want)
		}
	}
}

func TestBackoffDelay(t *testing.T) {
	tests := []struct {
		b     sla.Backoff
		fails int
		want  time.Duration
		ok    bool
	}{
		{sla.Backoff{}, 1, sla.BackoffInitialDefault, true},
		{sla.Backoff{}, 2, 2 * sla.BackoffInitialDefault, true},
		{sla.Backoff{}, 100, sla.BackoffMaxDefault, true},
		{sla.Backoff{Initial: time.Second, Max: 5 * time.Second}, 3, 4 * time.Second, true},
		{sla.Backoff{Initial: time.Second, Max: 5 * time.Second}, 4, 5 * time.Second, true},
		{sla.Backoff{Initial: time.Hour}, 2, time.Hour, true}, // Max below Initial means Initial
		{sla.Backoff{Initial: -1}, 1, 0, false},
		{sla.Backoff{Initial: time.Second, Max: math.MaxInt64}, 100, math.MaxInt64, true}, // no overflow
	}
	for _, tt := range tests {
		d, ok := tt.b.Delay(tt.fails)
		assert.Equal(t, tt.want, d, "%+v after %d", tt.b, tt.fails)
		assert.Equal(t, tt.ok, ok)
	}
}

// TestMonitorRunRetries has Run meet a failing handler: it waits the
// backoff on its clock, tries again, and raises the alert once it
// succeeds.
func TestMonitorRunRetries(t *testing.T) {
	start := time.Unix(1000, 0).UTC()
	clock := newFakeClock(start)
	tries := make(chan error, 10)
	fails := 2
	m := sla.NewMonitor(sla.HandlerFunc(func(context.Context, sla.Alert) error {
		var err error
		if fails > 0 {
			fails--
			err = errFlaky
		}
		tries <- err
		return err
	}), clock)
	m.SetBackoff(sla.Backoff{Initial: time.Minute, Max: time.Hour})
	m.Add("x", []sla.Result{{Name: "finish", Started: true, Due: start.Add(-time.Second)}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	waitFor := func(want error, armed time.Duration) {
		t.Helper()
		select {
		case err := <-tries:
			assert.Equal(t, want, err)
		case <-time.After(5 * time.Second):
			t.Fatal("handler not called")
		}
		select {
		case d := <-clock.armed:
			assert.Equal(t, armed, d)
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not wait on the clock")
		}
	}
	waitFor(errFlaky, time.Minute)
	clock.Set(start.Add(time.Minute))
	waitFor(errFlaky, 2*time.Minute)
	clock.Set(start.Add(3 * time.Minute))
	select {
	case err := <-tries:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("handler not called a third time")
	}
	cancel()
	require.NoError(t, <-done)
	_, ok := m.Next()
	assert.False(t, ok)
}

// TestMonitorUpdateWhileSending: an alert whose due instant moves while
// its handler runs (and fails) is raised at the new instant, not retried
// at the old one; one whose instant stays is not raised twice.
func TestMonitorUpdateWhileSending(t *testing.T) {
	t0 := time.Unix(1000, 0).UTC()
	ctx := context.Background()
	var m *sla.Monitor
	var got []sla.Alert
	moved := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(time.Hour)}}
	first := true
	m = sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		got = append(got, a)
		if first {
			first = false
			m.Update(a.Order, moved) // an extension, taken while the alert is raised
			return errFlaky
		}
		return nil
	}), nil)
	m.Add("x", []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}})
	assert.Zero(t, m.Fire(ctx, t0))
	next, ok := m.Next()
	require.True(t, ok)
	assert.Equal(t, t0.Add(time.Hour+time.Second), next, "the moved instant, not a retry of the old one")
	assert.Zero(t, m.Fire(ctx, t0.Add(time.Minute)))
	assert.Equal(t, 1, m.Fire(ctx, t0.Add(time.Hour+time.Second)))
	assert.Equal(t, []sla.Alert{
		{Order: "x", Target: "finish", Level: sla.LevelOverdue, At: t0},
		{Order: "x", Target: "finish", Level: sla.LevelOverdue, At: t0.Add(time.Hour + time.Second)},
	}, got)
}
