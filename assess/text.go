package assess

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
	"golang.org/x/text/number"
	"golang.org/x/text/width"
)

// columns are the table's column labels after the first, in English.
var columns = [...]string{"Received", "Closed", "Response", "On time", "Overdue", "Returned", "Reopened",
	"Extended", "Resolved", "Satisfied", "Score"}

// labels are the table's labels in English and Chinese; the English text
// is the catalog key.
var labels = [...]struct{ en, zh string }{
	{"Unit", "单位"},
	{"Category", "类别"},
	{"Total", "合计"},
	{"Received", "受理"},
	{"Closed", "办结"},
	{"Response", "响应率"},
	{"On time", "按期办结率"},
	{"Overdue", "超期"},
	{"Returned", "退单率"},
	{"Reopened", "重办率"},
	{"Extended", "延期率"},
	{"Resolved", "解决率"},
	{"Satisfied", "满意率"},
	{"Score", "得分"},
}

// cat is the label catalog; a catalog is safe for concurrent use once built.
var cat = func() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, l := range labels {
		if err := b.SetString(language.English, l.en, l.en); err != nil {
			panic(err)
		}
		if err := b.SetString(language.Chinese, l.en, l.zh); err != nil {
			panic(err)
		}
	}
	return b
}()

// WriteText writes the report as an aligned text table in lang: Chinese
// for any Chinese tag, English otherwise. It has a header, a line per row in
// Rows order, and a totals line. Names are printed as given (they are not
// translated); rates are percentages with one decimal and the score has one
// decimal, each "-" when undefined; counts use the language's digit
// grouping. Columns are aligned by display width for a monospaced font,
// counting East Asian wide and fullwidth characters as two columns and
// others, ambiguous ones included, as one. Lines have no trailing spaces.
func (r *Report) WriteText(w io.Writer, lang language.Tag) error {
	tag, _, _ := cat.Matcher().Match(lang)
	p := message.NewPrinter(tag, message.Catalog(cat))
	first := "Unit"
	if r.By == ByCategory {
		first = "Category"
	}
	header := []string{p.Sprintf(first)}
	for _, c := range columns {
		header = append(header, p.Sprintf(c))
	}
	rows := [][]string{header}
	for i := range r.Rows {
		rows = append(rows, textLine(p, r.Rows[i].Name, &r.Rows[i]))
	}
	rows = append(rows, textLine(p, p.Sprintf("Total"), &r.Total))

	widths := make([]int, len(header))
	for _, row := range rows {
		for j, cell := range row {
			widths[j] = max(widths[j], displayWidth(cell))
		}
	}
	total := 2 * (len(widths) - 1)
	for _, n := range widths {
		total += n
	}
	rule := strings.Repeat("-", total) + "\n"
	var sb strings.Builder
	for i, row := range rows {
		if i == 1 || i == len(rows)-1 {
			sb.WriteString(rule)
		}
		var line strings.Builder
		for j, cell := range row {
			pad := strings.Repeat(" ", widths[j]-displayWidth(cell))
			if j == 0 {
				line.WriteString(cell + pad)
			} else {
				line.WriteString("  " + pad + cell)
			}
		}
		sb.WriteString(strings.TrimRight(line.String(), " "))
		sb.WriteByte('\n')
	}
	if _, err := io.WriteString(w, sb.String()); err != nil {
		return fmt.Errorf("assess: write text: %w", err)
	}
	return nil
}

func textLine(p *message.Printer, name string, s *Scorecard) []string {
	pct := func(rt Rate) string {
		if !rt.Defined() {
			return "-"
		}
		return p.Sprint(number.Percent(rt.Value(), number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	}
	score := "-"
	if s.Scored {
		score = p.Sprint(number.Decimal(s.Score, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	}
	return []string{name, p.Sprint(s.Received), p.Sprint(s.Closed), pct(s.Response), pct(s.OnTime),
		p.Sprint(s.Overdue), pct(s.Returned), pct(s.Reopened), pct(s.Extended), pct(s.Resolved),
		pct(s.Satisfaction), score}
}

// displayWidth is the width of s in a monospaced font: two columns for
// East Asian wide and fullwidth characters, one for the others (ambiguous
// ones such as "—" included).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
