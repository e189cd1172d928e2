package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/routing"
)

// The Qingxi rules and the directory of units that names their fallback
// unit.
const (
	rulesFile = "qingxi.yaml"
	unitsFile = "../qingxi/units.yaml"
)

// line writes an order as the JSON line the command reads.
func line(t *testing.T, in input) string {
	t.Helper()
	b, err := json.Marshal(in)
	require.NoError(t, err)
	return string(b)
}

// writer returns a function that writes a file into dir and returns its
// path.
func writer(t *testing.T, dir string) func(name, body string) string {
	return func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
}

// decode reads the command's output lines by id.
func decode(t *testing.T, out string) (map[string]routing.Decision, []string) {
	t.Helper()
	got := map[string]routing.Decision{}
	var order []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var o routing.Decision
		require.NoError(t, json.Unmarshal(sc.Bytes(), &o), sc.Text())
		// Arrays are arrays, never null.
		for _, field := range []string{`"assist":[`, `"repeat_of":[`, `"rules":[`} {
			require.Contains(t, sc.Text(), field)
		}
		got[o.ID] = o
		order = append(order, o.ID)
	}
	return got, order
}

// A day of orders at 清溪镇, and what the town expects of each.
func TestRouteQingxi(t *testing.T) {
	type want struct {
		lead     string
		assist   []string
		rules    []string
		joint    bool
		repeatOf []string
	}
	cases := []struct {
		in   input
		want want
	}{
		{ // noise at night: the police lead, environment and city management assist
			input{ID: "QX-001", Category: "complaint", Text: "晚上十二点了楼上KTV还在唱歌，噪音太大，根本睡不着", Region: "清溪镇/清溪社区", Address: "清溪大道88号", At: "2025-03-01T23:50:00+08:00"},
			want{lead: "派出所", assist: []string{"生态环境分局", "城管分局"}, rules: []string{"夜间噪音", "噪音扰民"}, joint: true},
		},
		{ // the same kind of noise by day is the environment bureau's
			input{ID: "QX-002", Category: "投诉", Text: "楼下商铺用大音响播放广告，噪声扰民", Region: "清溪镇/香芒社区", Address: "香芒东路3号", At: "2025-03-02T14:00:00+08:00"},
			want{lead: "生态环境分局", assist: []string{"城管分局"}, rules: []string{"噪音扰民"}, joint: true},
		},
		{ // night construction beats night noise
			input{ID: "QX-003", Category: "complaint", Text: "旁边工地凌晨一点还在打桩，吵得整栋楼睡不着", Region: "清溪镇/三中村", At: "2025-03-03T01:00:00+08:00"},
			want{lead: "住建局", assist: []string{"生态环境分局", "派出所", "城管分局"}, rules: []string{"夜间施工", "夜间噪音", "噪音扰民", "建筑施工"}, joint: true},
		},
		{ // road damage: one unit, not joint
			input{ID: "QX-004", Category: "complaint", Text: "清溪大道往银湖方向路面坑洼，电动车经过容易摔倒", Region: "清溪镇/银湖社区", At: "2025-03-03T10:00:00+08:00"},
			want{lead: "交通运输局", assist: []string{}, rules: []string{"道路破损"}, joint: false},
		},
		{ // a missing manhole cover reported as an emergency
			input{ID: "QX-005", Category: "report", Urgency: "emergency", Text: "香芒路与清溪大道交叉口井盖丢失，已有行人差点掉进去", Region: "清溪镇/香芒社区", At: "2025-03-03T20:30:00+08:00"},
			want{lead: "城管分局", assist: []string{"交通运输局", "派出所"}, rules: []string{"井盖缺失", "井盖维护"}, joint: true},
		},
		{ // the same cover as a normal report is maintenance only
			input{ID: "QX-006", Category: "report", Urgency: "一般", Text: "小区门口井盖松动，车压过去很响", Region: "清溪镇/鹿湖社区", At: "2025-03-04T09:00:00+08:00"},
			want{lead: "城管分局", assist: []string{}, rules: []string{"井盖维护"}, joint: false},
		},
		{ // water outage: the water company leads, the water bureau assists
			input{ID: "QX-007", Category: "help", Text: "三中村从早上开始停水，到现在还没来水，也没有通知", Region: "清溪镇/三中村/二组", At: "2025-03-04T18:00:00+08:00"},
			want{lead: "自来水公司", assist: []string{"水务局"}, rules: []string{"停水"}, joint: true},
		},
		{ // wage arrears
			input{ID: "QX-008", Category: "help", Text: "我在一家五金厂上班，老板拖欠工资两个月了", Region: "清溪镇/铁松村", At: "2025-03-05T09:30:00+08:00"},
			want{lead: "人社分局", assist: []string{}, rules: []string{"欠薪"}, joint: false},
		},
		{ // a labour dispute, no region given
			input{ID: "QX-009", Category: "complaint", Text: "公司没有签劳动合同也不买社保，现在要辞退我", At: "2025-03-05T11:00:00+08:00"},
			want{lead: "人社分局", assist: []string{}, rules: []string{"劳动纠纷"}, joint: false},
		},
		{ // a crowd of workers claiming wages: police and housing assist
			input{ID: "QX-010", Category: "report", Urgency: "紧急", Text: "工地几十名工人聚集在项目部门口讨薪，情绪激动", Region: "清溪镇/谢坑村", At: "2025-03-05T09:00:00+08:00"},
			want{lead: "人社分局", assist: []string{"派出所", "住建局"}, rules: []string{"集体讨薪", "欠薪", "建筑施工"}, joint: true},
		},
		{ // a gas smell
			input{ID: "QX-011", Category: "help", Urgency: "emergency", Text: "楼道里闻到很浓的煤气味，不知道哪家漏了", Region: "清溪镇/清厦社区", At: "2025-03-06T19:00:00+08:00"},
			want{lead: "燃气公司", assist: []string{"应急管理办", "消防救援站"}, rules: []string{"燃气泄漏"}, joint: true},
		},
		{ // no rule claims it: the village committee
			input{ID: "QX-012", Category: "suggestion", Text: "村里篮球场的篮球架坏了，希望能维修", Region: "清溪镇/大利村", At: "2025-03-06T10:00:00+08:00"},
			want{lead: "大利村委会", assist: []string{}, rules: []string{}, joint: false},
		},
		{ // no rule: the longest region prefix, the industrial park
			input{ID: "QX-013", Category: "complaint", Text: "工业区里有一家厂的消防通道被货物堵住了", Region: "清溪镇/三中村/三中工业区/A区", At: "2025-03-06T15:00:00+08:00"},
			want{lead: "三中工业区管理处", assist: []string{}, rules: []string{}, joint: false},
		},
		{ // no rule: a village with no entry of its own falls to the town
			input{ID: "QX-014", Category: "consultation", Text: "请问老年人优待证在哪里办理", Region: "清溪镇/新村", At: "2025-03-07T09:00:00+08:00"},
			want{lead: "清溪镇人民政府", assist: []string{}, rules: []string{}, joint: false},
		},
		{ // no rule and no region: the fallback
			input{ID: "QX-015", Category: "consultation", Text: "咨询一下新生儿入户需要哪些材料", At: "2025-03-07T10:00:00+08:00"},
			want{lead: "清溪镇人民政府", assist: []string{}, rules: []string{}, joint: false},
		},
		{ // no rule and a region outside the town: the fallback
			input{ID: "QX-016", Category: "consultation", Text: "咨询一下新生儿入户需要哪些材料", Region: "塘厦镇/林村", At: "2025-03-07T10:05:00+08:00"},
			want{lead: "清溪镇人民政府", assist: []string{}, rules: []string{}, joint: false},
		},
		{ // a quarrel is not noise
			input{ID: "QX-017", Category: "complaint", Text: "隔壁两口子天天吵架，很吵", Region: "清溪镇/柏朗村", At: "2025-03-07T16:00:00+08:00"},
			want{lead: "柏朗村委会", assist: []string{}, rules: []string{}, joint: false},
		},
		{ // an attention tag makes a one-unit order joint
			input{ID: "QX-018", Category: "complaint", Text: "鹿湖社区多处路灯不亮，已经被报纸报道", Region: "清溪镇/鹿湖社区", Tags: []string{"媒体关注"}, At: "2025-03-08T20:00:00+08:00"},
			want{lead: "城管分局", assist: []string{}, rules: []string{"路灯"}, joint: true},
		},
		{ // a rule claims it before the market's own jurisdiction
			input{ID: "QX-019", Category: "complaint", Text: "市场门口摆摊的流动摊贩占了人行道", Region: "清溪镇/清溪社区/清溪市场", At: "2025-03-08T12:00:00+08:00"},
			want{lead: "城管分局", assist: []string{}, rules: []string{"占道经营"}, joint: false},
		},
		{ // full-width letters and digits, any case, match 5G基站 and WiFi
			input{ID: "QX-025", Category: "complaint", Text: "小区旁边的５Ｇ基站信号不稳定，ｗｉｆｉ也连不上", Region: "清溪镇/清湖社区", At: "2025-03-08T12:30:00+08:00"},
			want{lead: "工信办", assist: []string{}, rules: []string{"通信信号"}, joint: false},
		},
		// Repeats: the same address and category three times in 30 days.
		{
			input{ID: "QX-020", Category: "complaint", Text: "门口路面坑洼，一直没人修", Region: "清溪镇/上元村", Address: "上元村文化路12号", At: "2025-03-10T09:00:00+08:00"},
			want{lead: "交通运输局", assist: []string{}, rules: []string{"道路破损"}, joint: false},
		},
		{
			input{ID: "QX-021", Category: "complaint", Text: "文化路路面坑洼还是没修", Region: "清溪镇/上元村", Address: "上元村文化路１２号", At: "2025-03-18T09:00:00+08:00"},
			want{lead: "交通运输局", assist: []string{}, rules: []string{"道路破损"}, joint: false},
		},
		{
			input{ID: "QX-022", Category: "complaint", Text: "第三次反映了，文化路坑洼到现在没人管", Region: "清溪镇/上元村", Address: "上元村文化路12号", At: "2025-04-02T09:00:00+08:00"},
			want{lead: "交通运输局", assist: []string{}, rules: []string{"道路破损"}, joint: true, repeatOf: []string{"QX-020", "QX-021"}},
		},
		{ // 30 days back from 04-20 is 03-21: only QX-022 is left, no repeat
			input{ID: "QX-023", Category: "complaint", Text: "文化路坑洼", Region: "清溪镇/上元村", Address: "上元村文化路12号", At: "2025-04-20T09:00:00+08:00"},
			want{lead: "交通运输局", assist: []string{}, rules: []string{"道路破损"}, joint: false},
		},
		{ // rain water on the same road: drainage leads, the road bureau assists
			input{ID: "QX-024", Category: "complaint", Text: "文化路坑洼积水，车过水花溅到行人", Region: "清溪镇/上元村", Address: "上元村文化路12号", At: "2025-04-21T09:00:00+08:00"},
			want{lead: "水务局", assist: []string{"城管分局", "交通运输局"}, rules: []string{"排水内涝", "道路破损"}, joint: true, repeatOf: []string{"QX-022", "QX-023"}},
		},
	}
	var in strings.Builder
	for _, c := range cases {
		in.WriteString(line(t, c.in))
		in.WriteString("\n")
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(in.String()), &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Empty(t, stderr.String(), "the shipped rules have no warnings")

	got, order := decode(t, stdout.String())
	require.Len(t, order, len(cases))
	for i, c := range cases {
		t.Run(c.in.ID, func(t *testing.T) {
			assert.Equal(t, c.in.ID, order[i], "one line per order, in order")
			o := got[c.in.ID]
			assert.Equal(t, c.want.lead, o.Lead, o.Reason)
			assert.Equal(t, c.want.assist, o.Assist, o.Reason)
			assert.Equal(t, c.want.rules, o.Rules)
			assert.Equal(t, c.want.joint, o.Joint, o.Reason)
			if c.want.joint {
				assert.Equal(t, "清溪镇政务服务中心", o.Coordinator)
			} else {
				assert.Equal(t, "", o.Coordinator)
			}
			want := c.want.repeatOf
			if want == nil {
				want = []string{}
			}
			assert.Equal(t, len(want) > 0, o.Repeat)
			assert.Equal(t, want, o.RepeatOf)
			assert.NotEmpty(t, o.Reason)
		})
	}
	assert.Equal(t, "命中规则「道路破损」(优先级45)，由交通运输局主办；30天内同地址、同类别第3件，属重复诉求，此前工单：QX-020、QX-021；因重复诉求转联合办理，由清溪镇政务服务中心协调。", got["QX-022"].Reason)
}

// Five outages from one village in a day raise one hotspot.
func TestRouteHotspot(t *testing.T) {
	var in strings.Builder
	for i, g := range []string{"一组", "二组", "三组", "一组", "四组", "五组"} {
		in.WriteString(line(t, input{ID: "W" + string(rune('1'+i)), Category: "help", Text: "家里停水了",
			Region: "清溪镇/荔横村/" + g, At: "2025-05-01T0" + string(rune('1'+i)) + ":00:00+08:00"}))
		in.WriteString("\n")
	}
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(in.String()), &stdout, &stderr), stderr.String())
	got, _ := decode(t, stdout.String())
	assert.Empty(t, got["W4"].Hotspots)
	require.Len(t, got["W5"].Hotspots, 2, "by category and by the watched keyword 停水")
	h := got["W5"].Hotspots[0]
	assert.Equal(t, "清溪镇/荔横村", h.Region)
	assert.Equal(t, []string{"W1", "W2", "W3", "W4", "W5"}, h.IDs)
	assert.Equal(t, []string{"自来水公司", "水务局"}, h.Units)
	assert.Empty(t, got["W6"].Hotspots, "once per window")
	assert.Equal(t, []string{"清溪镇/荔横村｜category:help", "清溪镇/荔横村｜keyword:停水"}, got["W5"].HotspotKeys)
	assert.Equal(t, "清溪镇/荔横村｜keyword:停水", got["W5"].Hotspots[1].Key)
	assert.Contains(t, stdout.String(), `"hotspot_keys":["清溪镇/荔横村｜category:help","清溪镇/荔横村｜keyword:停水"]`, "readable, not escaped")
}

func TestRouteEnglish(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := `{"id":"E1","category":"complaint","text":"路面坑洼","region":"清溪镇/银湖社区","at":"2025-03-03T10:00:00+08:00"}`
	require.Equal(t, 0, run([]string{"-rules", rulesFile, "-units", unitsFile, "-lang", "en"}, strings.NewReader(in), &stdout, &stderr))
	got, _ := decode(t, stdout.String())
	assert.Equal(t, `matched rule "道路破损" (priority 45): 交通运输局 leads; no joint handling.`, got["E1"].Reason)
}

// Bad order lines are reported with their numbers and skipped; the good
// ones are still routed, and the run fails at the end.
func TestRouteBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"G1","category":"help","text":"停水","at":"2025-03-01T08:00:00+08:00"}`,
		`{"id":"B1","category":"help","text":"停水"`,
		``,
		`{"id":"B2","category":"noise","text":"吵","at":"2025-03-01T08:00:00+08:00"}`,
		`{"id":"B3","urgency":"asap","text":"吵","at":"2025-03-01T08:00:00+08:00"}`,
		`{"id":"B4","text":"吵","at":"2025-03-01 08:00"}`,
		`{"id":"B5","text":"吵"}`,
		`{"text":"吵","at":"2025-03-01T08:00:00+08:00"}`,
		`[1,2]`,
		`{"id":"G2","category":"complaint","text":"路灯坏了","at":"2025-03-01T09:00:00+08:00"} {"id":"X"}`,
		`{"id":"G3","category":"complaint","text":"路灯坏了","at":"2025-03-01T09:00:00+08:00"}`,
	}, "\n")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(in), &stdout, &stderr)
	assert.Equal(t, 1, code)
	_, order := decode(t, stdout.String())
	assert.Equal(t, []string{"G1", "G3"}, order)
	msg := stderr.String()
	for _, want := range []string{
		"route: line 2: not a JSON order",
		`route: line 4: order "B2": field "category": unknown category "noise" (accepted: consultation, help, complaint, report, suggestion, praise, other, or their Chinese names)`,
		`route: line 5: order "B3": field "urgency": unknown urgency "asap" (accepted: normal, emergency, or their Chinese names)`,
		`route: line 6: order "B4": field "at": want RFC 3339`,
		`route: line 7: order "B5": field "at": missing`,
		`route: line 8: field "id": missing`,
		"route: line 9: not a JSON order",
		"route: line 10: not a JSON order: more than one value on the line",
		"route: 8 bad line(s) skipped",
	} {
		assert.Contains(t, msg, want)
	}
}

// Unknown fields, ids seen before and lines over the limit are reported and
// skipped; the lines after them are still routed.
func TestRouteRefusedLines(t *testing.T) {
	long := `{"id":"L1","text":"` + strings.Repeat("长", maxLine/3+1) + `","at":"2025-03-01T08:00:00+08:00"}`
	in := strings.Join([]string{
		`{"id":"G1","category":"help","text":"停水","at":"2025-03-01T08:00:00+08:00"}`,
		`{"id":"U1","category":"help","txt":"停水","at":"2025-03-01T08:00:00+08:00"}`,
		`{"id":"G1","category":"help","text":"又停水","at":"2025-03-01T09:00:00+08:00"}`,
		long,
		`{"id":"G2","category":"complaint","text":"路灯坏了","at":"2025-03-01T09:00:00+08:00"}`,
		long, // the last line, with no newline after it
	}, "\n")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(in), &stdout, &stderr)
	assert.Equal(t, 1, code)
	_, order := decode(t, stdout.String())
	assert.Equal(t, []string{"G1", "G2"}, order)
	msg := stderr.String()
	for _, want := range []string{
		`route: line 2: not a JSON order: json: unknown field "txt"`,
		`route: line 3: order "G1": field "id": duplicate of line 1`,
		"route: line 4: line longer than 1048576 bytes",
		"route: line 6: line longer than 1048576 bytes",
		"route: 4 bad line(s) skipped",
	} {
		assert.Contains(t, msg, want)
	}
}

// A line of exactly the limit is read; the newline does not count.
func TestRouteLineAtLimit(t *testing.T) {
	head := `{"id":"A","text":"`
	tail := `","at":"2025-03-01T08:00:00+08:00"}`
	in := head + strings.Repeat("a", maxLine-len(head)-len(tail)) + tail + "\n"
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(in), &stdout, &stderr), stderr.String())
	_, order := decode(t, stdout.String())
	assert.Equal(t, []string{"A"}, order)
}

// -h and -help document the input and output lines and exit with status
// 0, so that go run does not report a failure.
func TestRouteHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 0, run([]string{arg}, strings.NewReader(""), &stdout, &stderr), arg)
		for _, want := range []string{"Input: one order per line", "repeat_of", "RFC 3339", "-rules", "-units"} {
			assert.Contains(t, stderr.String(), want, arg)
		}
	}
}

// A key given twice in one object is a bad line, not the last value
// winning: the line would otherwise be routed as order h.
func TestRouteDuplicateKeys(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"g","text":"停水","at":"2025-03-01T08:00:00+08:00","id":"h"}`,
		`{"id":"g2","text":"停水","ID":"h2","at":"2025-03-01T08:00:00+08:00"}`,
		`{"id":"g3","text":"停水","tags":["夜间","夜间"],"at":"2025-03-01T08:00:00+08:00","at":"2025-03-01T09:00:00+08:00"}`,
		`{"id":"h","text":"停水","tags":["夜间","夜间"],"at":"2025-03-01T08:00:00+08:00"}`,
	}, "\n")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(in), &stdout, &stderr)
	assert.Equal(t, 1, code)
	_, order := decode(t, stdout.String())
	assert.Equal(t, []string{"h"}, order, "a tag given twice is no duplicate key")
	msg := stderr.String()
	for _, want := range []string{
		`route: line 1: not a JSON order: key "id" given twice`,
		`route: line 2: not a JSON order: key "ID" given twice`,
		`route: line 3: not a JSON order: key "at" given twice`,
		"route: 3 bad line(s) skipped",
	} {
		assert.Contains(t, msg, want)
	}
}

// The Qingxi rules name no fallback unit: the directory of units given
// with -units does, and without it the run stops before reading orders.
func TestRouteUnits(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	order := `{"id":"F1","text":"咨询一下","at":"2025-03-01T08:00:00+08:00"}`

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-rules", rulesFile, "-units", unitsFile}, strings.NewReader(order), &stdout, &stderr), stderr.String())
	got, _ := decode(t, stdout.String())
	assert.Equal(t, "清溪镇人民政府", got["F1"].Lead, "the directory's fallback unit")
	assert.Equal(t, routing.ByFallback, got["F1"].LeadBy)

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no directory", []string{"-rules", rulesFile}, 2,
			"route: rules file qingxi.yaml names no fallback unit: give the directory of units that names it with -units FILE"},
		{"missing directory", []string{"-rules", rulesFile, "-units", filepath.Join(dir, "none.yaml")}, 1, "no such file"},
		{"unit not in the directory", []string{"-rules", write("r.yaml", "centre: 中心\nrules:\n  - name: 停水\n    any: [停水]\n    lead: 水务局\n"),
			"-units", write("u.yaml", "fallback: 镇政府\nunits:\n  - {id: 中心, name: 中心, kind: department}\n  - {id: 镇政府, name: 镇政府, kind: town}\n")}, 1,
			`rule "停水": field "lead": unit "水务局": not in the directory (line 5, column 11)`},
		{"another fallback", []string{"-rules", write("f.yaml", "centre: 中心\nfallback: 中心\n"), "-units", filepath.Join(dir, "u.yaml")}, 1,
			`field "fallback": bad value: "中心", but the unit directory's fallback is "镇政府"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, c.code, run(c.args, strings.NewReader(order), &stdout, &stderr))
			assert.Empty(t, stdout.String())
			assert.Contains(t, stderr.String(), c.want)
		})
	}

	// A rules file that names its fallback runs without a directory.
	stdout.Reset()
	stderr.Reset()
	require.Equal(t, 0, run([]string{"-rules", filepath.Join(dir, "f.yaml")}, strings.NewReader(order), &stdout, &stderr), stderr.String())
	got, _ = decode(t, stdout.String())
	assert.Equal(t, "中心", got["F1"].Lead)
}

func TestRouteBadRules(t *testing.T) {
	dir := t.TempDir()
	write := writer(t, dir)
	cases := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no rules flag", nil, 2, []string{"usage: route -rules FILE"}},
		{"stray argument", []string{"-rules", rulesFile, "-units", unitsFile, "extra"}, 2, []string{"usage"}},
		{"unknown flag", []string{"-rule", rulesFile}, 2, []string{"flag provided but not defined"}},
		{"bad language", []string{"-rules", rulesFile, "-units", unitsFile, "-lang", "chinese!"}, 2, []string{`-lang "chinese!": not a language tag such as zh or en`}},
		{"missing file", []string{"-rules", filepath.Join(dir, "none.yaml")}, 1, []string{"none.yaml", "no such file"}},
		{"unknown field", []string{"-rules", write("a.yaml", "centre: c\nfallback: f\nrules:\n  - name: 噪音扰民\n    keyword: [噪音]\n    lead: 生态环境分局\n")}, 1,
			[]string{`rule "噪音扰民": field "keyword": unknown field`, "(line 5, column 5)"}},
		{"no lead and a bad priority", []string{"-rules", write("b.yaml", "centre: c\nfallback: f\nrules:\n  - name: 停水\n    priority: 高\n    any: [停水]\n")}, 1,
			[]string{`rule "停水": field "priority": bad value: want a whole number, got "高"`}},
		{"no lead", []string{"-rules", write("c.yaml", "centre: c\nfallback: f\nrules:\n  - name: 停水\n    any: [停水]\n")}, 1,
			[]string{`rule "停水": field "lead": no lead unit`}},
		{"unknown category", []string{"-rules", write("d.yaml", "centre: c\nfallback: f\nrules:\n  - name: 停水\n    categories: [water]\n    lead: 自来水公司\n")}, 1,
			[]string{`rule "停水": field "categories[0]": bad value: unknown category "water" (accepted: consultation, help,`, "(line 5, column 18)"}},
		{"not YAML", []string{"-rules", write("e.yaml", "centre: [\n")}, 1, []string{"routing: not valid YAML: did not find expected node content (line 1)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(c.args, strings.NewReader(`{"id":"1","text":"停水","at":"2025-03-01T08:00:00+08:00"}`), &stdout, &stderr)
			assert.Equal(t, c.code, code)
			assert.Empty(t, stdout.String())
			for _, w := range c.want {
				assert.Contains(t, stderr.String(), w)
			}
		})
	}
}

func TestRouteWarnings(t *testing.T) {
	p := filepath.Join(t.TempDir(), "w.yaml")
	require.NoError(t, os.WriteFile(p, []byte("centre: c\nfallback: f\nrules:\n  - name: 噪音\n    priority: 50\n    any: [噪音]\n    lead: a\n  - name: 夜间噪音\n    any: [夜间噪音]\n    lead: b\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := run([]string{"-rules", p}, strings.NewReader(""), &stdout, &stderr)
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr.String(), `route: warning: routing: rule "夜间噪音": never leads`)
}
