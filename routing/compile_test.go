package routing

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
)

func TestCompileErrors(t *testing.T) {
	base := func() *Config {
		return &Config{Centre: "政务服务中心", Fallback: "政务服务中心"}
	}
	rule := func(r RuleSpec) *Config {
		cfg := base()
		cfg.Rules = []RuleSpec{{Name: "占位", Any: []string{"占位"}, Lead: "城管分局"}, r}
		return cfg
	}
	cases := []struct {
		name  string
		cfg   *Config
		opts  Options
		want  error
		rule  string
		index int
		field string
	}{
		{"nil config", nil, Options{}, ErrBadValue, "", 0, ""},
		{"no centre", &Config{Fallback: "f"}, Options{}, ErrBadValue, "", 0, "centre"},
		{"no fallback", &Config{Centre: "c", Fallback: " "}, Options{}, ErrBadValue, "", 0, "fallback"},
		{"unknown category", rule(RuleSpec{Name: "噪音", Categories: []hotline.Category{"complain"}, Lead: "x"}), Options{}, hotline.ErrUnknownName, "噪音", 2, "categories"},
		{"unknown urgency", rule(RuleSpec{Name: "井盖", Urgency: []hotline.Urgency{"urgent"}, Lead: "x"}), Options{}, hotline.ErrUnknownName, "井盖", 2, "urgency"},
		{"no lead", rule(RuleSpec{Name: "停水", Any: []string{"停水"}}), Options{}, ErrNoLead, "停水", 2, "lead"},
		{"blank lead", rule(RuleSpec{Name: "停水", Lead: "  "}), Options{}, ErrNoLead, "停水", 2, "lead"},
		{"no name", rule(RuleSpec{Lead: "x"}), Options{}, ErrNoName, "", 2, "name"},
		{"duplicate name", rule(RuleSpec{Name: "占位", Lead: "x"}), Options{}, ErrDuplicateRule, "占位", 2, "name"},
		{"unknown condition", rule(RuleSpec{Name: "夜间", When: []string{"midnight"}, Lead: "x"}), Options{}, ErrUnknownCondition, "夜间", 2, "when"},
		{"blank keyword", rule(RuleSpec{Name: "空", Any: []string{"噪音", " "}, Lead: "x"}), Options{}, ErrBadValue, "空", 2, "any"},
		{"blank region", rule(RuleSpec{Name: "空", Regions: []string{"/"}, Lead: "x"}), Options{}, ErrBadValue, "空", 2, "regions"},
		{"malformed code", rule(RuleSpec{Name: "分类", Codes: []string{"01.02", "01..02"}, Lead: "x"}), Options{}, classify.ErrInvalidCode, "分类", 2, "codes"},
		{"code of letters", rule(RuleSpec{Name: "分类", Codes: []string{"噪音"}, Lead: "x"}), Options{}, ErrBadValue, "分类", 2, "codes"},
		{"blank assist", rule(RuleSpec{Name: "空", Lead: "x", Assist: []string{""}}), Options{}, ErrBadValue, "空", 2, "assist"},
		{"jurisdiction without unit", &Config{Centre: "c", Fallback: "f", Jurisdictions: map[string]string{"清溪镇": ""}}, Options{}, ErrNoLead, "", 0, "jurisdictions.清溪镇"},
		{"jurisdiction with a blank unit", &Config{Centre: "c", Fallback: "f", Jurisdictions: map[string]string{"清溪镇": "\u3000 "}}, Options{}, ErrNoLead, "", 0, "jurisdictions.清溪镇"},
		{"jurisdictions the same after normalising", &Config{Centre: "c", Fallback: "f", Jurisdictions: map[string]string{"清溪镇/三中村": "a", "清溪镇／三中村/": "b"}}, Options{}, ErrBadValue, "", 0, "jurisdictions.清溪镇／三中村/"},
		{"repeat count 1", &Config{Centre: "c", Fallback: "f", Joint: JointConfig{Repeat: &RepeatConfig{Count: 1}}}, Options{}, ErrBadValue, "", 0, "joint.repeat.count"},
		{"repeat key unknown", &Config{Centre: "c", Fallback: "f", Joint: JointConfig{Repeat: &RepeatConfig{Key: []KeyField{"phone"}}}}, Options{}, ErrBadValue, "", 0, "joint.repeat.key"},
		{"repeat window negative", &Config{Centre: "c", Fallback: "f", Joint: JointConfig{Repeat: &RepeatConfig{Window: -time.Hour}}}, Options{}, ErrBadValue, "", 0, "joint.repeat.window"},
		{"hotspot window negative", &Config{Centre: "c", Fallback: "f", Hotspot: &HotspotConfig{Window: -time.Minute}}, Options{}, ErrBadValue, "", 0, "hotspot.window"},
		{"hotspot count 1", &Config{Centre: "c", Fallback: "f", Hotspot: &HotspotConfig{Count: 1}}, Options{}, ErrBadValue, "", 0, "hotspot.count"},
		{"hotspot depth negative", &Config{Centre: "c", Fallback: "f", Hotspot: &HotspotConfig{RegionDepth: -1}}, Options{}, ErrBadValue, "", 0, "hotspot.region_depth"},
		{"go rule without Rule", base(), Options{Rules: []NamedRule{{Name: "空"}}}, ErrBadValue, "空", 1, "rule"},
		{"go rule without name", base(), Options{Rules: []NamedRule{{Rule: RuleFunc(func(*Request) (Units, bool) { return Units{}, false })}}}, ErrNoName, "", 1, "name"},
		{"go rule clashing with a file rule", rule(RuleSpec{Name: "b", Lead: "x"}), Options{Rules: []NamedRule{{Name: "b", Rule: RuleFunc(func(*Request) (Units, bool) { return Units{}, false })}}}, ErrDuplicateRule, "b", 3, "name"},
		{"go rule with a nil RuleFunc", base(), Options{Rules: []NamedRule{{Name: "空", Rule: RuleFunc(nil)}}}, ErrBadValue, "空", 1, "rule"},
		{"nil ConditionFunc", rule(RuleSpec{Name: "夜间", When: []string{"quiet"}, Lead: "x"}), Options{Conditions: map[string]Condition{"quiet": ConditionFunc(nil)}}, ErrBadValue, "夜间", 2, "when"},
		{"nil Condition", rule(RuleSpec{Name: "夜间", When: []string{"quiet"}, Lead: "x"}), Options{Conditions: map[string]Condition{"quiet": nil}}, ErrBadValue, "夜间", 2, "when"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, _, err := Compile(c.cfg, c.opts)
			require.Error(t, err)
			assert.Nil(t, rs)
			assert.ErrorIs(t, err, ErrInvalidRules)
			assert.ErrorIs(t, err, c.want)
			var re *RuleError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, c.rule, re.Rule)
			assert.Equal(t, c.index, re.Index)
			if c.field != "" {
				assert.Equal(t, c.field, re.Field)
			}
		})
	}
}

// Regression: an unknown category in a rules file was reported by Compile
// at the rule's line; Parse now reports it at its own.
func TestUnknownCategoryNamesItsLine(t *testing.T) {
	cfg, err := Parse(strings.NewReader("centre: c\nfallback: f\nrules:\n  - name: 噪音扰民\n    categories: [complaint, noise]\n    lead: 生态环境分局\n"))
	assert.Nil(t, cfg)
	assert.EqualError(t, err, `routing: rule "噪音扰民": field "categories[1]": bad value: unknown category "noise" (accepted: consultation, help, complaint, report, suggestion, praise, other, or their Chinese names) (line 5, column 29)`)
}

func TestWarnings(t *testing.T) {
	cases := []struct {
		name  string
		rules []RuleSpec
		want  []Warning // Message left out: checked by its start below
	}{
		{
			name: "identical rule later never leads",
			rules: []RuleSpec{
				{Name: "噪音扰民", Priority: 50, Any: []string{"噪音"}, Lead: "生态环境分局"},
				{Name: "噪音扰民2", Priority: 50, Any: []string{"噪音"}, Lead: "城管分局", Line: 9},
			},
			want: []Warning{{Rule: "噪音扰民2", Line: 9, By: "噪音扰民"}},
		},
		{
			name: "a narrower keyword under a broader, higher rule",
			rules: []RuleSpec{
				{Name: "夜间噪音", Priority: 40, Any: []string{"夜间噪音", "晚上噪音"}, Lead: "派出所"},
				{Name: "噪音", Priority: 50, Any: []string{"噪音"}, Lead: "生态环境分局"},
			},
			want: []Warning{{Rule: "夜间噪音", By: "噪音"}},
		},
		{
			name: "more filters under fewer: categories, regions, tags, all, none",
			rules: []RuleSpec{
				{Name: "宽", Priority: 90, Categories: []hotline.Category{hotline.CategoryComplaint, hotline.CategoryReport}, Regions: []string{"清溪镇"}, Any: []string{"垃圾"}, Tags: []string{"环境", "卫生"}, None: []string{"吵"}, Lead: "城管分局"},
				{Name: "窄", Priority: 10, Categories: []hotline.Category{hotline.CategoryComplaint}, Regions: []string{"清溪镇/三中村"}, All: []string{"生活垃圾", "臭"}, Tags: []string{"环境"}, None: []string{"吵"}, Lead: "三中村委会"},
			},
			want: []Warning{{Rule: "窄", By: "宽"}},
		},
		{
			name: "the best of several shadowing rules is named",
			rules: []RuleSpec{
				{Name: "甲", Priority: 60, Any: []string{"停水"}, Lead: "水务局"},
				{Name: "乙", Priority: 80, Any: []string{"停水"}, Lead: "自来水公司"},
				{Name: "丙", Priority: 10, Any: []string{"停水"}, Lead: "三中村委会"},
			},
			want: []Warning{{Rule: "甲", By: "乙"}, {Rule: "丙", By: "乙"}},
		},
		{
			name: "a rule without keywords shadows keyword rules",
			rules: []RuleSpec{
				{Name: "紧急", Priority: 99, Urgency: []hotline.Urgency{hotline.UrgencyEmergency}, Lead: "应急管理办"},
				{Name: "紧急井盖", Priority: 90, Urgency: []hotline.Urgency{hotline.UrgencyEmergency}, Any: []string{"井盖"}, Lead: "城管分局"},
			},
			want: []Warning{{Rule: "紧急井盖", By: "紧急"}},
		},
		{
			name: "never matches: all contains a none word",
			rules: []RuleSpec{
				{Name: "自相矛盾", All: []string{"井盖"}, None: []string{"井"}, Lead: "城管分局"},
				{Name: "全被排除", Any: []string{"停水", "没水"}, None: []string{"水"}, Lead: "自来水公司"},
			},
			want: []Warning{{Rule: "自相矛盾"}, {Rule: "全被排除"}},
		},
		{
			name: "no warning: the higher rule has a filter the lower lacks",
			rules: []RuleSpec{
				{Name: "投诉噪音", Priority: 60, Categories: []hotline.Category{hotline.CategoryComplaint}, Any: []string{"噪音"}, Lead: "生态环境分局"},
				{Name: "夜间噪音", Priority: 60, Any: []string{"噪音"}, When: []string{"night_time"}, Lead: "派出所"},
				{Name: "噪音", Priority: 50, Any: []string{"噪音", "噪声"}, Lead: "生态环境分局"},
				{Name: "三中村噪音", Priority: 40, Regions: []string{"清溪镇/三中村"}, Any: []string{"噪音"}, Tags: []string{"夜间"}, Lead: "三中村委会"},
				{Name: "清溪社区噪音", Priority: 55, Regions: []string{"清溪镇/清溪社区"}, Any: []string{"噪音"}, Lead: "清溪社区居委会"},
			},
			want: []Warning{{Rule: "三中村噪音", By: "噪音"}},
		},
		{
			name: "codes: a higher rule for some codes shadows only a rule for codes within them",
			rules: []RuleSpec{
				{Name: "噪音", Priority: 10, Any: []string{"噪音"}, Lead: "生态环境分局"},
				{Name: "市容噪音", Priority: 50, Any: []string{"噪音"}, Codes: []string{"01.02"}, Lead: "城管分局"},
				{Name: "工地噪音", Priority: 20, Any: []string{"噪音"}, Codes: []string{"01.02.03"}, Lead: "住建办"},
			},
			want: []Warning{{Rule: "工地噪音", By: "市容噪音"}},
		},
		{
			name: "no warning: the lower rule is the earlier one on a tie, or has a word the higher lacks",
			rules: []RuleSpec{
				{Name: "早", Priority: 50, Any: []string{"噪音"}, Lead: "a"},
				{Name: "晚", Priority: 50, Any: []string{"噪音", "施工"}, Lead: "b"},
				{Name: "排除", Priority: 70, Any: []string{"噪音"}, None: []string{"吵架"}, Lead: "c"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs, warnings, err := Compile(&Config{Centre: "c", Fallback: "f", Rules: c.rules}, Options{})
			require.NoError(t, err)
			require.NotNil(t, rs)
			require.Len(t, warnings, len(c.want), "%v", warnings)
			for i, w := range warnings {
				assert.Equal(t, c.want[i].Rule, w.Rule)
				assert.Equal(t, c.want[i].By, w.By)
				assert.Equal(t, c.want[i].Line, w.Line)
				if w.By != "" {
					assert.Contains(t, w.Message, "never leads")
				} else {
					assert.Contains(t, w.Message, "never matches")
				}
			}
		})
	}
}

func TestWarningString(t *testing.T) {
	w := Warning{Rule: "噪音扰民2", Line: 9, By: "噪音扰民", Message: `never leads: rule "噪音扰民" (priority 50) matches whenever it does and outranks it`}
	assert.Equal(t, `routing: rule "噪音扰民2": never leads: rule "噪音扰民" (priority 50) matches whenever it does and outranks it (line 9)`, w.String())
}

// TestListInOneItem compiles rules whose lists were written as one item:
// a unit list is refused, naming the field; a keyword list is a warning.
func TestListInOneItem(t *testing.T) {
	for _, r := range []RuleSpec{
		{Name: "甲", Any: []string{"噪音"}, Lead: "城管分局, 派出所"},
		{Name: "乙", Any: []string{"噪音"}, Lead: "城管分局", Assist: []string{"派出所、环保分局"}},
	} {
		_, _, err := Compile(&Config{Centre: "c", Fallback: "f", Rules: []RuleSpec{r}}, Options{})
		var re *RuleError
		require.ErrorAs(t, err, &re, "%+v", r)
		assert.ErrorIs(t, err, ErrBadValue)
		assert.Contains(t, err.Error(), "list", "%+v", r)
	}
	_, ws, err := Compile(&Config{Centre: "c", Fallback: "f", Rules: []RuleSpec{
		{Name: "丙", Any: []string{"噪音, 扰民"}, Lead: "城管分局", Line: 4},
	}}, Options{})
	require.NoError(t, err)
	require.Len(t, ws, 1)
	assert.Equal(t, "丙", ws[0].Rule)
	assert.Equal(t, 4, ws[0].Line)
	assert.Contains(t, ws[0].Message, "list separator")
}
