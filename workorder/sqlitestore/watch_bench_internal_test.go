package sqlitestore

import (
	"context"
	"errors"
	flagpkg "flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/internal/steplat"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// The sizes of BenchmarkWatchOpen and BenchmarkAlertMonitor: small by
// default so that a CI run of every benchmark stays short; pass
// -args -open=1000000 for the city-scale figures.
var (
	benchOpen = flagpkg.Int("open", 5_000, "open orders in BenchmarkWatchOpen and BenchmarkAlertMonitor")
	// benchDueEvery makes every n-th of them a month past due: 1, all of
	// them, is the first Fire after a long outage, the monitor's worst.
	benchDueEvery = flagpkg.Int("due-every", 1, "every n-th open order is past due")
	// benchSteppers is how many goroutines take steps during the Fire.
	benchSteppers = flagpkg.Int("steppers", 2, "goroutines taking steps while the monitor fires")
	// benchHandler is what the monitors raise alerts to: "service", the
	// service, which urges overdue orders (a step each), or "count",
	// which only counts them, to tell the monitor's own part.
	// benchFixtures, when set, is a folder where the fixtures' files are
	// kept between runs: a million orders take minutes to make.
	benchFixtures = flagpkg.String("fixtures", "", "folder keeping the fixtures' files between runs")
	// benchFireFor, when set, ends the Fire after so long (its context
	// is cancelled): at a million alerts raised to the service a whole
	// Fire takes many minutes.
	benchFireFor = flagpkg.Duration("fire-for", 0, "end the Fire after so long; 0: when done")
	benchHandler = flagpkg.String("handler", "service", "service or count: the handler of the alerts fired")
)

// benchIdle is how long the steps are timed before the Fire, for the
// latencies of steps when no monitor fires (idle-…): on a shared machine
// they tell the machine's part in the figures during the Fire.
const benchIdle = 2 * time.Second

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

// benchFixture is a SQLite file of n handling orders, every dueEvery-th
// of them a month past due, and as many more as steppers need that are
// not due (spare), with a service config on it.
type benchFixture struct {
	s     *Store
	cfg   workorder.Config
	ids   []string
	spare []string
	calls []int        // steps each stepper took so far, across runs
	now   atomic.Int64 // the services' clock, Unix nanoseconds
}

// overdueEvery is newBenchFixture's dueEvery.
const overdueEvery = 100

// newBenchFixture is newDueFixture with one order in a hundred due and no
// spare orders.
func newBenchFixture(b *testing.B, n int, opts ...Option) *benchFixture {
	return newDueFixture(b, n, overdueEvery, 0, opts...)
}

// newDueFixture makes a fixture of n orders, every dueEvery-th due, and
// spare orders not due.
func newDueFixture(b *testing.B, n, dueEvery, spare int, opts ...Option) *benchFixture {
	f := &benchFixture{}
	t0 := time.Date(2025, 9, 15, 2, 0, 0, 0, time.UTC)
	f.now.Store(t0.UnixNano())
	clock := workorder.ClockFunc(func() time.Time { return time.Unix(0, f.now.Load()).UTC() })
	config := func(s *Store) workorder.Config {
		return workorder.Config{Store: s, Calendar: cn.Calendar(), Clock: clock, IDs: workorder.Sequence("WO")}
	}
	open := func(path string, opts ...Option) *Store {
		s, err := Open(context.Background(), path, opts...)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	dueEvery = max(dueEvery, 1)
	path := b.TempDir() + "/watch.db"
	if dir := *benchFixtures; dir != "" && spare > 0 {
		// A file kept from an earlier run, made with alerts so that it
		// serves both benchmarks, copied so that the run leaves it as it
		// was.
		kept := filepath.Join(dir, fmt.Sprintf("due-%d-%d-%d.db", n, dueEvery, spare))
		if _, err := os.Stat(kept); err != nil {
			s := open(kept, WithAlerts(PolicyPlanner(nil, cn.Calendar())))
			f.fill(b, config(s), n, dueEvery, spare)
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
		}
		copyFile(b, kept, path)
		f.ids, f.spare = benchIDs("WB", n), benchIDs("WS", spare)
	} else {
		s := open(path, opts...)
		f.fill(b, config(s), n, dueEvery, spare)
		s.Close()
	}
	f.s = open(path, opts...)
	b.Cleanup(func() { f.s.Close() })
	f.cfg = config(f.s)
	f.now.Store(t0.Add(time.Minute).UnixNano())
	return f
}

// fill stores the fixture's orders through a service of cfg, whose clock
// reads f.now.
func (f *benchFixture) fill(b *testing.B, cfg workorder.Config, n, dueEvery, spare int) {
	s := cfg.Store.(*Store)
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
	// Two templates, due and not, stored by bulkCopies; the other orders
	// are copied from them by SQL, which takes a tenth of the time.
	bulkCopies(b, s, o, recs, "WB", min(n, 2), func(i int) time.Duration {
		if i%dueEvery == 0 {
			return 30 * 24 * time.Hour
		}
		return 0
	})
	for i := range min(n-2, dueEvery) {
		tmpl := "WB00000001"
		if (i+2)%dueEvery == 0 {
			tmpl = "WB00000000"
		}
		sqlCopies(b, s, tmpl, "WB", 2, n, dueEvery, (i+2)%dueEvery)
	}
	f.ids = benchIDs("WB", n)
	if spare > 0 {
		bulkCopies(b, s, o, recs, "WS", 1, func(int) time.Duration { return 0 })
		sqlCopies(b, s, "WS00000000", "WS", 1, spare, 1, 0)
	}
	f.spare = benchIDs("WS", spare)
}

// sqlCopies copies the order tmpl, its records and its pending alerts,
// as ids prefix+number for the numbers from from to to (excluded) that
// leave rem divided by every, a transaction per 50,000 orders. The
// copies keep the template's hashes and no idempotency keys.
func sqlCopies(b *testing.B, s *Store, tmpl, prefix string, from, to, every, rem int) {
	ctx := context.Background()
	var cols []string
	rows, err := s.r.QueryContext(ctx, `SELECT name FROM pragma_table_info('orders')`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			b.Fatal(err)
		}
		cols = append(cols, c)
	}
	rows.Close()
	sel := make([]string, len(cols))
	for i, c := range cols {
		switch c {
		case "id":
			sel[i] = "g.id"
		case "doc":
			sel[i] = "json_set(doc, '$.id', g.id)"
		default:
			sel[i] = "o." + c
		}
	}
	const ids = `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2),
	g(id) AS (SELECT printf('%s%08d', ?3, i) FROM n WHERE i % ?4 = ?5) `
	stmts := []string{
		ids + `INSERT INTO orders (` + strings.Join(cols, ", ") + `) SELECT ` + strings.Join(sel, ", ") +
			` FROM g, orders o WHERE o.id = ?6`,
		ids + `INSERT INTO order_records (order_id, seq, at, role, actor, step, from_state, to_state, remark, data, hash)
		SELECT g.id, seq, at, role, actor, step, from_state, to_state, remark, data, hash FROM g, order_records r WHERE r.order_id = ?6`,
		ids + `INSERT INTO sla_alerts (order_id, target, level, due_at)
		SELECT g.id, target, level, due_at FROM g, sla_alerts a WHERE a.order_id = ?6 AND a.fired_at IS NULL`,
	}
	const batch = 50_000
	for start := from; start < to; start += batch {
		err := s.w.tx(ctx, func(t *wtx) error {
			for _, q := range stmts {
				if _, err := t.w.conn.ExecContext(ctx, q, start, min(to, start+batch), prefix, every, rem, tmpl); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// benchIDs returns the ids bulkCopies gives n copies.
func benchIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%08d", prefix, i)
	}
	return ids
}

// copyFile copies the SQLite file from, closed, to to.
func copyFile(b *testing.B, from, to string) {
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

// benchAlertHandler returns the handler -handler names: w, or, for
// "count", one that does nothing with an alert (Fire counts those
// raised), so that only the store's cost is measured.
func benchAlertHandler(b *testing.B, w *workorder.Service) sla.Handler {
	switch *benchHandler {
	case "service":
		return w
	case "count":
		return sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })
	}
	b.Fatalf("-handler=%s: want service or count", *benchHandler)
	return nil
}

// fireContext returns the context of a Fire, which -fire-for ends.
func fireContext() (context.Context, context.CancelFunc) {
	if *benchFireFor > 0 {
		return context.WithTimeout(context.Background(), *benchFireFor)
	}
	return context.WithCancel(context.Background())
}

// benchSpare is how many orders not due the steppers of a fixture of n
// orders step on.
func benchSpare(n int) int { return max(n/10, 1000) }

// due returns how many of the fixture's orders are past due.
func (f *benchFixture) due(dueEvery int) int {
	dueEvery = max(dueEvery, 1)
	return (len(f.ids) + dueEvery - 1) / dueEvery
}

// stepping starts k goroutines that suspend and resume the spare orders
// (not due) on w, each its own orders, one step a call, until the
// returned stop is called, which returns the distribution of the steps'
// latencies.
func (f *benchFixture) stepping(w *workorder.Service, k int) (stop func() (steplat.Summary, error)) {
	ctx := context.Background()
	unit := workorder.Unit(lead)
	k = max(k, 1)
	per := len(f.spare) / k
	if len(f.calls) < k {
		f.calls = append(f.calls, make([]int, k-len(f.calls))...)
	}
	return steplat.Run(k, func(worker, _ int) error {
		// Each worker goes on where its last run stopped, which may be
		// between a suspension and its resumption.
		i := f.calls[worker]
		f.calls[worker]++
		id := f.spare[((i/2*7919)%per)*k+worker]
		var err error
		if i%2 == 0 {
			_, err = w.Suspend(ctx, unit, id, "等待配合")
		} else {
			_, err = w.Resume(ctx, unit, id, "")
		}
		return err
	})
}

// fireWithSteps runs fire while -steppers goroutines take steps on w, after
// timing the same steps for benchIdle without it, and reports both
// distributions (idle-… and fire-…).
func (f *benchFixture) fireWithSteps(b *testing.B, w *workorder.Service, fire func()) {
	stop := f.stepping(w, *benchSteppers)
	time.Sleep(benchIdle)
	idle, err := stop()
	if err != nil {
		b.Fatal(err)
	}
	stop = f.stepping(w, *benchSteppers)
	fire()
	during, err := stop()
	if err != nil {
		b.Fatal(err)
	}
	idle.Report(b, "idle-")
	during.Report(b, "fire-")
}

// BenchmarkWatchOpen measures a service with Config.Watch (the in-process
// sla.Monitor) starting on a SQLite file holding -open handling orders,
// every -due-every-th of them a month past due: how long WatchOpen takes
// (s/load) and the heap at its peak and after it, per open order; then
// the first Fire, which urges the overdue orders (ms/fire, µs/alert),
// while -steppers goroutines suspend and resume other orders, each step
// updating the monitor: the distribution of those steps' latencies
// during the Fire (fire-p50-ms, fire-p99-ms, fire-max-ms, fire-over-50ms)
// and for two seconds before it (idle-…).
func BenchmarkWatchOpen(b *testing.B) {
	n := *benchOpen
	f := newDueFixture(b, n, *benchDueEvery, benchSpare(n))
	cfg := f.cfg
	ctx := context.Background()
	cfg.Watch = true
	b.ReportAllocs()
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
		if want := n + len(f.spare) + 1; err != nil || got != want {
			b.Fatalf("WatchOpen = %d, %v; want %d", got, err, want)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(load.Seconds(), "s/load")
		b.ReportMetric(float64(peak-before.HeapAlloc)/float64(got), "peak-B/order")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(got), "held-B/order")

		// The first Fire, with steps on orders that are not due.
		var raised int
		var fire time.Duration
		f.fireWithSteps(b, w, func() {
			ctx, cancel := fireContext()
			defer cancel()
			start := time.Now()
			raised = w.Fire(ctx)
			fire = time.Since(start)
		})
		if want := f.due(*benchDueEvery); raised < want && *benchFireFor == 0 {
			b.Fatalf("first Fire raised %d alerts, want %d or more", raised, want)
		}
		b.ReportMetric(float64(fire.Milliseconds()), "ms/fire")
		if raised > 0 {
			// Warnings superseded by their overdue alert, which a Fire
			// marks first, are not raised.
			b.ReportMetric(float64(fire.Microseconds())/float64(raised), "µs/alert")
		}
		b.StartTimer()
	}
}

// BenchmarkAlertMonitor is BenchmarkWatchOpen for a store that keeps the
// alerts (WithAlerts) and its Monitor, with the service as the handler:
// how long the monitor takes to be ready (s/ready: made, and a first Fire
// found nothing due), the heap it holds per open order, and the first
// Fire at which the overdue orders fall due, with steps meanwhile. With
// -handler=count the alerts are only counted, so that the steps wait for
// the monitor's own transactions and not for the urges. lock-max-ms is
// the longest the monitor held the store's write lock at once.
func BenchmarkAlertMonitor(b *testing.B) {
	n := *benchOpen
	f := newDueFixture(b, n, *benchDueEvery, benchSpare(n), WithAlerts(PolicyPlanner(nil, cn.Calendar())))
	ctx := context.Background()
	b.ReportAllocs()
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
		stop := heapPeak()
		start := time.Now()
		m, err := NewMonitor(f.s, MonitorConfig{Name: "bench", Handler: benchAlertHandler(b, w), Workers: 4})
		if err != nil {
			b.Fatal(err)
		}
		if got, err := m.Fire(ctx, time.Unix(0, 0)); err != nil || got != 0 {
			b.Fatalf("Fire before anything is due = %d, %v", got, err)
		}
		ready := time.Since(start)
		peak := stop()
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(ready.Seconds(), "s/ready")
		b.ReportMetric((float64(peak)-float64(before.HeapAlloc))/float64(n), "peak-B/order")
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/float64(n), "held-B/order")

		var raised int
		var fire time.Duration
		f.fireWithSteps(b, w, func() {
			ctx, cancel := fireContext()
			defer cancel()
			start := time.Now()
			raised, err = m.Fire(ctx, time.Unix(0, f.now.Load()))
			fire = time.Since(start)
		})
		switch want := f.due(*benchDueEvery); {
		case *benchFireFor > 0 && errors.Is(err, context.DeadlineExceeded):
		case err != nil:
			b.Fatalf("first Fire: %v", err)
		case raised < want:
			b.Fatalf("first Fire raised %d alerts; want %d or more", raised, want)
		}
		b.ReportMetric(float64(m.held.Load())/1e6, "lock-max-ms")
		b.ReportMetric(float64(fire.Milliseconds()), "ms/fire")
		if raised > 0 {
			// Warnings superseded by their overdue alert, which a Fire
			// marks first, are not raised.
			b.ReportMetric(float64(fire.Microseconds())/float64(raised), "µs/alert")
		}
		b.StartTimer()
	}
}
