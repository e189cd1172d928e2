package assess

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

// Dimension is what a report's rows are: units, categories or
// classification codes.
type Dimension uint8

const (
	// ByUnit gives a row per [Record.Unit]. It is the zero value.
	ByUnit Dimension = iota
	// ByCategory gives a row per [Record.Category].
	ByCategory
	// ByCode gives a row per [Record.Code] (诉求分类). To group by a
	// higher level of the classification, give records the code of
	// that level (classify.Code.Ancestor).
	ByCode
	// ByPost gives a row per unit and post, named "unit/post" (清溪镇城管办/执法队);
	// records without a Post are in the row "unit/".
	ByPost
	// ByPerson gives a row per unit and person (经办人), named
	// "unit/person"; records without a Person (no one in the unit took a
	// step yet) are in the row "unit/", so that they still count against
	// the unit.
	ByPerson
	// ByLeader gives a row per unit and leader for the leader-led records
	// (领办), named "unit/leader"; the other records are left out.
	ByLeader
)

var dimensionNames = [...]string{"unit", "category", "code", "post", "person", "leader"}

// ErrUnknownDimension is wrapped by the errors about a Dimension that is
// none of the constants, a name that is none of theirs, or a dimension
// that what is counted does not have (ComputeIntake by person, say).
var ErrUnknownDimension = errors.New("unknown dimension")

// label is the position in labels of the first column of d's rows.
func (d Dimension) label() int {
	switch d {
	case ByCategory:
		return labelCategory
	case ByCode:
		return labelCode
	}
	return labelUnit
}

// MarshalText returns the String form, so JSON carries "unit",
// "category", "code", "post", "person" or "leader"; an unknown Dimension
// is an error.
func (d Dimension) MarshalText() ([]byte, error) {
	if int(d) >= len(dimensionNames) {
		return nil, fmt.Errorf("assess: marshal dimension %d: %w", uint8(d), ErrUnknownDimension)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads "unit", "category", "code", "post", "person" or
// "leader".
func (d *Dimension) UnmarshalText(b []byte) error {
	i := slices.Index(dimensionNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("assess: unmarshal dimension %q: %w", b, ErrUnknownDimension)
	}
	*d = Dimension(i)
	return nil
}

// String returns "unit", "category", "code", "post", "person" or
// "leader".
func (d Dimension) String() string {
	if int(d) < len(dimensionNames) {
		return dimensionNames[d]
	}
	return fmt.Sprintf("Dimension(%d)", uint8(d))
}

// Scorecard holds one row's figures for a period P = [From, To): a unit's
// (or a category's), or the totals. The package documentation defines each
// figure and which records it counts. The zero value is an empty row with
// every rate undefined. A Scorecard is a plain value; its JSON form uses
// the snake_case names of the CSV columns.
type Scorecard struct {
	// Name is the unit, category or code; empty for the totals.
	Name string `json:"name"`

	// Received is 受理量: records received in P.
	Received int `json:"received"`
	// Emergencies is how many of Received are emergencies.
	Emergencies int `json:"emergencies"`
	// Closed is 办结量: records closed in P.
	Closed int `json:"closed"`
	// Overdue is 超期未办结: records due before To and still open at To,
	// whenever they fell due (a backlog, not only the records due in P).
	Overdue int `json:"overdue"`

	// Response is 响应率: signed within the limit / records received in P
	// with a sign limit, leaving out those still waiting within it at To.
	Response Rate `json:"response"`
	// OnTime is 按期办结率: closed by Due / records due in P.
	OnTime Rate `json:"on_time"`
	// Returned is 退单率: records returned at least once / received in P.
	Returned Rate `json:"returned"`
	// ImproperReturned is 不当退单率: refused returns / returns made or
	// asked for, on the records received in P.
	ImproperReturned Rate `json:"improper_returned"`
	// Reopened is 重办率: records reopened at least once / closed in P.
	Reopened Rate `json:"reopened"`
	// Extended is 延期率: records extended at least once / due in P.
	Extended Rate `json:"extended"`
	// Resolved is 解决率: answered resolved / answered the question in P.
	Resolved Rate `json:"resolved"`
	// Satisfaction is 满意率: the weighted answers rated in P over Rated
	// times the top weight of the scheme.
	Satisfaction Rate `json:"satisfaction"`
	// Supervised, Talked and Criticised are 督办率, 约谈率 and 通报率:
	// records due in P with a supervision order, a talk or a criticism /
	// records due in P (assess/supervision.go).
	Supervised Rate `json:"supervised"`
	Talked     Rate `json:"talked"`
	Criticised Rate `json:"criticised"`

	// Rated is how many records were rated in P; Ratings counts them by
	// answer, indexed by hotline.Satisfaction (Ratings[hotline.Unrated] is
	// always 0, and the JSON array keeps that first element; unreachable
	// callers are not rated and not counted).
	Rated   int                               `json:"rated"`
	Ratings [hotline.VeryDissatisfied + 1]int `json:"ratings"`

	// Score is the weighted score in [0, 100] (see the package
	// documentation); Scored is false, and Score 0, when none of the
	// weighted rates is defined.
	Score  float64 `json:"score"`
	Scored bool    `json:"scored"`

	// Exempted is how many records of the row an honoured exemption left
	// out of some figure in P (see [Report.Exemptions]).
	Exempted int `json:"exempted"`
}

// Rate returns the scorecard's rate for m; an unknown metric gives the
// zero (undefined) Rate.
func (s *Scorecard) Rate(m Metric) Rate {
	switch m {
	case MetricResponse:
		return s.Response
	case MetricOnTime:
		return s.OnTime
	case MetricResolution:
		return s.Resolved
	case MetricSatisfaction:
		return s.Satisfaction
	case MetricReturn:
		return s.Returned
	case MetricReopen:
		return s.Reopened
	case MetricImproperReturn:
		return s.ImproperReturned
	case MetricExtension:
		return s.Extended
	}
	return s.supervisionRate(m)
}

func (s *Scorecard) add(o *Scorecard) {
	s.Received += o.Received
	s.Emergencies += o.Emergencies
	s.Closed += o.Closed
	s.Overdue += o.Overdue
	s.Response.add(o.Response)
	s.OnTime.add(o.OnTime)
	s.Returned.add(o.Returned)
	s.ImproperReturned.add(o.ImproperReturned)
	s.Reopened.add(o.Reopened)
	s.Extended.add(o.Extended)
	s.Resolved.add(o.Resolved)
	s.Satisfaction.add(o.Satisfaction)
	s.addSupervision(o)
	s.Rated += o.Rated
	s.Exempted += o.Exempted
	for i, n := range o.Ratings {
		s.Ratings[i] += n
	}
}

// Report is the result of one computation. Rows are sorted by Name in
// pinyin order; callers may reorder them (say, by Score) and the writers
// keep their order. Every count of Total, including each rate's Num and
// Den, is the sum of that count over Rows; Total's Score is computed from
// its own rates, not averaged. The zero Report has no rows and a zero
// total. A Report is a plain value: safe to read from several goroutines,
// not to modify concurrently. It encodes to JSON as it is.
type Report struct {
	Scheme string      `json:"scheme"` // the scheme's Name
	Period Period      `json:"period"` // the period assessed
	By     Dimension   `json:"by"`     // what Rows are
	Rows   []Scorecard `json:"rows"`
	Total  Scorecard   `json:"total"`
	// Exemptions lists every exemption of a record that counts in the
	// period, honoured or not, in the order of the records; nil when there
	// is none.
	Exemptions []Exempted `json:"exemptions"`
}

// Row returns the row named name, or nil.
func (r *Report) Row(name string) *Scorecard {
	for i := range r.Rows {
		if r.Rows[i].Name == name {
			return &r.Rows[i]
		}
	}
	return nil
}

// Compute validates recs and p and returns a report with a row per unit
// named in recs. It is ComputeBy(recs, p, ByUnit).
func (a *Assessor) Compute(recs []Record, p Period) (*Report, error) {
	return a.ComputeBy(recs, p, ByUnit)
}

// ComputeBy validates recs and p and returns a report with a row for every
// unit, category or code named in recs, whether or not any of its records
// counts in p. The first invalid record stops it with an error wrapping a
// [*RecordError]; grouping by category makes an empty Category invalid,
// and grouping by code an empty Code.
// recs is not modified. It is [Assessor.Tally] with every record added.
func (a *Assessor) ComputeBy(recs []Record, p Period, by Dimension) (*Report, error) {
	t, err := a.Tally(p, by)
	if err != nil {
		return nil, err
	}
	for i := range recs {
		if err := t.Add(&recs[i]); err != nil {
			return nil, err
		}
	}
	return t.Report(), nil
}

// Tally computes a report one record at a time, for records that need
// not be held together: a year of a city's orders read from a store page
// by page, or counted as each closes. Adding the records of recs in their
// order and calling Report gives what ComputeBy(recs, p, by) gives. A
// Tally holds a row per unit, category or code, never the records; it is
// not safe for concurrent use.
type Tally struct {
	a     *Assessor
	p     Period
	by    Dimension
	added int
	rep   Report
	// Rows are found by unit and person, post or leader, so that no key
	// is built per record; the "unit/…" name only for a new row.
	index map[rowKey]int
	keys  []rowKey // of rep.Rows, by index
}

type rowKey struct{ main, sub string }

// Tally validates p and by and returns an empty Tally of period p with a
// row per by.
func (a *Assessor) Tally(p Period, by Dimension) (*Tally, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if int(by) >= len(dimensionNames) {
		return nil, fmt.Errorf("assess: compute by dimension %d: %w", uint8(by), ErrUnknownDimension)
	}
	return &Tally{a: a, p: p, by: by, rep: Report{Scheme: a.scheme.Name, Period: p, By: by}, index: map[rowKey]int{}}, nil
}

// Add validates r and counts it. An invalid record is not counted, and
// the error, wrapping a [*RecordError], names it by how many records
// were added before it ("records[i]", as ComputeBy names recs[i]); the
// Tally stays usable. r is not modified or kept.
func (t *Tally) Add(r *Record) error {
	i := t.added
	if err := r.Validate(); err != nil {
		return fmt.Errorf("assess: records[%d]: %w", i, err)
	}
	key, split := rowKey{main: r.Unit}, false
	switch t.by {
	case ByCategory:
		if r.Category == "" {
			return fmt.Errorf("assess: records[%d]: %w", i,
				&RecordError{OrderID: r.OrderID, Field: "Category", Err: errRequired})
		}
		key.main = r.Category
	case ByCode:
		if r.Code == "" {
			return fmt.Errorf("assess: records[%d]: %w", i,
				&RecordError{OrderID: r.OrderID, Field: "Code", Err: errRequired})
		}
		key.main = r.Code
	case ByPost:
		key.sub, split = r.Post, true
	case ByPerson:
		key.sub, split = r.Person, true
	case ByLeader:
		if r.Leader == "" {
			t.added++
			return nil
		}
		key.sub, split = r.Leader, true
	}
	t.added++
	rep, a, p := &t.rep, t.a, t.p
	j, ok := t.index[key]
	if !ok {
		// The row's key and name are copies, as the exemptions' strings:
		// r's may be parts of a larger one (an audit record's data) that
		// the Tally must not keep.
		key = rowKey{main: strings.Clone(key.main), sub: strings.Clone(key.sub)}
		j = len(rep.Rows)
		t.index[key] = j
		name := key.main
		if split {
			name += "/" + key.sub
		}
		rep.Rows = append(rep.Rows, Scorecard{Name: name})
		t.keys = append(t.keys, key)
	}
	if r.Exempt != ExemptNone && touches(r, p) {
		reason, honoured := a.scheme.Exempt.reason(r.ExemptReason)
		rep.Exemptions = append(rep.Exemptions, Exempted{OrderID: strings.Clone(r.OrderID), Unit: strings.Clone(r.Unit),
			Scope: r.Exempt, Reason: strings.Clone(r.ExemptReason), ReasonName: reason.Name, Honoured: honoured})
		if honoured {
			rep.Rows[j].Exempted++
			if r.Exempt == ExemptOrder {
				return nil
			}
			rr := *r
			rr.Satisfaction, rr.Resolution, rr.Rated = hotline.Unrated, hotline.Unanswered, time.Time{}
			a.count(&rep.Rows[j], &rr, p)
			return nil
		}
	}
	a.count(&rep.Rows[j], r, p)
	return nil
}

// Report returns the report of the records added so far: its rows sorted
// and scored, and their total. The Tally can take more records after it;
// the report returned does not change.
func (t *Tally) Report() *Report {
	rep := t.rep
	rep.Rows = t.sortedRows()
	rep.Exemptions = slices.Clone(t.rep.Exemptions)
	for i := range rep.Rows {
		t.a.score(&rep.Rows[i])
		rep.Total.add(&rep.Rows[i])
	}
	t.a.score(&rep.Total)
	return &rep
}

// count adds one valid record to s for period p.
func (a *Assessor) count(s *Scorecard, r *Record, p Period) {
	closedBy := func(t time.Time) bool { return !r.Closed.IsZero() && r.Closed.Before(t) }
	if p.Contains(r.Received) {
		s.Received++
		if r.Emergency {
			s.Emergencies++
		}
		s.Returned.count(r.Returns > 0)
		s.ImproperReturned.add(Rate{Num: r.ImproperReturns, Den: r.Returns})
		if !r.SignDue.IsZero() {
			signedByTo := !r.Signed.IsZero() && r.Signed.Before(p.To)
			switch {
			case signedByTo && !r.Signed.After(r.SignDue):
				s.Response.count(true)
			case r.SignDue.Before(p.To):
				s.Response.count(false)
			}
			// Otherwise unsigned at To but not yet late: pending.
		}
	}
	if !r.Due.IsZero() {
		if p.Contains(r.Due) {
			s.OnTime.count(!r.Closed.IsZero() && !r.Closed.After(r.Due))
			s.Extended.count(r.Extensions > 0)
			s.countSupervision(r)
		}
		if r.Due.Before(p.To) && !closedBy(p.To) {
			s.Overdue++
		}
	}
	if !r.Closed.IsZero() && p.Contains(r.Closed) {
		s.Closed++
		s.Reopened.count(r.Reopenings > 0)
	}
	if !r.Rated.IsZero() && p.Contains(r.Rated) {
		if r.Satisfaction.Answered() {
			s.Rated++
			s.Ratings[r.Satisfaction]++
			s.Satisfaction.Num += a.scheme.Satisfaction.of(r.Satisfaction)
			s.Satisfaction.Den += a.satMax
		}
		if r.Resolution != hotline.Unanswered {
			s.Resolved.count(r.Resolution == hotline.Resolved)
		}
	}
}

// touches reports whether r counts in some figure of period p.
func touches(r *Record, p Period) bool {
	in := func(t time.Time) bool { return !t.IsZero() && p.Contains(t) }
	switch r.Exempt {
	case ExemptVerdict:
		return in(r.Rated)
	case ExemptOrder:
		return in(r.Received) || in(r.Closed) || in(r.Rated) ||
			!r.Due.IsZero() && r.Due.Before(p.To) && (r.Closed.IsZero() || !r.Closed.Before(p.To) || p.Contains(r.Due))
	}
	return false
}

// score sets s.Score from its rates: the weighted mean of the defined
// rates, as a percentage.
func (a *Assessor) score(s *Scorecard) {
	var sum, total float64
	for _, w := range a.scheme.Weights {
		r := s.Rate(w.Metric)
		if !r.Defined() {
			continue
		}
		v := r.Value()
		if w.Metric.LowerIsBetter() {
			v = 1 - v
		}
		sum += w.Points * v
		total += w.Points
	}
	s.Score, s.Scored = 0, total > 0
	if s.Scored {
		s.Score = 100 * sum / total
	}
}

// sortRows sorts rows by name in [pinyinOrder].
// sortedRows returns a copy of the tally's rows sorted by name, in the
// Chinese collation (pinyinOrder). Two rows may have the same name (unit
// "a/b" with person "c", unit "a" with person "b/c"): they are ordered by
// unit, so that the order does not follow the records'.
func (t *Tally) sortedRows() []Scorecard {
	rows := t.rep.Rows
	if rows == nil {
		return nil
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	if len(rows) > 1 {
		cmp := pinyinOrder()
		slices.SortFunc(order, func(i, j int) int {
			if c := cmp(rows[i].Name, rows[j].Name); c != 0 {
				return c
			}
			return strings.Compare(t.keys[i].main, t.keys[j].main)
		})
	}
	out := make([]Scorecard, len(rows))
	for k, i := range order {
		out[k] = rows[i]
	}
	return out
}

// pinyinOrder returns a comparison of names with the Chinese collation:
// Han characters by pinyin, Latin letters alphabetically before them.
// Names the collation ties are ordered by their bytes. The comparison
// keeps each name's key, so it is for one sort in one goroutine.
func pinyinOrder() func(a, b string) int {
	c := collate.New(language.Chinese)
	var buf collate.Buffer
	keys := make(map[string][]byte)
	key := func(s string) []byte {
		k, ok := keys[s]
		if !ok {
			k = c.KeyFromString(&buf, s)
			keys[s] = k
		}
		return k
	}
	return func(a, b string) int {
		if o := bytes.Compare(key(a), key(b)); o != 0 {
			return o
		}
		return strings.Compare(a, b)
	}
}
