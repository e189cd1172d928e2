// Command scale loads a city's worth of generated orders into a store and
// measures the pages and board counts an office reads all day: the first
// page of every list filter, newest first and by deadline, later pages by
// cursor at random depths, and the board's counts, each as a median and
// 99th percentile of its samples.
//
//	go run ./internal/cmd/scale -store sqlite -path orders.db -orders 300000 -load -measure
//	go run ./internal/cmd/scale -store postgres -dsn "$HOTLINE_TEST_POSTGRES" -orders 300000 -load -measure
//
// The orders are the same for the same -orders: order i is generated
// from i alone, so a measurement finds the cursors it pages from without
// reading the store. Loading goes through CreateBatch, -batch orders at a
// time (both SQL stores have it), or else Store.Create, -writers at a
// time, and resumes from -from. On a shared machine -cpu measures each
// query's CPU time in the process instead of its wall time: the whole
// cost of a query to SQLite, which waiting for a core does not inflate.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

func main() {
	var (
		kind    = flag.String("store", "sqlite", "sqlite or postgres")
		path    = flag.String("path", "orders.db", "the SQLite file")
		dsn     = flag.String("dsn", os.Getenv("HOTLINE_TEST_POSTGRES"), "the PostgreSQL DSN")
		n       = flag.Int("orders", 300_000, "orders in the city")
		from    = flag.Int("from", 0, "the first order to load")
		load    = flag.Bool("load", false, "load the orders")
		measure = flag.Bool("measure", false, "measure lists and counts")
		writers = flag.Int("writers", 4, "concurrent Creates while loading")
		batch   = flag.Int("batch", 1000, "orders per CreateBatch while loading")
		samples = flag.Int("samples", 20, "samples per measured query")
		cache   = flag.Int64("cache", 256, "SQLite page cache per connection, MiB")
		prof    = flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
		cpu     = flag.Bool("cpu", false, "measure the process's CPU time per query, not wall time")
	)
	flag.Parse()
	ctx := context.Background()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var s workorder.Store
	switch *kind {
	case "sqlite":
		st, err := sqlitestore.Open(ctx, *path, sqlitestore.WithCacheSize(*cache<<20))
		if err != nil {
			log.Fatal(err)
		}
		defer st.Close()
		s = st
	case "postgres":
		st, err := pgstore.Open(ctx, *dsn, pgstore.WithMaxConns(*writers+2))
		if err != nil {
			log.Fatal(err)
		}
		defer st.Close()
		s = st
	default:
		log.Fatalf("-store %q: want sqlite or postgres", *kind)
	}
	c := &city{n: *n, now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), span: 365 * 24 * time.Hour}
	if *load {
		if err := loadCity(ctx, s, c, *from, *writers, *batch); err != nil {
			log.Fatal(err)
		}
	}
	if *measure {
		if err := measureCity(ctx, os.Stdout, s, c, *samples, *cpu); err != nil {
			log.Fatal(err)
		}
	}
}

// loadCity creates orders from, …, c.n-1 in s, writers at a time and
// batch orders per CreateBatch where s has it, and logs its rate every 10
// seconds.
func loadCity(ctx context.Context, s workorder.Store, c *city, from, writers, batch int) error {
	batch = max(batch, 1)
	start := time.Now()
	var next atomic.Int64
	next.Store(int64(from))
	var done atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				d := done.Load()
				log.Printf("loaded %d orders, %.0f/s", int64(from)+d, float64(d)/time.Since(start).Seconds())
			}
		}
	}()
	// A store that creates orders in batches gets them a batch at a time.
	batcher, _ := s.(interface {
		CreateBatch(ctx context.Context, orders []*workorder.Order, records [][]workorder.Record) error
	})
	for range max(writers, 1) {
		wg.Go(func() {
			for {
				i := int(next.Add(int64(batch)) - int64(batch))
				if i >= c.n {
					return
				}
				end := min(i+batch, c.n)
				var os []*workorder.Order
				var rss [][]workorder.Record
				for j := i; j < end; j++ {
					o, rs := c.order(j)
					os, rss = append(os, o), append(rss, rs)
				}
				var err error
				if batcher != nil {
					err = batcher.CreateBatch(ctx, os, rss)
				} else {
					for j := 0; err == nil && j < len(os); j++ {
						err = s.Create(ctx, os[j], rss[j])
					}
				}
				if err != nil {
					errs <- fmt.Errorf("orders %d to %d: %w", i, end-1, err)
					return
				}
				done.Add(int64(end - i))
			}
		})
	}
	wg.Wait()
	close(stop)
	select {
	case err := <-errs:
		return err
	default:
	}
	d := done.Load()
	log.Printf("loaded %d orders in %v, %.0f/s", d, time.Since(start).Round(time.Second), float64(d)/time.Since(start).Seconds())
	return nil
}
