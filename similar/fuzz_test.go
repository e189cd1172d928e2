package similar

import (
	"fmt"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzSimilar adds and looks up any text: nothing panics, scores stay in
// [0, 1], a text scores 1 with itself when it has grams, and the index
// finds what Score says it should.
func FuzzSimilar(f *testing.F) {
	for _, p := range readPairs(f)[:40] {
		f.Add(p.a, p.b)
	}
	f.Add("", "")
	f.Add("３号楼", "3号楼")
	f.Add("\xff\xfe村", "村村村村村")
	f.Add("ＡＢＣ１２号楼ktv", "abc12号楼ＫＴＶ")
	f.Add("一二三四五六七八九十号楼", "号号号号")
	f.Add("e\u0301\u0301\u0301路", "ﬁ ｶﾞ ㈱ ① 小区")
	x, err := New(Config{MaxOrders: 50})
	if err != nil {
		f.Fatal(err)
	}
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	n := 0
	f.Fuzz(func(t *testing.T, a, b string) {
		s := x.Score(a, b)
		if s < 0 || s > 1 {
			t.Fatalf("Score(%q, %q) = %v", a, b, s)
		}
		if self := x.Score(a, a); utf8.ValidString(a) && len(x.an.analyze(a).grams) > 0 && self != 1 {
			t.Fatalf("Score(%q, itself) = %v", a, self)
		}
		n++
		id := fmt.Sprint("a", n)
		at := t0.Add(time.Duration(n) * time.Second)
		if err := x.Add(Doc{ID: id, Text: a, Region: b, At: at}); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range x.Similar(Doc{ID: "b", Text: b, Region: b, At: at}, Options{Threshold: 1e-9}) {
			if m.Score <= 0 || m.Score > 1 {
				t.Fatalf("match %v", m)
			}
			found = found || m.ID == id
		}
		if found != (s >= 1e-9) {
			t.Fatalf("Similar found %q: %v, Score %v", a, found, s)
		}
	})
}
