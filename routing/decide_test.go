package routing

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

// Each case is an order a town's hotline receives, routed by
// testdata/town.yaml (multi_unit on, attention tags 媒体关注 and 领导批示).
func TestDecide(t *testing.T) {
	rs := townRules(t, Options{})
	cases := []struct {
		name   string
		req    Request
		lead   string
		by     Basis
		assist []string
		rules  []string
		joint  bool
	}{
		{
			name:   "highest priority leads: night piling is construction before noise",
			req:    Request{Category: hotline.CategoryComplaint, Text: "楼下工地晚上打桩，噪音很大，孩子睡不着", Region: "清溪镇/三中村", At: at(3, 1, 23, 10)},
			lead:   "住建局",
			by:     ByRule,
			assist: []string{"生态环境分局", "城管分局", "派出所"},
			rules:  []string{"夜间施工", "噪音扰民"},
			joint:  true,
		},
		{
			name:   "named condition: the same piling by day is only noise",
			req:    Request{Category: hotline.CategoryComplaint, Text: "楼下工地打桩，噪音很大", Region: "清溪镇/三中村", At: at(3, 1, 15, 0)},
			lead:   "生态环境分局",
			by:     ByRule,
			assist: []string{"城管分局", "派出所"},
			rules:  []string{"噪音扰民"},
			joint:  true,
		},
		{
			name:   "tie goes to the earlier rule; the other's lead assists",
			req:    Request{Category: hotline.CategoryHelp, Text: "公司欠薪三个月，老板联系不上", Region: "清溪镇/清溪社区"},
			lead:   "人社分局",
			by:     ByRule,
			assist: []string{"劳动人事争议仲裁院"},
			rules:  []string{"欠薪", "劳动纠纷"},
			joint:  true,
		},
		{
			name:  "categories: a consultation about noise is not a noise complaint",
			req:   Request{Category: hotline.CategoryConsultation, Text: "请问夜间噪音标准是多少分贝", Region: "清溪镇/三中村"},
			lead:  "三中村委会",
			by:    ByJurisdiction,
			rules: []string{},
		},
		{
			name:   "urgency: an emergency missing manhole cover",
			req:    Request{Category: hotline.CategoryReport, Urgency: hotline.UrgencyEmergency, Text: "幸福路口井盖丢失，晚上很危险", Region: "清溪镇/三中村"},
			lead:   "城管分局",
			by:     ByRule,
			assist: []string{"交通运输局", "派出所"}, // 井盖维护's lead is the lead: not an assist
			rules:  []string{"井盖缺失", "井盖维护"},
			joint:  true,
		},
		{
			name:  "urgency: the same cover reported as normal is maintenance",
			req:   Request{Category: hotline.CategoryReport, Urgency: hotline.UrgencyNormal, Text: "幸福路口井盖丢失", Region: "清溪镇/三中村"},
			lead:  "城管分局",
			by:    ByRule,
			rules: []string{"井盖维护"},
		},
		{
			name:  "all and any: a loose cover has 井盖 but none of the any words",
			req:   Request{Category: hotline.CategoryReport, Urgency: hotline.UrgencyEmergency, Text: "井盖松动，车过哐哐响", Region: "清溪镇/三中村"},
			lead:  "城管分局",
			by:    ByRule,
			rules: []string{"井盖维护"},
		},
		{
			name:  "none: a quarrel is not noise",
			req:   Request{Category: hotline.CategoryComplaint, Text: "隔壁两口子吵架，噪音大", Region: "清溪镇/清溪社区"},
			lead:  "清溪社区居委会",
			by:    ByJurisdiction,
			rules: []string{},
		},
		{
			name:   "regions: a village rule covers its groups",
			req:    Request{Category: hotline.CategoryComplaint, Text: "村口垃圾堆了一个星期没人清", Region: "清溪镇/三中村/二组"},
			lead:   "三中村委会",
			by:     ByRule,
			assist: []string{"城管分局"},
			rules:  []string{"三中村环境卫生", "垃圾清运"},
			joint:  true,
		},
		{
			name:  "regions: prefixes match whole segments only",
			req:   Request{Category: hotline.CategoryComplaint, Text: "村口垃圾堆了一个星期没人清", Region: "清溪镇/三中村东区"},
			lead:  "城管分局",
			by:    ByRule,
			rules: []string{"垃圾清运"},
		},
		{
			name:  "tags: the consumer rule needs its tag",
			req:   Request{Category: hotline.CategoryComplaint, Text: "ABC超市卖菜短斤少两", Region: "清溪镇/清溪社区", Tags: []string{"消费维权"}},
			lead:  "市场监管所",
			by:    ByRule,
			rules: []string{"商家短秤"},
		},
		{
			name:  "tags: without it nothing claims the order",
			req:   Request{Category: hotline.CategoryComplaint, Text: "ABC超市卖菜短斤少两", Region: "清溪镇/清溪社区"},
			lead:  "清溪社区居委会",
			by:    ByJurisdiction,
			rules: []string{},
		},
		{
			name:  "normalisation: full-width lower case and a padded full-width tag",
			req:   Request{Category: hotline.CategoryComplaint, Text: "ａｂｃ超市卖菜短斤少两", Region: "清溪镇/清溪社区", Tags: []string{"　消费维权 "}},
			lead:  "市场监管所",
			by:    ByRule,
			rules: []string{"商家短秤"},
		},
		{
			name:  "normalisation: a tag ending in a line break",
			req:   Request{Category: hotline.CategoryComplaint, Text: "ABC超市卖菜短斤少两", Region: "清溪镇/清溪社区", Tags: []string{"消费维权\r\n"}},
			lead:  "市场监管所",
			by:    ByRule,
			rules: []string{"商家短秤"},
		},
		{
			name:  "normalisation: an attention tag ending in a line break",
			req:   Request{Category: hotline.CategoryComplaint, Text: "清溪大道路面塌陷", Region: "清溪镇", Tags: []string{"\n媒体关注\n"}},
			lead:  "交通运输局",
			by:    ByRule,
			rules: []string{"道路破损"},
			joint: true,
		},
		{
			name:   "multi_unit: assists in priority then file order, no duplicates",
			req:    Request{Category: hotline.CategoryComplaint, Text: "三中村停水两天了，垃圾也没人收", Region: "清溪镇/三中村"},
			lead:   "自来水公司",
			by:     ByRule,
			assist: []string{"水务局", "三中村委会", "城管分局"},
			rules:  []string{"停水", "三中村环境卫生", "垃圾清运"},
			joint:  true,
		},
		{
			name:  "jurisdiction: the longest prefix wins",
			req:   Request{Category: hotline.CategoryComplaint, Text: "厂区路灯坏了", Region: "清溪镇/三中村/三中工业区/A栋"},
			lead:  "三中工业区管理处",
			by:    ByJurisdiction,
			rules: []string{},
		},
		{
			name:  "jurisdiction: a village without its own entry falls to the town",
			req:   Request{Category: hotline.CategoryComplaint, Text: "村里路灯坏了", Region: " 清溪镇 / 上元村 "},
			lead:  "清溪镇人民政府",
			by:    ByJurisdiction,
			rules: []string{},
		},
		{
			name:  "fallback: no region",
			req:   Request{Category: hotline.CategoryConsultation, Text: "咨询一下居住证怎么办理"},
			lead:  "政务服务中心",
			by:    ByFallback,
			rules: []string{},
		},
		{
			name:  "fallback: a region outside every jurisdiction",
			req:   Request{Category: hotline.CategoryConsultation, Text: "咨询一下居住证怎么办理", Region: "塘厦镇/林村"},
			lead:  "政务服务中心",
			by:    ByFallback,
			rules: []string{},
		},
		{
			name:  "attention tag makes a single-unit order joint",
			req:   Request{Category: hotline.CategoryComplaint, Text: "清溪大道路面塌陷", Region: "清溪镇", Tags: []string{"媒体关注"}},
			lead:  "交通运输局",
			by:    ByRule,
			rules: []string{"道路破损"},
			joint: true,
		},
		{
			name:  "attention tag makes an unclaimed order joint too",
			req:   Request{Category: hotline.CategorySuggestion, Text: "建议增加公交线路", Region: "清溪镇/三中村", Tags: []string{"领导批示"}},
			lead:  "三中村委会",
			by:    ByJurisdiction,
			rules: []string{},
			joint: true,
		},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.ID = string(rune('A' + i))
			d, err := rs.Decide(&c.req)
			require.NoError(t, err)
			assert.Equal(t, c.req.ID, d.ID)
			assert.Equal(t, c.lead, d.Lead, d.Reason)
			assert.Equal(t, c.by, d.LeadBy)
			if c.assist == nil {
				c.assist = []string{}
			}
			assert.Equal(t, c.assist, d.Assist)
			assert.Equal(t, c.rules, d.Rules)
			assert.Equal(t, c.joint, d.Joint)
			if c.joint {
				assert.Equal(t, "政务服务中心", d.Coordinator)
			} else {
				assert.Empty(t, d.Coordinator)
			}
			assert.False(t, d.Repeat, "Decide keeps no history")
			assert.Equal(t, []string{}, d.RepeatOf)
			assert.NotEmpty(t, d.Reason)
		})
	}
}

func TestDecideMultiUnitOff(t *testing.T) {
	cfg := townConfig(t)
	cfg.Joint.MultiUnit = false
	rs, _, err := Compile(cfg, Options{Language: language.Chinese})
	require.NoError(t, err)

	// Only the best rule's assists count; the other rules still show.
	d, err := rs.Decide(&Request{ID: "1", Category: hotline.CategoryComplaint, Text: "三中村停水两天了，垃圾也没人收", Region: "清溪镇/三中村"})
	require.NoError(t, err)
	assert.Equal(t, "自来水公司", d.Lead)
	assert.Equal(t, []string{"水务局"}, d.Assist)
	assert.Equal(t, []string{"停水", "三中村环境卫生", "垃圾清运"}, d.Rules)

	// With no assists of its own, the best rule's order is not joint.
	d, err = rs.Decide(&Request{ID: "2", Category: hotline.CategoryComplaint, Text: "村口垃圾没人清", Region: "清溪镇/三中村"})
	require.NoError(t, err)
	assert.Equal(t, "三中村委会", d.Lead)
	assert.Equal(t, []string{}, d.Assist)
	assert.False(t, d.Joint)
	assert.Equal(t, "命中规则「三中村环境卫生」(优先级45)，由三中村委会主办；另命中「垃圾清运」(优先级30)，优先级较低，不参与；无需联合办理。", d.Reason)
}

func TestDecideReason(t *testing.T) {
	night := Request{ID: "N1", Category: hotline.CategoryComplaint, Text: "工地晚上打桩，噪音扰民", Region: "清溪镇/三中村", At: at(3, 1, 23, 10)}
	noRegion := Request{ID: "F1", Category: hotline.CategoryConsultation, Text: "咨询居住证办理"}
	outside := Request{ID: "F2", Category: hotline.CategoryConsultation, Text: "咨询居住证办理", Region: "塘厦镇"}
	local := Request{ID: "J1", Category: hotline.CategoryComplaint, Text: "路灯坏了", Region: "清溪镇/三中村/一组", Tags: []string{"媒体关注"}}
	cases := []struct {
		lang language.Tag
		req  Request
		want string
	}{
		{language.Chinese, night, "命中规则「夜间施工」(优先级60)，由住建局主办；另命中「噪音扰民」(优先级50)，其主办、协办单位一并协办；协办：生态环境分局、城管分局、派出所；因有协办单位转联合办理，由政务服务中心协调。"},
		{language.English, night, `matched rule "夜间施工" (priority 60): 住建局 leads; also matched "噪音扰民" (priority 50), whose units assist (multi-unit); assisting: 生态环境分局, 城管分局, 派出所; joint handling (assisting units), coordinated by 政务服务中心.`},
		{language.Chinese, noRegion, "未命中任何规则且未提供区域，由兜底单位政务服务中心主办；无需联合办理。"},
		{language.English, noRegion, "no rule matched and no region given: fallback 政务服务中心 leads; no joint handling."},
		{language.Chinese, outside, "未命中任何规则，区域「塘厦镇」无属地单位，由兜底单位政务服务中心主办；无需联合办理。"},
		{language.English, outside, `no rule matched and region "塘厦镇" has no jurisdiction: fallback 政务服务中心 leads; no joint handling.`},
		{language.Chinese, local, "未命中任何规则，按属地「清溪镇/三中村」由三中村委会主办；关注标签「媒体关注」；因带关注标签转联合办理，由政务服务中心协调。"},
		{language.English, local, `no rule matched; jurisdiction "清溪镇/三中村" gives the lead to 三中村委会; attention tag "媒体关注"; joint handling (attention tag), coordinated by 政务服务中心.`},
		// The language is chosen as for every Name: any Chinese tag gives
		// Chinese, every other tag, und (the zero value) included, English.
		{language.MustParse("zh-TW"), noRegion, "未命中任何规则且未提供区域，由兜底单位政务服务中心主办；无需联合办理。"},
		{language.Und, noRegion, "no rule matched and no region given: fallback 政务服务中心 leads; no joint handling."},
		{language.French, noRegion, "no rule matched and no region given: fallback 政务服务中心 leads; no joint handling."},
	}
	for _, c := range cases {
		rs := townRules(t, Options{Language: c.lang})
		d, err := rs.Decide(&c.req)
		require.NoError(t, err)
		assert.Equal(t, c.want, d.Reason)
	}
}

func TestDecideBadRequest(t *testing.T) {
	rs := townRules(t, Options{})
	cases := []struct {
		name string
		req  Request
		want error
	}{
		{"no id", Request{Category: hotline.CategoryComplaint, Text: "噪音"}, ErrInvalidRequest},
		{"unknown category", Request{ID: "1", Category: "投诉啊", Text: "噪音"}, hotline.ErrUnknownName},
		{"unknown urgency", Request{ID: "1", Urgency: "urgent", Text: "噪音"}, hotline.ErrUnknownName},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := rs.Decide(&c.req)
			require.ErrorIs(t, err, ErrInvalidRequest)
			require.ErrorIs(t, err, c.want)
		})
	}
	t.Run("nil", func(t *testing.T) {
		d, err := rs.Decide(nil)
		require.ErrorIs(t, err, ErrInvalidRequest)
		assert.EqualError(t, err, "routing: request: invalid request: nil")
		assert.Equal(t, Decision{}, d)
	})
}

// A region longer than 32 bytes costs Decide no more allocations than a
// short one, whichever way the lead is chosen. The work of Decide is
// measured on one scratch, as sync.Pool drops some under the race detector.
func TestDecideAllocsLongRegion(t *testing.T) {
	rs := townRules(t, Options{})
	const long = "/三中工业区/A栋/三单元/十二楼" // makes each region well over 32 bytes
	cases := []struct {
		name, text, region string
		by                 Basis
	}{
		{"rule with regions", "村口垃圾堆了一个星期没人清", "清溪镇/三中村", ByRule},
		{"jurisdiction", "厂区路灯坏了", "清溪镇/三中村", ByJurisdiction},
		{"fallback", "咨询一下居住证怎么办理", "塘厦镇/林村", ByFallback},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			allocs := func(region string) float64 {
				req := &Request{ID: "1", Category: hotline.CategoryComplaint, Text: c.text, Region: region}
				d, err := rs.Decide(req)
				require.NoError(t, err)
				require.Equal(t, c.by, d.LeadBy, d.Reason)
				sc := rs.getScratch()
				defer rs.putScratch(sc)
				return testing.AllocsPerRun(100, func() {
					rs.eval(req, sc)
					rs.build(req, sc, nil)
					sc.reset()
				})
			}
			require.Greater(t, len(c.region+long), 32)
			assert.Equal(t, allocs(c.region), allocs(c.region+long))
		})
	}
}

// A huge request leaves no huge buffer in the scratch that goes back to
// the pool.
func TestScratchDropsHugeBuffers(t *testing.T) {
	rs := townRules(t, Options{})
	huge := strings.Repeat("ｶ", 1<<15) // 96 KiB of half-width kana, which x/text normalises
	req := &Request{ID: "1", Text: huge, Region: huge, Address: huge, Tags: []string{huge}}
	sc := rs.getScratch()
	rs.eval(req, sc)
	require.True(t, sc.repeatKey(req, []KeyField{KeyAddress}))
	buffers := func() map[string][]byte {
		return map[string][]byte{"text": sc.text, "region": sc.region, "tags": sc.tagBuf, "key": sc.key, "normalizer": sc.norm.tmp}
	}
	for name, b := range buffers() {
		require.Greater(t, cap(b), maxKeep, name)
	}
	sc.reset()
	for name, b := range buffers() {
		assert.LessOrEqual(t, cap(b), maxKeep, name)
	}
	rs.putScratch(sc)
}

// The automaton must find exactly what strings.Contains finds.
func TestDecideMatchesNaive(t *testing.T) {
	s := synthFor(1000)
	rs := mustCompile(t, s.cfg, Options{})
	nv := newNaive(s.cfg)
	matched := 0
	for _, req := range s.orders {
		d, err := rs.Decide(&req)
		require.NoError(t, err)
		want := nv.matches(&req)
		if want == nil {
			want = []string{}
		}
		require.Equal(t, want, d.Rules, req.ID)
		matched += len(want)
	}
	require.Greater(t, matched, len(s.orders), "the orders should hit rules")
}

func TestGoRulesAndConditions(t *testing.T) {
	cfg := townConfig(t)
	cfg.Rules = append(cfg.Rules, RuleSpec{Name: "学校周边噪音", Priority: 80, Any: []string{"噪音"}, When: []string{"near_school"}, Lead: "教育办"})
	nearSchool := ConditionFunc(func(r *Request) bool { return r.Address == "清溪中学旁" })
	wages := RuleFunc(func(r *Request) (Units, bool) {
		// Construction-site wage claims go to the housing bureau as well.
		if r.Category == hotline.CategoryHelp && len(r.Tags) > 0 && r.Tags[0] == "工地" {
			return Units{Lead: "人社分局", Assist: []string{"住建局"}}, true
		}
		return Units{}, false
	})
	blank := RuleFunc(func(*Request) (Units, bool) { return Units{}, true })
	rs, _, err := Compile(cfg, Options{
		Conditions: map[string]Condition{"near_school": nearSchool},
		Rules:      []NamedRule{{Name: "工地欠薪", Priority: 70, Rule: wages}, {Name: "空规则", Priority: 99, Rule: blank}},
	})
	require.NoError(t, err)

	d, err := rs.Decide(&Request{ID: "1", Category: hotline.CategoryComplaint, Text: "学校旁边KTV噪音大", Address: "清溪中学旁"})
	require.NoError(t, err)
	assert.Equal(t, "教育办", d.Lead)
	assert.Equal(t, []string{"学校周边噪音", "噪音扰民"}, d.Rules)

	d, err = rs.Decide(&Request{ID: "2", Category: hotline.CategoryComplaint, Text: "KTV噪音大", Address: "清溪大道1号"})
	require.NoError(t, err)
	assert.Equal(t, "生态环境分局", d.Lead)

	// The Go rule ties with 欠薪 at 70 and comes after the file's rules.
	d, err = rs.Decide(&Request{ID: "3", Category: hotline.CategoryHelp, Text: "包工头欠薪", Tags: []string{"工地"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"欠薪", "劳动纠纷", "工地欠薪"}, d.Rules)
	assert.Equal(t, "人社分局", d.Lead)
	assert.Equal(t, []string{"劳动人事争议仲裁院", "住建局"}, d.Assist)

	// A Go condition overrides the built-in of the same name.
	rs, _, err = Compile(townConfig(t), Options{Conditions: map[string]Condition{"night_time": ConditionFunc(func(*Request) bool { return true })}})
	require.NoError(t, err)
	d, err = rs.Decide(&Request{ID: "4", Text: "工地打桩", At: at(3, 1, 10, 0)})
	require.NoError(t, err)
	assert.Equal(t, "住建局", d.Lead)
}

func TestNight(t *testing.T) {
	night := Night(22, 6)
	day := Night(8, 18)
	for _, c := range []struct {
		hour       int
		night, day bool
	}{{21, false, false}, {22, true, false}, {23, true, false}, {0, true, false}, {5, true, false}, {6, false, false}, {8, false, true}, {17, false, true}, {18, false, false}} {
		r := &Request{At: at(3, 1, c.hour, 30)}
		assert.Equal(t, c.night, night.Holds(r), "night at %d", c.hour)
		assert.Equal(t, c.day, day.Holds(r), "day at %d", c.hour)
	}
	assert.False(t, night.Holds(&Request{}), "no time, no night")
	// The request's own zone counts: 23:30 in China stamped as UTC is 15:30.
	assert.False(t, night.Holds(&Request{At: at(3, 1, 23, 30).UTC()}))
}

func TestMaskBits(t *testing.T) {
	var all uint8
	for _, c := range hotline.Categories() {
		b := catBit(c)
		assert.NotZero(t, b, c)
		assert.Zero(t, all&b, "bit of %s shared", c)
		all |= b
	}
	assert.Zero(t, catBit(""))
	assert.Zero(t, catBit("Complaint"), "masks take stored keys")
	assert.Equal(t, urgBit(hotline.UrgencyNormal), urgBit(""), "no urgency counts as normal")
	assert.NotEqual(t, urgBit(hotline.UrgencyNormal), urgBit(hotline.UrgencyEmergency))
	assert.Zero(t, urgBit("soon"))
}

func TestKeyFieldName(t *testing.T) {
	assert.Equal(t, "地址", KeyAddress.Name(language.Chinese))
	assert.Equal(t, "紧急程度", KeyUrgency.Name(language.MustParse("zh-TW")))
	assert.Equal(t, "text", KeyText.Name(language.English))
	assert.Equal(t, "category", KeyCategory.Name(language.French), "other languages fall back to English")
	assert.Equal(t, "phone", KeyField("phone").Name(language.Chinese))
}
