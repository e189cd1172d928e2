package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	blocks := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n\n")
	require.Len(t, blocks, len(orders()))

	// Each order's decision, worked out from the rules by hand.
	want := []struct {
		id, lead, assist, rules, because string
	}{
		{"QX-0101", "教育办", "住建局、生态环境分局、城管分局", "学校周边施工、噪音扰民、建筑施工", "171 m from a site: the Go rule leads"},
		{"QX-0102", "住建局", "-", "建筑施工", "509 m from the nearest site: the Go rule does not match"},
		{"QX-0103", "派出所", "生态环境分局、城管分局", "休息日噪音、噪音扰民", "a Saturday"},
		{"QX-0104", "生态环境分局", "城管分局", "噪音扰民", "a Sunday worked for National Day (调休)"},
		{"QX-0105", "派出所", "生态环境分局、城管分局", "休息日噪音、噪音扰民", "National Day"},
		{"QX-0106", "社会事务办", "自来水公司", "老年人求助、停水", "tagged 老年人"},
		{"QX-0107", "社会事务办", "自来水公司", "老年人求助、停水", "aged 78"},
		{"QX-0108", "自来水公司", "-", "停水", "aged 45"},
	}
	require.Len(t, want, len(blocks))
	for i, w := range want {
		b := blocks[i]
		assert.True(t, strings.HasPrefix(b, w.id+"  "), "block %d starts %q", i, b[:20])
		assert.Contains(t, b, "  主办  "+w.lead+"  协办 "+w.assist+"  ", "%s: %s", w.id, w.because)
		assert.Contains(t, b, "  命中  "+w.rules+"\n", "%s: %s", w.id, w.because)
		assert.Contains(t, b, "  理由  命中规则「"+strings.Split(w.rules, "、")[0]+"」", w.id)
		assert.Contains(t, b, "  why   matched rule \""+strings.Split(w.rules, "、")[0]+"\"", w.id)
	}
	assert.Contains(t, blocks[0], "  距离  清溪中心小学离清溪大道商住楼工地 171 米\n")
	assert.Contains(t, blocks[1], "  距离  三中小学离振兴路管网改造工地 509 米\n")
	assert.Contains(t, blocks[3], "(Sunday, make-up workday, National Day and Mid-Autumn Festival)")
}

func TestNearSchool(t *testing.T) {
	cases := []struct {
		text   string
		radius float64
		want   bool
	}{
		{"清溪中心小学旁边的工地在打桩", 200, true},
		{"清溪中心小学旁边的工地在打桩", 171, false}, // 171.4 m away
		{"清溪中心小学旁边的工地在打桩", 172, true},
		{"三中小学附近有工地", 200, false}, // 509 m
		{"三中小学附近有工地", 600, true},
		{"鹿湖幼儿园门口路灯坏了", 200, false}, // no site near it
		{"工地在打桩", 10000, false},     // no school named
	}
	for _, tc := range cases {
		u, ok := nearSchool(tc.radius)(&routing.Request{ID: "T", Text: tc.text})
		assert.Equal(t, tc.want, ok, "%s within %v m", tc.text, tc.radius)
		if ok {
			assert.Equal(t, routing.Units{Lead: "教育办", Assist: []string{"住建局"}}, u)
		}
	}
}

func TestMetres(t *testing.T) {
	// One minute of latitude is a nautical mile, about 1,853 m.
	p := point{22.8, 114.1}
	assert.InDelta(t, 1853, p.metres(point{22.8 + 1.0/60, 114.1}), 5)
	assert.InDelta(t, 0, p.metres(p), 1e-9)
}

func TestRestDay(t *testing.T) {
	cst := cn.Calendar().Location()
	cases := []struct {
		day  time.Time
		want bool
	}{
		{time.Date(2025, 6, 11, 10, 0, 0, 0, cst), false},  // Wednesday
		{time.Date(2025, 6, 14, 10, 0, 0, 0, cst), true},   // Saturday
		{time.Date(2025, 9, 28, 10, 0, 0, 0, cst), false},  // Sunday worked for National Day
		{time.Date(2025, 10, 1, 10, 0, 0, 0, cst), true},   // National Day
		{time.Date(2025, 10, 8, 10, 0, 0, 0, cst), true},   // Wednesday, last day of the holiday
		{time.Date(2025, 10, 11, 10, 0, 0, 0, cst), false}, // Saturday worked for National Day
		// 20:00 UTC on Friday 13 June is 04:00 on Saturday 14 June in
		// China: the calendar reads dates in its own zone.
		{time.Date(2025, 6, 13, 20, 0, 0, 0, time.UTC), true},
		{time.Time{}, false}, // no time given
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, restDay(cn.Calendar()).Holds(&routing.Request{ID: "T", At: tc.day}), "%v", tc.day)
	}
}

func TestElderlyCaller(t *testing.T) {
	cases := []struct {
		text string
		tags []string
		want bool
	}{
		{"我今年78岁，家里停水", nil, true},
		{"我今年70岁", nil, true},
		{"我今年69岁", nil, false},
		{"我今年 102 岁", nil, true},
		{"孩子8岁，家里停水", nil, false},
		{"家里停水", []string{"老年人"}, true},
		{"家里停水", []string{"残疾人"}, false},
		{"家里停水", nil, false},
	}
	for _, tc := range cases {
		got := elderlyCaller(70).Holds(&routing.Request{ID: "T", Text: tc.text, Tags: tc.tags})
		assert.Equal(t, tc.want, got, "%s %v", tc.text, tc.tags)
	}
}
