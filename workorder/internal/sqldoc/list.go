package sqldoc

import (
	"strings"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// Dialect is what ListQuery needs to know of a database.
type Dialect struct {
	// Param returns the placeholder of the n-th argument, from 1.
	Param func(n int) string
	// Time returns an instant as the database keeps it.
	Time func(t time.Time) any
	// Doc is the expression selecting the order's document, of the table
	// aliased o.
	Doc string
	// NoLimit is the LIMIT argument that keeps every row.
	NoLimit any
	// Unindexed returns a column's expression in a form the planner
	// does not search an index by, or the column itself for a planner
	// that weighs the choice by statistics.
	Unindexed func(col string) string
	// Fixed returns the condition that col equals the placeholder p, in
	// a form that keeps col in the planner's sort order; nil means
	// "col = p". PostgreSQL drops from an ORDER BY the columns an
	// equality fixes, and may then walk another index in the order that
	// is left, checking the equality on each row: closed orders by
	// deadline walked every order with a deadline to find none. A range
	// of one value ("col >= p AND col <= p") fixes nothing, so only the
	// index that leads with col is in order.
	Fixed func(col, p string) string
}

// ListQuery returns the query of Store.List for f, which must be valid,
// and its arguments. Both SQL stores keep the same columns and index
// tables, so one query serves them:
//
//   - With Unit or Region set, the query walks order_index under the
//     unit's (or else the region's) key, where the orders are already in
//     each sort's order, and joins the orders to check the other filters.
//   - Otherwise it reads orders, and the planner picks the index of one
//     filter that is in the sort's order, (state, created, id) and the
//     like, or the partial ones of open, overdue, joint and repeated
//     orders.
//
// Either way a page reads the rows up to its last one after the cursor,
// not every match. The cursor is a row comparison, (created, id) <
// (at, id) newest first and (due, id) > (at, id) by deadline, which
// both databases answer from the index.
func ListQuery(f *workorder.Filter, d Dialect) (string, []any) {
	var q strings.Builder
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return d.Param(len(args))
	}
	created, due, id := "o.created", "o.due", "o.id"
	exact, lo, hi, region := RegionBounds(f.Region)
	key := ""
	switch {
	case f.Unit != "":
		key = "u" + f.Unit
	case region:
		key, region = "r"+exact, false
	}
	// Newest first, the orders due before an instant are found walking
	// the orders with a deadline by (created, id) and skipping those due
	// later, which are most of the newest: tens of thousands in a city.
	// The page's ids come first from the index alone, which holds the
	// deadline, and the documents of only those are read after.
	ids := f.Sort == workorder.SortNewest && key == "" && !f.DueBefore.IsZero()
	if ids {
		q.WriteString("SELECT o.id, o.created FROM ")
	} else {
		q.WriteString("SELECT " + d.Doc + " FROM ")
	}
	if key != "" {
		// CROSS JOIN keeps order_index the outer table in SQLite;
		// PostgreSQL reads it as an inner join.
		q.WriteString("order_index x CROSS JOIN orders o WHERE o.id = x.order_id AND x.key = " + arg(key))
		created, due, id = "x.created", "x.due", "x.order_id"
	} else {
		q.WriteString("orders o WHERE true")
	}
	fixed := d.Fixed
	if fixed == nil || key != "" {
		fixed = func(col, p string) string { return col + " = " + p }
	}
	if f.State != workorder.StateNew {
		q.WriteString(" AND " + fixed("o.state", arg(StateName(f.State))))
	}
	if f.Open {
		q.WriteString(" AND o.state NOT IN (" + NotOpenSQL + ")")
	}
	if f.Category != "" {
		q.WriteString(" AND " + fixed("o.category", arg(string(f.Category))))
	}
	if lo, hi, ok := CodeBounds(f.Code); ok {
		// A code selects a range of codes, which no index holds in a
		// sort's order: newest first and by deadline the page walks that
		// sort's index and checks the code, costing in proportion to how
		// rare the code is among the recent orders, never sorting all
		// matches. By id the code's index serves; it covers classified
		// orders only, which the first term tells the planner.
		code := "o.code"
		if f.Sort != workorder.SortID {
			code = d.Unindexed(code)
		}
		q.WriteString(" AND " + code + " <> '' AND " + code + " >= " + arg(lo) + " AND " + code + " < " + arg(hi))
	}
	if region {
		q.WriteString(" AND (o.region = " + arg(exact) + " OR (o.region >= " + arg(lo) + " AND o.region < " + arg(hi) + "))")
	}
	if key != "" && f.Open && f.Sort != workorder.SortDue {
		// The smaller index of a unit's or region's open orders. By
		// deadline the index of those with a deadline serves: they are
		// the open ones, nearly.
		q.WriteString(" AND x.open")
	}
	before := due
	if f.Sort == workorder.SortNewest && key == "" {
		// Newest first, the orders due before an instant are best found
		// walking the orders with a deadline by (created, id): they are
		// most of the recent ones, and searching the due index would
		// sort them all.
		before = d.Unindexed(due)
	}
	if f.Sort == workorder.SortDue || !f.DueBefore.IsZero() {
		q.WriteString(" AND " + due + " IS NOT NULL")
	}
	if !f.DueBefore.IsZero() {
		q.WriteString(" AND " + before + " < " + arg(d.Time(CeilMicro(f.DueBefore))))
	}
	if f.Overdue {
		q.WriteString(" AND o.overdue")
	}
	if f.MergedInto != "" {
		// The index covers merged orders only; the first term tells the
		// planner so.
		q.WriteString(" AND o.merged_into <> '' AND o.merged_into = " + arg(f.MergedInto))
	}
	if f.Joint {
		q.WriteString(" AND o.joint")
	}
	if f.Repeat {
		q.WriteString(" AND o.repeated")
	}
	// Ordering by the column a filter fixes first changes nothing but
	// leaves the planner that filter's index as the only one in order
	// (in PostgreSQL with the filter written as Dialect.Fixed says):
	// PostgreSQL, estimating the matches of two filters as independent,
	// would otherwise walk the deadline index for closed orders, which
	// have none, to the end.
	lead := ""
	switch {
	case key != "":
	case f.State != workorder.StateNew:
		lead = "o.state"
	case f.Category != "":
		lead = "o.category"
	}
	c := f.After
	switch f.Sort {
	case workorder.SortNewest:
		if c != nil {
			q.WriteString(" AND (" + created + ", " + id + ") < (" + arg(d.Time(c.At)) + ", " + arg(c.ID) + ")")
		}
		q.WriteString(" ORDER BY ")
		if lead != "" {
			q.WriteString(lead + " DESC, ")
		}
		q.WriteString(created + " DESC, " + id + " DESC")
	case workorder.SortDue:
		if c != nil {
			q.WriteString(" AND (" + due + ", " + id + ") > (" + arg(d.Time(c.At)) + ", " + arg(c.ID) + ")")
		}
		q.WriteString(" ORDER BY ")
		if lead != "" {
			q.WriteString(lead + ", ")
		}
		q.WriteString(due + ", " + id)
	default:
		if c != nil {
			q.WriteString(" AND " + id + " > " + arg(c.ID))
		}
		q.WriteString(" ORDER BY " + id)
	}
	var limit any = d.NoLimit
	if f.Limit > 0 {
		limit = int64(f.Limit)
	}
	q.WriteString(" LIMIT " + arg(limit) + " OFFSET " + arg(int64(max(f.Offset, 0))))
	if ids {
		// CROSS JOIN keeps the page the outer table in SQLite.
		return "SELECT " + d.Doc + " FROM (" + q.String() + ") p CROSS JOIN orders o WHERE o.id = p.id" +
			" ORDER BY p.created DESC, p.id DESC", args
	}
	return q.String(), args
}
