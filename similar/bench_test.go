package similar

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// benchIndex returns an Index of n generated orders taken over the 30
// days before the 31st of March, and the generator that made them.
func benchIndex(b *testing.B, n int) (*Index, *generator) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	g := newGenerator(7)
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, cst)
	step := 30 * 24 * time.Hour / time.Duration(n)
	for i := range n {
		if err := x.Add(g.doc(i, start.Add(time.Duration(i)*step))); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("%d orders: %d bytes of heap per order", n, (after.HeapAlloc-before.HeapAlloc)/uint64(n))
	runtime.KeepAlive(x)
	return x, g
}

// BenchmarkSimilar looks up new orders in an index of recent ones; the
// goal is at most 1 ms a look-up among 100,000 (cpu-ns/op, the processor
// time of the process, is steadier than ns/op on a busy machine). The
// generated orders all name a place and a region, a town or a group in
// it. The cases differ in what the new order names:
//   - place: a place and a region, so that it is compared with the orders
//     naming that place and those of its town naming none;
//   - region only: a region but no place, so that it is compared with
//     every order of its town sharing its rarer grams, and matches about
//     one in 28 of them;
//   - neither: no place and no region, so that it is related to every
//     town's orders and matches about 3,700 of 100,000;
//   - neither, limit 10: the same, asking for the best 10.
func BenchmarkSimilar(b *testing.B) {
	cases := []struct {
		name          string
		place, region bool
		limit         int
	}{
		{"place", true, true, 0},
		{"region only", false, true, 0},
		{"neither", false, false, 0},
		{"neither, limit 10", false, false, 10},
	}
	for _, n := range []int{10_000, 100_000} {
		var x *Index
		var g *generator
		for _, c := range cases {
			b.Run(fmt.Sprint(n, " ", c.name), func(b *testing.B) {
				if x == nil {
					x, g = benchIndex(b, n)
				}
				queries := make([]Doc, 256)
				for i := range queries {
					queries[i] = g.doc(n+i, time.Date(2025, 3, 31, 0, 0, 0, 0, cst))
					if !c.place {
						queries[i].Text = genProblems[i%len(genProblems)][i%2]
					}
					if !c.region {
						queries[i].Region = ""
					}
				}
				opts := Options{Limit: c.limit}
				matches := 0
				b.ReportAllocs()
				b.ResetTimer()
				cpu := cpuTime()
				for i := range b.N {
					matches += len(x.Similar(queries[i%len(queries)], opts))
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(matches)/float64(b.N), "matches/op")
			})
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	x, g := benchIndex(b, 100_000)
	docs := make([]Doc, 256)
	for i := range docs {
		docs[i] = g.doc(0, time.Time{})
	}
	start := time.Date(2025, 3, 31, 0, 0, 0, 0, cst)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d := docs[i%len(docs)]
		d.ID = fmt.Sprint("B", i)
		d.At = start.Add(time.Duration(i) * time.Second)
		if err := x.Add(d); err != nil {
			b.Fatal(err)
		}
	}
}
