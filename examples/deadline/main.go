// Command deadline answers "by when?" for a 12345 order: the deadline of
// every target of the default policy for a category and urgency, for an
// order received (and dispatched) at a given instant, on the official
// China calendar.
//
//	go run ./examples/deadline -category complaint -at 2025-09-26T10:00:00+08:00
//	go run ./examples/deadline -category help -urgency emergency -at 2025-10-01T09:00:00+08:00 -lang en
//	go run ./examples/deadline -category complaint -at 2025-09-26T10:00:00+08:00 -json
//
// Without -json it prints a table in Chinese, or English with -lang en; an
// end of day shows as 24:00 of that day (hotline.FormatDeadline).
// With -json it prints one object whose "targets" array gives, per target,
// its name, clock, due instant (RFC 3339 in Asia/Shanghai; an end of day
// is the next day's 00:00) and whether it is provisional (rests on days
// no holiday notice fixes yet: a year without one, or the last week of
// the last year with one).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/sla"
	"golang.org/x/text/language"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the deadline could not be computed
	exitUsage = 2 // bad flags or values
)

// timeLayouts are the accepted forms of -at; the last two are read in
// Asia/Shanghai.
var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04"}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deadline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	categoryFlag := fs.String("category", "", "category: "+names(hotline.Categories()))
	urgencyFlag := fs.String("urgency", string(hotline.UrgencyNormal), "urgency: "+names(hotline.Urgencies()))
	atFlag := fs.String("at", "", "when the order was received, e.g. 2025-09-26T10:00:00+08:00 (default now)")
	jsonFlag := fs.Bool("json", false, "print JSON")
	langFlag := fs.String("lang", "zh", "language of the table, a language tag: Chinese for zh (zh-CN, zh-TW, ...), English for any other")
	policiesFlag := fs.String("policies", "", "a policy file (YAML or JSON) instead of the default policies")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "deadline: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	usage := func(err error) int {
		fmt.Fprintln(stderr, "deadline:", err)
		return exitUsage
	}
	if *categoryFlag == "" {
		return usage(fmt.Errorf("-category is required (accepted: %s)", names(hotline.Categories())))
	}
	category, err := hotline.ParseCategory(*categoryFlag)
	if err != nil {
		return usage(err)
	}
	urgency, err := hotline.ParseUrgency(*urgencyFlag)
	if err != nil {
		return usage(err)
	}
	lang, err := language.Parse(*langFlag)
	if err != nil {
		return usage(fmt.Errorf("-lang %q: not a language tag such as zh or en", *langFlag))
	}
	cal := cn.Calendar()
	at := time.Now().In(cal.Location()).Truncate(time.Minute)
	if *atFlag != "" {
		if at, err = parseTime(*atFlag, cal.Location()); err != nil {
			return usage(err)
		}
		// Shown in Shanghai like the deadlines, whatever zone it came in.
		at = at.In(cal.Location())
	}
	policies := sla.DefaultPolicies()
	if *policiesFlag != "" {
		if policies, err = sla.LoadFile(*policiesFlag); err != nil {
			return usage(err)
		}
	}
	p, err := policies.Lookup(sla.Key{Category: category, Urgency: urgency})
	if err != nil {
		fmt.Fprintln(stderr, "deadline:", err)
		return exitError
	}
	tl := sla.Timeline{{Kind: sla.EventReceived, At: at}, {Kind: sla.EventDispatched, At: at}}
	rs, err := sla.Evaluate(p, cal, tl, at)
	if err != nil {
		fmt.Fprintln(stderr, "deadline:", err)
		return exitError
	}
	if *jsonFlag {
		err = writeJSON(stdout, p, category, urgency, at, rs)
	} else {
		err = writeTable(stdout, lang, p, category, urgency, at, rs)
	}
	if err != nil {
		fmt.Fprintln(stderr, "deadline:", err)
		return exitError
	}
	return exitOK
}

func names[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

func parseTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("-at %q: not a time (accepted: RFC 3339 such as 2025-09-26T10:00:00+08:00, or 2025-09-26T10:00 or \"2025-09-26 10:00\" in Asia/Shanghai)", s)
}

// The JSON output.
type (
	output struct {
		Category string   `json:"category"`
		Urgency  string   `json:"urgency"`
		Policy   string   `json:"policy"`
		Received string   `json:"received"`
		Targets  []target `json:"targets"`
	}
	target struct {
		Name        string `json:"name"`
		Clock       string `json:"clock"`
		Amount      string `json:"amount,omitempty"`
		Due         string `json:"due"`
		WarnAt      string `json:"warn_at,omitempty"`
		Window      bool   `json:"window,omitempty"`
		Provisional bool   `json:"provisional"`
	}
)

func writeJSON(w io.Writer, p *sla.Policy, c hotline.Category, u hotline.Urgency, at time.Time, rs []sla.Result) error {
	out := output{Category: string(c), Urgency: string(u), Policy: p.Name, Received: at.Format(time.RFC3339), Targets: []target{}}
	for i, r := range rs {
		t := target{Name: r.Name, Clock: r.Clock.String(), Due: r.Due.Format(time.RFC3339), Window: r.Window, Provisional: r.Provisional}
		if a := p.Targets[i].Amount; !a.IsZero() {
			t.Amount = a.String()
		}
		if !r.WarnAt.IsZero() {
			t.WarnAt = r.WarnAt.Format(time.RFC3339)
		}
		out.Targets = append(out.Targets, t)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// The texts of the table.
var (
	msgTitle       = i18n.Msg{EN: "%s (%s), received %s", ZH: "%s（%s），受理时间 %s"}
	msgWorkingDay  = i18n.Msg{EN: "%d working day", ZH: "%d个工作日"}
	msgWorkingDays = i18n.Msg{EN: "%d working days", ZH: "%d个工作日"}
	msgSameDay     = i18n.Msg{EN: "same day", ZH: "当日"}
	msgWindow      = i18n.Msg{EN: "window", ZH: "窗口期"}
	msgProvisional = i18n.Msg{EN: "provisional", ZH: "暂定"}
	msgFootnote    = i18n.Msg{EN: "provisional: rests on days no official holiday notice fixes yet; may change",
		ZH: "暂定：所涉日期尚无国务院放假安排通知确定，截止时间可能变化"}
	msgHeader = [...]i18n.Msg{{EN: "Target", ZH: "目标"}, {EN: "Clock", ZH: "计时"}, {EN: "Allowed", ZH: "时限"},
		{EN: "Due", ZH: "截止"}, {EN: "Warning", ZH: "预警"}, {EN: "Note", ZH: "备注"}}
)

func writeTable(w io.Writer, lang language.Tag, p *sla.Policy, c hotline.Category, u hotline.Urgency, at time.Time, rs []sla.Result) error {
	pr := i18n.NewPrinter(lang)
	zh := pr.Lang() == i18n.Chinese
	category := strings.ToUpper(string(c)[:1]) + string(c)[1:]
	if zh {
		category = c.Name(lang)
	}
	if _, err := fmt.Fprintln(w, pr.Sprintf(msgTitle, category, u.Name(lang), i18n.FormatDeadline(at, lang))); err != nil {
		return err
	}
	var header []string
	for _, m := range msgHeader {
		header = append(header, pr.Text(m))
	}
	rows := [][]string{header}
	provisional := false
	for i, r := range rs {
		amount := p.Targets[i].Amount
		var allowed string
		switch {
		case r.Clock == sla.ClockSameDay:
			allowed = pr.Text(msgSameDay)
		case amount.Days == 1:
			allowed = pr.Sprintf(msgWorkingDay, amount.Days)
		case amount.Days > 0:
			allowed = pr.Sprintf(msgWorkingDays, amount.Days)
		case zh:
			allowed = durationZH(amount.Duration)
		default:
			allowed = sla.FormatDuration(amount.Duration)
		}
		var notes []string
		if r.Window {
			notes = append(notes, pr.Text(msgWindow))
		}
		if r.Provisional {
			notes = append(notes, pr.Text(msgProvisional)+" *")
			provisional = true
		}
		rows = append(rows, []string{sla.TargetName(r.Name, lang), r.Clock.Name(lang), allowed,
			i18n.FormatDeadline(r.Due, lang), i18n.FormatDeadline(r.WarnAt, lang), strings.Join(notes, ", ")})
	}
	if err := printRows(w, rows); err != nil {
		return err
	}
	if provisional {
		if _, err := fmt.Fprintln(w, "* "+pr.Text(msgFootnote)); err != nil {
			return err
		}
	}
	return nil
}

// durationZH writes d in Chinese, e.g. 1小时30分钟.
func durationZH(d time.Duration) string {
	var b strings.Builder
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%d小时", h)
	}
	if m := d % time.Hour / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%d分钟", m)
	}
	if s := d % time.Minute / time.Second; s > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%d秒", s)
	}
	return b.String()
}

// printRows prints rows as columns aligned by display width: a Chinese
// character takes two columns.
func printRows(w io.Writer, rows [][]string) error {
	_, err := io.WriteString(w, i18n.Columns(rows))
	return err
}
