package assess

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/number"

	"github.com/hotline12345/hotline/internal/i18n"
)

// labels are the table's labels: the first column's heading for each
// grouping, the totals line, then the other columns in order.
var labels = i18n.NewNames(
	[]string{"Unit", "Category", "Total", "Code", "Received", "Closed", "Response", "On time", "Overdue", "Returned",
		"Reopened", "Extended", "Resolved", "Satisfied", "Score"},
	[]string{"单位", "类别", "合计", "分类", "受理", "办结", "响应率", "按期办结率", "超期", "退单率",
		"重办率", "延期率", "解决率", "满意率", "得分"},
	nil)

// Positions in labels.
const (
	labelUnit     = 0
	labelCategory = 1
	labelTotal    = 2
	labelCode     = 3
	labelColumns  = 4 // the first of the columns after the first
)

// WriteText writes the report as an aligned text table in lang: Chinese
// for any Chinese tag, English otherwise. It has a header, a line per row in
// Rows order, and a totals line. Names are printed as given (they are not
// translated); rates are percentages with one decimal and the score has one
// decimal, each "-" when undefined; counts use the language's digit
// grouping. Columns are aligned by display width for a monospaced font,
// counting East Asian wide and fullwidth characters as two columns and
// others, ambiguous ones included, as one. Lines have no trailing spaces.
// When the report lists exemptions, a second table follows a blank line:
// one line per exemption with its order, unit, scope, reason (in Chinese
// its name when the scheme names it, else its code) and whether the
// scheme honoured it.
func (r *Report) WriteText(w io.Writer, lang language.Tag) error {
	p := i18n.NewPrinter(lang)
	first := r.By.label()
	header := []string{labels.Name(first, lang)}
	for i := labelColumns; i < labels.Len(); i++ {
		header = append(header, labels.Name(i, lang))
	}
	rows := [][]string{header}
	for i := range r.Rows {
		rows = append(rows, textLine(p, r.Rows[i].Name, &r.Rows[i]))
	}
	rows = append(rows, textLine(p, labels.Name(labelTotal, lang), &r.Total))

	text := i18n.Table(rows, true)
	if len(r.Exemptions) > 0 {
		text += "\n" + exemptionTable(r.Exemptions, lang)
	}
	if _, err := io.WriteString(w, text); err != nil {
		return fmt.Errorf("assess: write text: %w", err)
	}
	return nil
}

func textLine(p *i18n.Printer, name string, s *Scorecard) []string {
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

// The texts of a scheme's summary.
var (
	msgSchemeNamed = i18n.Msg{EN: "scheme %s: %s", ZH: "%s方案：%s"}
	msgNoScore     = i18n.Msg{EN: "no score", ZH: "不计分"}
	msgListSep     = i18n.Msg{EN: ", ", ZH: "、"}
)

// Summary writes s's name and weights in the language best matching t:
// "scheme town: response 30, on-time 35, satisfaction 35" or
// "镇级方案：响应率 30、按期办结率 35、满意率 35", names by [Scheme.Title] and
// [Metric.Name]. An unnamed scheme is its weights alone, nil Weights are
// [WeightsDefault], and a non-nil empty Weights reads "no score".
func (s Scheme) Summary(t language.Tag) string {
	p := i18n.NewPrinter(t)
	ws := s.Weights
	if ws == nil {
		ws = WeightsDefault()
	}
	list := p.Text(msgNoScore)
	if len(ws) > 0 {
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = w.Metric.Name(t) + " " + p.Sprint(w.Points)
		}
		list = strings.Join(parts, p.Text(msgListSep))
	}
	if s.Name == "" {
		return list
	}
	return p.Sprintf(msgSchemeNamed, s.Title(t), list)
}
