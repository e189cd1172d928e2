// Command route routes 12345 hotline orders with a rules file.
//
//	go run ./examples/route -rules examples/route/qingxi.yaml -units examples/qingxi/units.yaml < orders.jsonl
//
// -units names the directory of units (see package unit): the rules may
// name only its active units, and its fallback unit takes the orders no
// rule and no jurisdiction claims. It is required when the rules file
// names no fallback, as the Qingxi rules do not: the fallback unit is
// configured once, in the directory.
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
// one), rules, reason, lead_by, hotspot_keys (when the rules count
// hotspots and the order has a region; one per group, such as
// "清溪镇/三中村｜category:complaint" and "清溪镇/三中村｜keyword:停水"), and
// hotspots when the order raised any.
// Repeat and hotspot history carries across the lines of one run.
//
// A bad rules file stops the run at once with exit status 1. A bad order
// line (not JSON, an unknown field, a key given twice in one object, an id
// seen before, a line over 1 MiB)
// is reported on standard error with its line number and skipped (no
// output line); the run goes on and exits with status 1 at the end. Rule
// warnings go to standard error and do not change the exit status. Wrong
// flags exit with status 2. -h prints the input and output lines and exits
// with status 0.
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
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/unit"
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

const usage = `usage: route -rules FILE [-units FILE] [-lang zh|en] < orders.jsonl

Input: one order per line, a JSON object with these fields (no others,
none given twice):
  id        required, unique within the run
  category  consultation, help, complaint, report, suggestion, praise, other
            or 咨询, 求助, 投诉, 举报, 建议, 表扬, 其他; may be left out
  urgency   normal or emergency (一般, 紧急); may be left out
  text      what the caller said
  region    a path of places, largest first: "清溪镇/三中村"
  address   the street address
  tags      a list of strings, e.g. ["夜间"]
  at        required, when the order was received, RFC 3339:
            "2025-03-01T23:10:00+08:00"
Blank lines are skipped; a line may hold at most 1 MiB.

Output: one JSON line per routed order, in input order, the routing
decision: id, lead, assist (list), joint, coordinator, repeat, repeat_of
(list), repeat_key (when the order has one), rules (the rules that fired,
list), reason, lead_by, hotspot_keys (when the rules count hotspots and the
order has a region), and hotspots when the order raised any. Repeat and
hotspot history carries across the lines of a run.
Bad lines are reported on standard error with their line number and
skipped; the exit status is then 1.

Flags:
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("route", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rulesPath := fs.String("rules", "", "rules file in YAML (required)")
	unitsPath := fs.String("units", "", "directory of units in YAML, which names the fallback unit (required when the rules name none)")
	lang := fs.String("lang", "zh", "language of the reasons, a language tag: Chinese for zh (zh-CN, zh-TW, ...), English for any other")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *rulesPath == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	tag, err := language.Parse(*lang)
	if err != nil {
		fmt.Fprintf(stderr, "route: -lang %q: not a language tag such as zh or en\n", *lang)
		return 2
	}
	opts := routing.Options{Language: tag}
	if *unitsPath != "" {
		opts.Units, err = unit.LoadFile(*unitsPath)
		if err != nil {
			fmt.Fprintf(stderr, "route: units file %s:\n%v\n", *unitsPath, err)
			return 1
		}
	}

	cfg, err := routing.LoadFile(*rulesPath)
	if err == nil && opts.Units == nil && strings.TrimSpace(cfg.Fallback) == "" {
		fmt.Fprintf(stderr, "route: rules file %s names no fallback unit: give the directory of units that names it with -units FILE\n", *rulesPath)
		return 2
	}
	var (
		rs       *routing.RuleSet
		warnings []routing.Warning
	)
	if err == nil {
		rs, warnings, err = routing.Compile(cfg, opts)
	}
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
	lines := bufio.NewReaderSize(stdin, 64*1024)
	seen := map[string]int{} // order id -> line it was first routed on
	bad, n := 0, 0
	for {
		raw, err := readLine(lines)
		if err == io.EOF {
			break
		}
		n++
		if err != nil && !errors.Is(err, errLineTooLong) {
			fmt.Fprintf(stderr, "route: line %d: %v\n", n, err)
			return 1
		}
		line := bytes.TrimSpace(raw)
		if err == nil && len(line) == 0 {
			continue
		}
		var req *routing.Request
		if err == nil {
			req, err = parse(line)
		}
		if err == nil {
			if first, dup := seen[req.ID]; dup {
				err = fmt.Errorf("order %q: field \"id\": duplicate of line %d", req.ID, first)
			}
		}
		if err == nil {
			var d routing.Decision
			d, err = router.Route(context.Background(), req)
			if err == nil {
				seen[req.ID] = n
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
	if bad > 0 {
		fmt.Fprintf(stderr, "route: %d bad line(s) skipped\n", bad)
		return 1
	}
	return 0
}

var errLineTooLong = fmt.Errorf("line longer than %d bytes", maxLine)

// readLine returns the next line of r without its end. A line longer than
// maxLine is read to its end and dropped, and reported as errLineTooLong,
// so that the lines after it are still read. At the end of input it
// returns io.EOF.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			line = append(line, chunk...)
			tooLong = len(line) > maxLine+1 // the '\n' does not count
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(line) == 0 && !tooLong:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, err
		}
		if tooLong {
			return nil, errLineTooLong
		}
		return bytes.TrimSuffix(line, []byte("\n")), nil
	}
}

// parse reads one order line. Fields the input does not know, and anything
// after the object, are errors.
func parse(line []byte) (*routing.Request, error) {
	var in input
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("not a JSON order: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not a JSON order: more than one value on the line")
	}
	if err := uniqueKeys(json.NewDecoder(bytes.NewReader(line))); err != nil {
		return nil, fmt.Errorf("not a JSON order: %w", err)
	}
	req := &routing.Request{ID: in.ID, Text: in.Text, Region: in.Region, Address: in.Address, Tags: in.Tags}
	if in.ID == "" {
		return nil, errors.New(`field "id": missing`)
	}
	if in.Category != "" {
		c, err := hotline.ParseCategory(in.Category)
		if err != nil {
			return nil, fmt.Errorf("order %q: field \"category\": %w", in.ID, err)
		}
		req.Category = c
	}
	if in.Urgency != "" {
		u, err := hotline.ParseUrgency(in.Urgency)
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

// uniqueKeys reads the next JSON value of dec and returns an error naming
// the first key given twice in one of its objects, which json.Unmarshal
// would accept, the last value winning. Keys are compared regardless of
// case, as json.Unmarshal matches them to fields.
func uniqueKeys(dec *json.Decoder) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	switch t {
	case json.Delim('['):
		for dec.More() {
			if err := uniqueKeys(dec); err != nil {
				return err
			}
		}
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return err
			}
			key := strings.ToLower(strings.ToUpper(k.(string))) // ſ and K fold as json.Unmarshal folds them
			if seen[key] {
				return fmt.Errorf("key %q given twice", k)
			}
			seen[key] = true
			if err := uniqueKeys(dec); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = dec.Token() // the closing ] or }
	return err
}
