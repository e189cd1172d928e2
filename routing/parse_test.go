package routing

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
)

// issueYAML is the file shape users write, exactly.
const issueYAML = `centre: 政务服务中心        # coordinates joint handling
fallback: 政务服务中心      # takes what nothing claims
jurisdictions:             # region path prefix -> unit; the longest prefix wins
  清溪镇/三中村: 三中村委会
rules:
  - name: 噪音扰民
    priority: 50            # the highest priority that matches leads; ties go to the earlier rule
    categories: [complaint, report]   # optional; as in package sla
    urgency: emergency      # optional
    regions: [清溪镇]        # optional path prefixes
    any: [噪音, 噪声, 扰民]  # optional: at least one keyword; also all: [...] and none: [...]
    tags: [夜间]             # optional: at least one tag
    lead: 生态环境分局
    assist: [城管分局, 派出所]
joint:
  multi_unit: true          # other matching rules' leads and assists become assisting units
  attention_tags: [媒体关注, 领导批示]
  repeat: {window: 720h, count: 3, key: [address, category]}
`

func TestParseIssueShape(t *testing.T) {
	cfg, err := Parse(strings.NewReader(issueYAML))
	require.NoError(t, err)
	want := &Config{
		Centre:        "政务服务中心",
		Fallback:      "政务服务中心",
		Jurisdictions: map[string]string{"清溪镇/三中村": "三中村委会"},
		Rules: []RuleSpec{{
			Name: "噪音扰民", Priority: 50,
			Categories: []hotline.Category{hotline.CategoryComplaint, hotline.CategoryReport}, Urgency: []hotline.Urgency{hotline.UrgencyEmergency},
			Regions: []string{"清溪镇"}, Any: []string{"噪音", "噪声", "扰民"}, Tags: []string{"夜间"},
			Lead: "生态环境分局", Assist: []string{"城管分局", "派出所"}, Line: 6,
		}},
		Joint: JointConfig{
			MultiUnit:     true,
			AttentionTags: []string{"媒体关注", "领导批示"},
			Repeat:        &RepeatConfig{Window: 720 * time.Hour, Count: 3, Key: []KeyField{KeyAddress, KeyCategory}},
		},
	}
	want.src = cfg.src // the file, for Compile's lines
	assert.Equal(t, want, cfg)
	rs, warnings, err := Compile(cfg, Options{})
	require.NoError(t, err)
	assert.Empty(t, warnings)

	d, err := rs.Decide(&Request{ID: "1", Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyEmergency, Text: "深夜KTV噪音扰民", Region: "清溪镇/三中村", Tags: []string{"夜间"}})
	require.NoError(t, err)
	assert.Equal(t, "生态环境分局", d.Lead)
	assert.Equal(t, []string{"城管分局", "派出所"}, d.Assist)
}

// parseErrorCases are rules files with one mistake each; they also seed
// FuzzLoadRules.
var parseErrorCases = []struct {
	name  string
	yaml  string
	want  error
	rule  string
	index int
	field string
	line  int
}{
	{
		name: "unknown top-level field", want: ErrUnknownField, field: "center", line: 1,
		yaml: "center: 政务服务中心\nfallback: 政务服务中心\n",
	},
	{
		name: "unknown rule field", want: ErrUnknownField, rule: "噪音扰民", index: 1, field: "keywords", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: 噪音扰民\n    keywords: [噪音]\n    lead: 生态环境分局\n",
	},
	{
		name: "priority not a number", want: ErrBadValue, rule: "噪音扰民", index: 1, field: "priority", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: 噪音扰民\n    priority: high\n    lead: 生态环境分局\n",
	},
	{
		name: "priority a fraction", want: ErrBadValue, rule: "噪音扰民", index: 1, field: "priority", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: 噪音扰民\n    priority: 5.5\n    lead: 生态环境分局\n",
	},
	{
		name: "second rule named by its place when nameless", want: ErrUnknownField, index: 2, field: "lede", line: 6,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: a\n    lead: x\n  - lede: y\n",
	},
	{
		name: "keywords as a mapping", want: ErrBadValue, rule: "r", index: 1, field: "any", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    any: {噪音: 1}\n    lead: x\n",
	},
	{
		name: "nested list in keywords", want: ErrBadValue, rule: "r", index: 1, field: "any[0]", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    any: [[噪音]]\n    lead: x\n",
	},
	{
		// Regression: an unknown category was found by Compile only, at
		// the rule's line.
		name: "unknown category", want: hotline.ErrUnknownName, rule: "r", index: 1, field: "categories[1]", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    categories: [complaint, noise]\n    lead: x\n",
	},
	{
		name: "unknown urgency without brackets", want: hotline.ErrUnknownName, rule: "r", index: 1, field: "urgency[0]", line: 6,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    lead: x\n    urgency: urgent\n",
	},
	{
		name: "nothing in keywords", want: ErrBadValue, rule: "r", index: 1, field: "any[1]", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    any: [噪音, ~]\n    lead: x\n",
	},
	{
		name: "rule not a mapping", want: ErrBadValue, index: 1, line: 4,
		yaml: "centre: c\nfallback: f\nrules:\n  - 噪音扰民\n",
	},
	{
		name: "rules not a list", want: ErrBadValue, field: "rules", line: 3,
		yaml: "centre: c\nfallback: f\nrules: 噪音扰民\n",
	},
	{
		name: "lead a list", want: ErrBadValue, rule: "r", index: 1, field: "lead", line: 5,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    lead: [a, b]\n",
	},
	{
		name: "jurisdictions a list", want: ErrBadValue, field: "jurisdictions", line: 4,
		yaml: "centre: c\nfallback: f\njurisdictions:\n  - 清溪镇\n",
	},
	{
		name: "multi_unit not a boolean", want: ErrBadValue, field: "joint.multi_unit", line: 4,
		yaml: "centre: c\nfallback: f\njoint:\n  multi_unit: yes\n",
	},
	{
		name: "unknown joint field", want: ErrUnknownField, field: "joint.multiunit", line: 4,
		yaml: "centre: c\nfallback: f\njoint:\n  multiunit: true\n",
	},
	{
		name: "window in days", want: ErrBadValue, field: "joint.repeat.window", line: 4,
		yaml: "centre: c\nfallback: f\njoint:\n  repeat: {window: 30d, count: 3}\n",
	},
	{
		name: "negative window", want: ErrBadValue, field: "joint.repeat.window", line: 4,
		yaml: "centre: c\nfallback: f\njoint:\n  repeat: {window: -1h}\n",
	},
	{
		name: "unknown repeat field", want: ErrUnknownField, field: "joint.repeat.times", line: 4,
		yaml: "centre: c\nfallback: f\njoint:\n  repeat: {times: 3}\n",
	},
	{
		name: "hotspot count not a number", want: ErrBadValue, field: "hotspot.count", line: 4,
		yaml: "centre: c\nfallback: f\nhotspot:\n  count: many\n",
	},
	{
		name: "unknown hotspot field", want: ErrUnknownField, field: "hotspot.by", line: 4,
		yaml: "centre: c\nfallback: f\nhotspot:\n  by: [region]\n",
	},
	{
		name: "region listed twice", want: ErrBadValue, field: "jurisdictions.清溪镇", line: 5,
		yaml: "centre: c\nfallback: f\njurisdictions:\n  清溪镇: a\n  清溪镇: b\n",
	},
	{
		name: "lead given twice in a rule", want: ErrBadValue, rule: "r", index: 1, field: "lead", line: 6,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: r\n    lead: 城管分局\n    lead: 派出所\n",
	},
	{
		name: "name given twice names the rule by the first", want: ErrBadValue, rule: "甲", index: 1, field: "name", line: 6,
		yaml: "centre: c\nfallback: f\nrules:\n  - name: 甲\n    lead: u\n    name: 乙\n",
	},
	{
		name: "top-level field given twice", want: ErrBadValue, field: "centre", line: 3,
		yaml: "centre: c\nfallback: f\ncentre: d\n",
	},
	{
		name: "repeat window given twice", want: ErrBadValue, field: "joint.repeat.window", line: 4,
		yaml: "centre: c\nfallback: f\njoint:\n  repeat: {window: 1h, window: 2h}\n",
	},
}

func TestParseErrors(t *testing.T) {
	for _, c := range parseErrorCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(c.yaml))
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidRules)
			assert.ErrorIs(t, err, c.want)
			var re *RuleError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, c.rule, re.Rule)
			assert.Equal(t, c.index, re.Index)
			assert.Equal(t, c.field, re.Field)
			assert.Equal(t, c.line, re.Line)
			if c.rule != "" {
				assert.Contains(t, err.Error(), `rule "`+c.rule+`"`)
			}
			if c.field != "" {
				assert.Contains(t, err.Error(), `field "`+c.field+`"`)
			}
		})
	}
}

func TestParseKeyGivenTwice(t *testing.T) {
	_, err := Parse(strings.NewReader("centre: c\nfallback: f\nrules:\n  - name: r\n    lead: 城管分局\n    lead: 派出所\n"))
	assert.EqualError(t, err, `routing: rule "r": field "lead": bad value: given twice, first on line 5 (line 6, column 5)`)
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.yaml")
	require.NoError(t, os.WriteFile(path, []byte(issueYAML), 0o600))
	want, err := Parse(strings.NewReader(issueYAML))
	require.NoError(t, err)
	got, err := LoadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, got)

	require.NoError(t, os.WriteFile(path, []byte("centre: c\nfallback: f\nrules:\n  - name: r\n    lead: 城管分局\n    lead: 派出所\n"), 0o600))
	_, err = LoadFile(path)
	var re *RuleError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 6, re.Line)
	assert.Equal(t, 5, re.Column)
	assert.EqualError(t, err, path+`: routing: rule "r": field "lead": bad value: given twice, first on line 5 (line 6, column 5)`)

	_, err = LoadFile(filepath.Join(t.TempDir(), "none.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestParseReadError(t *testing.T) {
	_, err := Parse(iotest.ErrReader(errors.New("boom")))
	assert.EqualError(t, err, "routing: read rules: boom")
}

func TestParseNotYAML(t *testing.T) {
	for _, c := range []struct {
		in, want string
		line     int
	}{
		{"", "routing: bad value: empty file", 0},
		{"# only a comment\n", "routing: bad value: empty file", 0},
		{"centre: c\nfallback: [\n", "routing: not valid YAML: did not find expected node content (line 2)", 2},
		{"centre: c\nfallback: f\n  lead: x\n", "routing: not valid YAML: mapping values are not allowed in this context (line 3)", 3},
		{"centre: c\nfallback: f\nrules: *nope\n", "routing: not valid YAML: unknown anchor 'nope' referenced", 0},
		{"\t- bad", "routing: not valid YAML: found character that cannot start any token", 0},
	} {
		_, err := Parse(strings.NewReader(c.in))
		assert.ErrorIs(t, err, ErrInvalidRules, "%q", c.in)
		var re *RuleError
		require.ErrorAs(t, err, &re, "%q", c.in)
		assert.Equal(t, c.line, re.Line, "%q", c.in)
		assert.EqualError(t, err, c.want, "%q", c.in)
	}
	_, err := Parse(strings.NewReader("- a\n- b\n"))
	assert.ErrorIs(t, err, ErrBadValue)
}

func TestParseReportsEveryMistake(t *testing.T) {
	_, err := Parse(strings.NewReader("centre: c\nfallback: f\nrules:\n  - name: a\n    priority: x\n    lead: u\n  - name: b\n    colour: red\n    lead: u\n"))
	require.Error(t, err)
	msg := err.Error()
	assert.Equal(t, 2, strings.Count(msg, "routing: rule"), msg)
	assert.Contains(t, msg, `routing: rule "a": field "priority": bad value: want a whole number, got "x" (line 5, column 15)`)
	assert.Contains(t, msg, `routing: rule "b": field "colour": unknown field "colour" (known: name, priority`)
	var re *RuleError
	require.True(t, errors.As(err, &re))
	assert.Equal(t, "a", re.Rule)
}

func TestParseConveniences(t *testing.T) {
	cfg, err := Parse(strings.NewReader(`
centre: c
fallback: f
base: &base {lead: 城管分局}
`))
	assert.ErrorIs(t, err, ErrUnknownField, "anchors live inside known fields only")
	assert.Nil(t, cfg)

	cfg, err = Parse(strings.NewReader(`
centre: c
fallback: f
rules:
  - name: 井盖
    priority: "40"      # a quoted number is still a number
    any: 井盖            # one keyword without brackets
    categories: 投诉     # Chinese names are accepted, checked by Compile
    urgency: [紧急]
    lead: 城管分局
    assist: ~
joint:
  repeat: {}            # all defaults
hotspot: {}
`))
	require.NoError(t, err)
	r := cfg.Rules[0]
	assert.Equal(t, 40, r.Priority)
	assert.Equal(t, []string{"井盖"}, r.Any)
	assert.Nil(t, r.Assist)
	rs, _, err := Compile(cfg, Options{})
	require.NoError(t, err)
	assert.Equal(t, &RepeatConfig{Window: RepeatWindowDefault, Count: RepeatCountDefault, Key: RepeatKeyDefault()}, rs.repeat)
	assert.Equal(t, HotspotWindowDefault, rs.hotspot.Window)
	assert.Equal(t, HotspotCountDefault, rs.hotspot.Count)
	d, err := rs.Decide(&Request{ID: "1", Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyEmergency, Text: "井盖丢了"})
	require.NoError(t, err)
	assert.Equal(t, "城管分局", d.Lead)
}

func TestRepeatKeyDefaultIsACopy(t *testing.T) {
	k := RepeatKeyDefault()
	k[0] = KeyText
	assert.Equal(t, []KeyField{KeyAddress, KeyCategory}, RepeatKeyDefault())
}

// TestCompileErrorLines compiles a parsed file with mistakes that only
// Compile finds: each error gives the line of its field, not of the rule
// or the file's first line; a rule added after Parse keeps its own line.
func TestCompileErrorLines(t *testing.T) {
	cfg, err := Parse(strings.NewReader(`centre: c
fallback: f
jurisdictions:
  清溪镇: ""
joint:
  repeat: {window: 720h, count: 1, key: [adress]}
rules:
  - name: 噪音
    priority: 10
    any: [噪音]
    when: [nightly]
    lead: 城管分局
`))
	require.NoError(t, err)
	cfg.Rules = append(cfg.Rules, RuleSpec{Name: "后加", Lead: "", Line: 99})
	_, _, err = Compile(cfg, Options{})
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "%v", err)
	lines := map[string]int{}
	for _, e := range joined.Unwrap() {
		var re *RuleError
		require.ErrorAs(t, e, &re)
		lines[re.Rule+"/"+re.Field] = re.Line
	}
	assert.Equal(t, map[string]int{
		"/jurisdictions.清溪镇":  4,
		"/joint.repeat.count": 6,
		"/joint.repeat.key":   6,
		"噪音/when":             11,
		"后加/lead":             99,
	}, lines)
}
