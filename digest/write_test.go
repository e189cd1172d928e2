package digest_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/digest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// The week's digests of both departments, in both languages, against the
// files under testdata (refreshed with -update).
func TestWriteMarkdownGolden(t *testing.T) {
	b, err := digest.New(digest.Config{Classes: classify.Default()})
	if err != nil {
		t.Fatal(err)
	}
	ds := b.Build(week(), weekEnd)
	for _, lang := range []language.Tag{language.English, language.Chinese} {
		var buf bytes.Buffer
		for _, d := range ds {
			if err := d.WriteMarkdown(&buf, lang); err != nil {
				t.Fatal(err)
			}
			buf.WriteString("\n")
		}
		path := filepath.Join("testdata", "week."+lang.String()+".md")
		if *update {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s differs from the digest written:\n%s", path, buf.Bytes())
		}
	}
}

// The tables behind the Markdown and the workbook: titles fit a sheet
// name, keys stay English, and an empty list keeps its header.
func TestTables(t *testing.T) {
	b, _ := digest.New(digest.Config{})
	ds := b.Build(week(), weekEnd)
	env := ds[1]
	ts := env.Tables(language.Chinese)
	var titles []string
	for _, tb := range ts {
		titles = append(titles, tb.Title)
		if len([]rune(tb.Title)) > 31 {
			t.Errorf("title %q too long for a sheet", tb.Title)
		}
	}
	if want := []string{"概要", "热点", "上升诉求", "重复诉求", "超期工单", "督办工单"}; !slices.Equal(titles, want) {
		t.Errorf("titles %v, want %v", titles, want)
	}
	sum := ts[0]
	if row := sum.Rows[0]; row[0].Text != "清溪镇环保分局" || row[sum.Column("orders")].Num != 3 || row[sum.Column("previous")].Num != 0 {
		t.Errorf("summary %+v", row)
	}
	if hot := ts[1]; len(hot.Rows) != 0 || hot.Column("most_in_window") < 0 {
		t.Errorf("hotspots of 环保分局: %+v, want a header and no rows", hot)
	}
	late := ts[4]
	if len(late.Rows) != 1 || late.Rows[0][0].Text != "QX0018" || !late.Rows[0][late.Column("due")].Blank || late.Rows[0][1].Key != "02.01" {
		t.Errorf("late of 环保分局: %+v", late.Rows)
	}
	var csv bytes.Buffer
	if err := late.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	if want := "order,topic,region,due,finished\nQX0018,02.01,清溪镇/五里村,,\n"; csv.String() != want {
		t.Errorf("late CSV %q, want %q", csv.String(), want)
	}
}
