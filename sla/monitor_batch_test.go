package sla_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dueOrders adds n orders "o0", "o1", … to m, each with an overdue alert,
// due in that order, the last at t0.
func dueOrders(m *sla.Monitor, n int, t0 time.Time) {
	for i := range n {
		due := t0.Add(-time.Duration(n-i) * time.Second)
		m.Add("o"+strconv.Itoa(i), []sla.Result{{Name: sla.TargetSign, Started: true, Due: due}})
	}
}

// TestMonitorFireInBatches: a step taken while a big Fire raises its
// first alert finds the monitor free, and what it changes counts for the
// alerts Fire has not yet taken: an order removed then is not raised, one
// brought due then is.
func TestMonitorFireInBatches(t *testing.T) {
	const n = 3 * sla.FireBatch
	t0 := time.Unix(1_000_000, 0).UTC()
	var m *sla.Monitor
	got := map[string]int{}
	m = sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		if len(got) == 0 {
			// A step on other orders while Fire runs: Remove, Update and
			// Len take the monitor's lock.
			last := "o" + strconv.Itoa(n-1)
			m.Remove(last)
			m.Add("late", []sla.Result{{Name: sla.TargetSign, Started: true, Due: t0.Add(-time.Hour)}})
			assert.Equal(t, n, m.Len())
		}
		got[a.Order]++
		return nil
	}), nil)
	dueOrders(m, n, t0)
	assert.Equal(t, n, m.Fire(context.Background(), t0))
	assert.Zero(t, got["o"+strconv.Itoa(n-1)], "the order removed during Fire")
	assert.Equal(t, 1, got["late"], "the order added during Fire")
	for i := range n - 1 {
		require.Equal(t, 1, got["o"+strconv.Itoa(i)], "order o%d", i)
	}
	assert.Zero(t, m.Fire(context.Background(), t0.Add(time.Hour)))
}

// TestMonitorWorkers: with two workers the handler is called for a second
// order while the first call is still running, each alert once, and the
// alerts of one order one after the other.
func TestMonitorWorkers(t *testing.T) {
	t0 := time.Unix(1_000_000, 0).UTC()
	var mu sync.Mutex
	got := map[string][]sla.Level{}
	busy := map[string]bool{}
	second := make(chan struct{})
	var once sync.Once
	m := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
		mu.Lock()
		if busy[a.Order] {
			t.Errorf("order %s: two alerts at once", a.Order)
		}
		busy[a.Order] = true
		first := len(got) == 0
		got[a.Order] = append(got[a.Order], a.Level)
		mu.Unlock()
		if first {
			<-second // released by a call for another order
		} else {
			once.Do(func() { close(second) })
		}
		mu.Lock()
		busy[a.Order] = false
		mu.Unlock()
		return nil
	}), nil)
	m.SetWorkers(2)
	const n = 50
	for i := range n {
		// A warning and an overdue alert, due one after the other.
		m.Add("o"+strconv.Itoa(i), []sla.Result{{Name: sla.TargetSign, Started: true, Due: t0.Add(-time.Second), WarnAt: t0.Add(-time.Hour)}})
	}
	assert.Equal(t, n, m.Fire(context.Background(), t0.Add(-time.Hour)), "the warnings")
	assert.Equal(t, n, m.Fire(context.Background(), t0), "the overdue alerts")
	require.Len(t, got, n)
	for k, ls := range got {
		assert.Equal(t, []sla.Level{sla.LevelWarning, sla.LevelOverdue}, ls, "order %s", k)
	}
}
