package sqlitestore

import (
	"context"
	flagpkg "flag"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// benchOpen is how many open orders BenchmarkWatchOpen stores: small by
// default so that a CI run of every benchmark stays short; pass
// -args -open=1000000 for the city-scale figures.
var benchOpen = flagpkg.Int("open", 20_000, "open orders in BenchmarkWatchOpen")

// bulkCopies stores n copies of the order tmpl with its history recs in
// batches of one transaction each, as ids prefix+number, each copy's
// instants moved back by shift(i): a quick way to fill a store with many
// orders without taking their steps one by one.
func bulkCopies(tb testing.TB, s *Store, tmpl *workorder.Order, recs []workorder.Record, prefix string, n int, shift func(i int) time.Duration) []string {
	tb.Helper()
	ctx := context.Background()
	ids := make([]string, n)
	const batch = 10_000
	for start := 0; start < n; start += batch {
		err := s.w.tx(ctx, func(t *wtx) error {
			for i := start; i < min(n, start+batch); i++ {
				o := tmpl.Clone()
				o.ID = fmt.Sprintf("%s%08d", prefix, i)
				d := -shift(i)
				o.Created, o.Updated = o.Created.Add(d), o.Updated.Add(d)
				if !o.Due.IsZero() {
					o.Due = o.Due.Add(d)
				}
				for k := range o.Timeline {
					o.Timeline[k].At = o.Timeline[k].At.Add(d)
				}
				var prev [32]byte
				rs := append([]workorder.Record(nil), recs...)
				for k := range rs {
					rs[k].OrderID, rs[k].At = o.ID, rs[k].At.Add(d)
					rs[k].Hash = rs[k].ComputeHash(prev)
					prev = rs[k].Hash
				}
				o.LastHash = prev
				cols, err := filterValues(o, nil)
				if err != nil {
					return err
				}
				doc, err := sqldoc.Marshal(o)
				if err != nil {
					return err
				}
				args := append([]any{o.ID, o.Version, o.Created.UnixMicro(), o.Updated.UnixMicro(), doc}, cols[:]...)
				if _, err := t.exec(insertOrderSQL, args...); err != nil {
					return err
				}
				if err := s.writeAlerts(t, o, true); err != nil {
					return err
				}
				for k := range rs {
					// Copies keep no idempotency key: the template's is
					// taken.
					r := &rs[k]
					if _, err := t.exec(insertRecordSQL, r.OrderID, r.Seq, r.At.UnixMicro(), sqldoc.RoleName(r.Actor.Role), r.Actor.ID,
						sqldoc.StepName(r.Step), sqldoc.StateName(r.From), sqldoc.StateName(r.To), r.Remark, r.Data, r.Hash[:], ""); err != nil {
						return err
					}
				}
				ids[i] = o.ID
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return ids
}

// heapPeak samples the bytes of live and not yet swept heap objects every
// few milliseconds until stop is called, which returns the highest.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// BenchmarkWatchOpen measures a service with Config.Watch starting on a
// SQLite file holding -open handling orders, one in a hundred of them a
// month past due: how long WatchOpen takes (ns/op) and the heap at its
// peak and after it, per open order; then the first Fire, which urges the
// overdue orders (ms/fire, µs/alert), while another goroutine suspends
// and resumes orders that are not due, each step updating the monitor
// (step-max-ms: the slowest of those steps).
// benchFixture is a SQLite file of many handling orders, one in a
// hundred of them a month past due, and a service config on it.
type benchFixture struct {
	s   *Store
	cfg workorder.Config
	ids []string
	now atomic.Int64 // the services' clock, Unix nanoseconds
}

const overdueEvery = 100

func newBenchFixture(b *testing.B, n int, opts ...Option) *benchFixture {
	f := &benchFixture{}
	s, err := Open(context.Background(), b.TempDir()+"/watch.db", opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	f.s = s
	t0 := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	f.now.Store(t0.UnixNano())
	clock := workorder.ClockFunc(func() time.Time { return time.Unix(0, f.now.Load()).UTC() })
	f.cfg = workorder.Config{Store: s, Calendar: cn.Calendar(), Clock: clock, IDs: workorder.Sequence("WO")}
	svc, err := workorder.NewService(f.cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	o, err := svc.Accept(ctx, centre, draft())
	if err != nil {
		b.Fatal(err)
	}
	if _, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead}); err != nil {
		b.Fatal(err)
	}
	if o, err = svc.Sign(ctx, workorder.Unit(lead), o.ID); err != nil {
		b.Fatal(err)
	}
	recs, err := s.History(ctx, o.ID)
	if err != nil {
		b.Fatal(err)
	}
	f.ids = bulkCopies(b, s, o, recs, "WB", n, func(i int) time.Duration {
		if i%overdueEvery == 0 {
			return 30 * 24 * time.Hour
		}
		return 0
	})
	f.now.Store(t0.Add(time.Minute).UnixNano())
	return f
}

// stepping suspends and resumes orders that are not due on w, until the
// returned stop is called, which returns the slowest of those steps.
func (f *benchFixture) stepping(b *testing.B, w *workorder.Service) (stop func() time.Duration) {
	var slowest time.Duration
	done, quit := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		ctx := context.Background()
		unit := workorder.Unit(lead)
		n := len(f.ids)
		for i := 1; ; i++ {
			select {
			case <-quit:
				return
			default:
			}
			k := (i * 7919) % n
			if k%overdueEvery == 0 {
				continue
			}
			t := time.Now()
			if _, err := w.Suspend(ctx, unit, f.ids[k], "等待配合"); err != nil {
				b.Error(err)
				return
			}
			if _, err := w.Resume(ctx, unit, f.ids[k], ""); err != nil {
				b.Error(err)
				return
			}
			slowest = max(slowest, time.Since(t)/2)
		}
	}()
	return func() time.Duration {
		close(quit)
		<-done
		return slowest
	}
}

// BenchmarkWatchOpen measures a service with Config.Watch starting on a
// SQLite file holding -open handling orders, one in a hundred of them a
// month past due: how long WatchOpen takes (s/load) and the heap at its
// peak and after it, per open order; then the first Fire, which urges the
// overdue orders (ms/fire, µs/alert), while another goroutine suspends
// and resumes orders that are not due, each step updating the monitor
// (step-max-ms: the slowest of those steps).
func BenchmarkWatchOpen(b *testing.B) {
	n := *benchOpen
	f := newBenchFixture(b, n)
	cfg := f.cfg
	ctx := context.Background()
	cfg.Watch = true
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		w, err := workorder.NewService(cfg)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		stop := heapPeak()
		start := time.Now()
		got, err := w.WatchOpen(ctx)
		load := time.Since(start)
		peak := stop()
		b.StopTimer()
		if err != nil || got != n+1 {
			b.Fatalf("WatchOpen = %d, %v; want %d", got, err, n+1)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(load.Seconds(), "s/load")
		b.ReportMetric(float64(peak-before.HeapAlloc)/float64(n), "peak-B/order")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "held-B/order")

		// The first Fire, with steps on orders that are not due.
		steps := f.stepping(b, w)
		start = time.Now()
		raised := w.Fire(ctx)
		fire := time.Since(start)
		slowest := steps()
		if want := n / overdueEvery; raised < want {
			b.Fatalf("first Fire raised %d alerts, want %d or more", raised, want)
		}
		b.ReportMetric(float64(fire.Milliseconds()), "ms/fire")
		b.ReportMetric(float64(fire.Microseconds())/float64(raised), "µs/alert")
		b.ReportMetric(float64(slowest.Microseconds())/1000, "step-max-ms")
		b.StartTimer()
	}
}

// BenchmarkAlertMonitor is BenchmarkWatchOpen for a store that keeps the
// alerts (WithAlerts) and its Monitor, with the service as the handler:
// how long the monitor takes to be ready (s/ready: made, and a first Fire
// found nothing due), the heap it holds per open order, and the first
// Fire at which the overdue orders fall due, with steps meanwhile.
func BenchmarkAlertMonitor(b *testing.B) {
	n := *benchOpen
	f := newBenchFixture(b, n, WithAlerts(PolicyPlanner(nil, cn.Calendar())))
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		w, err := workorder.NewService(f.cfg)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		start := time.Now()
		m, err := NewMonitor(f.s, MonitorConfig{Name: "bench", Handler: w, Workers: 4})
		if err != nil {
			b.Fatal(err)
		}
		if got, err := m.Fire(ctx, time.Unix(0, 0)); err != nil || got != 0 {
			b.Fatalf("Fire before anything is due = %d, %v", got, err)
		}
		ready := time.Since(start)
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(ready.Seconds(), "s/ready")
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/float64(n), "held-B/order")

		steps := f.stepping(b, w)
		start = time.Now()
		raised, err := m.Fire(ctx, time.Unix(0, f.now.Load()))
		fire := time.Since(start)
		slowest := steps()
		if want := n / overdueEvery; err != nil || raised < want {
			b.Fatalf("first Fire raised %d alerts, %v; want %d or more", raised, err, want)
		}
		b.ReportMetric(float64(fire.Milliseconds()), "ms/fire")
		b.ReportMetric(float64(fire.Microseconds())/float64(raised), "µs/alert")
		b.ReportMetric(float64(slowest.Microseconds())/1000, "step-max-ms")
		b.StartTimer()
	}
}
