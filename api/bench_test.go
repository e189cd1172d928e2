package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// benchOrders is how many orders the load spreads its steps over.
const benchOrders = 1000

// BenchmarkStepHTTP takes steps (urge, a step every open order allows
// again and again) over HTTP on a localhost server, from many clients at
// once, and reports the latency a client sees: p50, p99 and the worst,
// in milliseconds, the steps per second, and the CPU time a step costs
// the process (server and clients together), which depends less on what
// else the machine runs.
//
// closed: every client sends its next step as soon as the last is
// answered, which measures the most the server takes; latency is then
// clients / throughput. every=…: every client sends a step at that
// interval (every 100 ms from 100 clients is 1,000 steps a second, far
// beyond a town centre's load), which measures the latency at that load.
//
// Run with a bounded count, such as -benchtime=3000x.
func BenchmarkStepHTTP(b *testing.B) {
	for _, c := range []struct {
		store   string
		clients int
		pace    time.Duration
	}{
		{"sqlite", 100, 500 * time.Millisecond},
		{"sqlite", 100, 100 * time.Millisecond},
		{"sqlite", 100, 0},
		{"sqlite", 1, 0},
		{"mem", 100, 0},
	} {
		mode := "closed"
		if c.pace > 0 {
			mode = fmt.Sprintf("every=%v", c.pace)
		}
		b.Run(fmt.Sprintf("%s/%s/clients=%d", c.store, mode, c.clients), func(b *testing.B) {
			benchSteps(b, c.store, c.clients, c.pace)
		})
	}
}

func benchSteps(b *testing.B, store string, clients int, pace time.Duration) {
	ctx := context.Background()
	var st workorder.Store = workorder.NewMemStore()
	if store == "sqlite" {
		s, err := sqlitestore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		st = s
	}
	svc, err := workorder.NewService(workorder.Config{Store: st, Calendar: cn.Calendar(), IDs: workorder.Sequence("WO")})
	if err != nil {
		b.Fatal(err)
	}
	orders := min(benchOrders, b.N+clients) // a short run needs few
	for range orders {
		if _, err := svc.Accept(ctx, workorder.Centre("agent-7"), &workorder.Order{Channel: 1, Category: "complaint",
			Text: "三中村工业路工地凌晨两点仍在施工，噪音很大，无法入睡。"}); err != nil {
			b.Fatal(err)
		}
	}
	h, err := New(svc, Options{Auth: headerAuth, Logger: slog.New(slog.DiscardHandler),
		Observe: func(*http.Request, string, error, time.Duration) {}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()

	step := func(i int) (time.Duration, error) {
		id := fmt.Sprintf("WO%06d", i%orders+1)
		req, _ := http.NewRequest("POST", srv.URL+"/api/orders/"+id+"/urge", strings.NewReader(`{"remark":"请尽快处理"}`))
		req.Header.Set("X-Actor", centre)
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		took := time.Since(start)
		if res.StatusCode != http.StatusOK {
			return took, fmt.Errorf("status %d", res.StatusCode)
		}
		return took, nil
	}
	// Warm the connections up.
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() { _, _ = step(i) })
	}
	wg.Wait()

	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	var firstErr atomic.Value
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for w := range clients {
		wg.Go(func() {
			tick := start.Add(pace * time.Duration(w) / time.Duration(clients)) // spread the clients out
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				if pace > 0 {
					time.Sleep(time.Until(tick))
					tick = tick.Add(pace)
				}
				took, err := step(i)
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				lat[i] = took
			}
		})
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d steps failed, first: %v", n, b.N, firstErr.Load())
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50-ms")
	b.ReportMetric(ms(lat[(len(lat)*99)/100]), "p99-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "steps/s")
	if cpu > 0 {
		// Server and clients together: the machine's cost of a step.
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/step")
	}
}

// BenchmarkHandler is the handler's own cost for a step and a read on a
// MemStore, without a network.
func BenchmarkHandler(b *testing.B) {
	f := newFixture(b, func(o *Options) { o.Logger = slog.New(slog.DiscardHandler) })
	id := f.handling()
	for _, c := range []struct{ name, method, path, body string }{
		{"urge", "POST", "/api/orders/" + id + "/urge", `{"remark":"请尽快处理"}`},
		{"get", "GET", "/api/orders/" + id, ""},
		{"list", "GET", "/api/orders?limit=50", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := httpDo(f.h, centre, c.method, c.path, c.body); r.Code != http.StatusOK {
					b.Fatalf("status %d: %s", r.Code, r.Body)
				}
			}
		})
	}
}
