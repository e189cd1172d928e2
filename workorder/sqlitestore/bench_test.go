package sqlitestore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// BenchmarkStep reports steps per second through a Service on a SQLite
// file in WAL mode.
func BenchmarkStep(b *testing.B) {
	storetest.BenchmarkSteps(b, func(b *testing.B, n int) (*workorder.Service, []string) {
		svc := newService(b, open(b))
		return svc, handlingOrders(b, svc, n)
	})
}

// BenchmarkStepAlerts is BenchmarkStep on a store that keeps the
// orders' alerts (WithAlerts): each step plans them and reads the pending
// ones (an urge moves no deadline, so it writes none).
func BenchmarkStepAlerts(b *testing.B) {
	storetest.BenchmarkSteps(b, func(b *testing.B, n int) (*workorder.Service, []string) {
		svc := newService(b, open(b, sqlitestore.WithAlerts(sqlitestore.PolicyPlanner(nil, cn.Calendar()))))
		return svc, handlingOrders(b, svc, n)
	})
}

// BenchmarkDispatch dispatches received orders on a SQLite file: to a
// named lead, routed by a router remembering repeats in memory, and
// routed by one asking the store (one indexed query more per dispatch).
// The orders come from 100 addresses, so that a routed one repeats a few
// others.
func BenchmarkDispatch(b *testing.B) {
	rules := repeatRules(b)
	cases := []struct {
		name   string
		config func(c *workorder.Config, s workorder.Store)
		as     workorder.Assignment
	}{
		{"named", nil, workorder.Assignment{Lead: cityMgmt}},
		{"routed", func(c *workorder.Config, _ workorder.Store) { c.Router = routing.NewRouter(rules) }, workorder.Assignment{}},
		{"routed-store", func(c *workorder.Config, s workorder.Store) {
			r := routing.NewRouter(rules)
			r.SetHistory(s)
			c.Router = r
		}, workorder.Assignment{}},
		{"routed-store-hotspots", func(c *workorder.Config, s workorder.Store) {
			r := routing.NewRouter(hotspotRules(b))
			r.SetHistory(s)
			c.Router = r
		}, workorder.Assignment{}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			s := open(b)
			svc := newService(b, s, func(c *workorder.Config) {
				if tc.config != nil {
					tc.config(c, s)
				}
			})
			ctx := context.Background()
			const batch = 500
			ids := make([]string, 0, batch)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%batch == 0 {
					b.StopTimer()
					ids = ids[:0]
					for k := range min(batch, b.N-i) {
						d := complaint()
						d.Location.Address = fmt.Sprintf("工业路%d号", (i+k)%100)
						o, err := svc.Accept(ctx, centre, d)
						if err != nil {
							b.Fatal(err)
						}
						ids = append(ids, o.ID)
					}
					b.StartTimer()
				}
				if _, err := svc.Dispatch(ctx, centre, ids[i%batch], tc.as); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecent is the query a dispatch routed with the store as its
// history adds: the orders of one repeat key in 30 days, among 2,000
// routed orders from 100 addresses.
func BenchmarkRecent(b *testing.B) {
	s := open(b)
	r := routing.NewRouter(repeatRules(b))
	r.SetHistory(s)
	svc := newService(b, s, func(c *workorder.Config) { c.Router = r })
	ctx := context.Background()
	var key string
	var at time.Time
	for i := range 2000 {
		d := complaint()
		d.Location.Address = fmt.Sprintf("工业路%d号", i%100)
		o, err := svc.Accept(ctx, centre, d)
		if err != nil {
			b.Fatal(err)
		}
		if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{}); err != nil {
			b.Fatal(err)
		}
		key, at = o.Routing.RepeatKey, o.Created
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		seen, err := s.Recent(ctx, key, at.Add(-30*24*time.Hour), at)
		if err != nil || len(seen) != 20 {
			b.Fatalf("%d orders, %v; want 20", len(seen), err)
		}
	}
}
