package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// runQingxi runs the command with args and returns its output and status.
func runQingxi(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(args, &out, &errs)
	return out.String(), errs.String(), code
}

// ok runs the command and fails the test unless it succeeds.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := runQingxi(t, args...)
	require.Equal(t, 0, code, "qingxi %v: %s", args, errs)
	require.Empty(t, errs)
	return out
}

// report decodes a -json report into a generic structure.
func decodeJSON(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &m))
	return m
}

// num reads a number at a path of object keys.
func num(t *testing.T, v any, path ...string) int {
	t.Helper()
	for _, k := range path {
		m, isMap := v.(map[string]any)
		require.True(t, isMap, "%v: not an object at %q", path, k)
		v = m[k]
	}
	f, isNum := v.(float64)
	require.True(t, isNum, "%v: %v is not a number", path, v)
	return int(f)
}

// list reads an array of objects.
func list(t *testing.T, v any, key string) []any {
	t.Helper()
	l, isList := v.(map[string]any)[key].([]any)
	require.True(t, isList, "%q is not an array", key)
	return l
}

var update = flag.Bool("update", false, "rewrite the golden report under testdata")

// TestDefaultRun runs the default year, the town's, and compares the
// report with testdata/default_zh.golden (go test -update rewrites it;
// read the diff: every figure in it comes out of the simulation).
func TestDefaultRun(t *testing.T) {
	out := ok(t)
	golden := filepath.Join("testdata", "default_zh.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out, "the default report changed; run go test -update and read the diff")
	for _, heading := range []string{
		"清溪镇 12345 热线 2025 年度报告",
		"统计期间：2025-01-01 至 2025-12-31（北京时间）受理的工单，跟踪至全部办结。",
		"〇、镇报告数字与模拟结果对照",
		"一、受理总量（按类别）",
		"二、办理质效",
		"三、紧急工单（25 件）",
		"四、联合办理与重复件",
		"五、热点预警",
		"六、承办单位考核（2025 年，镇级方案：响应率 20、按期办结率 30、解决率 20、满意率 30）",
		"七、督办阶梯",
		"八、差评甄别",
		"九、城管分局经办人考核",
		"单位负责人领办工单",
		"十、末周部门信息摘要（2025-12-22 至 2025-12-28）",
		"# 城管分局信息摘要",
	} {
		assert.Contains(t, out, heading)
	}
	// The town's figures beside the simulated ones.
	assert.Regexp(t, `(?m)^受理工单\s+2,917\s+2,917$`, out)
	assert.Regexp(t, `(?m)^紧急工单\s+25\s+25$`, out)
	assert.Regexp(t, `(?m)^按期办结率\s+接近 100%\s+99\.\d%$`, out)
	assert.Regexp(t, `(?m)^满意率\s+93\.2%\s+9\d\.\d%$`, out)
	// The category table's total line: 2,917 orders, 25 of them emergencies.
	assert.Regexp(t, `(?m)^合计\s+2,917\s+25\s`, out)
	assert.Contains(t, out, "受理工单 2,917 件")
	for _, label := range []string{"按期办结率", "满意率", "30 分钟内联系", "1 小时内到场", "联合办理", "协办意见"} {
		assert.Regexp(t, `(?m)^  `+label+`\s+\S`, out)
	}
	assert.NotContains(t, out, "注意：", "2025 has an official notice")
	assert.Contains(t, out, "单位目录列部门 17 个、公共企事业单位 3 个、村（社区）28 个。")
	// Every order is closed, none after the end of the year past its
	// deadline; the late ones count against the on-time rate.
	assert.Regexp(t, `超期列计入 2025 年底已过期限、仍未办结的记录，共 0 条；逾期后办结的记录计入按期办结率：年内到期的 2,8\d\d 条中有 \d+ 条未按期办结。`, out)
	// The on-time and satisfaction rates of section 二 are the scorecards'
	// totals, and so is the category table's total line.
	total := regexp.MustCompile(`(?m)^合计\s+2,991\s+[\d,]+\s+\S+\s+(\S+)\s+.*\s(\S+)\s+\S+$`).FindStringSubmatch(out)
	require.Len(t, total, 3, "no scorecard total line")
	assert.Regexp(t, `(?m)^  按期办结率  `+regexp.QuoteMeta(total[1])+`（2,8\d\d/2,8\d\d）$`, out)
	assert.Contains(t, out, "  满意率      "+total[2]+"（")
	assert.Regexp(t, `(?m)^合计\s+2,917\s+.*\s`+regexp.QuoteMeta(total[1])+`\s+`+regexp.QuoteMeta(total[2])+`$`, out)
	// Units are sorted in pinyin order: 城管分局 (cheng) before 派出所 (pai)
	// before 住建局 (zhu).
	c, p, z := strings.Index(out, "\n城管分局"), strings.Index(out, "\n派出所"), strings.Index(out, "\n住建局")
	assert.True(t, 0 < c && c < p && p < z, "pinyin order: %d %d %d", c, p, z)
}

func TestSameSeedSameReport(t *testing.T) {
	a := ok(t, "-orders", "300", "-seed", "7")
	b := ok(t, "-orders", "300", "-seed", "7")
	assert.Equal(t, a, b)
}

func TestSeedChangesFigures(t *testing.T) {
	a := ok(t, "-orders", "300", "-seed", "1")
	b := ok(t, "-orders", "300", "-seed", "2")
	require.NotEqual(t, a, b)
	// Same totals, different figures.
	for _, out := range []string{a, b} {
		assert.Regexp(t, `(?m)^合计\s+300\s`, out)
	}
	scorecard := func(s string) string { return s[strings.Index(s, "六、"):] }
	assert.NotEqual(t, scorecard(a), scorecard(b))
}

func TestOrdersChangeTotals(t *testing.T) {
	for _, n := range []int{1, 300} {
		m := decodeJSON(t, ok(t, "-json", "-orders", fmt.Sprint(n)))
		assert.Equal(t, n, num(t, m, "orders"))
		assert.Equal(t, n, num(t, m, "totals", "orders"))
		for _, rate := range []string{"on_time", "satisfaction"} {
			assert.Equal(t, m["units"].(map[string]any)["total"].(map[string]any)[rate], m["totals"].(map[string]any)[rate],
				"%s: the totals' rate is the scorecards'", rate)
		}
		text := ok(t, "-orders", fmt.Sprint(n))
		assert.Regexp(t, fmt.Sprintf(`(?m)^合计\s+%d\s`, n), text)
	}
}

func TestJSONAddsUp(t *testing.T) {
	out := ok(t, "-json", "-orders", "1000", "-seed", "3")
	m := decodeJSON(t, out)
	assert.Equal(t, 1000, num(t, m, "orders"))

	// Categories add up to the totals.
	cats := list(t, m, "categories")
	require.Len(t, cats, 7)
	for _, path := range [][]string{{"orders"}, {"emergencies"}, {"joint"}, {"repeats"}, {"returned"},
		{"on_time", "num"}, {"on_time", "den"}, {"satisfaction", "num"}, {"satisfaction", "den"}} {
		sum := 0
		for _, c := range cats {
			sum += num(t, c, path...)
		}
		assert.Equal(t, num(t, m, append([]string{"totals"}, path...)...), sum, "categories %v", path)
	}

	// Units add up to the assessment's total, which counts the year's
	// dispatches.
	units := m["units"].(map[string]any)
	rows := list(t, units, "rows")
	require.GreaterOrEqual(t, len(rows), 20)
	total := units["total"]
	for _, path := range [][]string{{"received"}, {"emergencies"}, {"closed"}, {"overdue"}, {"rated"},
		{"response", "num"}, {"response", "den"}, {"on_time", "num"}, {"on_time", "den"},
		{"returned", "num"}, {"returned", "den"}, {"reopened", "num"}, {"reopened", "den"},
		{"extended", "num"}, {"extended", "den"}, {"resolved", "num"}, {"resolved", "den"},
		{"satisfaction", "num"}, {"satisfaction", "den"}} {
		sum := 0
		for _, r := range rows {
			sum += num(t, r, path...)
		}
		assert.Equal(t, num(t, total, path...), sum, "units %v", path)
	}
	assert.Equal(t, num(t, m, "handling", "dispatches"), num(t, total, "received"))
	assert.Equal(t, num(t, m, "totals", "emergencies"), num(t, total, "emergencies"), "emergencies are never redispatched")
	assert.Equal(t, num(t, m, "totals", "emergencies"), num(t, m, "emergency", "orders"))

	// Callbacks: every order called back once at the end.
	cb := 0
	for _, k := range []string{"satisfied", "basically_satisfied", "dissatisfied", "unreachable"} {
		cb += num(t, m, "callbacks", k)
	}
	assert.Equal(t, 1000, cb)
	assert.Equal(t, num(t, total, "satisfaction", "num"), num(t, m, "totals", "satisfaction", "num"))
	assert.Equal(t, num(t, total, "satisfaction", "den"), num(t, m, "totals", "satisfaction", "den"))

	// Every path of the year was taken.
	for _, path := range [][]string{
		{"emergency", "orders"}, {"totals", "joint"}, {"totals", "repeats"}, {"joint", "assists"}, {"joint", "waived"},
		{"handling", "returns"}, {"handling", "redispatches"}, {"handling", "fallback"},
		{"handling", "extensions"}, {"handling", "approved"}, {"handling", "refused"},
		{"handling", "suspended"}, {"handling", "rejected"}, {"handling", "reopened"},
		{"handling", "warnings"}, {"handling", "urges"}, {"handling", "supervised"},
	} {
		assert.Positive(t, num(t, m, path...), "%v", path)
	}
	assert.NotEmpty(t, list(t, m, "hotspots"))
	assert.Equal(t, num(t, m, "handling", "extensions"), num(t, m, "handling", "approved")+num(t, m, "handling", "refused"))
	assert.Equal(t, "清溪镇人民政府", m["handling"].(map[string]any)["fallback_unit"])
	assert.Equal(t, []int{17, 3, 28}, []int{num(t, m, "departments"), num(t, m, "enterprises"), num(t, m, "villages")})

	// The text gives the same figures.
	text := ok(t, "-orders", "1000", "-seed", "3")
	assert.Contains(t, text, fmt.Sprintf("全年共 %s 条", group(num(t, total, "received"))))
	assert.Contains(t, text, fmt.Sprintf("（%s/%s）", group(num(t, m, "totals", "on_time", "num")), group(num(t, m, "totals", "on_time", "den"))))
}

// group writes n with thousands separators.
func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestEnglish(t *testing.T) {
	out := ok(t, "-lang", "en", "-orders", "200")
	for _, heading := range []string{
		"清溪镇 12345 hotline: the year 2025",
		"1. Orders by category", "2. Handling", "3. Emergencies", "4. Joint handling and repeats",
		"5. Hotspot alerts", "6. Unit scorecards (2025, scheme town: response 20, on-time 30, resolution 20, satisfaction 30)",
		"0. The town's reported figures and the simulation", "7. Supervision ladder", "8. Review of bad verdicts",
		"9. Handlers of ", "Orders led by unit leaders", "10. Digests of the last week (2025-12-22 to 2025-12-28)",
		"On-time completion", "Contact within 30 minutes", "On site within an hour",
		"Unit", "Received", "Score",
	} {
		assert.Contains(t, out, heading)
	}
	assert.Regexp(t, `(?m)^Total\s+200\s`, out)
	assert.Regexp(t, `Overdue counts the records past their deadline and still open at the end of 2025: \d+ in all\. `+
		`Records closed after their deadline count against the on-time rate instead: \d+ of the [\d,]+ due in the year were not closed by it\.`, out)
	assert.Contains(t, out, "the directory of units lists 17 departments, 3 public enterprises and 28 village and community committees.")
	assert.Contains(t, out, "On-time completion and satisfaction, here and in section 1, are the assessment's (section 6)")
	assert.Regexp(t, `(?m)^Complaint\s+\d`, out)
	assert.NotRegexp(t, regexp.MustCompile(`受理|办结|满意|镇报告|督办单`), out)
}

func TestProvisionalYear(t *testing.T) {
	out := ok(t, "-year", "2027", "-orders", "100")
	assert.Contains(t, out, "2027 年度报告")
	assert.Contains(t, out, "注意：日历中没有 2027 年的放假通知，期限按临时规则计算")
	out = ok(t, "-year", "2026", "-orders", "300", "-lang", "en")
	assert.Contains(t, out, "Note: the calendar has no holiday notice for 2027; deadlines that run into it follow its provisional rule.")

	m := decodeJSON(t, ok(t, "-json", "-year", "2026", "-orders", "100"))
	assert.Equal(t, false, m["provisional"])
	m = decodeJSON(t, ok(t, "-json", "-year", "2027", "-orders", "100"))
	assert.Equal(t, true, m["provisional"])
	assert.Positive(t, num(t, m, "handling", "provisional_due"))
}

func TestBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-lang", "chinese!"}, `-lang "chinese!": not a language tag such as zh or en`},
		{[]string{"-orders", "0"}, "-orders 0: want at least 1"},
		{[]string{"-orders", "-3"}, "-orders -3: want at least 1"},
		{[]string{"-year", "1"}, "-year 1: want 2 to 9998"},
		{[]string{"-year", "9999"}, "-year 9999: want 2 to 9998"},
		{[]string{"-year", "twenty"}, `invalid value "twenty" for flag -year`},
		{[]string{"-seed", "-1"}, `invalid value "-1" for flag -seed`},
		{[]string{"-colour"}, "flag provided but not defined: -colour"},
		{[]string{"2025"}, `unexpected argument "2025"`},
		{[]string{"-from", "2025-13-01"}, `-from "2025-13-01": not a day such as 2025-01-01`},
		{[]string{"-to", "31/12/2025"}, `-to "31/12/2025": not a day such as 2025-12-31`},
		{[]string{"-from", "2025-06-01", "-to", "2025-05-31"}, "-to 2025-05-31: before -from 2025-06-01"},
		{[]string{"-from", "9999-01-01", "-to", "9999-01-31"}, "-from 9999-01-01 -to 9999-01-31: want days of 2 to 9998"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := runQingxi(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errs, tc.want)
			assert.Contains(t, errs, "usage: qingxi")
		})
	}
}

// TestWorkbook writes the year's workbook and reads it back: the
// scorecards hold the report's units and totals, and the late orders
// still open at the year's end are the report's overdue count.
func TestWorkbook(t *testing.T) {
	for _, tt := range []struct {
		lang               string
		cards, chart, late string
		total, open        string
	}{
		{"zh", "考核汇总", "图表", "超期工单", "合计", "超期未办结"},
		{"en", "Scorecards", "Chart", "Late orders", "Total", "Open"},
	} {
		more := map[string][]string{
			"zh": {"不纳入考核", "镇报告对照", "督办台账", "经办人考核", "领办考核",
				"周报-概要", "周报-热点", "周报-上升诉求", "周报-重复诉求", "周报-超期工单", "周报-督办工单"},
			"en": {"Exemptions", "Town and simulation", "Supervision register", "Handlers", "Leader-led",
				"Week Summary", "Week Hotspots", "Week Rising topics", "Week Repeat clusters", "Week Late orders", "Week Supervised orders"},
		}[tt.lang]
		t.Run(tt.lang, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "qingxi.xlsx")
			m := decodeJSON(t, ok(t, "-json", "-orders", "400", "-seed", "2", "-lang", tt.lang, "-xlsx", path))
			f, err := excelize.OpenFile(path)
			require.NoError(t, err)
			defer f.Close()
			assert.Equal(t, append([]string{tt.cards, tt.chart, tt.late}, more...), f.GetSheetList())
			sheet := func(name string) [][]string {
				rows, err := f.GetRows(name)
				require.NoError(t, err)
				return rows
			}
			// The exemptions, one row each under the header.
			assert.Len(t, sheet(more[0]), 1+len(list(t, m["units"], "exemptions")))
			// The town's figures and the simulated ones.
			versus := sheet(more[1])
			require.Len(t, versus, 5)
			assert.Equal(t, []string{"2,917", "400"}, versus[1][1:])
			// The supervision register: a row per supervision order.
			assert.Len(t, sheet(more[2]), 1+num(t, m, "ladder", "issued"))
			// The handlers of one unit, then the leader-led rows.
			handlers := sheet(more[3])
			assert.Len(t, handlers, 1+len(list(t, m["persons"], "rows"))+1)
			assert.Regexp(t, "^"+regexp.QuoteMeta(m["persons_unit"].(string))+"/", handlers[1][1])
			assert.Len(t, sheet(more[4]), 1+len(list(t, m["leaders"], "rows"))+1)
			// The digest of the first department.
			digests := m["digests"].([]any)
			require.NotEmpty(t, digests)
			summary := sheet(more[5])
			require.Len(t, summary, 2)
			assert.Equal(t, digests[0].(map[string]any)["Department"], summary[1][0])

			rows, err := f.GetRows(tt.cards)
			require.NoError(t, err)
			units := list(t, m["units"], "rows")
			require.Len(t, rows, 1+len(units)+1)
			totals := rows[len(rows)-1]
			assert.Equal(t, tt.total, totals[0])
			assert.Equal(t, fmt.Sprint(num(t, m, "units", "total", "received")), totals[2])
			assert.Equal(t, units[0].(map[string]any)["name"], rows[1][1])

			rows, err = f.GetRows(tt.late)
			require.NoError(t, err)
			require.Greater(t, len(rows), 1, "no late orders in the year")
			open := 0
			for _, row := range rows[1:] {
				require.Len(t, row, 9, "%v", row)
				assert.Regexp(t, `^QX\d{4}-\d+$`, row[0])
				if row[6] == tt.open {
					open++
				}
			}
			overdue := num(t, m, "units", "total", "overdue")
			assert.Equal(t, overdue, open)
			// The misses of the on-time rate, and the overdue records not
			// due in the year.
			missed := num(t, m, "units", "total", "on_time", "den") - num(t, m, "units", "total", "on_time", "num")
			assert.GreaterOrEqual(t, len(rows)-1, missed)
			assert.LessOrEqual(t, len(rows)-1, missed+overdue)
		})
	}

	_, errs, code := runQingxi(t, "-orders", "10", "-xlsx", filepath.Join(t.TempDir(), "missing", "q.xlsx"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "qingxi:")
}

// TestPeriodFlags runs a quarter: the report names the period, and every
// order of the JSON report falls in it.
func TestPeriodFlags(t *testing.T) {
	out := ok(t, "-from", "2025-07-01", "-to", "2025-09-30", "-orders", "300")
	assert.Contains(t, out, "清溪镇 12345 热线报告（2025-07-01 至 2025-09-30）")
	assert.Contains(t, out, "统计期间：2025-07-01 至 2025-09-30（北京时间）")
	assert.Contains(t, out, "六、承办单位考核（2025-07-01 至 2025-09-30，")
	assert.Contains(t, out, "期内共")
	m := decodeJSON(t, ok(t, "-json", "-from", "2025-07-01", "-to", "2025-09-30", "-orders", "300"))
	assert.Equal(t, "2025-07-01T00:00:00+08:00", m["from"])
	assert.Equal(t, "2025-10-01T00:00:00+08:00", m["to"])
	assert.Equal(t, 300, num(t, m, "orders"))
	// -from alone runs to the end of -year.
	m = decodeJSON(t, ok(t, "-json", "-from", "2025-12-01", "-orders", "50"))
	assert.Equal(t, "2026-01-01T00:00:00+08:00", m["to"])
}
