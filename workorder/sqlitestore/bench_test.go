package sqlitestore_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// handlingOrders accepts, dispatches and signs n orders on svc and returns
// their ids.
func handlingOrders(tb testing.TB, svc *workorder.Service, n int) []string {
	tb.Helper()
	ctx := context.Background()
	ids := make([]string, n)
	for i := range ids {
		o, err := svc.Accept(ctx, workorder.Centre("agent-7"), &workorder.Order{
			Channel: workorder.ChannelPhone, Category: sla.CategoryComplaint, Urgency: sla.UrgencyNormal,
			Title: "夜间施工噪音", Text: "三中村工业路工地凌晨两点仍在施工，噪音很大，无法入睡。",
			Caller:   workorder.Caller{Name: "李女士", Phone: "13812345678"},
			Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路8号"},
		})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.Dispatch(ctx, workorder.Centre("agent-7"), o.ID, workorder.Assignment{Lead: "清溪镇城管办"}); err != nil {
			tb.Fatal(err)
		}
		if _, err := svc.Sign(ctx, workorder.Unit("清溪镇城管办"), o.ID); err != nil {
			tb.Fatal(err)
		}
		ids[i] = o.ID
	}
	return ids
}

// BenchmarkStep takes urge steps (read, check, write the order and its
// audit record) through a Service on a SQLite file in WAL mode, from one
// goroutine and from several on different orders, and reports steps per
// second.
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
			s := open(b)
			clk := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
			svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: cn.Calendar(),
				Clock: workorder.ClockFunc(func() time.Time { return clk }), IDs: workorder.Sequence("WO")})
			if err != nil {
				b.Fatal(err)
			}
			// Each goroutine steps on orders of its own, so that none
			// conflicts.
			const each = 4
			goroutines := max(1, tc.parallel*runtime.GOMAXPROCS(0))
			ids := handlingOrders(b, svc, each*goroutines)
			ctx := context.Background()
			super := workorder.Supervisor("督查室")
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
