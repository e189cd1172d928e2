package sla_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The default policies written as YAML and as JSON load back to the same
// policies.
func TestDefaultPoliciesWriteAndLoadBack(t *testing.T) {
	want := sla.DefaultPolicies().Policies()
	var y, j bytes.Buffer
	require.NoError(t, sla.DefaultPolicies().WriteYAML(&y))
	require.NoError(t, sla.DefaultPolicies().WriteJSON(&j))
	for name, data := range map[string][]byte{"yaml": y.Bytes(), "json": j.Bytes()} {
		s, err := sla.Parse(bytes.NewReader(data))
		require.NoError(t, err, name)
		assert.Equal(t, want, s.Policies(), name)
	}
}

func TestDefaultPolicies(t *testing.T) {
	ps := sla.DefaultPolicies()
	assert.Equal(t, 8, ps.Len())
	finishDays := map[hotline.Category]int{
		hotline.CategoryConsultation: 2, hotline.CategoryHelp: 5, hotline.CategoryComplaint: 5, hotline.CategoryReport: 5,
		hotline.CategorySuggestion: 10, hotline.CategoryPraise: 5, hotline.CategoryOther: 5,
	}
	for _, c := range hotline.Categories() {
		p, err := ps.Lookup(sla.Key{Category: c, Urgency: hotline.UrgencyNormal})
		require.NoError(t, err)
		assert.Equal(t, string(c), p.Name)
		names := []string{}
		for _, tg := range p.Targets {
			names = append(names, tg.Name)
		}
		assert.Equal(t, []string{sla.TargetSign, sla.TargetReturn, sla.TargetFinish}, names)
		assert.Equal(t, sla.Amount{Days: finishDays[c]}, p.Target(sla.TargetFinish).Amount)
		assert.True(t, p.Target(sla.TargetReturn).Window)

		e, err := ps.Lookup(sla.Key{Category: c, Urgency: hotline.UrgencyEmergency})
		require.NoError(t, err)
		assert.Equal(t, "emergency", e.Name)
	}
	e, _ := ps.Policy("emergency")
	assert.Equal(t, sla.Amount{Duration: 30 * time.Minute}, e.Target(sla.TargetContact).Amount)
	assert.Equal(t, sla.Amount{Duration: time.Hour}, e.Target(sla.TargetArrive).Amount)
	assert.Equal(t, sla.ClockSameDay, e.Target(sla.TargetFinish).Clock)
	assert.Equal(t, sla.Amount{Days: 2}, e.Target(sla.TargetFeedback).Amount)
	assert.Equal(t, sla.Amount{Duration: 15 * time.Minute}, e.Target(sla.TargetSign).Amount)

	// The set is a copy: changing what Policies returns changes nothing.
	cp := ps.Policies()
	cp[0].Targets[0].Name = "changed"
	again, _ := ps.Policy("emergency")
	assert.Equal(t, sla.TargetSign, again.Targets[0].Name)
}

func TestLookup(t *testing.T) {
	tg := sla.Target{Name: "finish", Clock: sla.ClockWorkingDays, Amount: days(5), Start: sla.EventReceived, MetBy: []sla.EventKind{sla.EventClosed}}
	ps, err := sla.NewPolicySet(
		sla.Policy{Name: "any", Targets: []sla.Target{tg}},
		sla.Policy{Name: "complaint", Category: hotline.CategoryComplaint, Targets: []sla.Target{tg}},
		sla.Policy{Name: "emergency", Urgency: hotline.UrgencyEmergency, Targets: []sla.Target{tg}},
		sla.Policy{Name: "complaint-unit", Category: hotline.CategoryComplaint, Unit: "water", Targets: []sla.Target{tg}},
		sla.Policy{Name: "region", Region: "east", Targets: []sla.Target{tg}},
	)
	require.NoError(t, err)
	tests := []struct {
		key  sla.Key
		want string
	}{
		{sla.Key{Category: hotline.CategoryHelp, Urgency: hotline.UrgencyNormal}, "any"},
		{sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal}, "complaint"},
		{sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal, Unit: "water"}, "complaint-unit"},
		{sla.Key{Category: hotline.CategoryHelp, Urgency: hotline.UrgencyEmergency}, "emergency"},
		{sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyEmergency}, "complaint"}, // equal specificity: first wins
		{sla.Key{Category: hotline.CategoryHelp, Region: "east"}, "region"},
	}
	for _, tt := range tests {
		p, err := ps.Lookup(tt.key)
		require.NoError(t, err)
		assert.Equal(t, tt.want, p.Name, "%+v", tt.key)
	}
	_, err = sla.DefaultPolicies().Lookup(sla.Key{Category: hotline.CategoryHelp})
	assert.ErrorIs(t, err, sla.ErrNoPolicy)
	var zero sla.PolicySet
	_, err = zero.Lookup(sla.Key{})
	assert.ErrorIs(t, err, sla.ErrNoPolicy)

	_, err = sla.NewPolicySet(sla.Policy{Name: "a", Targets: []sla.Target{tg}}, sla.Policy{Name: "a", Targets: []sla.Target{tg}})
	var pe *sla.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "a", pe.Policy)
	assert.Equal(t, "name", pe.Field)
}

// policyFile wraps one target in a policy file.
func policyFile(target string) string {
	return "policies:\n  - name: p\n    targets:\n      - " + strings.ReplaceAll(strings.TrimSpace(target), "\n", "\n        ") + "\n"
}

const goodTarget = `name: finish
clock: working_days
days: 5
start: received
met_by: [finished]`

// parseErrorCases are policy files with one mistake each; they also seed
// FuzzParse.
var parseErrorCases = []struct {
	name   string
	file   string
	policy string
	field  string
	is     error
	msg    string
}{
	{"unknown top key", "policy: []", "", "policy", sla.ErrUnknownField, "known: policies"},
	{"no policies", "other: 1\n", "", "other", sla.ErrUnknownField, ""},
	{"policies not a list", "policies: 3", "", "policies", nil, "want a list"},
	{"unknown policy key", "policies:\n  - name: p\n    categry: help\n    targets: []", "p", "categry", sla.ErrUnknownField, "category"},
	{"policy without name", "policies:\n  - targets: []", "", "policies[0].name", nil, "missing"},
	{"bad category", "policies:\n  - name: p\n    category: complain\n    targets:\n      - {" + strings.ReplaceAll(goodTarget, "\n", ", ") + "}", "p", "category", hotline.ErrUnknownName, "accepted: consultation"},
	{"bad urgency", "policies:\n  - name: p\n    urgency: urgent\n    targets:\n      - {" + strings.ReplaceAll(goodTarget, "\n", ", ") + "}", "p", "urgency", hotline.ErrUnknownName, ""},
	{"no targets", "policies:\n  - name: p\n    targets: []", "p", "targets", nil, "empty"},
	{"unknown target key", policyFile(goodTarget + "\npausible: true"), "p", "targets[0].pausible", sla.ErrUnknownField, "pausable"},
	{"bad clock", policyFile(strings.Replace(goodTarget, "working_days", "workdays", 1)), "p", "targets[0].clock", sla.ErrUnknownClock, "working_days"},
	{"days as text", policyFile(strings.Replace(goodTarget, "days: 5", "days: five", 1)), "p", "targets[0].days", nil, "whole number"},
	{"days zero", policyFile(strings.Replace(goodTarget, "days: 5", "days: 0", 1)), "p", "targets[0].days", sla.ErrInvalidAmount, ""},
	{"duration on working days", policyFile(goodTarget + "\nduration: 2h"), "p", "targets[0].duration", sla.ErrInvalidAmount, "not a duration"},
	{"days on natural", policyFile("name: x\nclock: natural\ndays: 2\nstart: received\nmet_by: [arrived]"), "p", "targets[0].days", sla.ErrInvalidAmount, "takes a duration"},
	{"amount on same day", policyFile("name: x\nclock: same_day\nduration: 2h\nstart: received\nmet_by: [arrived]"), "p", "targets[0].duration", sla.ErrInvalidAmount, "no amount"},
	{"bad duration", policyFile("name: x\nclock: natural\nduration: 30 minutes\nstart: received\nmet_by: [arrived]"), "p", "targets[0].duration", nil, "30m"},
	{"duration as number", policyFile("name: x\nclock: natural\nduration: 30\nstart: received\nmet_by: [arrived]"), "p", "targets[0].duration", nil, "want a duration"},
	{"bad start", policyFile(strings.Replace(goodTarget, "start: received", "start: recieved", 1)), "p", "targets[0].start", sla.ErrUnknownEvent, "received"},
	{"bad met_by", policyFile(strings.Replace(goodTarget, "[finished]", "[finished, done]", 1)), "p", "targets[0].met_by[1]", sla.ErrUnknownEvent, ""},
	{"met_by missing", policyFile("name: finish\nclock: working_days\ndays: 5\nstart: received"), "p", "targets[0].met_by", nil, "empty"},
	{"fraction too big", policyFile(goodTarget + "\nwarnings: [{fraction: 1.5}]"), "p", "targets[0].warnings[0].fraction", nil, "0 < fraction < 1"},
	{"unknown warning key", policyFile(goodTarget + "\nwarnings: [{at: 0.5}]"), "p", "targets[0].warnings[0].at", sla.ErrUnknownField, ""},
	{"before_days too many", policyFile(goodTarget + "\nwarnings: [{before_days: 5}]"), "p", "targets[0].warnings[0].before_days", sla.ErrInvalidAmount, ""},
	{"extension unit", policyFile(goodTarget + "\nextension: {max_count: 1, max_duration: 2h}"), "p", "targets[0].extension.max_duration", sla.ErrInvalidAmount, "not a duration"},
	{"extension total without count", policyFile(goodTarget + "\nextension: {max_count: 0, max_days: 2}"), "p", "targets[0].extension.max_days", nil, "max_count 0"},
	{"extension count", policyFile(goodTarget + "\nextension: {max_count: -1}"), "p", "targets[0].extension.max_count", nil, ""},
	{"from_start_day on natural", policyFile("name: x\nclock: natural\nduration: 1h\nfrom_start_day: true\nstart: received\nmet_by: [arrived]"), "p", "targets[0].from_start_day", nil, ""},
	{"window with warnings", policyFile(goodTarget + "\nwindow: true\nwarnings: [{fraction: 0.5}]"), "p", "targets[0].warnings", nil, ""},
	{"boolean as text", policyFile(goodTarget + "\npausable: maybe"), "p", "targets[0].pausable", nil, "true or false"},
	{"duplicate target", "policies:\n  - name: p\n    targets:\n      - {" + strings.ReplaceAll(goodTarget, "\n", ", ") + "}\n      - {" + strings.ReplaceAll(goodTarget, "\n", ", ") + "}", "p", "targets[1].name", nil, "twice"},
	{"json unknown field", `{"policies": [{"name": "j", "targets": [], "colour": 1}]}`, "j", "colour", sla.ErrUnknownField, ""},
	{"json days as text", `{"policies": [{"name": "j", "targets": [{"name": "f", "clock": "working_days", "days": "five", "start": "received", "met_by": ["closed"]}]}]}`, "j", "targets[0].days", nil, "whole number"},
	{"yaml syntax", "policies: [", "", "", nil, "not valid YAML"},
	{"json syntax", `{"policies": [}`, "", "", nil, "not valid YAML: did not find expected node content"},
	// Regression: JSON was read with a decoder of its own that stopped
	// after the first value and took no notice of the stray brace.
	{"json with a stray brace", `{"policies": []}}`, "", "", nil, "not valid YAML"},
	// Regression: "policies[0]." with a stray dot.
	{"policy not a mapping", "policies: [3]", "", "policies[0]", nil, "want a mapping, got a number"},
	// Regression: "want a mapping, got a mapping".
	{"number as a key", "1: x\npolicies: []", "", "1", sla.ErrUnknownField, "a number as a key"},
	{"null as a key", "policies:\n  - {name: p, null: x, targets: []}", "p", "null", sla.ErrUnknownField, "nothing as a key"},
	{"boolean as a policy key", "policies:\n  - {name: p, true: x, targets: []}", "p", "true", sla.ErrUnknownField, "a boolean as a key"},
	{"number as a target key", policyFile(goodTarget + "\n2: x"), "p", "targets[0].2", sla.ErrUnknownField, "a number as a key: unknown field (known: name, clock"},
	{"empty", "", "", "", nil, "empty"},
	{"key given twice", "policies:\n  - name: p\n    category: help\n    category: report\n    targets: []", "p", "category", nil, "given twice, first on line 3"},
	{"target key given twice", policyFile(goodTarget + "\ndays: 6"), "p", "targets[0].days", nil, "given twice, first on line 6"},
	{"policy name given twice", "policies:\n  - {name: p, targets: [{name: f, clock: natural, duration: 1h, start: received, met_by: [closed]}]}\n  - {name: p, targets: [{name: f, clock: natural, duration: 1h, start: received, met_by: [closed]}]}", "p", "name", nil, `"p" is given twice`},
	{"two documents", "policies: []\n---\npolicies: []\n", "", "", nil, "one document"},
}

func TestParseErrors(t *testing.T) {
	// Where each mistake is: line and column, 0 when the parser gives none.
	positions := map[string][2]int{
		"unknown top key":               {1, 1},
		"no policies":                   {1, 1},
		"policies not a list":           {1, 11},
		"unknown policy key":            {3, 5},
		"policy without name":           {2, 5},
		"bad category":                  {3, 15},
		"bad urgency":                   {3, 14},
		"no targets":                    {3, 14},
		"unknown target key":            {9, 9},
		"bad clock":                     {5, 16},
		"days as text":                  {6, 15},
		"days zero":                     {6, 15},
		"duration on working days":      {9, 19},
		"days on natural":               {6, 15},
		"amount on same day":            {6, 19},
		"bad duration":                  {6, 19},
		"duration as number":            {6, 19},
		"bad start":                     {7, 16},
		"bad met_by":                    {8, 28},
		"met_by missing":                {4, 9},
		"fraction too big":              {9, 31},
		"unknown warning key":           {9, 21},
		"before_days too many":          {9, 34},
		"extension unit":                {9, 49},
		"extension total without count": {9, 45},
		"extension count":               {9, 32},
		"from_start_day on natural":     {7, 25},
		"window with warnings":          {10, 19},
		"boolean as text":               {9, 19},
		"duplicate target":              {5, 16},
		"json unknown field":            {1, 44},
		"json days as text":             {1, 88},
		"yaml syntax":                   {1, 0},
		"json syntax":                   {0, 0},
		"json with a stray brace":       {0, 0},
		"policy not a mapping":          {1, 12},
		"number as a key":               {1, 1},
		"null as a key":                 {2, 15},
		"boolean as a policy key":       {2, 15},
		"number as a target key":        {9, 9},
		"empty":                         {0, 0},
		"key given twice":               {4, 5},
		"target key given twice":        {9, 9},
		"policy name given twice":       {3, 12},
		"two documents":                 {2, 1},
	}
	for _, tt := range parseErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.Parse(strings.NewReader(tt.file))
			var pe *sla.PolicyError
			require.ErrorAs(t, err, &pe, "%v", err)
			assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
			assert.Equal(t, tt.policy, pe.Policy, "%v", err)
			assert.Equal(t, tt.field, pe.Field, "%v", err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Contains(t, err.Error(), tt.msg)
			pos, ok := positions[tt.name]
			require.True(t, ok, "no position for %s", tt.name)
			assert.Equal(t, pos, [2]int{pe.Line, pe.Column}, "line and column of %v", err)
			switch {
			case pe.Column > 0:
				assert.Contains(t, err.Error(), fmt.Sprintf("(line %d, column %d)", pe.Line, pe.Column))
			case pe.Line > 0:
				assert.Contains(t, err.Error(), fmt.Sprintf("(line %d)", pe.Line))
			}
			assert.True(t, strings.HasPrefix(err.Error(), "sla: "), err.Error())
		})
	}
}

func TestParseAccepts(t *testing.T) {
	file := `
policies:
  - name: water-works
    category: complaint
    urgency: normal
    unit: water
    region: east
    targets:
      - name: finish
        clock: working-time
        duration: 1h30m
        start: signed
        met_by: [finished, closed]
        pausable: true
        warnings:
          - fraction: 0.5
          - before: 15m
        extension: {max_count: 2, max_duration: 3h}
      - name: visit
        clock: working_days
        days: 3
        from_start_day: true
        close_of_work: true
        start: finished
        met_by: [closed]
        warnings: [{before_days: 1}]
`
	s, err := sla.Parse(strings.NewReader(file))
	require.NoError(t, err)
	p, err := s.Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal, Unit: "water", Region: "east"})
	require.NoError(t, err)
	assert.Equal(t, sla.Policy{Name: "water-works", Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal, Unit: "water", Region: "east",
		Targets: []sla.Target{
			{Name: "finish", Clock: sla.ClockWorkingTime, Amount: dur(90 * time.Minute), Start: sla.EventSigned,
				MetBy: []sla.EventKind{sla.EventFinished, sla.EventClosed}, Pausable: true,
				Warnings:  []sla.Warning{{Fraction: 0.5}, {Before: dur(15 * time.Minute)}},
				Extension: sla.ExtensionLimit{MaxCount: 2, MaxTotal: dur(3 * time.Hour)}},
			{Name: "visit", Clock: sla.ClockWorkingDays, Amount: days(3), FromStartDay: true, CloseOfWork: true,
				Start: sla.EventFinished, MetBy: []sla.EventKind{sla.EventClosed}, Warnings: []sla.Warning{{Before: days(1)}}},
		}}, *p)

	// JSON with the same content.
	var buf bytes.Buffer
	require.NoError(t, s.WriteJSON(&buf))
	j, err := sla.Parse(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, s.Policies(), j.Policies())
}

// Regression: a file starting with '{' was read as JSON, so YAML in flow
// style failed to load.
func TestParseFlowStyleAndJSON(t *testing.T) {
	want := []sla.Policy{{Name: "p", Urgency: hotline.UrgencyEmergency, Targets: []sla.Target{
		{Name: "f", Clock: sla.ClockNatural, Amount: dur(90 * time.Minute), Start: sla.EventReceived,
			MetBy: []sla.EventKind{sla.EventClosed}, Warnings: []sla.Warning{{Fraction: 0.5}}},
	}}}
	for name, file := range map[string]string{
		"flow style": `{policies: [{name: p, urgency: emergency, targets: [{name: f, clock: natural, duration: 1h30m,
			start: received, met_by: [closed], warnings: [{fraction: 0.5}]}]}]}`,
		"json": `{"policies": [{"name": "p", "urgency": "emergency", "targets": [{"name": "f", "clock": "natural",
			"duration": "1h30m", "start": "received", "met_by": ["closed"], "warnings": [{"fraction": 0.5}]}]}]}`,
		"json after a byte order mark": "\ufeff" + `{"policies": [{"name": "p", "urgency": "emergency", "targets": [{"name": "f",
			"clock": "natural", "duration": "1h30m", "start": "received", "met_by": ["closed"], "warnings": [{"fraction": 0.5}]}]}]}`,
	} {
		s, err := sla.Parse(strings.NewReader(file))
		require.NoError(t, err, name)
		assert.Equal(t, want, s.Policies(), name)
	}
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policies.yaml")
	require.NoError(t, os.WriteFile(path, sla.DefaultPoliciesYAML(), 0o600))
	s, err := sla.LoadFile(path)
	require.NoError(t, err)
	assert.Equal(t, sla.DefaultPolicies().Policies(), s.Policies())

	require.NoError(t, os.WriteFile(path, []byte(policyFile(goodTarget+"\npausible: true")), 0o600))
	_, err = sla.LoadFile(path)
	var pe *sla.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 9, pe.Line)
	assert.ErrorIs(t, err, sla.ErrUnknownField)
	assert.True(t, strings.HasPrefix(err.Error(), path+`: sla: policy "p": targets[0].pausible: unknown field`), err.Error())

	_, err = sla.LoadFile(filepath.Join(t.TempDir(), "none.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestParseReadError(t *testing.T) {
	_, err := sla.Parse(errReader{})
	assert.ErrorIs(t, err, sla.ErrInvalidPolicy)
	assert.ErrorIs(t, err, errBoom)
}

var errBoom = errors.New("boom")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBoom }

// Each call returns policies of its own: a caller that changes what it got
// changes nothing for the next.
func TestDefaultPoliciesAreCopies(t *testing.T) {
	ps := sla.DefaultPolicies()
	p, err := ps.Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	require.NoError(t, err)
	f := p.Target(sla.TargetFinish)
	f.Amount = days(50)
	f.MetBy[0] = sla.EventReopened
	f.Warnings[0].Fraction = 0.1
	e, _ := ps.Policy("emergency")
	e.Targets[0].RestartOn[0] = sla.EventClosed
	data := sla.DefaultPoliciesYAML()
	copy(data, "garbage")

	fresh := sla.DefaultPolicies()
	q, err := fresh.Lookup(sla.Key{Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal})
	require.NoError(t, err)
	g := q.Target(sla.TargetFinish)
	assert.Equal(t, days(5), g.Amount)
	assert.Equal(t, []sla.EventKind{sla.EventFinished, sla.EventReplied, sla.EventClosed}, g.MetBy)
	assert.Equal(t, []sla.Warning{{Fraction: 0.75}}, g.Warnings)
	e, _ = fresh.Policy("emergency")
	assert.Equal(t, []sla.EventKind{sla.EventDispatched}, e.Targets[0].RestartOn)
	assert.True(t, bytes.HasPrefix(sla.DefaultPoliciesYAML(), []byte("# The default deadline policies")))
}

func TestCheckExtension(t *testing.T) {
	p := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	received := tm(2025, 9, 26, 10, 0)
	tl := sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventDispatched, received)}
	at := tm(2025, 10, 9, 9, 0)

	require.NoError(t, sla.CheckExtension(p, tl, sla.TargetFinish, days(10), at))
	// Past max_total (10 working days).
	err := sla.CheckExtension(p, tl, sla.TargetFinish, days(11), at)
	var xe *sla.ExtensionError
	require.ErrorAs(t, err, &xe)
	assert.ErrorIs(t, err, sla.ErrExtensionLimit)
	assert.Equal(t, sla.ExtensionError{Policy: "complaint", Target: "finish", Limit: sla.LimitMaxTotal, MaxCount: 1,
		MaxTotal: days(10), Count: 0, Total: sla.Amount{}, Requested: days(11)}, *xe)
	assert.Equal(t, `sla: policy "complaint": target "finish": extension of 11 working days would exceed max_total 10 working days (0 granted)`, err.Error())

	// Past max_count (1).
	tl = append(tl, ext(tm(2025, 10, 9, 9, 0), sla.TargetFinish, days(3)))
	err = sla.CheckExtension(p, tl, sla.TargetFinish, days(1), at)
	require.ErrorAs(t, err, &xe)
	assert.Equal(t, sla.LimitMaxCount, xe.Limit)
	assert.Equal(t, 1, xe.Count)
	assert.Equal(t, days(3), xe.Total)
	assert.Equal(t, `sla: policy "complaint": target "finish": extension limit max_count 1 reached (1 granted)`, err.Error())
	// The extension granted later than at does not count yet.
	assert.NoError(t, sla.CheckExtension(p, tl, sla.TargetFinish, days(1), tm(2025, 10, 8, 9, 0)))

	tests := []struct {
		name   string
		p      *sla.Policy
		target string
		amount sla.Amount
		tl     sla.Timeline
		want   error
	}{
		{"praise allows none", lookup(t, hotline.CategoryPraise, hotline.UrgencyNormal), sla.TargetFinish, days(1), tl[:2], sla.ErrExtensionLimit},
		{"sign allows none", p, sla.TargetSign, days(1), tl[:2], sla.ErrExtensionLimit},
		{"wrong unit", p, sla.TargetFinish, dur(time.Hour), tl[:2], sla.ErrInvalidAmount},
		{"zero", p, sla.TargetFinish, sla.Amount{}, tl[:2], sla.ErrInvalidAmount},
		{"unknown target", p, "nope", days(1), tl[:2], sla.ErrUnknownTarget},
		{"not started", p, sla.TargetFinish, days(1), nil, sla.ErrNotStarted},
		{"met", p, sla.TargetFinish, days(1), append(tl[:2:2], ev(sla.EventFinished, tm(2025, 10, 1, 9, 0))), sla.ErrAlreadyMet},
		{"nil policy", nil, sla.TargetFinish, days(1), tl[:2], sla.ErrInvalidPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorIs(t, sla.CheckExtension(tt.p, tt.tl, tt.target, tt.amount, at), tt.want)
		})
	}

	// A reopened order starts a new run of finish with its own limit.
	tl = append(tl, ev(sla.EventClosed, tm(2025, 10, 9, 10, 0)), ev(sla.EventReopened, tm(2025, 10, 10, 9, 0)))
	assert.NoError(t, sla.CheckExtension(p, tl, sla.TargetFinish, days(10), tm(2025, 10, 10, 10, 0)))
}

// Regression: CheckExtension cut the timeline at the instant without
// checking it, and used the target without validating it, so a recorded
// extension of -100 days let a 50-day request pass a 5-day max_total, an
// event out of order read as the target met, and a target with no clock
// and no met_by was extended.
func TestCheckExtensionChecksItsInput(t *testing.T) {
	complaint := lookup(t, hotline.CategoryComplaint, hotline.UrgencyNormal)
	twice := finishTarget(sla.ClockWorkingDays, days(5))
	twice.Extension = sla.ExtensionLimit{MaxCount: 2, MaxTotal: days(5)}
	received := tm(2025, 9, 26, 10, 0)
	at := tm(2025, 10, 9, 9, 0)
	tests := []struct {
		name   string
		p      *sla.Policy
		tl     sla.Timeline
		amount sla.Amount
		want   error
	}{
		{"an extension below zero recorded", single(twice),
			sla.Timeline{ev(sla.EventReceived, received), ext(tm(2025, 9, 29, 10, 0), "finish", days(-100))}, days(50), sla.ErrInvalidTimeline},
		{"finished before received", complaint,
			sla.Timeline{ev(sla.EventReceived, tm(2025, 10, 1, 10, 0)), ev(sla.EventFinished, tm(2025, 9, 30, 10, 0))}, days(1), sla.ErrInvalidTimeline},
		{"out of order after the instant", complaint,
			sla.Timeline{ev(sla.EventReceived, received), ev(sla.EventClosed, tm(2025, 10, 20, 9, 0)), ev(sla.EventDispatched, tm(2025, 10, 15, 9, 0))}, days(1), sla.ErrInvalidTimeline},
		{"a recorded extension of an unknown target", complaint,
			sla.Timeline{ev(sla.EventReceived, received), ext(tm(2025, 9, 29, 10, 0), "nope", days(1))}, days(1), sla.ErrUnknownTarget},
		{"a recorded extension in hours on working days", complaint,
			sla.Timeline{ev(sla.EventReceived, received), ext(tm(2025, 9, 29, 10, 0), sla.TargetFinish, dur(time.Hour))}, days(1), sla.ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sla.CheckExtension(tt.p, tt.tl, "finish", tt.amount, at)
			assert.ErrorIs(t, err, tt.want)
			assert.NotErrorIs(t, err, sla.ErrAlreadyMet)
		})
	}

	// A target with no clock and no met_by is invalid, as Evaluate says.
	bare := single(sla.Target{Name: "x", Start: sla.EventReceived, Extension: sla.ExtensionLimit{MaxCount: 1}})
	err := sla.CheckExtension(bare, sla.Timeline{ev(sla.EventReceived, received)}, "x", dur(time.Hour), at)
	var pe *sla.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, sla.PolicyError{Policy: "test", Field: "targets[0].clock", Err: pe.Err}, *pe)
	assert.ErrorIs(t, err, sla.ErrUnknownClock)
	_, evalErr := sla.Evaluate(bare, cn.Calendar(), sla.Timeline{ev(sla.EventReceived, received)}, at)
	assert.Equal(t, evalErr.Error(), err.Error())
}

// Regression: with no max_total, up to 100 extensions of MaxDuration each
// were allowed, a sum that Evaluate refuses.
func TestCheckExtensionKeepsTheSumInRange(t *testing.T) {
	target := finishTarget(sla.ClockNatural, dur(time.Hour))
	target.Extension = sla.ExtensionLimit{MaxCount: 3}
	p := single(target)
	received := tm(2025, 9, 26, 10, 0)
	at := tm(2025, 9, 26, 12, 0)
	tl := func(amounts ...time.Duration) sla.Timeline {
		out := sla.Timeline{ev(sla.EventReceived, received)}
		for _, a := range amounts {
			out = append(out, ext(tm(2025, 9, 26, 11, 0), "finish", dur(a)))
		}
		return out
	}
	assert.NoError(t, sla.CheckExtension(p, tl(sla.MaxDuration-time.Minute), "finish", dur(time.Minute), at))
	assert.ErrorIs(t, sla.CheckExtension(p, tl(sla.MaxDuration), "finish", dur(time.Minute), at), sla.ErrInvalidAmount)
	assert.ErrorIs(t, sla.CheckExtension(p, tl(sla.MaxDuration, sla.MaxDuration), "finish", dur(time.Minute), at), sla.ErrInvalidAmount)
}

// TestLookupRegionIsAPath is the regression test of a policy for 清溪镇
// that was not used for an order in 清溪镇/三中村: a policy's region
// matched exactly while orders, filters and routing treat a region as a
// path prefix.
func TestLookupRegionIsAPath(t *testing.T) {
	tg := sla.Target{Name: "finish", Clock: sla.ClockWorkingDays, Amount: days(5), Start: sla.EventReceived, MetBy: []sla.EventKind{sla.EventClosed}}
	ps, err := sla.NewPolicySet(
		sla.Policy{Name: "any", Targets: []sla.Target{tg}},
		sla.Policy{Name: "town", Region: "清溪镇", Targets: []sla.Target{tg}},
		sla.Policy{Name: "village", Region: "清溪镇/三中村", Targets: []sla.Target{tg}},
		sla.Policy{Name: "town-complaint", Category: hotline.CategoryComplaint, Region: "清溪镇", Targets: []sla.Target{tg}},
		sla.Policy{Name: "village-again", Region: "清溪镇/三中村", Targets: []sla.Target{tg}},
	)
	require.NoError(t, err)
	tests := []struct {
		region string
		cat    hotline.Category
		want   string
	}{
		{"", hotline.CategoryHelp, "any"},
		{"清溪镇", hotline.CategoryHelp, "town"},
		{"清溪镇/三中村", hotline.CategoryHelp, "village"},             // deepest region wins; of equals, the first
		{"清溪镇/三中村/5组", hotline.CategoryHelp, "village"},          // under the village
		{"清溪镇/上元村", hotline.CategoryHelp, "town"},                // under the town only
		{"清溪镇外", hotline.CategoryHelp, "any"},                    // not a segment of 清溪镇
		{"清溪", hotline.CategoryHelp, "any"},                      // a prefix of the policy's region
		{"清溪镇/三中村", hotline.CategoryComplaint, "town-complaint"}, // more selectors set beat a deeper region
		{"东城街道", hotline.CategoryComplaint, "any"},
	}
	for _, tt := range tests {
		p, err := ps.Lookup(sla.Key{Category: tt.cat, Urgency: hotline.UrgencyNormal, Region: tt.region})
		require.NoError(t, err)
		assert.Equal(t, tt.want, p.Name, "%s %q", tt.cat, tt.region)
	}
	// The same rule as every other region: spaces around a place and
	// control characters were once let through here.
	for _, bad := range []string{"/清溪镇", "清溪镇/", "清溪镇//三中村", " 清溪镇", "清溪镇/三中村 ", "清溪镇\n三中村"} {
		_, err := sla.NewPolicySet(sla.Policy{Name: "bad", Region: bad, Targets: []sla.Target{tg}})
		var pe *sla.PolicyError
		require.ErrorAs(t, err, &pe, bad)
		assert.Equal(t, "region", pe.Field)
		assert.ErrorIs(t, err, hotline.ErrInvalidRegion, bad)
	}
}

// Regression: a policy file refused the Chinese and mixed-case names its
// error said it accepted, as routing files take them.
func TestParseCategoryNames(t *testing.T) {
	file := func(category, urgency string) string {
		return "policies:\n  - name: p\n    category: " + category + "\n    urgency: " + urgency +
			"\n    targets:\n      - {" + strings.ReplaceAll(goodTarget, "\n", ", ") + "}\n"
	}
	for _, c := range [][2]string{{"投诉", "紧急"}, {"Complaint", "EMERGENCY"}, {" complaint ", "紧急"}} {
		s, err := sla.Parse(strings.NewReader(file(c[0], c[1])))
		require.NoError(t, err, c)
		p := s.Policies()[0]
		assert.Equal(t, hotline.CategoryComplaint, p.Category, c)
		assert.Equal(t, hotline.UrgencyEmergency, p.Urgency, c)

		// Written back with the English keys.
		var y, j bytes.Buffer
		require.NoError(t, s.WriteYAML(&y))
		require.NoError(t, s.WriteJSON(&j))
		assert.Contains(t, y.String(), "category: complaint\n    urgency: emergency\n")
		assert.Contains(t, j.String(), `"category": "complaint",`)
		assert.Contains(t, j.String(), `"urgency": "emergency",`)
	}

	_, err := sla.Parse(strings.NewReader(file("投拆", "紧急")))
	var pe *sla.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, hotline.ErrUnknownName)
	assert.Equal(t, "category", pe.Field)
	assert.Equal(t, [2]int{3, 15}, [2]int{pe.Line, pe.Column})
	assert.Contains(t, err.Error(), "(line 3, column 15)")
}

// Policy files follow the rule every configuration file follows: a
// quoted number is a number and one name is a list of one.
func TestParseConveniences(t *testing.T) {
	s, err := sla.Parse(strings.NewReader(policyFile("name: finish\nclock: working_days\ndays: \"5\"\nstart: received\nmet_by: finished")))
	require.NoError(t, err)
	tg := s.Policies()[0].Targets[0]
	assert.Equal(t, 5, tg.Amount.Days)
	assert.Equal(t, []sla.EventKind{sla.EventFinished}, tg.MetBy)
}
