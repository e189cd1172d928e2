package kb_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/hotline12345/hotline/kb"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte("entries:\n  - id: a\n    title: 路灯\n    answer: 报修\n    regions: [清溪镇]\n    valid_from: 2026-01-01\n"))
	f.Add([]byte(`{"entries": [{"id": "a", "title": "t", "answer": "x"}, {"id": "a", "version": 2, "title": "t", "answer": "y"}]}`))
	f.Add([]byte("entries:\n  - &e {id: a, title: t, answer: x}\n  - *e\n"))
	f.Add([]byte("entries: [{id: a, title: t, answer: x, codes: [1.2], category: 投诉, valid_until: 2026-02-30}]"))
	for _, s := range []string{"", "entries:", "entries: 3", "[]", "entries: [{}]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := kb.Parse(strings.NewReader(string(data)))
		if err != nil {
			if b != nil || !errors.Is(err, kb.ErrInvalidEntry) {
				t.Fatalf("Parse = %v, %v", b, err)
			}
			if _, ok := errors.AsType[*kb.EntryError](err); !ok {
				t.Fatalf("not an *EntryError: %v", err)
			}
			return
		}
		// Every entry loaded is valid and can be found by its title.
		for _, id := range b.IDs() {
			e, _ := b.Get(id)
			if err := e.Validate(); err != nil {
				t.Fatalf("loaded an invalid entry: %v", err)
			}
			b.Search(e.Title, kb.SearchOptions{})
		}
		// And it writes back to a file that reads the same.
		var buf strings.Builder
		if err := b.WriteYAML(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := kb.Parse(strings.NewReader(buf.String()))
		if err != nil {
			t.Fatalf("reading back: %v\n%s", err, buf.String())
		}
		for _, id := range b.IDs() {
			if got, want := back.History(id), b.History(id); len(got) != len(want) || got[len(got)-1].Answer != want[len(want)-1].Answer {
				t.Fatalf("%s read back as %+v, want %+v", id, got, want)
			}
		}
	})
}

func FuzzSearch(f *testing.F) {
	data, err := os.ReadFile("testdata/qingxi.yaml")
	if err != nil {
		f.Fatal(err)
	}
	b, err := kb.Parse(strings.NewReader(string(data)))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range phrasings[:10] {
		f.Add(p.query, "清溪镇/三中村", "02", int64(1796500000), 3)
	}
	f.Add("ＡＰＰ１２３\xff\x00 ̀́", "/", "", int64(0), -1)
	f.Add(strings.Repeat("停水", 1000), "清溪镇", "02.01.01", int64(-1<<40), 1000)
	f.Fuzz(func(t *testing.T, query, region, code string, unix int64, limit int) {
		opts := kb.SearchOptions{Region: region, Code: code, Limit: limit}
		if unix != 0 {
			opts.At = at(2026, 1, 1).AddDate(0, 0, int(unix%100000))
		}
		hits := b.Search(query, opts)
		want := limit
		if want <= 0 {
			want = kb.DefaultLimit
		}
		if len(hits) > want {
			t.Fatalf("%d hits, limit %d", len(hits), want)
		}
		for i, h := range hits {
			e := h.Entry
			if h.Score <= 0 || i > 0 && h.Score > hits[i-1].Score {
				t.Fatalf("hit %d score %v after %v", i, h.Score, hits[max(i-1, 0)].Score)
			}
			if !opts.At.IsZero() && !e.ValidAt(opts.At) || strings.TrimSpace(region) != "" && !e.Serves(strings.TrimSpace(region)) ||
				code != "" && !e.HasCode(code) {
				t.Fatalf("hit %s is not selected by %+v", e.ID, opts)
			}
		}
	})
}
