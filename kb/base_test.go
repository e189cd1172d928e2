package kb_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/kb"
)

func TestVersions(t *testing.T) {
	var b kb.Base // the zero value is ready
	v1, err := b.Add(kb.Entry{ID: "GJJ", Title: "租房提取公积金", Answer: "到窗口办理"})
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 {
		t.Errorf("Add gave version %d, want 1", v1.Version)
	}
	edit := v1
	edit.Answer = "在网上申请"
	v2, err := b.Edit(edit) // based on version 1, the latest
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 {
		t.Errorf("Edit gave version %d, want 2", v2.Version)
	}
	// An order answered with version 1 still shows what it was told.
	if got, ok := b.Version("GJJ", 1); !ok || got.Answer != "到窗口办理" || got.Version != 1 {
		t.Errorf("Version(GJJ, 1) = %+v, %v", got, ok)
	}
	if got, ok := b.Get("GJJ"); !ok || got.Answer != "在网上申请" || got.Version != 2 {
		t.Errorf("Get(GJJ) = %+v, %v", got, ok)
	}
	for _, v := range []int{0, 3, -1} {
		if _, ok := b.Version("GJJ", v); ok {
			t.Errorf("Version(GJJ, %d) found", v)
		}
	}
	if h := b.History("GJJ"); len(h) != 2 || h[0].Version != 1 || h[1].Version != 2 {
		t.Errorf("History = %+v", h)
	}
	// Search sees the latest version only.
	if hits := b.Search("窗口", kb.SearchOptions{}); len(hits) != 0 {
		t.Errorf("the old answer is still found: %+v", hits)
	}
	if hits := b.Search("网上", kb.SearchOptions{}); len(hits) != 1 || hits[0].Entry.Version != 2 {
		t.Errorf("the new answer: %+v", hits)
	}

	// A second editor of version 1 learns of the first.
	if _, err := b.Edit(edit); !errors.Is(err, kb.ErrConflict) {
		t.Errorf("edit of version 1 after version 2: %v, want ErrConflict", err)
	}
	edit.Version = 0 // whichever is latest
	if v3, err := b.Edit(edit); err != nil || v3.Version != 3 {
		t.Errorf("Edit with version 0 = %d, %v", v3.Version, err)
	}
	if _, err := b.Add(edit); !errors.Is(err, kb.ErrExists) {
		t.Errorf("Add of an existing id: %v, want ErrExists", err)
	}
	if _, err := b.Edit(kb.Entry{ID: "nope", Title: "t", Answer: "a"}); !errors.Is(err, kb.ErrNotFound) {
		t.Errorf("Edit of an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := b.Add(kb.Entry{ID: "v5", Version: 5, Title: "t", Answer: "a"}); !errors.Is(err, kb.ErrMalformed) {
		t.Errorf("Add of version 5: %v, want ErrMalformed", err)
	}
	if _, ok := b.Get("nope"); ok {
		t.Error("Get(nope) found")
	}
	if b.History("nope") != nil {
		t.Error("History(nope) not nil")
	}
	if b.Len() != 1 || fmt.Sprint(b.IDs()) != "[GJJ]" {
		t.Errorf("Len %d, IDs %v", b.Len(), b.IDs())
	}
}

// TestCopies: what the base returns is the caller's; what the caller gave
// is the caller's.
func TestCopies(t *testing.T) {
	b := kb.New()
	in := kb.Entry{ID: "x", Title: "路灯", Answer: "报修", Regions: []string{"清溪镇"}}
	b.Add(in)
	in.Regions[0] = "塘厦镇"
	got, _ := b.Get("x")
	got.Regions[0] = "凤岗镇"
	if again, _ := b.Get("x"); again.Regions[0] != "清溪镇" {
		t.Errorf("stored regions changed to %v", again.Regions)
	}
}

// TestCategoryless: an entry without a category answers every category.
func TestCategoryless(t *testing.T) {
	b := kb.New()
	b.Add(kb.Entry{ID: "any", Title: "路灯不亮", Answer: "报修"})
	b.Add(kb.Entry{ID: "help", Title: "路灯不亮", Answer: "报修", Category: hotline.CategoryHelp})
	hits := b.Search("路灯", kb.SearchOptions{Category: hotline.CategoryComplaint})
	if len(hits) != 1 || hits[0].Entry.ID != "any" {
		t.Errorf("got %s, want [any]", ids(hits))
	}
}

// TestConcurrent runs searches while entries are added and edited; run
// with -race.
func TestConcurrent(t *testing.T) {
	b := qingxi(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				switch g {
				case 0:
					e, _ := b.Get("QX-019")
					e.Version = 0
					e.Answer = fmt.Sprintf("第%d次修改：路灯报修", i)
					if _, err := b.Edit(e); err != nil {
						t.Error(err)
					}
				case 1:
					if _, err := b.Add(kb.Entry{ID: fmt.Sprintf("new-%d", i), Title: "路灯", Answer: "新增"}); err != nil {
						t.Error(err)
					}
				default:
					if hits := b.Search("路灯坏了", kb.SearchOptions{Limit: 3}); len(hits) == 0 {
						t.Error("no hits")
					}
				}
			}
		})
	}
	wg.Wait()
	if e, _ := b.Get("QX-019"); e.Version != 51 {
		t.Errorf("QX-019 at version %d, want 51", e.Version)
	}
}

func TestValidate(t *testing.T) {
	good := func() kb.Entry {
		return kb.Entry{ID: "QX-1", Title: "路灯", Answer: "报修\n第二行", Category: hotline.CategoryHelp,
			Codes: []string{"08.01.01"}, Regions: []string{"清溪镇/三中村"}, Keywords: []string{"路灯坏了"},
			ValidFrom: calendar.D(2026, 1, 1), ValidUntil: calendar.D(2026, 1, 1)}
	}
	tests := []struct {
		name  string
		mod   func(*kb.Entry)
		field string
		err   error
	}{
		{"good", func(*kb.Entry) {}, "", nil},
		{"no id", func(e *kb.Entry) { e.ID = "" }, "id", kb.ErrEmpty},
		{"id with spaces", func(e *kb.Entry) { e.ID = " QX-1" }, "id", kb.ErrMalformed},
		{"negative version", func(e *kb.Entry) { e.Version = -1 }, "version", kb.ErrMalformed},
		{"blank title", func(e *kb.Entry) { e.Title = "  " }, "title", kb.ErrEmpty},
		{"title with a line break", func(e *kb.Entry) { e.Title = "a\nb" }, "title", kb.ErrMalformed},
		{"no answer", func(e *kb.Entry) { e.Answer = "" }, "answer", kb.ErrEmpty},
		{"answer not UTF-8", func(e *kb.Entry) { e.Answer = "\xff" }, "answer", kb.ErrMalformed},
		{"unknown category", func(e *kb.Entry) { e.Category = "complain" }, "category", hotline.ErrUnknownName},
		{"bad code", func(e *kb.Entry) { e.Codes = []string{"08..01"} }, "codes[0]", kb.ErrMalformed},
		{"code twice", func(e *kb.Entry) { e.Codes = []string{"08", "08"} }, "codes[1]", kb.ErrMalformed},
		{"bad region", func(e *kb.Entry) { e.Regions = []string{"清溪镇/"} }, "regions[0]", kb.ErrMalformed},
		{"region with spaces", func(e *kb.Entry) { e.Regions = []string{"清溪镇 / 三中村"} }, "regions[0]", kb.ErrMalformed},
		{"region under the shared rule", func(e *kb.Entry) { e.Regions = []string{"清溪镇//三中村"} }, "regions[0]", hotline.ErrInvalidRegion},
		{"empty keyword", func(e *kb.Entry) { e.Keywords = []string{""} }, "keywords[0]", kb.ErrEmpty},
		{"no such day", func(e *kb.Entry) { e.ValidFrom = calendar.D(2026, 2, 30) }, "valid_from", kb.ErrDateRange},
		{"until before from", func(e *kb.Entry) { e.ValidUntil = calendar.D(2025, 12, 31) }, "valid_until", kb.ErrDateRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good()
			tt.mod(&e)
			err := e.Validate()
			if tt.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.err) || !errors.Is(err, kb.ErrInvalidEntry) {
				t.Errorf("got %v, want %v", err, tt.err)
			}
			if ee, ok := errors.AsType[*kb.EntryError](err); !ok || ee.Field != tt.field || ee.ID != e.ID {
				t.Errorf("got %#v, want field %q", err, tt.field)
			}
		})
	}
}

// TestEditedIndexMatchesFresh: after many edits, searches give the same
// hits and scores as a base built afresh from the latest versions, so
// Edit leaves no trace of the text it replaced in the index.
func TestEditedIndexMatchesFresh(t *testing.T) {
	edited := qingxi(t)
	ids := edited.IDs()
	for i := range 200 {
		e, _ := edited.Get(ids[(i*7)%len(ids)])
		donor, _ := edited.Get(ids[(i*13+5)%len(ids)])
		e.Version = 0
		e.Answer = donor.Answer + fmt.Sprintf("（第%d次修改）", i)
		e.Keywords = donor.Keywords[:i%(len(donor.Keywords)+1)]
		if _, err := edited.Edit(e); err != nil {
			t.Fatal(err)
		}
	}
	fresh := kb.New()
	for _, id := range ids {
		e, _ := edited.Get(id)
		e.Version = 0
		if _, err := fresh.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range phrasings {
		a := edited.Search(p.query, kb.SearchOptions{Limit: 50})
		b := fresh.Search(p.query, kb.SearchOptions{Limit: 50})
		if len(a) != len(b) {
			t.Fatalf("%q: %d hits after edits, %d afresh", p.query, len(a), len(b))
		}
		for i := range a {
			if a[i].Entry.ID != b[i].Entry.ID || a[i].Score != b[i].Score {
				t.Fatalf("%q: hit %d is %s %v after edits, %s %v afresh", p.query, i, a[i].Entry.ID, a[i].Score, b[i].Entry.ID, b[i].Score)
			}
		}
	}
}
