package kb_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/kb"
)

func TestLoadExample(t *testing.T) {
	b := qingxi(t)
	if b.Len() < 40 {
		t.Errorf("the example has %d entries, want at least 40", b.Len())
	}
	// QX-013 is given twice: its history.
	if h := b.History("QX-013"); len(h) != 2 || !strings.Contains(h[0].Answer, "一千二百元") || !strings.Contains(h[1].Answer, "一千五百元") {
		t.Errorf("QX-013 history: %+v", h)
	}
	e, _ := b.Get("QX-043")
	if e.ValidFrom != calendar.D(2026, 11, 25) || e.ValidUntil != calendar.D(2026, 12, 10) || e.Regions[0] != "清溪镇/三中村" {
		t.Errorf("QX-043 = %+v", e)
	}
	if e, _ := b.Get("QX-047"); e.Category != hotline.CategoryConsultation { // given as 咨询
		t.Errorf("QX-047 category %q", e.Category)
	}
}

func TestParseJSON(t *testing.T) {
	b, err := kb.Parse(strings.NewReader(`{"entries": [
		{"id": "a", "title": "路灯", "answer": "报修", "category": "help", "codes": ["08.01"], "valid_from": "2026-01-01"},
		{"id": "a", "version": 2, "title": "路灯不亮", "answer": "报修"}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := b.Version("a", 1); e.Category != hotline.CategoryHelp || e.ValidFrom != calendar.D(2026, 1, 1) {
		t.Errorf("version 1 = %+v", e)
	}
	if e, _ := b.Get("a"); e.Version != 2 || e.Title != "路灯不亮" {
		t.Errorf("latest = %+v", e)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "entries:\n  - id: a\n    title: 路灯\n    answer: 报修\n"
	tests := []struct {
		name, file string
		err        error
		id, field  string
		line       int
	}{
		{"empty file", "", kb.ErrInvalidEntry, "", "", 0},
		{"syntax", "entries: [\n", kb.ErrInvalidEntry, "", "", 1},
		{"no entries", "entries:\n", kb.ErrEmpty, "", "entries", 1},
		{"unknown top key", "entry: []\n", kb.ErrUnknownField, "", "entry", 1},
		{"unknown key", head + "    titel: x\n", kb.ErrUnknownField, "a", "titel", 5},
		{"key twice", head + "    title: x\n", kb.ErrInvalidEntry, "a", "title", 5},
		{"list for text", head + "    category: [help]\n", kb.ErrInvalidEntry, "a", "category", 5},
		{"no title", "entries:\n  - id: a\n    answer: 报修\n", kb.ErrEmpty, "a", "title", 2},
		{"no id", "entries:\n  - title: 路灯\n    answer: 报修\n", kb.ErrEmpty, "", "entries[0].id", 2},
		{"unknown category", head + "    category: 投拆\n", hotline.ErrUnknownName, "a", "category", 5},
		{"bad date", head + "    valid_from: 2026-02-30\n", kb.ErrDateRange, "a", "valid_from", 5},
		{"date not written as one", head + "    valid_from: 2026/03/01\n", kb.ErrMalformed, "a", "valid_from", 5},
		{"dates reversed", head + "    valid_from: 2026-03-01\n    valid_until: 2026-02-01\n", kb.ErrDateRange, "a", "valid_until", 6},
		{"bad region", head + "    regions: [清溪镇, 清溪镇//三中村]\n", kb.ErrMalformed, "a", "regions[1]", 5},
		{"bad code", head + "    codes: [\"02 03\"]\n", kb.ErrMalformed, "a", "codes[0]", 5},
		{"first version not 1", "entries:\n  - id: a\n    version: 2\n    title: t\n    answer: x\n", kb.ErrMalformed, "a", "version", 3},
		{"version skipped", head + "  - id: a\n    version: 3\n    title: t\n    answer: x\n", kb.ErrConflict, "a", "version", 6},
		{"second entry wrong", head + "  - id: b\n    title: t\n    answer: \"\"\n", kb.ErrEmpty, "b", "answer", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kb.Parse(strings.NewReader(tt.file))
			if !errors.Is(err, tt.err) || !errors.Is(err, kb.ErrInvalidEntry) {
				t.Fatalf("got %v, want %v", err, tt.err)
			}
			ee, ok := errors.AsType[*kb.EntryError](err)
			if !ok || ee.ID != tt.id || ee.Field != tt.field || ee.Line != tt.line {
				t.Errorf("got %#v (%v), want id %q field %q line %d", ee, err, tt.id, tt.field, tt.line)
			}
		})
	}
}

func TestLoadFileErrorNamesThePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.yaml")
	if err := os.WriteFile(path, []byte("entries:\n  - id: a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := kb.LoadFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !errors.Is(err, kb.ErrEmpty) {
		t.Errorf("got %v", err)
	}
	if _, err := kb.LoadFile(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestWriteYAMLReadsBack: a base written and read back has the same
// entries, every version included.
func TestWriteYAMLReadsBack(t *testing.T) {
	b := qingxi(t)
	e, _ := b.Get("QX-019")
	e.Version = 0
	e.Answer = "路灯报修：\n请说明路名。"
	if _, err := b.Edit(e); err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := b.WriteYAML(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := kb.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !slices.Equal(back.IDs(), b.IDs()) {
		t.Fatalf("ids %v, want %v", back.IDs(), b.IDs())
	}
	for _, id := range b.IDs() {
		if got, want := back.History(id), b.History(id); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", id, got, want)
		}
	}
}
