package sla_test

import (
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

func BenchmarkEvaluate(b *testing.B) {
	cal := cn.Calendar()
	r := tm(2025, 9, 26, 10, 0)
	cases := []struct {
		name string
		key  sla.Key
		tl   sla.Timeline
		at   time.Time
	}{
		{"complaint/new", sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal},
			sla.Timeline{ev(sla.EventReceived, r), ev(sla.EventDispatched, r.Add(5*time.Minute))}, r.Add(time.Hour)},
		{"complaint/signed", sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal},
			sla.Timeline{ev(sla.EventReceived, r), ev(sla.EventDispatched, r.Add(5*time.Minute)), ev(sla.EventSigned, r.Add(time.Hour))}, r.Add(48 * time.Hour)},
		{"complaint/paused-extended", sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal},
			sla.Timeline{ev(sla.EventReceived, r), ev(sla.EventDispatched, r.Add(5*time.Minute)), ev(sla.EventSigned, r.Add(time.Hour)),
				ev(sla.EventSuspended, tm(2025, 9, 30, 15, 0)), ev(sla.EventResumed, tm(2025, 10, 9, 10, 0)),
				ext(tm(2025, 10, 9, 11, 0), sla.TargetFinish, days(3))}, tm(2025, 10, 10, 9, 0)},
		{"consultation/finished", sla.Key{Category: hotline.CategoryConsultation, Urgency: hotline.UrgencyNormal},
			sla.Timeline{ev(sla.EventReceived, r), ev(sla.EventDispatched, r.Add(5*time.Minute)), ev(sla.EventSigned, r.Add(time.Hour)),
				ev(sla.EventFinished, r.Add(26*time.Hour))}, r.Add(30 * time.Hour)},
		{"emergency/in-progress", sla.Key{Category: hotline.CategoryHelp, Urgency: hotline.UrgencyEmergency},
			sla.Timeline{ev(sla.EventReceived, r), ev(sla.EventDispatched, r.Add(2*time.Minute)), ev(sla.EventSigned, r.Add(5*time.Minute)),
				ev(sla.EventContacted, r.Add(20*time.Minute))}, r.Add(40 * time.Minute)},
	}
	for _, c := range cases {
		p, err := sla.DefaultPolicies().Lookup(c.key)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			dst := make([]sla.Result, 0, 8)
			for b.Loop() {
				if dst, err = sla.EvaluateInto(dst, p, cal, c.tl, c.at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// monitorFixture is a monitor holding n open orders, each with a sign and
// a finish target (four pending alerts), built once per size.
type monitorFixture struct {
	m             *sla.Monitor
	keys          []string
	rs            []sla.Result
	bytesPerOrder float64
}

var (
	fixturesMu sync.Mutex
	fixtures   = map[int]*monitorFixture{}
)

func results(i int, rs []sla.Result) []sla.Result {
	base := time.Unix(1_760_000_000, 0)
	due := base.Add(time.Duration(i%1_000_003) * 7 * time.Second)
	rs = append(rs[:0],
		sla.Result{Name: sla.TargetSign, Started: true, Due: due, WarnAt: due.Add(-2 * time.Hour)},
		sla.Result{Name: sla.TargetReturn, Started: true, Window: true, Due: due},
		sla.Result{Name: sla.TargetFinish, Started: true, Due: due.Add(96 * time.Hour), WarnAt: due.Add(72 * time.Hour)},
	)
	return rs
}

func monitorOf(b *testing.B, n int) *monitorFixture {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if f, ok := fixtures[n]; ok {
		return f
	}
	f := &monitorFixture{keys: make([]string, n), rs: make([]sla.Result, 0, 3)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f.m = sla.NewMonitor(nil, nil)
	for i := range n {
		f.keys[i] = "WO-" + strconv.Itoa(20250000000+i)
		f.rs = results(i, f.rs)
		f.m.Add(f.keys[i], f.rs)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	f.bytesPerOrder = float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
	fixtures[n] = f
	return f
}

func BenchmarkMonitor(b *testing.B) {
	for _, n := range []int{1_000, 1_000_000} {
		b.Run("orders="+strconv.Itoa(n)+"/add", func(b *testing.B) {
			// Orders are added in batches of 1024, removed (untimed) between
			// batches, so the monitor stays at its size.
			f := monitorOf(b, n)
			keys := make([]string, 1024)
			for i := range keys {
				keys[i] = "NEW-" + strconv.Itoa(i)
			}
			remove := func(upto int) {
				for _, k := range keys[:upto] {
					f.m.Remove(k)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				j := i % len(keys)
				if j == 0 && i > 0 {
					b.StopTimer()
					remove(len(keys))
					b.StartTimer()
				}
				f.rs = results(n+i, f.rs)
				f.m.Add(keys[j], f.rs)
			}
			b.StopTimer()
			remove(min(b.N, len(keys)))
			if f.m.Len() != n {
				b.Fatalf("monitor holds %d orders, want %d", f.m.Len(), n)
			}
			b.ReportMetric(f.bytesPerOrder, "bytes/order")
		})
		b.Run("orders="+strconv.Itoa(n)+"/update", func(b *testing.B) {
			f := monitorOf(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				// Each update moves the order's instants, so the heap moves.
				f.rs = results(i*7919, f.rs)
				f.m.Update(f.keys[i%n], f.rs)
			}
			b.ReportMetric(f.bytesPerOrder, "bytes/order")
		})
	}
}
