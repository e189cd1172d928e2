package kb

import (
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

// TestQueryBounded: Search reads the first MaxQueryLen characters of a
// query only.
func TestQueryBounded(t *testing.T) {
	var b Base
	b.Add(Entry{ID: "a", Title: "w0", Answer: "w999 w1000"})
	// 333 times "w0 " fill 999 characters: of "w999 w1000" only the "w" is read.
	var q strings.Builder
	for range 333 {
		q.WriteString("w0 ")
	}
	q.WriteString("w999 w1000")
	long := b.Search(q.String(), SearchOptions{})
	short := b.Search(strings.Repeat("w0 ", 333), SearchOptions{})
	if len(long) != 1 || len(short) != 1 || long[0].Score != short[0].Score {
		t.Errorf("got %+v, want %+v: the words after character %d are read", long, short, MaxQueryLen)
	}
	if got := queryTerms("没水了没水"); len(got) != 3 || got[0] != (qterm{"了没", 1}) || got[1] != (qterm{"水了", 1}) || got[2] != (qterm{"没水", 2}) {
		t.Errorf("queryTerms = %v", got)
	}
}
