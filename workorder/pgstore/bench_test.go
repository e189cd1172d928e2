package pgstore_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/hotline12345/hotline/workorder"
)

// BenchmarkStep takes urge steps (read the order, check and apply the
// step, write the order and its audit record) through a Service on
// PostgreSQL, from one goroutine and from several on orders of their own,
// and reports steps per second.
func BenchmarkStep(b *testing.B) {
	cases := []struct {
		name     string
		parallel int // goroutines per GOMAXPROCS; 0 runs serially
	}{
		{"serial", 0},
		{"parallel", 4},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			svc := newService(b, openStore(b, newSchema(b)), nil)
			// Each goroutine steps on orders of its own, so that none
			// conflicts.
			const each = 4
			goroutines := max(1, tc.parallel*runtime.GOMAXPROCS(0))
			ids := make([]string, each*goroutines)
			for i := range ids {
				ids[i] = dispatched(b, svc, complaint(), true)
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			if tc.parallel == 0 {
				for i := range b.N {
					if _, err := svc.Urge(ctx, super, ids[i%len(ids)], ""); err != nil {
						b.Fatal(err)
					}
				}
			} else {
				var next atomic.Int64
				b.SetParallelism(tc.parallel)
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

var _ workorder.Store
