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

// BenchmarkSimilar looks up a new order in an index of recent ones. The
// generated orders all name a place, which narrows the candidates to the
// orders naming it; "no place" looks up orders whose place is not
// recognised, which are compared with every order of their town sharing
// their rarer grams. The goal is at most 1 ms a look-up among 100,000.
func BenchmarkSimilar(b *testing.B) {
	benchSimilar(b, []benchCase{{10_000, true, true}, {100_000, true, true}, {100_000, false, true}})
}

// BenchmarkSimilarNoRegion looks up orders that name neither a place nor
// a region, which are related to the orders of every town: among 100,000
// generated orders each finds about 3,700, one in 28, and the cost is
// theirs. It is outside the 1 ms goal of BenchmarkSimilar.
func BenchmarkSimilarNoRegion(b *testing.B) {
	benchSimilar(b, []benchCase{{100_000, false, false}})
}

type benchCase struct {
	n      int
	place  bool
	region bool
}

func benchSimilar(b *testing.B, cases []benchCase) {
	for _, c := range cases {
		name := fmt.Sprint(c.n)
		if !c.place {
			name += " no place"
		}
		if !c.region {
			name += " no region"
		}
		b.Run(name, func(b *testing.B) {
			x, g := benchIndex(b, c.n)
			queries := make([]Doc, 256)
			for i := range queries {
				queries[i] = g.doc(c.n+i, time.Date(2025, 3, 31, 0, 0, 0, 0, cst))
				if !c.place {
					queries[i].Text = genProblems[i%len(genProblems)][i%2]
				}
				if !c.region {
					queries[i].Region = ""
				}
			}
			matches := 0
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for i := range b.N {
				matches += len(x.Similar(queries[i%len(queries)], Options{}))
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(matches)/float64(b.N), "matches/op")
		})
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
