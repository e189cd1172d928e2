package pgstore_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/internal/steplat"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
)

// The size of BenchmarkAlertMonitor: small by default so that a CI run
// stays short; pass -args -open=1000000 for the city-scale figures.
var (
	benchOpen     = flag.Int("open", 5_000, "open orders, all past due, in BenchmarkAlertMonitor")
	benchSteppers = flag.Int("steppers", 2, "goroutines taking steps while the monitor fires")
	// benchHandler is what the monitor raises alerts to: "service", the
	// service, which urges overdue orders (a step each), or "count",
	// which only counts them, to tell the monitor's own part.
	benchHandler = flag.String("handler", "service", "service or count: the handler of the alerts fired")
	// benchFireFor, when set, ends the Fire after so long (its context
	// is cancelled): at a million alerts raised to the service a whole
	// Fire takes many minutes.
	benchFireFor = flag.Duration("fire-for", 0, "end the Fire after so long; 0: when done")
)

// benchIdle is how long the steps are timed before the Fire, for the
// latencies of steps when no monitor fires (idle-…): on a shared machine
// they tell the machine's part in the figures during the Fire.
const benchIdle = 2 * time.Second

// BenchmarkAlertMonitor measures a Monitor on a database holding -open
// handling orders kept WithAlerts, all of them past due, and a tenth as
// many that are not: how long the monitor takes to be ready (s/ready:
// made, and a first Fire found nothing due), the heap it holds per open
// order, and the first Fire, which raises every order's alert to
// -handler, while -steppers goroutines suspend and resume the orders not
// due: the distribution of those steps' latencies during the Fire
// (fire-p50-ms, fire-p99-ms, fire-max-ms, fire-over-50ms) and for two
// seconds before it (idle-…).
func BenchmarkAlertMonitor(b *testing.B) {
	n := *benchOpen
	schema := newSchema(b)
	s := openStore(b, schema, pgstore.WithAlerts(pgstore.PolicyPlanner(nil, cn.Calendar())))
	clk := &clock{}
	clk.Set(t0.Add(-60 * 24 * time.Hour))
	svc := newService(b, s, clk)
	due := dispatched(b, svc, complaint(), true)
	clk.Set(t0)
	notDue := dispatched(b, svc, complaint(), true)
	sqlCopies(b, schema, due, "WB", n)
	spare := max(n/10, 1000)
	sqlCopies(b, schema, notDue, "WS", spare)
	exec(b, testDSN(b), "ANALYZE "+pgx.Identifier{schema}.Sanitize()+".sla_alerts")
	fireAt := t0.Add(time.Minute)
	clk.Set(fireAt)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		start := time.Now()
		m, err := pgstore.NewMonitor(s, pgstore.MonitorConfig{Node: "bench", Handler: benchAlertHandler(b, svc)})
		if err != nil {
			b.Fatal(err)
		}
		if got, err := m.Fire(ctx, time.Unix(0, 0)); err != nil || got != 0 {
			b.Fatalf("Fire before anything is due = %d, %v", got, err)
		}
		ready := time.Since(start)
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(ready.Seconds(), "s/ready")
		b.ReportMetric((float64(after.HeapAlloc)-float64(before.HeapAlloc))/float64(n), "held-B/order")

		var raised int
		var fire time.Duration
		fireWithSteps(b, svc, spare, func() {
			ctx, cancel := context.WithCancel(ctx)
			if *benchFireFor > 0 {
				ctx, cancel = context.WithTimeout(ctx, *benchFireFor)
			}
			defer cancel()
			start := time.Now()
			raised, err = m.Fire(ctx, fireAt)
			fire = time.Since(start)
		})
		switch {
		case *benchFireFor > 0 && errors.Is(err, context.DeadlineExceeded):
		case err != nil:
			b.Fatalf("first Fire: %v", err)
		case raised < n:
			b.Fatalf("first Fire raised %d alerts; want %d or more", raised, n)
		}
		b.ReportMetric(float64(fire.Milliseconds()), "ms/fire")
		if raised > 0 {
			// Warnings superseded by their overdue alert, which a Fire
			// marks first, are not raised.
			b.ReportMetric(float64(fire.Microseconds())/float64(raised), "µs/alert")
		}
		b.StartTimer()
	}
}

// benchAlertHandler returns the handler -handler names: w, or, for
// "count", one that does nothing with an alert (Fire counts those
// raised), so that only the store's cost is measured.
func benchAlertHandler(b *testing.B, w *workorder.Service) sla.Handler {
	switch *benchHandler {
	case "service":
		return w
	case "count":
		return sla.HandlerFunc(func(context.Context, sla.Alert) error { return nil })
	}
	b.Fatalf("-handler=%s: want service or count", *benchHandler)
	return nil
}

// calls counts the steps each stepper took so far, across runs, so that
// a worker goes on where its last run stopped, which may be between a
// suspension and its resumption.
var calls []int

// fireWithSteps runs fire while -steppers goroutines suspend and resume
// the spare orders WS… on w, each its own, after timing the same steps
// for benchIdle without it, and reports both distributions (idle-… and
// fire-…).
func fireWithSteps(b *testing.B, w *workorder.Service, spare int, fire func()) {
	k := max(*benchSteppers, 1)
	if len(calls) < k {
		calls = append(calls, make([]int, k-len(calls))...)
	}
	per := spare / k
	unit := workorder.Unit(cityMgmt)
	stepping := func() func() (steplat.Summary, error) {
		return steplat.Run(k, func(worker, _ int) error {
			i := calls[worker]
			calls[worker]++
			id := fmt.Sprintf("WS%08d", ((i/2*7919)%per)*k+worker)
			var err error
			if i%2 == 0 {
				_, err = w.Suspend(context.Background(), unit, id, "等待配合")
			} else {
				_, err = w.Resume(context.Background(), unit, id, "")
			}
			return err
		})
	}
	stop := stepping()
	time.Sleep(benchIdle)
	idle, err := stop()
	if err != nil {
		b.Fatal(err)
	}
	stop = stepping()
	fire()
	during, err := stop()
	if err != nil {
		b.Fatal(err)
	}
	idle.Report(b, "idle-")
	during.Report(b, "fire-")
}

// sqlCopies copies the order tmpl in schema, its records and its pending
// alerts, as ids prefix00000000 to prefix+(n-1), a transaction per 50,000
// orders. The copies keep the template's hashes and no idempotency keys.
func sqlCopies(b *testing.B, schema, tmpl, prefix string, n int) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN(b))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET search_path TO "+pgx.Identifier{schema}.Sanitize()); err != nil {
		b.Fatal(err)
	}
	// copy returns the INSERT … SELECT of table's columns, the order's id
	// from g.id, its document naming it, and no idempotency key.
	copyRows := func(table, idCol, where string) string {
		rows, err := conn.Query(ctx, `SELECT column_name FROM information_schema.columns
			WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`, schema, table)
		if err != nil {
			b.Fatal(err)
		}
		cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			b.Fatal(err)
		}
		sel := make([]string, len(cols))
		for i, c := range cols {
			switch c {
			case idCol:
				sel[i] = "g.id"
			case "doc":
				sel[i] = "jsonb_set(t.doc, '{id}', to_jsonb(g.id))"
			case "step_key":
				sel[i] = "NULL"
			default:
				sel[i] = "t." + c
			}
		}
		return `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) SELECT ` + strings.Join(sel, ", ") +
			` FROM (SELECT $3 || lpad(i::text, 8, '0') AS id FROM generate_series($1::int, $2::int - 1) i) g, ` + table +
			` t WHERE t.` + idCol + ` = $4` + where
	}
	stmts := []string{
		copyRows("orders", "id", ""),
		copyRows("order_records", "order_id", ""),
		copyRows("sla_alerts", "order_id", " AND t.fired_at IS NULL"),
	}
	const batch = 50_000
	for start := 0; start < n; start += batch {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			for _, q := range stmts {
				if _, err := tx.Exec(ctx, q, start, min(n, start+batch), prefix, tmpl); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
