package routing

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/conf"
)

// fuzzRequest is routed by every rule set FuzzLoadRules compiles.
var fuzzRequest = Request{ID: "F1", Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyEmergency, Text: "夜间施工噪音扰民，ＡＢＣ井盖丢失", Region: "清溪镇/三中村/一组", Address: "幸福路1号", Tags: []string{"媒体关注", "夜间"}, At: at(3, 1, 23, 0)}

func FuzzLoadRules(f *testing.F) {
	town, err := os.ReadFile("testdata/town.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(town)
	f.Add([]byte(issueYAML))
	f.Add([]byte("centre: c\nfallback: f\nrules:\n  - name: a\n    any: [x]\n    lead: u\n  - name: a\n    lead: v\n"))
	f.Add([]byte("centre: c\nfallback: f\nrules:\n  - name: 噪音扰民\n    priority: high\n"))
	f.Add([]byte("centre: c\nfallback: f\nrules:\n  - name: r\n    all: [井盖]\n    none: [井]\n    lead: u\n"))
	f.Add([]byte("centre: c\nfallback: f\njoint:\n  repeat: {window: 1h, count: 2, key: [text]}\nhotspot: {count: 2, keywords: [水]}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("centre: c\nfallback: f\nrules: &r [*r]\n"))
	for _, c := range parseErrorCases {
		f.Add([]byte(c.yaml))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(bytes.NewReader(data))
		if err != nil {
			// Every mistake is a *RuleError with its line, except what
			// the parser places nowhere and a file with nothing in it.
			var re *RuleError
			if !errors.As(err, &re) || !errors.Is(err, ErrInvalidRules) {
				t.Fatalf("error %v is not a *RuleError", err)
			}
			if re.Line == 0 && !errors.Is(err, conf.ErrSyntax) && !errors.Is(err, conf.ErrEmpty) {
				t.Fatalf("error %v has no line", err)
			}
			return
		}
		rs, _, err := Compile(cfg, Options{})
		if err != nil {
			return
		}
		req := fuzzRequest
		d1, err1 := rs.Decide(&req)
		d2, err2 := rs.Decide(&req)
		if !reflect.DeepEqual(d1, d2) || (err1 == nil) != (err2 == nil) {
			t.Fatalf("decisions differ:\n%+v\n%+v", d1, d2)
		}
		if err1 == nil && d1.Lead == "" {
			t.Fatalf("no lead: %+v", d1)
		}
		r := NewRouter(rs)
		for range 3 {
			if _, err := r.Route(context.Background(), &req); err != nil {
				t.Fatal(err)
			}
		}
	})
}

var (
	fuzzTownOnce sync.Once
	fuzzTown     *RuleSet
	fuzzNaive    *naive
)

// widen writes printable ASCII in its full-width forms.
func widen(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

func FuzzRouteText(f *testing.F) {
	for _, s := range []string{
		"楼下工地晚上打桩，噪音很大，孩子睡不着",
		"幸福路口井盖丢失，晚上很危险",
		"隔壁两口子吵架，噪音大",
		"三中村停水两天了，垃圾也没人收",
		"ａｂｃ超市卖菜短斤少两",
		"公司欠薪三个月，老板联系不上",
		"",
		"\xff\xfe噪",
		"e\u0301噪音",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fuzzTownOnce.Do(func() {
			fuzzTown = townRules(t, Options{})
			fuzzNaive = newNaive(townConfig(t))
		})
		req := fuzzRequest
		req.Text = text
		d1, err := fuzzTown.Decide(&req)
		if err != nil {
			t.Fatal(err)
		}
		d2, _ := fuzzTown.Decide(&req)
		if !reflect.DeepEqual(d1, d2) {
			t.Fatalf("decisions differ:\n%+v\n%+v", d1, d2)
		}
		want := fuzzNaive.matches(&req)
		if want == nil {
			want = []string{}
		}
		if !reflect.DeepEqual(d1.Rules, want) {
			t.Fatalf("rules %v, strings.Contains finds %v", d1.Rules, want)
		}
		req.Text = widen(text)
		d3, _ := fuzzTown.Decide(&req)
		if !reflect.DeepEqual(d1, d3) {
			t.Fatalf("full-width text decided otherwise:\n%+v\n%+v", d1, d3)
		}
	})
}
