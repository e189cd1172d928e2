package sla_test

import (
	"context"
	"flag"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/internal/steplat"
	"github.com/hotline12345/hotline/sla"
)

// The size of BenchmarkMonitorFire: small by default so that a CI run
// stays short; pass -args -fire-orders=1000000 for the city-scale figures.
var (
	fireOrders   = flag.Int("fire-orders", 100_000, "orders whose alerts are all due in BenchmarkMonitorFire")
	fireSteppers = flag.Int("fire-steppers", 2, "goroutines updating other orders during BenchmarkMonitorFire's Fire")
)

// BenchmarkMonitorFire fires a monitor of -fire-orders orders whose
// alerts are all due (ns/op is one whole Fire), with two workers, while
// -fire-steppers goroutines update other orders as steps do. It reports
// the distribution of those updates' latencies during the Fire (fire-…:
// p50, p99, the slowest, and how many took longer than 50 ms) and, for
// comparison, during as long before it with no Fire (idle-…). The
// monitor's lock is held for one batch (FireBatch) at a time, however
// many alerts are due; on a busy machine the threads' scheduling and the
// collector add to those figures.
func BenchmarkMonitorFire(b *testing.B) {
	n := *fireOrders
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
	stepping := func() func() (steplat.Summary, error) {
		k := max(*fireSteppers, 1)
		return steplat.Run(k, func(w, i int) error {
			add(steps[(i*k+w)%len(steps)], i)
			return nil
		})
	}
	var idle, during []steplat.Summary
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for i, k := range keys {
			add(k, i)
		}
		stop := stepping()
		b.StartTimer()
		start := time.Now()
		m.Fire(context.Background(), base.Add(2*time.Hour))
		fire := time.Since(start)
		b.StopTimer()
		d, _ := stop()
		during = append(during, d)
		// The same steps for as long, on the same monitor with nothing
		// due.
		stop = stepping()
		time.Sleep(fire)
		s, _ := stop()
		idle = append(idle, s)
		b.StartTimer()
	}
	worst(during).Report(b, "fire-")
	worst(idle).Report(b, "idle-")
	b.ReportMetric(float64(calls.Load())/float64(b.N), "alerts/op")
}

// worst returns the summary of ss with the slowest step.
func worst(ss []steplat.Summary) steplat.Summary {
	var w steplat.Summary
	for _, s := range ss {
		if s.Max >= w.Max {
			w = s
		}
	}
	return w
}
