package qingxi

import (
	"errors"
	"os"

	"golang.org/x/text/language"
	"golang.org/x/text/number"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/assess/xlsx"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/workorder"
)

// The workbook's own sheets.
var (
	sheetVersus  = i18n.Msg{EN: "Town and simulation", ZH: "镇报告对照"}
	sheetPersons = i18n.Msg{EN: "Handlers", ZH: "经办人考核"}
	sheetLeaders = i18n.Msg{EN: "Leader-led", ZH: "领办考核"}
	sheetDigest  = i18n.Msg{EN: "Week ", ZH: "周报-"}
	colFigure    = i18n.Msg{EN: "Figure", ZH: "指标"}
)

// WriteWorkbook writes the report's workbook to path in lang: the unit
// scorecards, their chart, every unit's late orders with the working
// days of the deadlines' calendar they were late, the exemptions (不纳入
// 考核), then the town's reported figures beside the simulated ones, the
// supervision register (督办台账, workorder.SupervisionRegister), the
// scorecards of PersonsUnit's handlers and of the leader-led orders, and
// the last week's digest of the first department of Digests, its sheets
// named "周报-…" ("Week …").
func (r *Report) WriteWorkbook(path string, lang language.Tag) error {
	late, err := assess.LateOrders(r.records, r.Units.Period, assess.LateOptions{Workdays: r.cal})
	if err != nil {
		return err
	}
	// Matched first, so that und gives English here as in the text.
	tag := i18n.Match(lang).Tag()
	sheets := []*assess.Table{r.versusTable(tag), workorder.SupervisionRegister(r.sups, tag, r.cal.Location())}
	persons := r.Persons.Table(tag)
	persons.Title = sheetPersons.Text(tag)
	leaders := r.Leaders.Table(tag)
	leaders.Title = sheetLeaders.Text(tag)
	sheets = append(sheets, persons, leaders)
	if len(r.Digests) > 0 {
		for _, t := range r.Digests[0].Tables(tag) {
			t.Title = sheetDigest.Text(tag) + t.Title
			sheets = append(sheets, t)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = xlsx.Write(f, r.Units, xlsx.Options{Lang: tag, Late: late, Sheets: sheets})
	return errors.Join(err, f.Close())
}

// versusTable is the town's reported figures beside the simulated ones:
// orders, emergencies, on-time completion and satisfaction.
func (r *Report) versusTable(lang language.Tag) *assess.Table {
	t := &assess.Table{Title: sheetVersus.Text(lang), Columns: []assess.Column{
		{Key: "figure", Label: colFigure.Text(lang), Kind: assess.ColumnText},
		{Key: "reported", Label: msgVersusRow[1].Text(lang), Kind: assess.ColumnText},
		{Key: "simulated", Label: msgVersusRow[2].Text(lang), Kind: assess.ColumnText},
	}}
	p := i18n.NewPrinter(lang)
	pct := func(v float64) string {
		return p.Sprint(number.Percent(v, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	}
	rate := func(rt assess.Rate) string {
		if !rt.Defined() {
			return "-"
		}
		return pct(rt.Value())
	}
	tw := &r.Reported
	for _, row := range [][3]string{
		{msgOrdersName.Text(lang), p.Sprint(tw.Orders), p.Sprint(r.Orders)},
		{msgEmergency.Text(lang), p.Sprint(tw.Emergencies), p.Sprint(r.Totals.Emergencies)},
		{msgOnTime.Text(lang), msgNearly100.Text(lang), rate(r.Totals.OnTime)},
		{msgSatisfaction.Text(lang), pct(tw.Satisfaction), rate(r.Totals.Satisfaction)},
	} {
		t.Rows = append(t.Rows, []assess.Cell{{Text: row[0]}, {Text: row[1]}, {Text: row[2]}})
	}
	return t
}
