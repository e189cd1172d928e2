package workorder

import (
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/sla"
)

// The supervision register's title and columns.
var (
	registerTitle   = i18n.Msg{EN: "Supervision register", ZH: "督办台账"}
	registerColumns = []struct {
		key  string
		msg  i18n.Msg
		kind assess.ColumnKind
		cell func(s *Supervision, lang language.Tag, loc *time.Location) assess.Cell
	}{
		{"id", i18n.Msg{EN: "Supervision order", ZH: "督办单号"}, assess.ColumnText, func(s *Supervision, _ language.Tag, _ *time.Location) assess.Cell { return textCell(s.ID) }},
		{"unit", i18n.Msg{EN: "Unit", ZH: "承办单位"}, assess.ColumnText, func(s *Supervision, _ language.Tag, _ *time.Location) assess.Cell { return textCell(s.Unit) }},
		{"order", i18n.Msg{EN: "Order", ZH: "工单编号"}, assess.ColumnText, func(s *Supervision, _ language.Tag, _ *time.Location) assess.Cell { return textCell(s.Order) }},
		{"reason", i18n.Msg{EN: "Reason", ZH: "督办事由"}, assess.ColumnText, func(s *Supervision, _ language.Tag, _ *time.Location) assess.Cell { return textCell(s.Reason) }},
		{"issued_by", i18n.Msg{EN: "Issued by", ZH: "下发人"}, assess.ColumnText, func(s *Supervision, l language.Tag, _ *time.Location) assess.Cell {
			return actorCell(s.IssuedBy, l)
		}},
		{"issued", i18n.Msg{EN: "Issued", ZH: "下发时间"}, assess.ColumnTime, func(s *Supervision, _ language.Tag, loc *time.Location) assess.Cell { return timeCell(s.Issued, loc) }},
		{"due", i18n.Msg{EN: "Explanation due", ZH: "说明期限"}, assess.ColumnTime, func(s *Supervision, _ language.Tag, loc *time.Location) assess.Cell { return timeCell(s.Due, loc) }},
		{"explained", i18n.Msg{EN: "Explained", ZH: "说明时间"}, assess.ColumnTime, func(s *Supervision, _ language.Tag, loc *time.Location) assess.Cell {
			return timeCell(s.Explained, loc)
		}},
		{"explanation", i18n.Msg{EN: "Explanation", ZH: "情况说明"}, assess.ColumnText, func(s *Supervision, _ language.Tag, _ *time.Location) assess.Cell { return textCell(s.Explanation) }},
		{"escalated", i18n.Msg{EN: "Put to a decision", ZH: "提请研判"}, assess.ColumnTime, func(s *Supervision, _ language.Tag, loc *time.Location) assess.Cell {
			return timeCell(s.Escalated, loc)
		}},
		{"outcome", i18n.Msg{EN: "Outcome", ZH: "处理结果"}, assess.ColumnText, func(s *Supervision, l language.Tag, _ *time.Location) assess.Cell {
			m, ok := outcomeMsgs[s.Outcome]
			if !ok {
				return assess.Cell{Blank: true}
			}
			return assess.Cell{Text: m.Text(l), Key: s.Outcome.String()}
		}},
		{"decided_by", i18n.Msg{EN: "Decided by", ZH: "决定人"}, assess.ColumnText, func(s *Supervision, l language.Tag, _ *time.Location) assess.Cell {
			return actorCell(s.ClosedBy, l)
		}},
		{"closed", i18n.Msg{EN: "Closed", ZH: "办结时间"}, assess.ColumnTime, func(s *Supervision, _ language.Tag, loc *time.Location) assess.Cell { return timeCell(s.Closed, loc) }},
		{"remark", i18n.Msg{EN: "Why", ZH: "决定理由"}, assess.ColumnText, func(s *Supervision, _ language.Tag, _ *time.Location) assess.Cell { return textCell(s.Remark) }},
	}
	outcomeMsgs = map[SupervisionOutcome]i18n.Msg{
		OutcomeAccepted:  {EN: "Explanation accepted", ZH: "说明属实"},
		OutcomeTalk:      {EN: "Talk", ZH: "约谈"},
		OutcomeCriticism: {EN: "Public criticism", ZH: "通报批评"},
	}
)

func textCell(s string) assess.Cell {
	if s == "" {
		return assess.Cell{Blank: true}
	}
	return assess.Cell{Text: s}
}

func timeCell(t time.Time, loc *time.Location) assess.Cell {
	if t.IsZero() {
		return assess.Cell{Blank: true}
	}
	return assess.Cell{Time: t.In(loc)}
}

func actorCell(a Actor, l language.Tag) assess.Cell {
	if a == (Actor{}) {
		return assess.Cell{Blank: true}
	}
	if a.Role == RoleSystem {
		return assess.Cell{Text: i18n.Msg{EN: "system", ZH: "系统"}.Text(l), Key: "system"}
	}
	return assess.Cell{Text: a.ID}
}

// SupervisionRegister lays out sups, as Service.Supervisions returns
// them, as the supervision register (督办台账): one row per supervision
// order, in their order, with its unit, order, reason, who issued it and
// when, the explanation's deadline, the unit's explanation and when it
// came, when the ladder put it to a supervisor, and the outcome with who
// decided it, when and why. Headings and words are in lang (Chinese for
// any Chinese tag, else English); times are on the wall clock of loc (nil
// means UTC); what has not happened is a blank cell. Write it as CSV with
// assess.Table.WriteCSV or as a sheet of a workbook with package
// assess/xlsx (Options.Sheets).
func SupervisionRegister(sups []Supervision, lang language.Tag, loc *time.Location) *assess.Table {
	if loc == nil {
		loc = time.UTC
	}
	t := &assess.Table{Title: registerTitle.Text(lang)}
	for _, c := range registerColumns {
		kind := c.kind
		t.Columns = append(t.Columns, assess.Column{Key: c.key, Label: c.msg.Text(lang), Kind: kind})
	}
	for i := range sups {
		row := make([]assess.Cell, len(registerColumns))
		for j, c := range registerColumns {
			row[j] = c.cell(&sups[i], lang, loc)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// supervisionTally counts the supervise steps of one order's audit trail
// in the order's assessment records, keyed by supervision order: each
// supervision order counts against the record of the unit it was issued
// to (the unit holding the order then), and the talk or criticism it was
// closed with against that same record, however the order moved on
// since. A supervision order issued before any dispatch concerns no unit
// and counts nowhere; nor does its outcome. Its zero value is ready.
//
// AssessmentRecords feeds it each supervise step (count). A decision
// taken after the order closed is not in the trail (the lifecycle takes
// no step on a closed order), so it is not counted.
type supervisionTally struct {
	// issued maps a supervision order to the index, in the records, of
	// the record of the unit it was issued to.
	issued map[string]int
	// decided holds the supervision orders whose outcome is counted.
	decided map[string]bool
}

// count counts r, a supervise step of the trail, in out, the records
// made so far from the trail (the last one is the record of the unit
// holding the order at r). A supervise step that issued no supervision
// order, or put one to a supervisor (the ladder's decide step), counts
// nowhere.
func (t *supervisionTally) count(out []assess.Record, r *Record) {
	id, ok := r.Value("supervision")
	if !ok || id == "" {
		return // a supervise step of its own, no supervision order
	}
	outcome, closing := r.Value("outcome")
	if closing {
		t.decide(out, id, outcome)
		return
	}
	if ladder, _ := r.Value("ladder"); strings.HasSuffix(ladder, ":"+sla.ActionDecide.String()) {
		return // put to a supervisor: issued before
	}
	if _, seen := t.issued[id]; seen || len(out) == 0 {
		return
	}
	if t.issued == nil {
		t.issued = map[string]int{}
	}
	t.issued[id] = len(out) - 1
	out[len(out)-1].Supervisions++
}

// decide counts outcome, the outcome of supervision order id, against
// the record of the unit it was issued to, once.
func (t *supervisionTally) decide(out []assess.Record, id, outcome string) {
	i, ok := t.issued[id]
	if !ok || t.decided[id] || i >= len(out) {
		return
	}
	if t.decided == nil {
		t.decided = map[string]bool{}
	}
	t.decided[id] = true
	switch outcome {
	case OutcomeTalk.String():
		out[i].Talks++
	case OutcomeCriticism.String():
		out[i].Criticisms++
	}
}
