package assess

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
)

// WorkdayCounter counts working days between two instants. A
// *calendar.Calendar is one.
type WorkdayCounter interface {
	// WorkdaysBetween counts the working days d with
	// date(a) < d <= date(b).
	WorkdaysBetween(a, b time.Time) int
}

// LateOptions selects the records of [LateOrders] and how their lateness
// is measured. The zero value lists every unit's records and measures
// hours only.
type LateOptions struct {
	// Unit keeps only the records of this unit; "" keeps every unit's.
	Unit string
	// Workdays, when set, counts [LateOrder.Workdays] on its working days
	// (a *calendar.Calendar). Nil leaves them uncounted.
	Workdays WorkdayCounter
}

// LateOrder is a record that counts late for its unit in a period P =
// [From, To): due in P and not closed by its deadline (a miss of
// 按期办结率), or due before To and still open at To (超期未办结), or both.
// Times are in the location of P's To.
type LateOrder struct {
	OrderID  string    `json:"order_id"`
	Unit     string    `json:"unit"`
	Category string    `json:"category"` // possibly empty
	Received time.Time `json:"received"`
	Due      time.Time `json:"due"`
	// Closed is when the record was closed, if that was before To; zero
	// when it was still open at To (it then counts in 超期未办结).
	Closed time.Time `json:"closed"`
	// Late is how long after Due it was closed, or, when still open, the
	// time from Due to To: always positive. JSON carries it in
	// nanoseconds, as time.Duration encodes.
	Late time.Duration `json:"late"`
	// Workdays is how many working days after the day of Due it was still
	// open, counting the day it was closed (or the day before To): 0 when
	// it was closed late on the day it was due. An instant at midnight
	// belongs to the day before, as deadlines are written (24:00). It is
	// 0 when the list has no [WorkdayCounter].
	Workdays int `json:"workdays"`
}

// Open reports whether the record was still open at the end of the
// period.
func (o *LateOrder) Open() bool { return o.Closed.IsZero() }

// LateList is the list of late records of [LateOrders]: a unit's, or
// every unit's. The zero LateList is empty. A LateList is a plain value.
type LateList struct {
	Period Period `json:"period"`
	// Unit is the unit listed, or "" for every unit.
	Unit string `json:"unit"`
	// Workdays tells whether the orders' Workdays were counted.
	Workdays bool `json:"workdays_counted"`
	// Orders are sorted by unit in pinyin order (as report rows are),
	// then by Due, then by OrderID.
	Orders []LateOrder `json:"orders"`
}

// Late reports whether r counts late for its unit in p, as [LateOrders]
// lists it: due in p and not closed by its Due (a miss of 按期办结率), or
// due before p.To and not closed before it (超期未办结). A record without
// a Due is never late. Exemptions are not considered: an order exempted
// from assessment (ExemptOrder) is late all the same, although a scheme
// that honours its reason counts it in no figure (see
// ExemptRules.Honours). r is not validated.
func (r *Record) Late(p Period) bool {
	if r.Due.IsZero() || !r.Due.Before(p.To) {
		return false
	}
	closedByTo := !r.Closed.IsZero() && r.Closed.Before(p.To)
	missed := p.Contains(r.Due) && (r.Closed.IsZero() || r.Closed.After(r.Due))
	return missed || !closedByTo
}

// LateOrders validates recs and p and returns the records that count late
// for their unit in p, for one unit or every unit as opts says: the
// records due in p and not closed by their Due, which 按期办结率 counts as
// missed, and the records due before p.To and not closed before it, which
// 超期未办结 counts. A unit's list thus holds its misses of 按期办结率
// (OnTime.Den - OnTime.Num of its scorecard for p) and its Overdue records,
// each once, and also the late orders exempted from assessment
// (ExemptOrder), which a scheme that honours the reason leaves out of
// the scorecard: exemptions are not considered here. The first invalid
// record stops it with an error wrapping a [*RecordError]; recs is not
// modified.
func LateOrders(recs []Record, p Period, opts LateOptions) (*LateList, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	l := &LateList{Period: p, Unit: opts.Unit, Workdays: opts.Workdays != nil}
	loc := p.To.Location()
	for i := range recs {
		r := &recs[i]
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("assess: records[%d]: %w", i, err)
		}
		if opts.Unit != "" && r.Unit != opts.Unit || !r.Late(p) {
			continue
		}
		closedByTo := !r.Closed.IsZero() && r.Closed.Before(p.To)
		o := LateOrder{OrderID: r.OrderID, Unit: r.Unit, Category: r.Category,
			Received: r.Received.In(loc), Due: r.Due.In(loc)}
		end := p.To
		if closedByTo {
			o.Closed, end = r.Closed.In(loc), r.Closed
		}
		o.Late = end.Sub(r.Due)
		if opts.Workdays != nil {
			o.Workdays = opts.Workdays.WorkdaysBetween(r.Due.Add(-time.Nanosecond), end.Add(-time.Nanosecond))
		}
		l.Orders = append(l.Orders, o)
	}
	cmp := pinyinOrder()
	slices.SortFunc(l.Orders, func(a, b LateOrder) int {
		if c := cmp(a.Unit, b.Unit); c != 0 {
			return c
		}
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.OrderID, b.OrderID)
	})
	return l, nil
}

// lateRow is a row of the late orders table.
type lateRow struct {
	o        *LateOrder
	lang     language.Tag
	workdays bool
}

var (
	lateTitle = i18n.Msg{EN: "Late orders", ZH: "超期工单"}
	// lateStatus names a late order's state: closed late or still open.
	lateClosed = i18n.Msg{EN: "Closed late", ZH: "逾期办结"}
	lateOpen   = i18n.Msg{EN: "Open", ZH: "超期未办结"}
)

// lateColumns are the columns of [LateList.Table] and [LateList.WriteCSV].
var lateColumns = []column[lateRow]{
	{"order_id", i18n.Msg{EN: "Order", ZH: "工单编号"}, ColumnText, func(r *lateRow) Cell { return textCell(r.o.OrderID) }},
	{"unit", i18n.Msg{EN: "Unit", ZH: "承办单位"}, ColumnText, func(r *lateRow) Cell { return textCell(r.o.Unit) }},
	{"category", i18n.Msg{EN: "Category", ZH: "类别"}, ColumnText, func(r *lateRow) Cell { return textCell(r.o.Category) }},
	{"received", i18n.Msg{EN: "Received", ZH: "派单时间"}, ColumnTime, func(r *lateRow) Cell { return timeCell(r.o.Received) }},
	{"due", i18n.Msg{EN: "Due", ZH: "办结时限"}, ColumnTime, func(r *lateRow) Cell { return timeCell(r.o.Due) }},
	{"closed", i18n.Msg{EN: "Closed", ZH: "办结时间"}, ColumnTime, func(r *lateRow) Cell { return timeCell(r.o.Closed) }},
	{"status", i18n.Msg{EN: "Status", ZH: "状态"}, ColumnText, func(r *lateRow) Cell {
		if r.o.Open() {
			return Cell{Text: lateOpen.Text(r.lang), Key: "open"}
		}
		return Cell{Text: lateClosed.Text(r.lang), Key: "closed_late"}
	}},
	{"hours_late", i18n.Msg{EN: "Hours late", ZH: "超时（小时）"}, ColumnDecimal, func(r *lateRow) Cell {
		return Cell{Num: r.o.Late.Hours()}
	}},
	{"workdays_late", i18n.Msg{EN: "Working days late", ZH: "超期工作日"}, ColumnCount, func(r *lateRow) Cell {
		return Cell{Num: float64(r.o.Workdays), Blank: !r.workdays}
	}},
}

// Table returns the list as a [Table] in lang (Chinese for any Chinese
// tag, English otherwise), titled 超期工单 (Late orders), one row per order
// in Orders order: order_id, unit, category, received, due, closed (blank
// when open at the period's end), status (逾期办结 or 超期未办结, Closed late
// or Open; closed_late or open in CSV), hours_late (Late in hours) and
// workdays_late (blank when Workdays were not counted).
func (l *LateList) Table(lang language.Tag) *Table {
	rows := make([]*lateRow, len(l.Orders))
	for i := range l.Orders {
		rows[i] = &lateRow{o: &l.Orders[i], lang: lang, workdays: l.Workdays}
	}
	return tableOf(lateTitle, lateColumns, rows, lang)
}

// WriteCSV writes the list as CSV, the columns of [LateList.Table] with
// its keys as the header, as [Table.WriteCSV] writes them: times in RFC 3339
// in the period's zone, hours late with two decimals.
func (l *LateList) WriteCSV(w io.Writer) error { return l.Table(language.English).WriteCSV(w) }
