package kb

import (
	"strconv"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/routing"
)

func TestEachTerm(t *testing.T) {
	tests := []struct{ text, want string }{
		{"停水", "停水"},
		{"没水了", "没水 水了"},
		{"水", "水"},
		{"水，电", "水 电"},
		{"ＡＰＰ上缴费", "app 上缴 缴费"},
		{"第１２３号", "第 123 号"},
		{"12345热线", "12345 热线"},
		{"Hello, World", "hello world"},
		{"三中村/清溪镇", "三中 中村 清溪 溪镇"},
		{"", ""},
		{"，。！ \t\n", ""},
		{"\xff停\xfe", "停"},
		{"𠀀𠀁", "𠀀𠀁"}, // ideographs beyond the basic block
	}
	for _, tt := range tests {
		var got []string
		eachTerm(routing.Normalize(tt.text), func(s string) bool {
			got = append(got, s)
			return true
		})
		if strings.Join(got, " ") != tt.want {
			t.Errorf("terms of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestEachTermStops: eachTerm stops when f returns false.
func TestEachTermStops(t *testing.T) {
	for _, text := range []string{"一二三四", "a b c", "一 二 三"} {
		n := 0
		eachTerm(text, func(string) bool { n++; return n < 2 })
		if n != 2 {
			t.Errorf("%q: %d calls, want 2", text, n)
		}
	}
}

// TestQueryTermsBounded: a very long query looks up its first
// MaxQueryTerms distinct terms only.
func TestQueryTermsBounded(t *testing.T) {
	var b Base
	b.Add(Entry{ID: "a", Title: "w0", Answer: "w300"})
	var q strings.Builder
	for i := range 400 {
		q.WriteString("w" + strconv.Itoa(i) + " ")
	}
	hits := b.Search(q.String(), SearchOptions{})
	only := b.Search("w0", SearchOptions{})
	if len(hits) != 1 || len(only) != 1 || hits[0].Score != only[0].Score {
		t.Errorf("got %+v, want the score of w0 alone, %+v", hits, only)
	}
}
