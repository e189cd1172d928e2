// Command qingxi simulates a year of 12345 hotline orders in 清溪镇, a town
// like the one this library is modelled on, and prints the year's report.
//
//	go run ./examples/qingxi [-seed 1] [-orders 2917] [-year 2025] [-lang zh|en] [-json] [-xlsx FILE]
//
// Orders are drawn from templates with the town's villages and roads:
// consultations, help requests, complaints, reports, suggestions, a few
// emergencies (missing manhole covers, road hazards), repeated noise
// complaints about the same venues, and bursts of calls about water and
// power cuts and floods. Each goes through the real service on the
// in-memory store: routing by the town's rules file (rules.yaml, a copy of
// examples/route/qingxi.yaml) checked against its directory of units
// (units.yaml, which names the fallback unit) and finding repeats and
// hotspots among the stored orders, dispatch, signing, returns and the fallback
// unit, extensions, suspensions, assisting opinions, reply, review, callback
// and close, with sla deadlines on the official China calendar and alerts
// that urge late units. Time is simulated: a queue of future actions
// advances the service's clock, so a year takes a second or two.
//
// The report gives totals by category, the on-time completion and
// satisfaction rates of the assessment, emergency targets met, joint handling, repeats,
// hotspot alerts and a scorecard per unit (package assess), in Chinese by
// default or in English with -lang en; -json prints the same report as
// JSON. -xlsx FILE also writes the year's workbook in the same language:
// the scorecards, a chart of each unit's on-time and satisfaction rates,
// and every unit's late orders with the working days they were late
// (package assess/xlsx). The same seed gives the same report.
//
// Wrong flags exit with status 2. A year without a holiday notice is
// simulated on the calendar's provisional rule, and the report says so.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"golang.org/x/text/language"
)

// Defaults of the flags: the town's year.
const (
	seedDefault   = 1
	ordersDefault = 2917
	yearDefault   = 2025
)

// The years a run may simulate: the calendar's range, less the first year
// (its first hours fall before the range in Asia/Shanghai) and the last
// (orders received in December are handled in the next year).
const (
	yearMin = calendar.MinYear + 1
	yearMax = calendar.MaxYear - 1
)

//go:embed rules.yaml
var rulesYAML []byte

// unitsYAML is the town's directory of units, which the rules are checked
// against and which names the fallback unit.
//
//go:embed units.yaml
var unitsYAML []byte

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("qingxi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", seedDefault, "seed of the random draws")
	orders := fs.Int("orders", ordersDefault, "number of orders received in the year (at least 1)")
	year := fs.Int("year", yearDefault, fmt.Sprintf("year to simulate (%d-%d)", yearMin, yearMax))
	lang := fs.String("lang", "zh", "language of the report, a language tag: Chinese for zh (zh-CN, zh-TW, ...), English for any other")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	book := fs.String("xlsx", "", "also write the year's workbook (scorecards, chart, late orders) to this .xlsx `file`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: qingxi [-seed N] [-orders N] [-year YYYY] [-lang zh|en] [-json] [-xlsx FILE]")
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
	case *year < yearMin || *year > yearMax:
		return usage("-year %d: want %d to %d, the years the calendar computes", *year, yearMin, yearMax)
	}

	rules, err := routing.Parse(bytes.NewReader(rulesYAML))
	if err != nil {
		fmt.Fprintln(stderr, "qingxi:", err)
		return 1
	}
	cfg := simConfig{Seed: *seed, Orders: *orders, Year: *year}
	res, err := simulate(context.Background(), cfg, cn.Calendar(), rules)
	if err != nil {
		fmt.Fprintln(stderr, "qingxi:", err)
		return 1
	}
	rep, err := newReport(context.Background(), res)
	if err != nil {
		fmt.Fprintln(stderr, "qingxi:", err)
		return 1
	}
	if *book != "" {
		if err := writeWorkbook(*book, rep, tag); err != nil {
			fmt.Fprintln(stderr, "qingxi:", err)
			return 1
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = rep.writeText(stdout, tag)
	}
	if err != nil {
		fmt.Fprintln(stderr, "qingxi:", err)
		return 1
	}
	return 0
}
