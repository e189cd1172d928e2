package kb_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/hotline12345/hotline/kb"
)

// BaseSize is the number of entries of the generated base.
const baseSize = 10000

var villages = []string{"三中村", "上元村", "谢坑村", "浮岗村", "土桥村", "大埔村", "重河村", "铁场村",
	"渔樵村", "荔横村", "鹿湖村", "罗马村", "北京村", "青皇村", "松岗村", "柏朗村", "银坑村", "长山头村"}

var (
	bigOnce sync.Once
	bigBase *kb.Base
	bigErr  error
)

// big returns a base of baseSize entries: the example's, then variants of
// them that name a village and a notice number in title and answer, as a
// town's knowledge base repeats one answer for its places.
func big(tb testing.TB) *kb.Base {
	tb.Helper()
	bigOnce.Do(func() {
		src := qingxi(tb)
		ids := src.IDs()
		bigBase = src
		for i := src.Len(); i < baseSize && bigErr == nil; i++ {
			e, _ := src.Get(ids[i%len(ids)])
			v := villages[i%len(villages)]
			e.ID = fmt.Sprintf("%s-%05d", e.ID, i)
			e.Version = 0
			e.Title = v + e.Title
			e.Answer = fmt.Sprintf("%s（%s第%d号告知）", e.Answer, v, i)
			_, bigErr = bigBase.Add(e)
		}
	})
	if bigErr != nil {
		tb.Fatal(bigErr)
	}
	return bigBase
}

// query50 is a caller's long question of 50 Chinese characters.
const query50 = "你好我住在清溪镇三中村我们那边从昨天晚上开始家里就没水了，请问是不是计划停水，大概什么时候才能恢复供水呢"

// TestPhrasingsAtScale checks that in the generated base each phrasing
// finds its entry, or a variant of it, first.
func TestPhrasingsAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a base of 10,000 entries")
	}
	b := big(t)
	if b.Len() != baseSize {
		t.Fatalf("%d entries", b.Len())
	}
	opts := kb.SearchOptions{At: at(2026, 12, 6), Region: "清溪镇/三中村", Limit: 1}
	for _, p := range append(phrasings, struct{ query, want string }{query50, "QX-001"}) {
		hits := b.Search(p.query, opts)
		if len(hits) == 0 || hits[0].Entry.ID != p.want && !strings.HasPrefix(hits[0].Entry.ID, p.want+"-") {
			t.Errorf("Search(%q) = %s, want %s or a variant first", p.query, ids(hits), p.want)
		}
	}
}

func TestQuery50(t *testing.T) {
	n := 0
	for _, r := range query50 {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	if n != 50 {
		t.Errorf("query50 has %d Chinese characters", n)
	}
}

func BenchmarkSearch(b *testing.B) {
	base := big(b)
	cases := []struct {
		name  string
		query string
		opts  kb.SearchOptions
	}{
		{"50 characters", query50, kb.SearchOptions{}},
		{"50 characters, filtered", query50, kb.SearchOptions{At: at(2026, 12, 6), Region: "清溪镇/三中村"}},
		{"short", "路灯坏了", kb.SearchOptions{}},
		{"longest read", strings.Repeat(query50, 20), kb.SearchOptions{}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(base.Search(c.query, c.opts)) == 0 {
					b.Fatal("no hits")
				}
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	src := qingxi(b)
	e, _ := src.Get("QX-001")
	b.ReportAllocs()
	base := kb.New()
	i := 0
	for b.Loop() {
		e.ID = fmt.Sprint("x", i)
		i++
		if _, err := base.Add(e); err != nil {
			b.Fatal(err)
		}
	}
}
