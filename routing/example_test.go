package routing_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/routing"
)

const rulesYAML = `
centre: 政务服务中心
fallback: 政务服务中心
jurisdictions:
  清溪镇: 清溪镇人民政府
  清溪镇/三中村: 三中村委会
rules:
  - name: 噪音扰民
    priority: 50
    categories: [complaint, report]
    any: [噪音, 噪声, 扰民]
    lead: 生态环境分局
    assist: [城管分局, 派出所]
  - name: 夜间施工
    priority: 60
    any: [施工, 打桩]
    when: [night_time]
    lead: 住建局
  - name: 道路破损
    priority: 40
    any: [坑洼, 路面破损]
    lead: 交通运输局
joint:
  multi_unit: true
  attention_tags: [媒体关注]
  repeat: {window: 720h, count: 3, key: [address, category]}
`

var cst = time.FixedZone("CST", 8*3600)

func Example() {
	cfg, err := routing.Parse(strings.NewReader(rulesYAML))
	if err != nil {
		fmt.Println(err)
		return
	}
	rs, warnings, err := routing.Compile(cfg, routing.Options{Language: language.Chinese})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("warnings:", len(warnings))

	d, _ := rs.Decide(&routing.Request{
		ID:       "QX-0001",
		Category: hotline.CategoryComplaint,
		Text:     "楼下工地晚上11点还在打桩，噪音太大",
		Region:   "清溪镇/三中村",
		At:       time.Date(2025, 3, 1, 23, 10, 0, 0, cst),
	})
	fmt.Println(d.Lead, d.Assist, d.Joint, d.Coordinator)
	fmt.Println(d.Reason)

	d, _ = rs.Decide(&routing.Request{ID: "QX-0002", Category: hotline.CategoryHelp, Text: "路灯不亮", Region: "清溪镇/三中村/二组"})
	fmt.Println(d.Lead, d.LeadBy)
	// Output:
	// warnings: 0
	// 住建局 [生态环境分局 城管分局 派出所] true 政务服务中心
	// 命中规则「夜间施工」(优先级60)，由住建局主办；另命中「噪音扰民」(优先级50)，其主办、协办单位一并协办；协办：生态环境分局、城管分局、派出所；因有协办单位转联合办理，由政务服务中心协调。
	// 三中村委会 jurisdiction
}

func ExampleRouter() {
	cfg, _ := routing.Parse(strings.NewReader(rulesYAML))
	rs, _, _ := routing.Compile(cfg, routing.Options{Language: language.English})
	r := routing.NewRouter(rs)
	for i, id := range []string{"QX-0101", "QX-0102", "QX-0103"} {
		d, err := r.Route(context.Background(), &routing.Request{
			ID:       id,
			Category: hotline.CategoryComplaint,
			Text:     "门口路面坑洼，电动车摔了",
			Address:  "清溪大道88号",
			At:       time.Date(2025, 4, 1+7*i, 9, 0, 0, 0, cst),
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.ID, d.Repeat, d.RepeatOf, d.Joint)
	}
	// Output:
	// QX-0101 false [] false
	// QX-0102 false [] false
	// QX-0103 true [QX-0101 QX-0102] true
}

func ExampleRuleFunc() {
	// Wage claims from construction sites also concern the housing bureau.
	site := routing.RuleFunc(func(req *routing.Request) (routing.Units, bool) {
		if strings.Contains(req.Text, "工地") && strings.Contains(req.Text, "工资") {
			return routing.Units{Lead: "人社分局", Assist: []string{"住建局"}}, true
		}
		return routing.Units{}, false
	})
	cfg := &routing.Config{Centre: "政务服务中心", Fallback: "政务服务中心"}
	rs, _, err := routing.Compile(cfg, routing.Options{
		Rules: []routing.NamedRule{{Name: "工地欠薪", Priority: 80, Rule: site}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := rs.Decide(&routing.Request{ID: "QX-0201", Category: hotline.CategoryHelp, Text: "在工地干了半年，工资一分没拿到"})
	fmt.Println(d.Rules, d.Lead, d.Assist)
	// Output:
	// [工地欠薪] 人社分局 [住建局]
}

func ExampleConditionFunc() {
	cfg, _ := routing.Parse(strings.NewReader(`
centre: 政务服务中心
fallback: 政务服务中心
rules:
  - name: 考试期间噪音
    priority: 90
    any: [噪音]
    when: [exam_season]
    lead: 教育办
    assist: [生态环境分局]
`))
	examSeason := routing.ConditionFunc(func(req *routing.Request) bool {
		return req.At.Month() == time.June && req.At.Day() >= 5 && req.At.Day() <= 10
	})
	rs, _, err := routing.Compile(cfg, routing.Options{Conditions: map[string]routing.Condition{"exam_season": examSeason}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, day := range []int{7, 20} {
		d, _ := rs.Decide(&routing.Request{ID: "QX-0301", Text: "考场附近工地噪音", At: time.Date(2025, 6, day, 9, 0, 0, 0, cst)})
		fmt.Println(day, d.Lead)
	}
	// Output:
	// 7 教育办
	// 20 政务服务中心
}

func ExampleCompile_errors() {
	cfg, _ := routing.Parse(strings.NewReader(`
centre: 政务服务中心
fallback: 政务服务中心
rules:
  - name: 噪音扰民
    any: [噪音]
  - name: 噪音扰民
    any: 夜间噪音
    lead: 派出所
`))
	_, _, err := routing.Compile(cfg, routing.Options{})
	fmt.Println(err)
	// Output:
	// routing: rule "噪音扰民": field "lead": no lead unit: every rule needs a lead (line 5)
	// routing: rule "噪音扰民": field "name": duplicate rule name: "噪音扰民" is used by an earlier rule (line 7, column 11)
}

func ExampleCompile_warnings() {
	cfg, _ := routing.Parse(strings.NewReader(`
centre: 政务服务中心
fallback: 政务服务中心
rules:
  - name: 噪音
    priority: 50
    any: [噪音]
    lead: 生态环境分局
  - name: 夜间噪音
    priority: 40
    any: [夜间噪音]
    lead: 派出所
`))
	_, warnings, _ := routing.Compile(cfg, routing.Options{})
	for _, w := range warnings {
		fmt.Println(w)
	}
	// Output:
	// routing: rule "夜间噪音": never leads: rule "噪音" (priority 50) matches whenever it does and outranks it (line 9)
}

func ExampleNormalize() {
	fmt.Println(routing.Normalize("ＡＢＣ１２"), routing.Normalize("abc12"), routing.Normalize("（井盖）"))
	// Output:
	// abc12 abc12 (井盖)
}

func ExampleRouter_hotspot() {
	cfg, _ := routing.Parse(strings.NewReader(`
centre: 政务服务中心
fallback: 政务服务中心
rules:
  - name: 停水
    any: [停水, 没水]
    lead: 自来水公司
hotspot: {window: 24h, count: 3, region_depth: 2, keywords: [停水]}
`))
	rs, _, _ := routing.Compile(cfg, routing.Options{})
	r := routing.NewRouter(rs)
	for i, region := range []string{"清溪镇/三中村/一组", "清溪镇/三中村/二组", "清溪镇/三中村"} {
		d, _ := r.Route(context.Background(), &routing.Request{ID: fmt.Sprint("W", i+1), Category: hotline.CategoryHelp, Text: "停水了",
			Region: region, At: time.Date(2025, 5, 1, 8+i, 0, 0, 0, cst)})
		for _, h := range d.Hotspots {
			fmt.Println(h.Region, h.Category, h.Keyword, h.Count, h.IDs, h.Units)
		}
	}
	// Output:
	// 清溪镇/三中村 help  3 [W1 W2 W3] [自来水公司]
	// 清溪镇/三中村  停水 3 [W1 W2 W3] [自来水公司]
}

// ledger is a History kept in a slice, standing in for a database that
// every node of a platform shares.
type ledger struct{ seen map[string][]routing.Seen }

func (l *ledger) Recent(_ context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	var out []routing.Seen
	for _, s := range l.seen[key] {
		if s.At.After(since) && !s.At.After(until) {
			out = append(out, s)
		}
	}
	return out, nil
}

// RecentGroup and RecentAlerts find nothing: the rules below count no
// hotspots.
func (l *ledger) RecentGroup(context.Context, string, time.Time, time.Time) ([]routing.Seen, error) {
	return nil, nil
}

func (l *ledger) RecentAlerts(context.Context, string, time.Time, time.Time) ([]routing.Seen, error) {
	return nil, nil
}

// A router with a History finds repeats among the orders the History
// remembers, here written down after each decision under its RepeatKey,
// as a store keeps the orders it dispatched. A second router on the same
// History, as after a restart, sees them too.
func ExampleRouter_SetHistory() {
	cfg, _ := routing.Parse(strings.NewReader(`
centre: 政务服务中心
fallback: 城管分局
joint:
  repeat: {window: 720h, count: 3, key: [address, category]}
`))
	rs, _, _ := routing.Compile(cfg, routing.Options{})
	l := &ledger{seen: map[string][]routing.Seen{}}
	for i := range 4 {
		r := routing.NewRouter(rs) // a new router each time: nothing in its own memory
		r.SetHistory(l)
		req := &routing.Request{ID: fmt.Sprint("R", i+1), Category: hotline.CategoryComplaint, Text: "路灯不亮",
			Address: "幸福路1号", At: time.Date(2025, 5, 1+i, 9, 0, 0, 0, cst)}
		d, _ := r.Route(context.Background(), req)
		l.seen[d.RepeatKey] = append(l.seen[d.RepeatKey], routing.Seen{ID: req.ID, At: req.At})
		fmt.Println(d.ID, d.Repeat, d.RepeatOf)
	}
	// Output:
	// R1 false []
	// R2 false []
	// R3 true [R1 R2]
	// R4 true [R1 R2 R3]
}
