package sla_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression: an update that moved an alert's instant while its handler
// ran and succeeded queued the alert again at the new instant, so that it
// was raised twice in one run; the same update made after the handler
// returned raised nothing. An alert being sent counts as raised.
func TestMonitorUpdateWhileSendingSucceeds(t *testing.T) {
	t0 := time.Unix(1000, 0).UTC()
	ctx := context.Background()
	due := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}}
	moved := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(time.Hour)}}
	for _, during := range []bool{true, false} {
		t.Run("during "+strconv.FormatBool(during), func(t *testing.T) {
			var m *sla.Monitor
			var got []sla.Alert
			m = sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
				got = append(got, a)
				if during && len(got) == 1 {
					m.Update(a.Order, moved) // an extension, taken while the alert is raised
				}
				return nil
			}), nil)
			m.Add("x", due)
			assert.Equal(t, 1, m.Fire(ctx, t0))
			if !during {
				m.Update("x", moved)
			}
			_, ok := m.Next()
			assert.False(t, ok, "nothing more is due in the run")
			assert.Zero(t, m.Fire(ctx, t0.Add(2*time.Hour)))
			assert.Equal(t, []sla.Alert{{Order: "x", Target: "finish", Level: sla.LevelOverdue, At: t0}}, got)
		})
	}
}

// An update that pauses the target while its alert is sent: raised once
// when the handler succeeds, however the target resumes; when it fails,
// due again once the target resumes, at the resumed instant, and not
// while paused.
func TestMonitorPausedWhileSending(t *testing.T) {
	t0 := time.Unix(1000, 0).UTC()
	ctx := context.Background()
	due := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}}
	paused := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second), Paused: true}}
	resumed := []sla.Result{{Name: "finish", Started: true, Due: t0.Add(time.Hour)}}
	for _, fail := range []bool{false, true} {
		t.Run("fail "+strconv.FormatBool(fail), func(t *testing.T) {
			var m *sla.Monitor
			var got []sla.Alert
			m = sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
				got = append(got, a)
				if len(got) == 1 {
					m.Update(a.Order, paused) // suspended while the alert is raised
					if fail {
						return errFlaky
					}
				}
				return nil
			}), nil)
			m.Add("x", due)
			m.Fire(ctx, t0)
			_, ok := m.Next()
			assert.False(t, ok, "a paused target raises nothing")
			assert.Zero(t, m.Fire(ctx, t0.Add(time.Minute)))

			m.Update("x", resumed)
			n := m.Fire(ctx, t0.Add(2*time.Hour))
			want := []sla.Alert{{Order: "x", Target: "finish", Level: sla.LevelOverdue, At: t0}}
			if fail {
				assert.Equal(t, 1, n)
				want = append(want, sla.Alert{Order: "x", Target: "finish", Level: sla.LevelOverdue, At: t0.Add(time.Hour + time.Second)})
			} else {
				assert.Zero(t, n)
			}
			assert.Equal(t, want, got)
			_, ok = m.Next()
			assert.False(t, ok)
		})
	}
}

// Regression: a restart reported after an alert of the run before it had
// fired at or after the restart was taken for an alert of the new run,
// whose own alert was then never raised. An emergency's sign target is
// due 15 minutes after the dispatch and warns at half of that.
func TestMonitorLateRestart(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	m := sla.NewMonitor(rec, nil)
	p := lookup(t, hotline.CategoryHelp, hotline.UrgencyEmergency)
	t0 := tm(2025, 10, 1, 9, 0)
	sec := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }
	tl := sla.Timeline{ev(sla.EventReceived, t0), ev(sla.EventDispatched, t0)}
	m.Add("E", eval(t, p, nil, tl, t0))
	m.Fire(ctx, sec(450))
	assert.Equal(t, []sla.Alert{alert("E", sla.TargetSign, sla.LevelWarning, sec(450))}, rec.take())

	// Returned and dispatched again at 448 and 449 seconds, reported at
	// 451: the new run warns at 899 seconds and is due at 1349.
	tl = append(tl, ev(sla.EventReturned, sec(448)), ev(sla.EventDispatched, sec(449)))
	m.Update("E", eval(t, p, nil, tl, sec(451)))
	m.Fire(ctx, sec(898))
	assert.Empty(t, rec.take())
	m.Fire(ctx, sec(899))
	assert.Equal(t, []sla.Alert{alert("E", sla.TargetSign, sla.LevelWarning, sec(899))}, rec.take())
	m.Fire(ctx, sec(1350))
	got := rec.take()
	assert.Contains(t, got, alert("E", sla.TargetSign, sla.LevelOverdue, sec(1350)))
}

// Regression: a handler that panicked left its alerts marked as being
// sent for good, and with several workers killed the process. A panic is
// a failure: the alert is tried again after the backoff's wait.
func TestMonitorHandlerPanics(t *testing.T) {
	ctx := context.Background()
	t0 := time.Unix(1000, 0).UTC()
	for _, workers := range []int{1, 2} {
		t.Run("workers "+strconv.Itoa(workers), func(t *testing.T) {
			var mu sync.Mutex
			tries := map[string]int{}
			m := sla.NewMonitor(sla.HandlerFunc(func(_ context.Context, a sla.Alert) error {
				mu.Lock()
				tries[a.Order]++
				n := tries[a.Order]
				mu.Unlock()
				switch {
				case a.Order == "p" && n == 1:
					panic("handler bug")
				case a.Order == "e" && n == 1:
					panic(errFlaky)
				}
				return nil
			}), nil)
			m.SetWorkers(workers)
			m.SetBackoff(sla.Backoff{Initial: 10 * time.Second})
			for _, o := range []string{"a", "p", "e", "b"} {
				m.Add(o, []sla.Result{{Name: "finish", Started: true, Due: t0.Add(-time.Second)}})
			}
			assert.Equal(t, 2, m.Fire(ctx, t0), "the other orders' alerts are raised")
			next, ok := m.Next()
			require.True(t, ok, "the panicking handler's alerts stay due")
			assert.Equal(t, t0.Add(10*time.Second), next)
			assert.Equal(t, 2, m.Fire(ctx, t0.Add(10*time.Second)))
			_, ok = m.Next()
			assert.False(t, ok)
			assert.Equal(t, map[string]int{"a": 1, "p": 2, "e": 2, "b": 1}, tries)
		})
	}
	var pe *sla.HandlerPanicError
	err := error(&sla.HandlerPanicError{Value: errFlaky})
	assert.ErrorIs(t, err, sla.ErrHandlerPanic)
	assert.ErrorIs(t, err, errFlaky)
	assert.True(t, errors.As(err, &pe))
	assert.Equal(t, "sla: alert handler panicked: store unavailable", err.Error())
}
