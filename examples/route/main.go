// Command route routes 12345 hotline orders with a rules file.
//
//	go run ./examples/route -rules examples/route/qingxi.yaml < orders.jsonl
//
// It reads one order per line on standard input, as JSON:
//
//	{"id":"QX-0001","category":"complaint","urgency":"normal","text":"楼下工地晚上打桩",
//	 "region":"清溪镇/三中村","address":"幸福路1号","tags":["夜间"],"at":"2025-03-01T23:10:00+08:00"}
//
// category and urgency may be given in English or Chinese (投诉, 紧急) or left
// out; at, in RFC 3339, is required. For each order it writes its
// routing.Decision as one JSON line on standard output: id, lead, assist,
// joint, coordinator, repeat, repeat_of, repeat_key (when the order has
// one), rules, reason, lead_by, and hotspots when the order raised any.
// Repeat and hotspot history carries across the lines of one run.
//
// A bad rules file stops the run at once with exit status 1. A bad order
// line is reported on standard error with its line number and skipped (no
// output line); the run goes on and exits with status 1 at the end. Rule
// warnings go to standard error and do not change the exit status. Wrong
// flags exit with status 2.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hotline12345/hotline/routing"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// maxLine is the longest order line accepted, in bytes.
const maxLine = 1 << 20

// input is an order as read.
type input struct {
	ID       string   `json:"id"`
	Category string   `json:"category"`
	Urgency  string   `json:"urgency"`
	Text     string   `json:"text"`
	Region   string   `json:"region"`
	Address  string   `json:"address"`
	Tags     []string `json:"tags"`
	At       string   `json:"at"`
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("route", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rulesPath := fs.String("rules", "", "rules file in YAML (required)")
	lang := fs.String("lang", "zh", "language of the reasons: zh or en")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: route -rules FILE [-lang zh|en] < orders.jsonl")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *rulesPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	opts := routing.Options{}
	switch *lang {
	case "zh":
	case "en":
		opts.Lang = routing.English
	default:
		fmt.Fprintf(stderr, "route: -lang %q: want zh or en\n", *lang)
		return 2
	}

	rs, warnings, err := routing.LoadFile(*rulesPath, opts)
	if err != nil {
		fmt.Fprintf(stderr, "route: rules file %s:\n%v\n", *rulesPath, err)
		return 1
	}
	for _, w := range warnings {
		fmt.Fprintf(stderr, "route: warning: %s\n", w)
	}
	router := routing.NewRouter(rs)

	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	bad, n := 0, 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		req, err := parse(line)
		if err == nil {
			var d routing.Decision
			d, err = router.Route(context.Background(), req)
			if err == nil {
				if err := enc.Encode(d); err != nil {
					fmt.Fprintf(stderr, "route: write: %v\n", err)
					return 1
				}
				continue
			}
		}
		bad++
		fmt.Fprintf(stderr, "route: line %d: %v\n", n, err)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "route: write: %v\n", err)
		return 1
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes", maxLine)
		}
		fmt.Fprintf(stderr, "route: line %d: %v\n", n+1, err)
		return 1
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "route: %d bad line(s) skipped\n", bad)
		return 1
	}
	return 0
}

// parse reads one order line.
func parse(line []byte) (*routing.Request, error) {
	var in input
	if err := json.Unmarshal(line, &in); err != nil {
		return nil, fmt.Errorf("not a JSON order: %v", err)
	}
	req := &routing.Request{ID: in.ID, Text: in.Text, Region: in.Region, Address: in.Address, Tags: in.Tags}
	if in.ID == "" {
		return nil, errors.New(`field "id": missing`)
	}
	if in.Category != "" {
		c, err := routing.ParseCategory(in.Category)
		if err != nil {
			return nil, fmt.Errorf("order %q: field \"category\": %w", in.ID, err)
		}
		req.Category = c
	}
	if in.Urgency != "" {
		u, err := routing.ParseUrgency(in.Urgency)
		if err != nil {
			return nil, fmt.Errorf("order %q: field \"urgency\": %w", in.ID, err)
		}
		req.Urgency = u
	}
	if in.At == "" {
		return nil, fmt.Errorf("order %q: field \"at\": missing", in.ID)
	}
	t, err := time.Parse(time.RFC3339, in.At)
	if err != nil {
		return nil, fmt.Errorf("order %q: field \"at\": want RFC 3339 such as 2025-03-01T23:10:00+08:00, got %q", in.ID, in.At)
	}
	req.At = t
	return req, nil
}
