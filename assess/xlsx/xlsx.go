// Package xlsx writes assessment reports as Excel workbooks (.xlsx): the
// scorecards of an [assess.Report] with a chart of the on-time and
// satisfaction rates by unit, the late orders of an [assess.LateList],
// and any other [assess.Table], each on its own sheet, with headings in
// Chinese or English.
//
// Each sheet prints an [assess.Table], the column definition that the CSV
// writers of package assess print too, so a sheet and its CSV have the
// same columns and values: counts are integers, rates are fractions shown
// as percentages with one decimal (0.0%), scores and hours are shown with
// one decimal, and times are dates with hours and minutes on the wall
// clock of their zone, the period's for assess's tables (Excel has no time
// zones; a deadline at the end of a day shows as 00:00 of the next). Its header row and
// the text columns that name each row stay in view (frozen panes), its
// header carries a filter, and its columns are as wide as their widest
// text, counting a Chinese character as two.
//
// The package is apart from package assess because the spreadsheet
// library it builds on adds several megabytes to every program that
// links it; importers of assess alone (package workorder and its stores)
// do not.
package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/internal/i18n"
)

// ErrSheetName reports a table whose Title cannot name a sheet: empty,
// longer than 31 characters, with one of : \ / ? * [ ], starting or
// ending with a quote, or already naming another sheet of the workbook
// (names are compared without case, as Excel does).
var ErrSheetName = errors.New("invalid sheet name")

// Options says what [Write] puts in the workbook besides the scorecards.
// The zero value writes the scorecards and their chart in Chinese.
type Options struct {
	// Lang is the language of sheet names, headings and the words in
	// cells: Chinese for any Chinese tag, English for any other tag. The
	// zero Tag (language.Und) means Chinese.
	Lang language.Tag
	// Late, when set, adds a sheet of late orders after the chart
	// (assess.LateOrders gives one).
	Late *assess.LateList
	// Sheets are more tables to write, each on its own sheet after the
	// others in order and titled by its Title. Build them in Lang.
	Sheets []*assess.Table
}

// Chart labels, and the keys of the columns the chart plots.
var (
	chartSheet = i18n.Msg{EN: "Chart", ZH: "图表"}
	chartTitle = i18n.Msg{EN: "On-time and satisfaction rates", ZH: "按期办结率与满意率"}
	chartRates = []string{"on_time_rate", "satisfaction_rate"}
)

// Write writes rep as a workbook to w. Its first sheet is rep's
// scorecards ([assess.Report.Table]: 考核汇总 or Scorecards), one row per
// row of rep and the totals last; the second, 图表 (Chart), is a bar chart
// of each row's 按期办结率 and 满意率 (on-time and satisfaction rates), the
// totals left out, when rep has rows; then the sheet of opts.Late, the
// exemptions (不纳入考核, [assess.Report.ExemptionTable]) when rep lists
// any, and the tables of opts.Sheets. An undefined rate is an empty cell, which the
// chart leaves out. A table whose Title cannot name a sheet is an error
// wrapping [ErrSheetName]; errors writing w are returned wrapped. Write
// keeps no state between calls: it is safe for concurrent use.
func Write(w io.Writer, rep *assess.Report, opts Options) error {
	lang := opts.Lang
	if lang == language.Und {
		lang = language.Chinese
	}
	b := &book{f: excelize.NewFile(), lang: lang}
	defer b.f.Close()
	cards := rep.Table(lang)
	if err := b.sheet(cards); err != nil {
		return err
	}
	if len(rep.Rows) > 0 {
		if err := b.chart(cards, len(rep.Rows)); err != nil {
			return err
		}
	}
	tables := opts.Sheets
	if len(rep.Exemptions) > 0 {
		tables = append([]*assess.Table{rep.ExemptionTable(lang)}, tables...)
	}
	if opts.Late != nil {
		tables = append([]*assess.Table{opts.Late.Table(lang)}, tables...)
	}
	for _, t := range tables {
		if err := b.sheet(t); err != nil {
			return err
		}
	}
	b.f.SetActiveSheet(0)
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// book is a workbook being written, with its styles by column kind.
type book struct {
	f      *excelize.File
	lang   language.Tag
	sheets int
	styles map[assess.ColumnKind]int
	header int
}

// Number formats by column kind; text columns keep the default.
var numFmts = map[assess.ColumnKind]string{
	assess.ColumnCount:   "0",
	assess.ColumnRate:    "0.0%",
	assess.ColumnDecimal: "0.0",
	assess.ColumnTime:    "yyyy-mm-dd hh:mm",
}

// Shown widths of the numbers and times of each kind, beyond their digits.
const (
	timeWidth  = len("2006-01-02 15:04")
	widthMin   = 6
	widthMax   = 60
	widthSlack = 2
)

// newStyles makes the header style and one style per numeric kind.
func (b *book) newStyles() error {
	var err error
	b.header, err = b.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	})
	if err != nil {
		return fmt.Errorf("xlsx: style: %w", err)
	}
	b.styles = make(map[assess.ColumnKind]int, len(numFmts))
	for kind, code := range numFmts {
		s := &excelize.Style{CustomNumFmt: &code}
		if kind == assess.ColumnCount {
			s = &excelize.Style{NumFmt: 1} // the built-in "0"
		}
		if b.styles[kind], err = b.f.NewStyle(s); err != nil {
			return fmt.Errorf("xlsx: style: %w", err)
		}
	}
	return nil
}

// sheet writes t on a new sheet named by its Title.
func (b *book) sheet(t *assess.Table) error {
	name := t.Title
	if err := b.name(name); err != nil {
		return err
	}
	if b.styles == nil {
		if err := b.newStyles(); err != nil {
			return err
		}
	}
	fail := func(err error) error { return fmt.Errorf("xlsx: sheet %q: %w", name, err) }
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		if err := b.f.SetCellStr(name, cell(i, 0), c.Label); err != nil {
			return fail(err)
		}
		widths[i] = i18n.Width(c.Label)
	}
	for j, row := range t.Rows {
		for i, c := range t.Columns {
			if i >= len(row) || row[i].Blank {
				continue
			}
			v, width := value(c.Kind, row[i])
			if err := b.f.SetCellValue(name, cell(i, j+1), v); err != nil {
				return fail(err)
			}
			widths[i] = max(widths[i], width)
		}
	}
	if len(t.Columns) == 0 {
		return nil
	}
	last := len(t.Columns) - 1
	if err := b.f.SetCellStyle(name, cell(0, 0), cell(last, 0), b.header); err != nil {
		return fail(err)
	}
	frozen := 0 // the leading text columns, which name each row
	for i, c := range t.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w := float64(min(max(widths[i]+widthSlack, widthMin), widthMax))
		if err := b.f.SetColWidth(name, col, col, w); err != nil {
			return fail(err)
		}
		if c.Kind == assess.ColumnText && frozen == i {
			frozen++
		}
		if s, ok := b.styles[c.Kind]; ok && len(t.Rows) > 0 {
			if err := b.f.SetCellStyle(name, cell(i, 1), cell(i, len(t.Rows)), s); err != nil {
				return fail(err)
			}
		}
	}
	if frozen == len(t.Columns) {
		frozen = 0 // a table of text alone freezes its header only
	}
	pane := "bottomLeft"
	if frozen > 0 {
		pane = "bottomRight"
	}
	if err := b.f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: frozen, YSplit: 1,
		TopLeftCell: cell(frozen, 1), ActivePane: pane}); err != nil {
		return fail(err)
	}
	used := cell(0, 0) + ":" + cell(last, len(t.Rows))
	if err := b.f.SetSheetDimension(name, used); err != nil {
		return fail(err)
	}
	if err := b.f.AutoFilter(name, used, nil); err != nil {
		return fail(err)
	}
	return nil
}

// name readies a sheet named name: the workbook's first sheet renamed, or
// a new one.
func (b *book) name(name string) error {
	if err := b.check(name); err != nil {
		return err
	}
	b.sheets++
	var err error
	if b.sheets == 1 {
		err = b.f.SetSheetName(b.f.GetSheetName(0), name)
	} else {
		_, err = b.f.NewSheet(name)
	}
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	return nil
}

// check returns an error wrapping ErrSheetName if name cannot name the
// next sheet. The first sheet may take the name of the workbook's
// placeholder sheet, which it renames.
func (b *book) check(name string) error {
	i, err := b.f.GetSheetIndex(name) // checks the name
	if err == nil && i >= 0 && b.sheets > 0 {
		err = errors.New("used twice")
	}
	if err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w: %w", name, ErrSheetName, err)
	}
	return nil
}

// chart adds a chart sheet plotting the rates of the first n rows of the
// scorecards t by the name column.
func (b *book) chart(t *assess.Table, n int) error {
	ref := func(key string, first, last int) string {
		i := t.Column(key)
		return quote(t.Title) + "!" + absCell(i, first) + ":" + absCell(i, last)
	}
	c := &excelize.Chart{
		Type:   excelize.Bar,
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: chartTitle.Text(b.lang)}}},
		Legend: excelize.ChartLegend{Position: "top"},
		// Rows top down in the sheet's order.
		XAxis: excelize.ChartAxis{ReverseOrder: true},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: new(0.0), Maximum: new(1.0),
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		ShowBlanksAs: "gap",
		VaryColors:   new(false), // a colour per series, not per bar
	}
	for _, key := range chartRates {
		c.Series = append(c.Series, excelize.ChartSeries{
			Name:       ref(key, 0, 0),
			Categories: ref("name", 1, n),
			Values:     ref(key, 1, n),
		})
	}
	name := chartSheet.Text(b.lang)
	if err := b.check(name); err != nil {
		return err
	}
	b.sheets++
	if err := b.f.AddChartSheet(name, c); err != nil {
		return fmt.Errorf("xlsx: chart: %w", err)
	}
	return nil
}

// value is what a spreadsheet stores for v in a column of kind k, and
// the width of the text it shows.
func value(k assess.ColumnKind, v assess.Cell) (any, int) {
	switch k {
	case assess.ColumnCount:
		n := int64(math.Round(v.Num))
		return n, len(strconv.FormatInt(n, 10))
	case assess.ColumnRate:
		return v.Num, len(strconv.FormatFloat(100*v.Num, 'f', 1, 64)) + 1
	case assess.ColumnDecimal:
		return v.Num, len(strconv.FormatFloat(v.Num, 'f', 1, 64))
	case assess.ColumnTime:
		return wallClock(v.Time), timeWidth
	}
	return v.Text, i18n.Width(v.Text)
}

// wallClock returns t's wall clock as the same reading in UTC: the
// spreadsheet library stores a time as its instant in UTC.
func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// cell names the cell of column i and row j, both from 0: cell(0, 0) is
// "A1".
func cell(i, j int) string {
	s, _ := excelize.CoordinatesToCellName(i+1, j+1)
	return s
}

// absCell is cell with absolute references: "$A$1".
func absCell(i, j int) string {
	s, _ := excelize.CoordinatesToCellName(i+1, j+1, true)
	return s
}

// quote quotes a sheet name for a reference: '考核汇总'.
func quote(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }
