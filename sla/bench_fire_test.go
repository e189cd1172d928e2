package sla_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/sla"
)

// BenchmarkMonitorFire fires a monitor of a million orders whose alerts
// are all due (ns/op is one whole Fire), while another goroutine updates
// other orders as steps do: step-max-µs is the longest an Update took and
// steps-over-50ms/op how many took longer than 50 ms. The monitor's lock
// is held for one batch (FireBatch) at a time, however many alerts are
// due; on a busy machine the thread's scheduling adds to those figures.
func BenchmarkMonitorFire(b *testing.B) {
	const n = 1_000_000
	var calls atomic.Int64
	m := sla.NewMonitor(sla.HandlerFunc(func(context.Context, sla.Alert) error {
		calls.Add(1)
		return nil
	}), nil)
	m.SetWorkers(2)
	base := time.Unix(1_760_000_000, 0)
	add := func(key string, i int) {
		due := base.Add(time.Duration(i%3600) * time.Second)
		m.Add(key, []sla.Result{{Name: sla.TargetFinish, Started: true, Due: due, WarnAt: due.Add(-time.Hour)}})
	}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "WO-" + strconv.Itoa(20250000000+i)
	}
	steps := make([]string, 1024)
	for i := range steps {
		steps[i] = "STEP-" + strconv.Itoa(i)
	}
	var slowest time.Duration
	var steps50, stepsAll int
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for i, k := range keys {
			add(k, i)
		}
		quit, done := make(chan struct{}), make(chan struct{})
		b.StartTimer()
		go func() {
			defer close(done)
			for i := 0; ; i++ {
				select {
				case <-quit:
					return
				default:
				}
				t := time.Now()
				add(steps[i%len(steps)], i)
				d := time.Since(t)
				slowest = max(slowest, d)
				stepsAll++
				if d > 50*time.Millisecond {
					steps50++
				}
			}
		}()
		m.Fire(context.Background(), base.Add(2*time.Hour))
		close(quit)
		<-done
	}
	b.ReportMetric(float64(slowest.Microseconds()), "step-max-µs")
	b.ReportMetric(float64(stepsAll)/float64(b.N), "steps/op")
	b.ReportMetric(float64(steps50)/float64(b.N), "steps-over-50ms/op")
	b.ReportMetric(float64(calls.Load())/float64(b.N), "alerts/op")
}
