package assess

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Intake is one order as the centre took it in (受理): the input to the
// centre's own figures, which no unit's [Record] shows: the direct-answer
// rate (直接答复率) and the transfers to other bodies (转办). Callers give
// one Intake per accepted order, whoever handled it afterwards; package
// workorder builds them (Service.IntakeRecord).
//
// Times are instants; their zone does not matter. A zero time means the
// event has not happened. An order ends at most one of three ways the
// centre decides at intake: answered directly, transferred, or withdrawn.
// The zero Intake is invalid (it has no OrderID or Received). Intake is a
// plain value.
type Intake struct {
	// OrderID identifies the order. Required.
	OrderID string
	// Category and Code (诉求分类, such as "01.02.03") are optional;
	// ComputeIntake can group by either.
	Category string
	Code     string
	// Received is when the order was accepted (受理). Required.
	Received time.Time
	// Answered is when the centre answered the order itself, from its
	// knowledge base (直接答复); zero when it did not.
	Answered time.Time
	// Transferred is when the order was handed over to another body
	// (转办), and Body which; Body is required with Transferred and empty
	// without it.
	Transferred time.Time
	Body        string
	// Withdrawn is when the order was cancelled as invalid (撤单), declined
	// (不予受理) or merged into another order (并单): nobody had to answer
	// it.
	Withdrawn time.Time
}

// Validate reports the first field that is missing, earlier than
// Received, or set together with another ending, as a [*RecordError].
func (r *Intake) Validate() error {
	fail := func(field string, err error) error {
		return &RecordError{OrderID: r.OrderID, Field: field, Err: err}
	}
	switch {
	case r.OrderID == "":
		return fail("OrderID", errRequired)
	case r.Received.IsZero():
		return fail("Received", errRequired)
	}
	ends := 0
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"Answered", r.Answered}, {"Transferred", r.Transferred}, {"Withdrawn", r.Withdrawn}} {
		if f.t.IsZero() {
			continue
		}
		if f.t.Before(r.Received) {
			return fail(f.name, errBeforeStart)
		}
		if ends++; ends > 1 {
			return fail(f.name, errTwoEnds)
		}
	}
	switch {
	case !r.Transferred.IsZero() && r.Body == "":
		return fail("Body", errRequired)
	case r.Transferred.IsZero() && r.Body != "":
		return fail("Body", errBodyUntransferred)
	}
	return nil
}

var (
	errTwoEnds           = errors.New("set with another of Answered, Transferred and Withdrawn")
	errBodyUntransferred = errors.New("set on an order not transferred")
)

// IntakeRow holds one row's intake figures for a period P = [From, To):
// a category's, a code's, or the totals. Each counts the intakes received
// in P, judged by what had happened before To. The zero value is an
// empty row with its rates undefined. Its JSON form uses snake_case names.
type IntakeRow struct {
	// Name is the category or code; empty for the totals.
	Name string `json:"name"`
	// Received is 受理量: intakes received in P.
	Received int `json:"received"`
	// Withdrawn counts those cancelled, declined or merged before To.
	Withdrawn int `json:"withdrawn"`
	// Transferred is 转办量: those transferred before To; Bodies counts
	// them by body (nil when none).
	Transferred int            `json:"transferred"`
	Bodies      map[string]int `json:"bodies,omitempty"`
	// DirectAnswer is 直接答复率: the intakes received in P that the
	// centre answered directly before To, over the intakes received in P
	// that were neither withdrawn nor transferred before To (the orders
	// the hotline itself had to answer, by the centre or through a unit).
	DirectAnswer Rate `json:"direct_answer"`
	// Transfer is 转办率: Transferred over the intakes received in P not
	// withdrawn before To.
	Transfer Rate `json:"transfer"`
}

// IntakeReport is the result of ComputeIntake. Rows are sorted by Name in
// byte order, which puts codes in the order of their tree; every count of
// Total is the sum over Rows, except when By is ByUnit and there are no
// rows. It is a plain value and encodes to JSON as it is.
type IntakeReport struct {
	Period Period      `json:"period"`
	By     Dimension   `json:"by"`
	Rows   []IntakeRow `json:"rows"`
	Total  IntakeRow   `json:"total"`
}

// Row returns the row named name, or nil.
func (r *IntakeReport) Row(name string) *IntakeRow {
	for i := range r.Rows {
		if r.Rows[i].Name == name {
			return &r.Rows[i]
		}
	}
	return nil
}

// ComputeIntake validates recs and p and returns the centre's intake
// figures for p: a row per category (ByCategory) or code (ByCode) named
// in recs, and the totals. ByUnit, the zero value, gives the totals only:
// intakes have no unit. Grouping makes an empty Category or Code invalid.
// The first invalid intake stops it with an error wrapping a
// [*RecordError]; ByPost, ByPerson, ByLeader and values that are no
// Dimension fail with ErrUnknownDimension. recs is not modified.
func ComputeIntake(recs []Intake, p Period, by Dimension) (*IntakeReport, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	switch {
	case int(by) >= len(dimensionNames):
		return nil, fmt.Errorf("assess: compute intake by dimension %d: %w", uint8(by), ErrUnknownDimension)
	case by > ByCode:
		return nil, fmt.Errorf("assess: compute intake by %s: intakes have no unit, post, person or leader: %w", by, ErrUnknownDimension)
	}
	rep := &IntakeReport{Period: p, By: by, Rows: []IntakeRow{}}
	index := make(map[string]int)
	for i := range recs {
		r := &recs[i]
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("assess: intakes[%d]: %w", i, err)
		}
		countIntake(&rep.Total, r, p)
		var key, field string
		switch by {
		case ByUnit:
			continue
		case ByCategory:
			key, field = r.Category, "Category"
		case ByCode:
			key, field = r.Code, "Code"
		}
		if key == "" {
			return nil, fmt.Errorf("assess: intakes[%d]: %w", i, &RecordError{OrderID: r.OrderID, Field: field, Err: errRequired})
		}
		j, ok := index[key]
		if !ok {
			j = len(rep.Rows)
			index[key] = j
			rep.Rows = append(rep.Rows, IntakeRow{Name: key})
		}
		countIntake(&rep.Rows[j], r, p)
	}
	slices.SortFunc(rep.Rows, func(a, b IntakeRow) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return rep, nil
}

// countIntake adds one valid intake to row for period p.
func countIntake(row *IntakeRow, r *Intake, p Period) {
	if !p.Contains(r.Received) {
		return
	}
	by := func(t time.Time) bool { return !t.IsZero() && t.Before(p.To) }
	row.Received++
	if by(r.Withdrawn) {
		row.Withdrawn++
		return
	}
	if by(r.Transferred) {
		row.Transferred++
		if row.Bodies == nil {
			row.Bodies = make(map[string]int)
		}
		row.Bodies[r.Body]++
		row.Transfer.count(true)
		return
	}
	row.Transfer.count(false)
	row.DirectAnswer.count(by(r.Answered))
}
