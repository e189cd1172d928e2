// Command qingxi simulates a year of 12345 hotline orders in 清溪镇, a town
// like the one this library is modelled on, and prints the year's report.
//
//	go run ./examples/qingxi [-seed 1] [-orders 2917] [-year 2025 | -from 2025-01-01 -to 2025-12-31] [-lang zh|en] [-json] [-xlsx FILE]
//
// Orders are drawn from templates with the town's villages and roads:
// consultations, help requests, complaints, reports, suggestions, a few
// emergencies (missing manhole covers, road hazards), repeated noise
// complaints about the same venues, and bursts of calls about water and
// power cuts and floods. Each goes through the real service: routing by
// the town's rules file (rules.yaml, a copy of examples/route/qingxi.yaml)
// checked against its directory of units (units.yaml, which names the
// fallback unit) and finding repeats and hotspots among the stored orders,
// dispatch, signing, returns and the fallback unit, extensions,
// suspensions, assisting opinions, reply, review, callback and close, with
// sla deadlines on the official China calendar and alerts that urge late
// units. Time is simulated: a queue of future actions advances the
// service's clock, so a year takes a second or two, and a million orders
// about a minute and a half on two cores. Each order is counted as it
// closes, on a goroutine of its own, and then forgotten, so a million
// orders stay under 1.6 GB (package internal/qingxi holds the
// simulation).
//
// The run models the town's measures: a supervision ladder that urges
// late units and issues supervision orders (督办单), with talks (约谈) and
// public criticisms (通报批评) decided by a supervisor; unit leaders who
// take difficult orders themselves (领办); the fallback unit that owns
// what others return; the review of bad verdicts (差评甄别). Its default
// run covers the town's reported year, 2025 (1 January to 31 December,
// Asia/Shanghai), and is calibrated to land near it: 2,917 orders, 25
// emergencies, on-time completion close to 100% and satisfaction near
// 93.2%, as results of the simulated behaviour (see package
// internal/qingxi for the assumptions). -from and -to (days in
// Asia/Shanghai, both included) choose another period of receipt;
// either defaults to the first or last day of -year.
//
// The report first sets the town's reported figures beside the simulated
// ones, then gives totals by category, the on-time completion and
// satisfaction rates of the assessment, emergency targets met, joint
// handling, repeats, hotspot alerts, a scorecard per unit by the town's
// scheme (package assess, assess.SchemeTown) with the exempted verdicts,
// the ladder's urges, supervision orders, talks and criticisms, the
// review of bad verdicts, the scores of one unit's handlers (经办人) and
// of the leader-led orders, and the digests of the last week for the two
// departments with the most orders in it (package digest). It is in
// Chinese by default or in English with -lang en; -json prints the same
// report as JSON. -xlsx FILE also writes the workbook in the same
// language: the scorecards, a chart of each unit's on-time and
// satisfaction rates, every unit's late orders with the working days
// they were late, the exemptions, the town's figures beside the
// simulated ones, the supervision register (督办台账), the handlers' and
// leader-led scorecards and the first department's digest (package
// assess/xlsx). The same seed gives the same report.
//
// Wrong flags exit with status 2. A year without a holiday notice is
// simulated on the calendar's provisional rule, and the report says so.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/internal/qingxi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("qingxi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", qingxi.SeedDefault, "seed of the random draws")
	orders := fs.Int("orders", qingxi.OrdersDefault, "number of orders received in the year, or in the period of -from and -to (at least 1)")
	year := fs.Int("year", qingxi.YearDefault, fmt.Sprintf("year to simulate (%d-%d), when -from and -to are not given", qingxi.YearMin, qingxi.YearMax))
	from := fs.String("from", "", "first `day` of the period (YYYY-MM-DD, Asia/Shanghai); default 1 January of -year")
	to := fs.String("to", "", "last `day` of the period (YYYY-MM-DD, Asia/Shanghai), included; default 31 December of -year")
	lang := fs.String("lang", "zh", "language of the report, a language tag: Chinese for zh (zh-CN, zh-TW, ...), English for any other")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	book := fs.String("xlsx", "", "also write the year's workbook (scorecards, chart, late orders) to this .xlsx `file`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: qingxi [-seed N] [-orders N] [-year YYYY | -from YYYY-MM-DD -to YYYY-MM-DD] [-lang zh|en] [-json] [-xlsx FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "qingxi: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	tag, err := language.Parse(*lang)
	if err != nil {
		return usage("-lang %q: not a language tag such as zh or en", *lang)
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *orders < 1:
		return usage("-orders %d: want at least 1", *orders)
	case *year < qingxi.YearMin || *year > qingxi.YearMax:
		return usage("-year %d: want %d to %d, the years the calendar computes", *year, qingxi.YearMin, qingxi.YearMax)
	}
	cfg := qingxi.Config{Seed: *seed, Orders: *orders, Year: *year}
	if *from != "" || *to != "" {
		loc := cn.Calendar().Location()
		first, last := *from, *to
		if first == "" {
			first = fmt.Sprintf("%04d-01-01", *year)
		}
		if last == "" {
			last = fmt.Sprintf("%04d-12-31", *year)
		}
		f, err := time.ParseInLocation(time.DateOnly, first, loc)
		if err != nil {
			return usage("-from %q: not a day such as 2025-01-01", first)
		}
		l, err := time.ParseInLocation(time.DateOnly, last, loc)
		if err != nil {
			return usage("-to %q: not a day such as 2025-12-31", last)
		}
		if l.Before(f) {
			return usage("-to %s: before -from %s", last, first)
		}
		cfg.From, cfg.To = f, l.AddDate(0, 0, 1)
		if err := cfg.Validate(); err != nil {
			return usage("-from %s -to %s: want days of %d to %d, the years the calendar computes", first, last, qingxi.YearMin, qingxi.YearMax)
		}
	}
	// The live heap is small (the open orders, the draws of the orders
	// still to come and the routing index: at most 600 bytes an order), so
	// collecting less often saves time in a long year, within a limit that
	// keeps a million orders under 2 GB.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(1536 << 20)
	rep, err := qingxi.Simulate(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(stderr, "qingxi:", err)
		return 1
	}
	if *book != "" {
		if err := rep.WriteWorkbook(*book, tag); err != nil {
			fmt.Fprintln(stderr, "qingxi:", err)
			return 1
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = rep.WriteText(stdout, tag)
	}
	if err != nil {
		fmt.Fprintln(stderr, "qingxi:", err)
		return 1
	}
	return 0
}
