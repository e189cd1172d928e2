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
				cols, err := filterValues(o)
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
				for k := range rs {
					r := &rs[k]
					if _, err := t.exec(insertRecordSQL, r.OrderID, r.Seq, r.At.UnixMicro(), sqldoc.RoleName(r.Actor.Role), r.Actor.ID,
						sqldoc.StepName(r.Step), sqldoc.StateName(r.From), sqldoc.StateName(r.To), r.Remark, r.Data, r.Hash[:]); err != nil {
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
func BenchmarkWatchOpen(b *testing.B) {
	n := *benchOpen
	s, err := Open(context.Background(), b.TempDir()+"/watch.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	var now atomic.Int64
	now.Store(t0.UnixNano())
	clock := workorder.ClockFunc(func() time.Time { return time.Unix(0, now.Load()).UTC() })
	cfg := workorder.Config{Store: s, Calendar: cn.Calendar(), Clock: clock, IDs: workorder.Sequence("WO")}
	svc, err := workorder.NewService(cfg)
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
	const overdueEvery = 100
	ids := bulkCopies(b, s, o, recs, "WB", n, func(i int) time.Duration {
		if i%overdueEvery == 0 {
			return 30 * 24 * time.Hour
		}
		return 0
	})
	cfg.Watch = true
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		now.Store(t0.Add(time.Minute).UnixNano())
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
		var slowest time.Duration
		stepsDone := make(chan struct{})
		firing := make(chan struct{})
		go func() {
			defer close(stepsDone)
			unit := workorder.Unit(lead)
			for i := 1; ; i++ {
				select {
				case <-firing:
					return
				default:
				}
				id := ids[(i*7919)%n]
				if (i*7919)%n%overdueEvery == 0 {
					continue
				}
				t := time.Now()
				if _, err := w.Suspend(ctx, unit, id, "等待配合"); err != nil {
					b.Error(err)
					return
				}
				if _, err := w.Resume(ctx, unit, id, ""); err != nil {
					b.Error(err)
					return
				}
				slowest = max(slowest, time.Since(t)/2)
			}
		}()
		start = time.Now()
		raised := w.Fire(ctx)
		fire := time.Since(start)
		close(firing)
		<-stepsDone
		if want := n / overdueEvery; raised < want {
			b.Fatalf("first Fire raised %d alerts, want %d or more", raised, want)
		}
		b.ReportMetric(float64(fire.Milliseconds()), "ms/fire")
		b.ReportMetric(float64(fire.Microseconds())/float64(raised), "µs/alert")
		b.ReportMetric(float64(slowest.Microseconds())/1000, "step-max-ms")
		b.StartTimer()
	}
}
