// Command customrule extends the routing rules of 清溪镇 from Go and shows
// where a few orders go and why.
//
//	go run ./examples/customrule
//
// Two extension points of package routing are used:
//
//   - a rule written in Go (routing.RuleFunc, placed by a routing.NamedRule):
//     an order that names a school lying within 200 m of a construction site
//     goes to 教育办, with 住建局 assisting, whatever else it mentions. Which
//     schools and sites are where is data a rules file cannot hold;
//   - conditions written in Go that the rules file names in `when`
//     (routing.Options.Conditions): rest_day, a day off by the official
//     calendar of package calendar/cn, so that 调休 working weekends count
//     as working days; and elderly_caller, an order tagged 老年人 at intake
//     or whose caller states an age of 70 or more.
//
// For each order it prints the decision: lead and assisting units, joint
// handling, the rules that matched, and the reason in Chinese and English.
package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
)

//go:embed rules.yaml
var rulesYAML []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "customrule:", err)
		os.Exit(1)
	}
}

// point is a place on the map, in degrees (WGS 84).
type point struct{ lat, lon float64 }

// metres returns the great-circle distance from p to q.
func (p point) metres(q point) float64 {
	const earth = 6371000 // mean radius, m
	rad := math.Pi / 180
	dLat, dLon := (q.lat-p.lat)*rad, (q.lon-p.lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.lat*rad)*math.Cos(q.lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earth * math.Asin(math.Sqrt(h))
}

// place is a named place on the map.
type place struct {
	name string
	at   point
}

// The town's schools and its construction sites with a permit in force, as
// a platform would read them from the planning office's register.
var (
	schools = []place{
		{"清溪中心小学", point{22.8421, 114.1605}},
		{"三中小学", point{22.8350, 114.1450}},
		{"鹿湖幼儿园", point{22.8600, 114.1750}},
	}
	sites = []place{
		{"清溪大道商住楼工地", point{22.8434, 114.1614}},
		{"振兴路管网改造工地", point{22.8385, 114.1418}},
	}
)

// nearSchool is the Go rule: an order naming a school within radius
// metres of a construction site goes to the education office, with the
// housing and construction bureau assisting. It reads only fixed tables,
// so it is safe for concurrent use.
func nearSchool(radius float64) routing.RuleFunc {
	return func(req *routing.Request) (routing.Units, bool) {
		for _, s := range schools {
			if !strings.Contains(req.Text, s.name) && !strings.Contains(req.Address, s.name) {
				continue
			}
			for _, c := range sites {
				if s.at.metres(c.at) <= radius {
					return routing.Units{Lead: "教育办", Assist: []string{"住建局"}}, true
				}
			}
		}
		return routing.Units{}, false
	}
}

// nearestSite returns the school named in text, the construction site
// nearest to it and their distance in metres; ok is false when no school
// is named.
func nearestSite(text string) (school, site place, metres float64, ok bool) {
	for _, s := range schools {
		if !strings.Contains(text, s.name) {
			continue
		}
		metres = math.Inf(1)
		for _, c := range sites {
			if d := s.at.metres(c.at); d < metres {
				site, metres = c, d
			}
		}
		return s, site, metres, true
	}
	return place{}, place{}, 0, false
}

// restDay holds on a day off by cal: weekends and holidays, but not the
// weekend days worked in exchange for a holiday.
func restDay(cal *calendar.Calendar) routing.Condition {
	return routing.ConditionFunc(func(req *routing.Request) bool {
		return !req.At.IsZero() && !cal.IsWorkday(req.At)
	})
}

// statedAge finds "78岁" and the like in what the caller said.
var statedAge = regexp.MustCompile(`(\d{1,3})\s*岁`)

// elderlyCaller holds for an order tagged 老年人, or whose text states an
// age of at least age.
func elderlyCaller(age int) routing.Condition {
	return routing.ConditionFunc(func(req *routing.Request) bool {
		if slices.Contains(req.Tags, "老年人") {
			return true
		}
		for _, m := range statedAge.FindAllStringSubmatch(req.Text, -1) {
			if n, err := strconv.Atoi(m[1]); err == nil && n >= age {
				return true
			}
		}
		return false
	})
}

// compile builds the rule set with the Go rule and conditions, with
// reasons in lang.
func compile(lang language.Tag) (*routing.RuleSet, error) {
	cfg, err := routing.Parse(bytes.NewReader(rulesYAML))
	if err != nil {
		return nil, err
	}
	rs, warnings, err := routing.Compile(cfg, routing.Options{
		Rules: []routing.NamedRule{{Name: "学校周边施工", Priority: 75, Rule: nearSchool(200)}},
		Conditions: map[string]routing.Condition{
			"rest_day":       restDay(cn.Calendar()),
			"elderly_caller": elderlyCaller(70),
		},
		Language: lang,
	})
	if err != nil {
		return nil, err
	}
	if len(warnings) > 0 {
		return nil, fmt.Errorf("rules: %s", warnings[0])
	}
	return rs, nil
}

// orders are a few of the town's orders.
func orders() []routing.Request {
	cst := cn.Calendar().Location()
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, cst) }
	return []routing.Request{
		{ID: "QX-0101", Category: hotline.CategoryComplaint, Region: "清溪镇/清溪社区", At: at(6, 11, 10, 20),
			Text: "清溪中心小学旁边的工地白天一直打桩，噪音很大，学生没法上课"},
		{ID: "QX-0102", Category: hotline.CategoryComplaint, Region: "清溪镇/三中村", At: at(6, 11, 15, 0),
			Text: "三中小学附近的工地渣土车进进出出，路面全是泥"},
		{ID: "QX-0103", Category: hotline.CategoryComplaint, Region: "清溪镇/鹿湖社区", At: at(6, 14, 21, 30),
			Text: "楼下商铺开着大音响做促销，太吵了"},
		{ID: "QX-0104", Category: hotline.CategoryComplaint, Region: "清溪镇/鹿湖社区", At: at(9, 28, 21, 30),
			Text: "楼下商铺开着大音响做促销，太吵了"},
		{ID: "QX-0105", Category: hotline.CategoryComplaint, Region: "清溪镇/鹿湖社区", At: at(10, 1, 21, 30),
			Text: "楼下商铺开着大音响做促销，太吵了"},
		{ID: "QX-0106", Category: hotline.CategoryHelp, Region: "清溪镇/三中村", At: at(6, 10, 9, 0), Tags: []string{"老年人"},
			Text: "家里厨房水管漏水，一个人住，不知道怎么处理"},
		{ID: "QX-0107", Category: hotline.CategoryHelp, Region: "清溪镇/清溪社区", At: at(6, 10, 9, 30),
			Text: "我今年78岁，家里停水两天了，买水提不动"},
		{ID: "QX-0108", Category: hotline.CategoryHelp, Region: "清溪镇/清溪社区", At: at(6, 10, 9, 45),
			Text: "我今年45岁，家里停水两天了，请尽快恢复"},
	}
}

func run(stdout io.Writer) error {
	zh, err := compile(language.Chinese)
	if err != nil {
		return err
	}
	en, err := compile(language.English)
	if err != nil {
		return err
	}
	days := cn.Calendar()
	var b strings.Builder
	for i, req := range orders() {
		d, err := zh.Decide(&req)
		if err != nil {
			return err
		}
		e, err := en.Decide(&req)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString("\n")
		}
		day := days.Day(req.At)
		kind := day.Kind.String()
		if f := day.Festival(language.English); f != "" {
			kind += ", " + f
		}
		fmt.Fprintf(&b, "%s  %s (%s, %s)  %s  %s\n", req.ID, req.At.Format("2006-01-02 15:04"), req.At.Weekday(), kind,
			req.Category.Name(language.Chinese), req.Region)
		fmt.Fprintf(&b, "  来电  %s", req.Text)
		if len(req.Tags) > 0 {
			fmt.Fprintf(&b, "  [%s]", strings.Join(req.Tags, ", "))
		}
		b.WriteString("\n")
		if school, site, m, ok := nearestSite(req.Text); ok {
			fmt.Fprintf(&b, "  距离  %s离%s %.0f 米\n", school.name, site.name, m)
		}
		assist := strings.Join(d.Assist, "、")
		if assist == "" {
			assist = "-"
		}
		joint := "否"
		if d.Joint {
			joint = "是"
		}
		fmt.Fprintf(&b, "  主办  %s  协办 %s  联合办理 %s\n", d.Lead, assist, joint)
		fmt.Fprintf(&b, "  命中  %s\n", strings.Join(d.Rules, "、"))
		fmt.Fprintf(&b, "  理由  %s\n", d.Reason)
		fmt.Fprintf(&b, "  why   %s\n", e.Reason)
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}
