package assess

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/i18n"
)

// ColumnKind says what the cells of a [Column] hold and so how a writer
// prints them.
type ColumnKind uint8

const (
	// ColumnText holds [Cell.Text] (and [Cell.Key] for CSV). It is the
	// zero value.
	ColumnText ColumnKind = iota
	// ColumnCount holds a whole number in [Cell.Num]: CSV writes it
	// without decimals, a spreadsheet as an integer.
	ColumnCount
	// ColumnRate holds a fraction in [0, 1] in [Cell.Num]: CSV writes four
	// decimals (0.6250), a spreadsheet a number shown as a percentage with
	// one decimal (62.5%).
	ColumnRate
	// ColumnDecimal holds a number such as a score or hours in [Cell.Num]:
	// CSV writes two decimals, a spreadsheet shows one.
	ColumnDecimal
	// ColumnTime holds an instant in [Cell.Time]: CSV writes RFC 3339 with
	// the time's offset, a spreadsheet its wall clock to the minute.
	ColumnTime
)

// Column is one column of a [Table]: its key, its heading and what its
// cells hold.
type Column struct {
	// Key is the column's CSV header, in snake_case, the same in every
	// language: "on_time_rate".
	Key string
	// Label is the column's heading in the table's language: "按期办结率"
	// or "On-time rate".
	Label string
	// Kind says what the cells hold.
	Kind ColumnKind
}

// Cell is one value of a [Table]; which field holds it depends on its
// column's [ColumnKind]. A Cell is a plain value.
type Cell struct {
	// Text is a ColumnText cell's text as a spreadsheet shows it, in the
	// table's language.
	Text string
	// Key, when set, is what CSV writes for a ColumnText cell instead of
	// Text: a word that is the same in every language, such as "total"
	// where a Chinese sheet shows 合计.
	Key string
	// Num is the value of a ColumnCount, ColumnRate or ColumnDecimal cell.
	Num float64
	// Time is the value of a ColumnTime cell.
	Time time.Time
	// Blank marks a cell without a value, written as an empty field: an
	// undefined rate, no score, an order not closed.
	Blank bool
}

// Table is a report laid out in rows and columns: the one definition of
// its columns that both [Table.WriteCSV] and spreadsheet writers (package
// assess/xlsx) print, so that the two cannot drift. Every row has one
// cell per column. A Table is built for one language, which its Title,
// its labels and its cells' Text are in; numbers and keys are the same in
// every language. The zero Table has no columns and no rows. A Table is a
// plain value.
type Table struct {
	// Title names the table in its language, short enough for a sheet
	// name (at most 31 characters): "考核汇总" or "Scorecards".
	Title string
	// Columns are the table's columns, in order.
	Columns []Column
	// Rows are the table's rows, each with len(Columns) cells.
	Rows [][]Cell
}

// Column returns the index of the column with key, or -1.
func (t *Table) Column(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// WriteCSV writes the table as CSV: a header of the columns' keys, then
// one line per row. Text cells are written as their Key when set, else as
// their Text, after a "'" when a spreadsheet would read them as a formula
// (beginning with "=", "+", "-", "@", a tab or a carriage return); counts without decimals, rates with four and decimals with
// two; times in RFC 3339 with their offset; blank cells as empty fields.
// Numbers are not localized.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	line := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		line[i] = c.Key
	}
	if err := cw.Write(line); err != nil {
		return fmt.Errorf("assess: write csv: %w", err)
	}
	for _, row := range t.Rows {
		for i, c := range t.Columns {
			line[i] = ""
			if i < len(row) {
				line[i] = csvField(c.Kind, row[i])
			}
		}
		if err := cw.Write(line); err != nil {
			return fmt.Errorf("assess: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("assess: write csv: %w", err)
	}
	return nil
}

// csvField is the CSV text of cell v in a column of kind k.
func csvField(k ColumnKind, v Cell) string {
	switch {
	case v.Blank:
		return ""
	case k == ColumnCount:
		return strconv.FormatFloat(v.Num, 'f', 0, 64)
	case k == ColumnRate:
		return strconv.FormatFloat(v.Num, 'f', 4, 64)
	case k == ColumnDecimal:
		return strconv.FormatFloat(v.Num, 'f', 2, 64)
	case k == ColumnTime:
		if v.Time.IsZero() {
			return ""
		}
		return v.Time.Format(time.RFC3339)
	case v.Key != "":
		return csvText(v.Key)
	}
	return csvText(v.Text)
}

// csvText is s as a CSV cell that a spreadsheet reads as text: one that
// begins with "=", "+", "-", "@", a tab or a carriage return, which a
// spreadsheet would take for a formula (a unit named
// =HYPERLINK("…")), gets a "'" in front.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Cells of each kind.

func textCell(s string) Cell { return Cell{Text: s} }

func countCell(n int) Cell { return Cell{Num: float64(n)} }

func rateCell(r Rate) Cell { return Cell{Num: r.Value(), Blank: !r.Defined()} }

func timeCell(t time.Time) Cell { return Cell{Time: t, Blank: t.IsZero()} }

// column is one column of a table of T's: its key, its labels, its kind
// and how a T gives its cell.
type column[T any] struct {
	key   string
	label i18n.Msg
	kind  ColumnKind
	cell  func(*T) Cell
}

// tableOf lays rows out in cols, with labels in lang.
func tableOf[T any](title i18n.Msg, cols []column[T], rows []*T, lang language.Tag) *Table {
	t := &Table{Title: title.Text(lang), Columns: make([]Column, len(cols)), Rows: make([][]Cell, len(rows))}
	for i, c := range cols {
		t.Columns[i] = Column{Key: c.key, Label: c.label.Text(lang), Kind: c.kind}
	}
	for j, r := range rows {
		t.Rows[j] = make([]Cell, len(cols))
		for i, c := range cols {
			t.Rows[j][i] = c.cell(r)
		}
	}
	return t
}

// scoreRow is a row of the scorecards table: a scorecard and what kind of
// row it is.
type scoreRow struct {
	kind int    // labelUnit, labelCategory, labelCode or labelTotal
	key  string // the kind's CSV key: the report's Dimension, or "total"
	lang language.Tag
	s    *Scorecard
}

// scorecardColumns are the columns of [Report.Table], the columns of
// [Report.WriteCSV] in the same order.
var scorecardColumns = func() []column[scoreRow] {
	cols := []column[scoreRow]{
		{"kind", i18n.Msg{EN: "Kind", ZH: "类型"}, ColumnText, func(r *scoreRow) Cell {
			return Cell{Text: labels.Name(r.kind, r.lang), Key: r.key}
		}},
		{"name", i18n.Msg{EN: "Name", ZH: "名称"}, ColumnText, func(r *scoreRow) Cell { return textCell(r.s.Name) }},
		{"received", i18n.Msg{EN: "Received", ZH: "受理量"}, ColumnCount, func(r *scoreRow) Cell { return countCell(r.s.Received) }},
		{"emergencies", i18n.Msg{EN: "Emergencies", ZH: "紧急件"}, ColumnCount, func(r *scoreRow) Cell { return countCell(r.s.Emergencies) }},
		{"closed", i18n.Msg{EN: "Closed", ZH: "办结量"}, ColumnCount, func(r *scoreRow) Cell { return countCell(r.s.Closed) }},
		{"overdue", i18n.Msg{EN: "Overdue", ZH: "超期未办结"}, ColumnCount, func(r *scoreRow) Cell { return countCell(r.s.Overdue) }},
	}
	rates := []struct {
		key   string
		label i18n.Msg
		get   func(*Scorecard) Rate
	}{
		{"response", i18n.Msg{EN: "Response", ZH: "响应率"}, func(s *Scorecard) Rate { return s.Response }},
		{"on_time", i18n.Msg{EN: "On-time", ZH: "按期办结率"}, func(s *Scorecard) Rate { return s.OnTime }},
		{"returned", i18n.Msg{EN: "Return", ZH: "退单率"}, func(s *Scorecard) Rate { return s.Returned }},
		{"reopened", i18n.Msg{EN: "Reopen", ZH: "重办率"}, func(s *Scorecard) Rate { return s.Reopened }},
		{"extended", i18n.Msg{EN: "Extension", ZH: "延期率"}, func(s *Scorecard) Rate { return s.Extended }},
		{"resolved", i18n.Msg{EN: "Resolution", ZH: "解决率"}, func(s *Scorecard) Rate { return s.Resolved }},
		{"satisfaction", i18n.Msg{EN: "Satisfaction", ZH: "满意率"}, func(s *Scorecard) Rate { return s.Satisfaction }},
	}
	for _, rt := range rates {
		get := rt.get
		cols = append(cols,
			column[scoreRow]{rt.key + "_num", i18n.Msg{EN: rt.label.EN + " num", ZH: rt.label.ZH + "分子"}, ColumnCount,
				func(r *scoreRow) Cell { return countCell(get(r.s).Num) }},
			column[scoreRow]{rt.key + "_den", i18n.Msg{EN: rt.label.EN + " den", ZH: rt.label.ZH + "分母"}, ColumnCount,
				func(r *scoreRow) Cell { return countCell(get(r.s).Den) }},
			column[scoreRow]{rt.key + "_rate", i18n.Msg{EN: rt.label.EN + " rate", ZH: rt.label.ZH}, ColumnRate,
				func(r *scoreRow) Cell { return rateCell(get(r.s)) }})
	}
	cols = append(cols, column[scoreRow]{"rated", i18n.Msg{EN: "Rated", ZH: "参评件数"}, ColumnCount,
		func(r *scoreRow) Cell { return countCell(r.s.Rated) }})
	answers := []i18n.Msg{
		{EN: "Very satisfied", ZH: "非常满意"}, {EN: "Satisfied", ZH: "满意"}, {EN: "Basically satisfied", ZH: "基本满意"},
		{EN: "Dissatisfied", ZH: "不满意"}, {EN: "Very dissatisfied", ZH: "非常不满意"},
	}
	for i, label := range answers {
		v := hotline.VerySatisfied + hotline.Satisfaction(i)
		cols = append(cols, column[scoreRow]{v.String(), label, ColumnCount,
			func(r *scoreRow) Cell { return countCell(r.s.Ratings[v]) }})
	}
	return append(cols, column[scoreRow]{"score", i18n.Msg{EN: "Score", ZH: "综合得分"}, ColumnDecimal,
		func(r *scoreRow) Cell { return Cell{Num: r.s.Score, Blank: !r.s.Scored} }})
}()

// Table returns the report as a [Table] in lang (Chinese for any Chinese
// tag, English otherwise): one row per row of Rows in their order, then
// the totals, in the columns of [Report.WriteCSV]. The first column, kind,
// shows 单位, 类别, 分类 or 合计 (Unit, Category, Code, Total) and writes the
// CSV keys unit, category, code and total; the totals' name is empty. Its Title is
// 考核汇总 (Scorecards).
func (r *Report) Table(lang language.Tag) *Table {
	kind := r.By.label()
	rows := make([]*scoreRow, 0, len(r.Rows)+1)
	for i := range r.Rows {
		rows = append(rows, &scoreRow{kind: kind, key: r.By.String(), lang: lang, s: &r.Rows[i]})
	}
	rows = append(rows, &scoreRow{kind: labelTotal, key: "total", lang: lang, s: &r.Total})
	return tableOf(scorecardsTitle, scorecardColumns, rows, lang)
}

var scorecardsTitle = i18n.Msg{EN: "Scorecards", ZH: "考核汇总"}
