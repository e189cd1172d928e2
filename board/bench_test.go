package board

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// benchOrder returns the i-th order of a benchmark store: open,
// dispatched, due some hours after a fixed instant.
func benchOrder(i int, at time.Time) *workorder.Order {
	o := &workorder.Order{
		ID: fmt.Sprintf("QX%07d", i), Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Urgency: hotline.UrgencyNormal, Text: "三中村工地凌晨仍在施工，噪音扰民。<script>",
		Caller:   workorder.Caller{Name: "李秀英", Phone: "+8613812345678"},
		Location: workorder.Location{Region: "清溪镇/三中村"}, Lead: "清溪镇城管办",
		State: workorder.StateDispatched, Level: sla.Level(i % 3), Version: 1,
		Created: at.Add(time.Duration(i) * time.Second), Due: at.Add(time.Duration(i%5000) * time.Minute),
	}
	return o
}

// sortedStore is a Store answering List from orders kept in SortDue order,
// by binary search from the cursor: what an indexed SQL store does, so
// that the benchmark measures the board and not a scan.
type sortedStore struct {
	workorder.Store // only List and Get are used
	os              []*workorder.Order
}

func (s *sortedStore) List(ctx context.Context, f workorder.Filter) ([]*workorder.Order, error) {
	i := 0
	if f.After != nil {
		i, _ = slices.BinarySearchFunc(s.os, f.After, func(o *workorder.Order, c *workorder.Cursor) int {
			if c.Follows(o) {
				return 1
			}
			return -1
		})
	}
	var out []*workorder.Order
	for ; i < len(s.os) && len(out) < f.Limit; i++ {
		if f.Match(s.os[i]) {
			out = append(out, s.os[i].Clone())
		}
	}
	return out, nil
}

// BenchmarkListPage renders the centre's first page of open orders by
// deadline (50 rows) through the whole handler, on stores of n orders.
// "indexed" reads a page as an indexed store would, so its cost is the
// board's own and does not grow with n; "memstore" is the MemStore, which
// scans and sorts every order for each page.
func BenchmarkListPage(b *testing.B) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, cst)
	for _, c := range []struct {
		store string
		n     int
	}{
		{"indexed", 1_000_000},
		{"memstore", 10_000},
		{"memstore", 100_000},
	} {
		b.Run(fmt.Sprintf("%s/%d", c.store, c.n), func(b *testing.B) {
			var st workorder.Store
			if c.store == "indexed" {
				os := make([]*workorder.Order, c.n)
				for i := range os {
					os[i] = benchOrder(i, at)
				}
				slices.SortFunc(os, workorder.SortDue.Compare)
				st = &sortedStore{os: os}
			} else {
				ms := workorder.NewMemStore()
				for i := range c.n {
					o := benchOrder(i, at)
					r := workorder.Record{OrderID: o.ID, Seq: 1, At: o.Created, Actor: centre, Step: workorder.StepAccept, To: workorder.StateReceived}
					r.Hash = r.ComputeHash([32]byte{})
					o.LastHash = r.Hash
					if err := ms.Create(context.Background(), o, []workorder.Record{r}); err != nil {
						b.Fatal(err)
					}
				}
				st = ms
			}
			f := newFixture(b, st, "")
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("X-Actor", centre.String())
			b.ReportAllocs()
			b.ResetTimer()
			cpu0, n := cpuTime(), 0
			for b.Loop() {
				rec := httptest.NewRecorder()
				f.h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
				n++
			}
			// On a shared machine the wall time per op includes waiting
			// for a core; the process's CPU time per op does not.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(n), "cpu-ns/op")
		})
	}
}

// BenchmarkListPageSQLite renders the centre's first page of open orders
// by deadline from a SQLite file: $HOTLINE_BOARD_DB when set (a city's
// orders, such as internal/cmd/scale loads), else 20,000 orders written
// here. It measures what a centre waits for, store and board together.
func BenchmarkListPageSQLite(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("HOTLINE_BOARD_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "orders.db")
		s, err := sqlitestore.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, cst)
		for lo := 0; lo < 20_000; lo += 1000 {
			var orders []*workorder.Order
			var rss [][]workorder.Record
			for i := lo; i < lo+1000; i++ {
				o := benchOrder(i, at)
				r := workorder.Record{OrderID: o.ID, Seq: 1, At: o.Created, Actor: centre, Step: workorder.StepAccept, To: workorder.StateReceived}
				r.Hash = r.ComputeHash([32]byte{})
				o.LastHash = r.Hash
				orders, rss = append(orders, o), append(rss, []workorder.Record{r})
			}
			if err := s.CreateBatch(ctx, orders, rss); err != nil {
				b.Fatal(err)
			}
		}
		s.Close()
	}
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	f := newFixture(b, s, "")
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Actor", centre.String())
	b.ReportAllocs()
	var took []time.Duration
	for b.Loop() {
		t0 := time.Now()
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
