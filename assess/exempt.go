package assess

import (
	"fmt"
	"slices"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// Exemption is what of a [Record] assessment leaves out (不纳入考核). The
// zero value, ExemptNone, leaves out nothing.
type Exemption uint8

const (
	// ExemptNone: the record counts as usual.
	ExemptNone Exemption = iota
	// ExemptVerdict leaves the record's callback answers out: it counts in
	// no satisfaction or resolution figure, and in every other figure as
	// usual.
	ExemptVerdict
	// ExemptOrder leaves the whole record out: it counts in no figure of
	// its row but Scorecard.Exempted.
	ExemptOrder
)

var exemptionNames = i18n.NewNames(
	[]string{"", "verdict", "order"},
	[]string{"", "评价不纳入考核", "工单不纳入考核"},
	nil)

// String returns "verdict", "order", "" for ExemptNone, or "Exemption(n)".
func (e Exemption) String() string {
	if e == ExemptNone {
		return ""
	}
	if n := exemptionNames.Key(int(e)); n != "" {
		return n
	}
	return fmt.Sprintf("Exemption(%d)", uint8(e))
}

// Name returns the exemption's name in the language best matching t:
// "评价不纳入考核" for ExemptVerdict with a Chinese tag, e.String() for the
// others.
func (e Exemption) Name(t language.Tag) string {
	if e == ExemptNone || exemptionNames.Key(int(e)) == "" {
		return e.String()
	}
	return exemptionNames.Name(int(e), t)
}

// ParseExemption returns the exemption named s ("verdict", "order" in any
// ASCII case, or their Chinese names), or an error wrapping
// ErrInvalidRecord.
func ParseExemption(s string) (Exemption, error) {
	if i := exemptionNames.Parse(s); i > 0 {
		return Exemption(i), nil
	}
	return ExemptNone, fmt.Errorf("assess: exemption %q: %w: %w", s, errUnknown, ErrInvalidRecord)
}

// ExemptReason is a coded reason for leaving a verdict or an order out of
// assessment: Code is what records carry, Name the Chinese name shown in
// reports.
type ExemptReason struct {
	Code string `json:"code" yaml:"code"`
	Name string `json:"name" yaml:"name"`
}

// The codes of the default exemption reasons.
const (
	// ExemptUnreasonable: the caller's demand is unreasonable (诉求不合理).
	ExemptUnreasonable = "unreasonable"
	// ExemptOutOfPower: the matter is outside the government's power
	// (超出政府职权范围).
	ExemptOutOfPower = "out_of_power"
	// ExemptMalicious: a malicious caller (恶意来电).
	ExemptMalicious = "malicious"
)

// ExemptReasonsDefault returns the reasons a scheme honours when its
// ExemptRules leave Reasons nil, in a new slice: unreasonable (诉求不合理),
// out_of_power (超出政府职权范围) and malicious (恶意来电).
func ExemptReasonsDefault() []ExemptReason {
	return []ExemptReason{
		{ExemptUnreasonable, "诉求不合理"},
		{ExemptOutOfPower, "超出政府职权范围"},
		{ExemptMalicious, "恶意来电"},
	}
}

// ExemptRules says which exemptions a [Scheme] honours. The zero value
// honours the reasons of ExemptReasonsDefault.
type ExemptRules struct {
	// Reasons are the reasons honoured, each code once. Nil means
	// ExemptReasonsDefault; a non-nil empty slice honours none, so that
	// every exemption counts as if it were not there (and is still
	// listed).
	Reasons []ExemptReason
}

// Honours reports whether the rules honour the reason code.
func (r *ExemptRules) Honours(code string) bool {
	_, ok := r.reason(code)
	return ok
}

// reason returns the honoured reason with code, if any.
func (r *ExemptRules) reason(code string) (ExemptReason, bool) {
	i := slices.IndexFunc(r.Reasons, func(x ExemptReason) bool { return x.Code == code })
	if i < 0 {
		return ExemptReason{}, false
	}
	return r.Reasons[i], true
}

// Exempted is one exemption as a report lists it, so that no exemption
// hides a failure unseen.
type Exempted struct {
	OrderID string    `json:"order_id"`
	Unit    string    `json:"unit"`
	Scope   Exemption `json:"scope"`
	Reason  string    `json:"reason"` // the reason's code
	// ReasonName is the reason's Chinese name from the scheme's
	// ExemptRules, or "" when the scheme does not know the code.
	ReasonName string `json:"reason_name,omitempty"`
	// Honoured is false when the scheme does not honour the reason: the
	// record then counted as usual.
	Honoured bool `json:"honoured"`
}

// MarshalText returns the String form; ExemptNone is "".
func (e Exemption) MarshalText() ([]byte, error) {
	if e > ExemptOrder {
		return nil, fmt.Errorf("assess: marshal exemption %d: unknown", uint8(e))
	}
	return []byte(e.String()), nil
}

// UnmarshalText reads "", "verdict" or "order".
func (e *Exemption) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*e = ExemptNone
		return nil
	}
	v, err := ParseExemption(string(b))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// exemptionLabels head the exemption table of WriteText.
var exemptionLabels = i18n.NewNames(
	[]string{"Exempted order", "Unit", "Scope", "Reason", "Honoured", "yes", "no"},
	[]string{"不纳入考核工单", "单位", "范围", "原因", "采纳", "是", "否"},
	nil)

// exemptionTable lays out exemptions as an aligned text table in lang.
func exemptionTable(es []Exempted, lang language.Tag) string {
	l := func(i int) string { return exemptionLabels.Name(i, lang) }
	rows := [][]string{{l(0), l(1), l(2), l(3), l(4)}}
	for _, e := range es {
		yes := l(6)
		if e.Honoured {
			yes = l(5)
		}
		rows = append(rows, []string{e.OrderID, e.Unit, e.Scope.Name(lang), e.reasonText(lang), yes})
	}
	return i18n.Table(rows, false)
}

var exemptionsTitle = i18n.Msg{EN: "Exemptions", ZH: "不纳入考核"}

// exemptionColumns are the columns of Report.ExemptionTable.
var exemptionColumns = []column[exemptedRow]{
	{"order_id", i18n.Msg{EN: "Order", ZH: "工单编号"}, ColumnText, func(r *exemptedRow) Cell { return textCell(r.e.OrderID) }},
	{"unit", i18n.Msg{EN: "Unit", ZH: "承办单位"}, ColumnText, func(r *exemptedRow) Cell { return textCell(r.e.Unit) }},
	{"scope", i18n.Msg{EN: "Scope", ZH: "范围"}, ColumnText, func(r *exemptedRow) Cell {
		return Cell{Text: r.e.Scope.Name(r.lang), Key: r.e.Scope.String()}
	}},
	{"reason", i18n.Msg{EN: "Reason", ZH: "原因"}, ColumnText, func(r *exemptedRow) Cell {
		return Cell{Text: r.e.reasonText(r.lang), Key: r.e.Reason}
	}},
	{"honoured", i18n.Msg{EN: "Honoured", ZH: "采纳"}, ColumnText, func(r *exemptedRow) Cell {
		i, key := 6, "no"
		if r.e.Honoured {
			i, key = 5, "yes"
		}
		return Cell{Text: exemptionLabels.Name(i, r.lang), Key: key}
	}},
}

// reasonText is the reason as a table shows it in lang: its Chinese name
// in Chinese when the scheme names it, else its code.
func (e *Exempted) reasonText(lang language.Tag) string {
	if e.ReasonName != "" && i18n.Match(lang) == i18n.Chinese {
		return e.ReasonName
	}
	return e.Reason
}

type exemptedRow struct {
	e    *Exempted
	lang language.Tag
}

// ExemptionTable returns r.Exemptions as a [Table] in lang, titled 不纳入考核
// (Exemptions): order, unit, scope, reason (in Chinese its name when the
// scheme names it, else its code) and whether the scheme honoured it
// (the reason cell's key is always the code; CSV keys order_id, unit, scope, reason, honoured; the
// scope as "verdict" or "order", honoured as "yes" or "no"). It has no
// rows when r lists no exemption.
func (r *Report) ExemptionTable(lang language.Tag) *Table {
	rows := make([]*exemptedRow, len(r.Exemptions))
	for i := range r.Exemptions {
		rows[i] = &exemptedRow{e: &r.Exemptions[i], lang: lang}
	}
	return tableOf(exemptionsTitle, exemptionColumns, rows, lang)
}
