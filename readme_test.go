package hotline_test

// The README's Go snippets, kept verbatim in the functions below so that
// the compiler and go vet check them with the rest of the package's tests.
// TestReadmeSnippets reads README.md and fails unless every ```go block
// there appears in this file, line for line and contiguously (indented by
// one tab inside a function, or not at all). Together the two keep the
// README honest:
//
//   - edit a snippet in the README only, and TestReadmeSnippets fails;
//   - edit it here only, and TestReadmeSnippets fails too;
//   - change the library so that a snippet no longer compiles (a renamed
//     field, a changed signature), and this file no longer compiles:
//     go vet ./... and go test . fail before any test runs.
//
// The functions are never called: the snippets open databases and read
// files that a test does not have. Each one supplies what its snippet
// takes as given (ctx, svc, host) as a parameter.

import (
	"context"
	"fmt"
	"log"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
)

// The README's "One order, from receipt to the first deadline".
func readmeOneOrder(ctx context.Context) error {
	svc, err := workorder.NewService(workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cn.Calendar(), // Asia/Shanghai, 08:30-12:00 and 14:00-17:30, official holidays
	})
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	o, err := svc.Accept(ctx, centre, &workorder.Order{
		Channel:  hotline.ChannelPhone,
		Category: hotline.CategoryComplaint,
		Text:     "三中村工地凌晨仍在施工，噪音扰民。",
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路8号"},
	})
	o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: unit.ID})
	o, err = svc.Sign(ctx, unit, o.ID)
	fmt.Println(o.State, hotline.FormatDeadline(o.Due, language.Chinese)) // handling, 24:00 of the 5th working day
	return err
}

// The README's scoring of the month so far.
func readmeAssessment(ctx context.Context, svc *workorder.Service) error {
	recs, period, err := svc.Assessment(ctx, assess.MonthToDate(time.Now().In(cn.Calendar().Location())))
	assessor, err := assess.New(assess.SchemeTown())
	rep, err := assessor.Compute(recs, period)
	err = rep.WriteText(os.Stdout, language.Chinese) // 受理, 办结, 响应率, 按期办结率, 超期 … per unit
	return err
}

// The README's "Wiring a service".
func readmeWiring(ctx context.Context) error {
	units, err := unit.LoadFile("units.yaml") // the units and the fallback unit (兜底)
	if err != nil {
		return err
	}
	rules, err := routing.LoadFile("rules.yaml")
	if err != nil {
		return err
	}
	// The rules may name only the directory's active units; the fallback unit is the directory's.
	ruleSet, warnings, err := routing.Compile(rules, routing.Options{Units: units})
	if err != nil {
		return err
	}
	for _, w := range warnings { // rules that can never lead an order
		log.Print(w)
	}
	policies, err := sla.LoadFile("policies.yaml")
	if err != nil {
		return err
	}
	store, err := sqlitestore.Open(ctx, "/var/lib/hotline/orders.db")
	if err != nil {
		return err
	}
	defer store.Close()
	router := routing.NewRouter(ruleSet)
	router.SetHistory(store) // repeats and hotspots are found among the stored orders, across restarts
	svc, err := workorder.NewService(workorder.Config{
		Store:    store,
		Calendar: cn.Calendar(),
		Policies: policies,
		Units:    units,  // dispatches go to active units of the directory only
		Router:   router, // a dispatch that names no lead is routed
		Watch:    true,   // Run raises the sla warnings and overdue alerts
	})
	if err != nil {
		return err
	}
	go svc.Run(ctx) // until ctx is done
	<-ctx.Done()
	return nil
}

// The README's PostgreSQL store with alerts across nodes.
func readmePostgres(ctx context.Context, host string) error {
	policies, cal := sla.DefaultPolicies(), cn.Calendar()
	store, err := pgstore.Open(ctx, "postgres://hotline@db/hotline", pgstore.WithSchema("hotline"),
		pgstore.WithAlerts(pgstore.PolicyPlanner(policies, cal)))
	if err != nil {
		return err
	}
	defer store.Close()
	svc, err := workorder.NewService(workorder.Config{Store: store, Calendar: cal, Policies: policies})
	if err != nil {
		return err
	}
	mon, err := pgstore.NewMonitor(store, pgstore.MonitorConfig{
		Node:    host, // names this node in the alerts it claims
		Handler: svc,
		OnError: func(err error) { log.Print(err) }, // a failed poll is reported, the next one comes
	})
	if err != nil {
		return err
	}
	go mon.Run(ctx)
	<-ctx.Done()
	return nil
}

// The README's new holiday notice.
func readmeNotice() (*calendar.Calendar, error) {
	f, err := os.Open("cn-2027.json")
	cal, err := cn.Load(f) // the embedded notices plus 2027
	return cal, err
}

// readmeFunctions lists the functions above, so that none is left unused.
var readmeFunctions = []any{readmeOneOrder, readmeAssessment, readmeWiring, readmePostgres, readmeNotice}

// The tour's vocabulary (doc.go).
func tourVocabulary() (string, error) {
	c, err := hotline.ParseCategory("投诉") // hotline.CategoryComplaint
	name := c.Name(language.Chinese)      // "投诉"
	return name, err
}

// The tour's calendar (doc.go).
func tourCalendar(received time.Time) calendar.DayInfo {
	cal := cn.Calendar() // Asia/Shanghai, 08:30-12:00 and 14:00-17:30
	due := cal.AddWorkdays(received, 5)
	info := cal.Day(due) // kind, festival name, Statutory, Provisional
	return info
}

// The tour's work order (doc.go).
func tourOrder(ctx context.Context, draft *workorder.Order) (*workorder.Order, error) {
	svc, err := workorder.NewService(workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cn.Calendar(),
	})
	if err != nil {
		return nil, err // a *workorder.ConfigError names the field
	}
	centre, unit := workorder.Centre("话务员01"), workorder.Unit("城管分局")
	o, err := svc.Accept(ctx, centre, draft)
	if err != nil {
		return nil, err // a *workorder.ValidationError names the field
	}
	if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: unit.ID}); err != nil {
		return nil, err
	}
	return svc.Sign(ctx, unit, o.ID)
}

// The tour's assessment (doc.go).
func tourAssessment(ctx context.Context, svc *workorder.Service) error {
	recs, period, err := svc.Assessment(ctx, assess.MonthToDate(time.Now().In(cn.Calendar().Location())))
	if err != nil {
		return err
	}
	assessor, err := assess.New(assess.SchemeTown())
	if err != nil {
		return err
	}
	rep, err := assessor.Compute(recs, period)
	if err != nil {
		return err
	}
	return rep.WriteText(os.Stdout, language.Chinese)
}

// tourFunctions lists the functions above, one per code block of doc.go.
var tourFunctions = []any{tourVocabulary, tourCalendar, tourOrder, tourAssessment}

// goBlock matches a fenced Go block of the README, indented or not (as in a
// list item), capturing the indentation and the code.
var goBlock = regexp.MustCompile("(?m)^([ \t]*)```go\n((?s:.*?))^[ \t]*```[ \t]*$")

// readmeBlocks returns the lines of each Go block of the README, without
// the indentation of its fence.
func readmeBlocks(t *testing.T, readme string) [][]string {
	t.Helper()
	var blocks [][]string
	for _, m := range goBlock.FindAllStringSubmatch(readme, -1) {
		indent, code := m[1], strings.TrimSuffix(m[2], "\n")
		lines := strings.Split(code, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, indent)
		}
		blocks = append(blocks, lines)
	}
	return blocks
}

// docBlocks returns the lines of each code block of a Go file's comments
// (lines "//" followed by a tab), without the comment marker and the tab.
func docBlocks(src string) [][]string {
	var blocks [][]string
	var cur []string
	for _, l := range strings.Split(src, "\n") {
		if code, ok := strings.CutPrefix(l, "//\t"); ok {
			cur = append(cur, code)
			continue
		}
		if cur != nil {
			blocks, cur = append(blocks, cur), nil
		}
	}
	return blocks
}

// containsBlock reports whether the lines of block appear contiguously in
// file, each indented by indent (empty lines as they are).
func containsBlock(file, block []string, indent string) bool {
	for start := 0; start+len(block) <= len(file); start++ {
		match := true
		for i, l := range block {
			want := indent + l
			if l == "" {
				want = ""
			}
			if file[start+i] != want {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	file := strings.Split(string(self), "\n")
	blocks := readmeBlocks(t, string(readme))
	if len(blocks) != len(readmeFunctions) {
		t.Fatalf("README.md has %d Go blocks, want %d, one per function of readme_test.go", len(blocks), len(readmeFunctions))
	}
	for _, b := range blocks {
		if !containsBlock(file, b, "\t") && !containsBlock(file, b, "") {
			t.Errorf("this Go block of README.md is not in readme_test.go; copy it into a function there so that it is compiled:\n%s", strings.Join(b, "\n"))
		}
	}
}

// TestTourSnippets does for the code blocks of the root package's tour,
// doc.go, what TestReadmeSnippets does for the README.
func TestTourSnippets(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	file := strings.Split(string(self), "\n")
	blocks := docBlocks(string(doc))
	if len(blocks) != len(tourFunctions) {
		t.Fatalf("doc.go has %d code blocks, want %d, one per tour function of readme_test.go", len(blocks), len(tourFunctions))
	}
	for _, b := range blocks {
		if !containsBlock(file, b, "\t") {
			t.Errorf("this code block of doc.go is not in readme_test.go; copy it into a function there so that it is compiled:\n%s", strings.Join(b, "\n"))
		}
	}
}

// TestReadmeSnippetsCheck shows that the check finds a changed line, a
// missing line and a block indented differently.
func TestReadmeSnippetsCheck(t *testing.T) {
	file := []string{"func f() {", "\tx := 1", "", "\tfmt.Println(x)", "}"}
	tests := []struct {
		block []string
		want  bool
	}{
		{[]string{"x := 1", "", "fmt.Println(x)"}, true},
		{[]string{"x := 2", "", "fmt.Println(x)"}, false},
		{[]string{"x := 1", "fmt.Println(x)"}, false},
		{[]string{"\tx := 1"}, false},
		{[]string{"func f() {", "\tx := 1"}, false}, // only with no indentation
	}
	for _, tt := range tests {
		if got := containsBlock(file, tt.block, "\t"); got != tt.want {
			t.Errorf("containsBlock(%q) = %v, want %v", tt.block, got, tt.want)
		}
	}
	readme := "text\n\n```go\na := 1\n```\n\n- item\n\n  ```go\n  b := 2\n  ```\n\n```sh\ngo test\n```\n"
	blocks := readmeBlocks(t, readme)
	if len(blocks) != 2 || blocks[0][0] != "a := 1" || blocks[1][0] != "b := 2" {
		t.Errorf("readmeBlocks = %q", blocks)
	}
	doc := "// Text.\n//\n//\tx := 1\n//\t\ty()\n//\n// More.\n//\n//\tz()\npackage p\n"
	if blocks := docBlocks(doc); len(blocks) != 2 || len(blocks[0]) != 2 || blocks[0][1] != "\ty()" || blocks[1][0] != "z()" {
		t.Errorf("docBlocks = %q", blocks)
	}
}

// The README's first snippet runs, not only compiles: its order reaches
// the handling state with a deadline.
func TestReadmeOneOrderRuns(t *testing.T) {
	if err := readmeOneOrder(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// The tour's work order runs: the draft is accepted, dispatched and signed.
func TestTourOrderRuns(t *testing.T) {
	o, err := tourOrder(context.Background(), &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Text: "路灯坏了", Location: workorder.Location{Region: "清溪镇"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if o.State != workorder.StateHandling || o.Lead != "城管分局" {
		t.Errorf("state %v, lead %q; want handling by 城管分局", o.State, o.Lead)
	}
}
