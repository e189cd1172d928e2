package storetest

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hotline12345/hotline/workorder"
)

// BenchmarkSteps measures a store under a Service: urge steps (read the
// order, check and apply the step, write the order and its audit record)
// from one goroutine ("serial"), from four per GOMAXPROCS ("parallel")
// and from exactly eight whatever GOMAXPROCS is ("writers=8", the
// issue's measure of a durable store: each writer waits for its own
// commit, so a store that flushes every commit reaches at most eight
// commits per flush), each goroutine on orders of its own so that none
// conflicts. It reports steps/s besides ns/op. setup returns a service on
// a fresh store and the ids of n orders an urge may be taken on.
func BenchmarkSteps(b *testing.B, setup func(b *testing.B, n int) (*workorder.Service, []string)) {
	const each = 4 // orders per goroutine
	super := workorder.Supervisor("督查室")
	for _, c := range []struct {
		name     string
		parallel int // goroutines per GOMAXPROCS
		writers  int // goroutines in all
	}{{"serial", 0, 0}, {"parallel", 4, 0}, {"writers=8", 0, 8}} {
		parallel := c.parallel
		b.Run(c.name, func(b *testing.B) {
			svc, ids := setup(b, each*max(1, parallel*runtime.GOMAXPROCS(0), c.writers))
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			if c.writers > 0 {
				var taken atomic.Int64
				var wg sync.WaitGroup
				for g := range c.writers {
					mine := ids[g*each:][:each]
					wg.Go(func() {
						for i := 0; taken.Add(1) <= int64(b.N); i++ {
							if _, err := svc.Urge(ctx, super, mine[i%each], ""); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
			} else if parallel == 0 {
				for i := range b.N {
					if _, err := svc.Urge(ctx, super, ids[i%len(ids)], ""); err != nil {
						b.Fatal(err)
					}
				}
			} else {
				var next atomic.Int64
				b.SetParallelism(parallel)
				b.RunParallel(func(pb *testing.PB) {
					mine := ids[(next.Add(1)-1)*each:][:each]
					for i := 0; pb.Next(); i++ {
						if _, err := svc.Urge(ctx, super, mine[i%each], ""); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
		})
	}
}
