package assess

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hotline12345/hotline"
)

// Errors that callers can branch on with errors.Is.
var (
	// ErrInvalidRecord is wrapped by every [RecordError].
	ErrInvalidRecord = errors.New("invalid record")
	// ErrInvalidScheme is wrapped by every [SchemeError].
	ErrInvalidScheme = errors.New("invalid scheme")
	// ErrInvalidPeriod reports a period with a zero bound or with From not
	// before To.
	ErrInvalidPeriod = errors.New("invalid period")
)

// Reasons a field is rejected, wrapped by [RecordError] and [SchemeError].
var (
	errRequired    = errors.New("required")
	errControl     = errors.New("contains control characters")
	errNegative    = errors.New("negative")
	errUnknown     = errors.New("unknown value")
	errBeforeStart = errors.New("before Received")
	errDuplicate   = errors.New("duplicate")
	errTooLarge    = errors.New("too large")
	errNotFinite   = errors.New("not a positive finite number")
	errOutOfRange  = errors.New("out of range [0, 1]")
	// errMoreThanReturns: more improper returns than returns.
	errMoreThanReturns = errors.New("more than Returns")
	// errNothingToExempt: a verdict exemption on an unrated record.
	errNothingToExempt = errors.New("no verdict to exempt")
)

// RecordError names the field of a [Record] that was rejected. It wraps
// [ErrInvalidRecord] and the reason.
type RecordError struct {
	OrderID string // the record's OrderID, possibly empty
	Field   string // e.g. "Closed"
	Err     error  // the reason, e.g. "before Received"
}

// Error returns e.g. `assess: order "C2": Closed: before Received`.
func (e *RecordError) Error() string {
	return fmt.Sprintf("assess: order %q: %s: %v", e.OrderID, e.Field, e.Err)
}

// Unwrap returns the reason and ErrInvalidRecord.
func (e *RecordError) Unwrap() []error { return []error{e.Err, ErrInvalidRecord} }

// Record is one order as one unit handled it: the input to assessment.
// Callers convert their orders into records; an order that passed through
// several units (returned and re-dispatched, or handled jointly) gives one
// record per unit, and counts are counts of records.
//
// Times are instants; their zone does not matter. A zero time means the
// event has not happened or does not apply, as each field says. The zero
// Record is invalid (it has no OrderID, Unit or Received). Record is a plain
// value.
type Record struct {
	// OrderID identifies the order (工单编号). Required.
	OrderID string
	// Unit is the unit (承办单位) assessed for this record. Required.
	Unit string
	// Category is the kind of order, e.g. "complaint". Optional; no rate
	// uses it, but [Assessor.ComputeBy] can group by it.
	Category string
	// Code is the order's classification code (诉求分类), such as
	// "01.02.03". Optional; no rate uses it, but [Assessor.ComputeBy]
	// can group by it.
	Code string
	// Emergency marks an emergency order (紧急件).
	Emergency bool

	// Received is when the order was dispatched to Unit (派单). Required.
	Received time.Time
	// SignDue is the deadline to sign for the order (签收时限). Zero means
	// no sign limit: the record is left out of the response rate.
	SignDue time.Time
	// Signed is when Unit signed for it (签收); zero if it has not.
	Signed time.Time
	// Due is the deadline to close the order (办结时限) after any approved
	// extensions and suspensions. Zero means Unit has no deadline for it
	// (for example, Unit returned the order): it is left out of the
	// on-time, extension and overdue figures.
	Due time.Time
	// Closed is when the order was last closed (办结); zero while open.
	Closed time.Time

	// Returns is how many times Unit sent the order back (退单), or asked
	// to where the centre reviews returns.
	Returns int
	// ImproperReturns is how many of those returns the centre refused
	// (不当退单); at most Returns.
	ImproperReturns int
	// Reopenings is how many times the order was reopened for Unit to
	// handle again (重办) before Closed.
	Reopenings int
	// Extensions is how many extensions of Due were approved (延期).
	Extensions int

	// Satisfaction and Resolution are the callback answers; Rated is when
	// they were given (回访时间), required when either is set. The same
	// verdicts serve the three-level scale (满意, 基本满意, 不满意) and the
	// five-level one (非常满意 to 非常不满意); the [Scheme] says what each is
	// worth. Unrated and hotline.Unreachable (the caller was not reached)
	// are not rated: they count in no satisfaction figure.
	Satisfaction hotline.Satisfaction
	Resolution   hotline.Resolution
	Rated        time.Time

	// Person is who handled the order inside Unit (经办人), Post their
	// post (岗位); both optional. [ByPerson] and [ByPost] group by them.
	Person, Post string
	// Leader is the unit's leader who led the order personally (领办, the
	// town's 一把手领办); empty when no leader did. [ByLeader] groups the
	// leader-led records.
	Leader string

	// Exempt says what of the record assessment leaves out (不纳入考核)
	// after the centre's review of a bad verdict (差评甄别) approved by a
	// supervisor; ExemptReason is the reason's code, required with Exempt
	// (see [ExemptReasonsDefault]). The scheme honours only the reasons of
	// its [ExemptRules]; every exemption is listed in
	// [Report.Exemptions] either way.
	Exempt       Exemption
	ExemptReason string

	// Supervisions is how many supervision orders (督办单) were issued to
	// Unit about the order; Talks and Criticisms how many of them ended
	// in a talk (约谈) or a public criticism (通报批评). Talks plus
	// Criticisms is at most Supervisions.
	Supervisions, Talks, Criticisms int
}

// Validate reports the first field that is missing, negative, out of range
// or earlier than Received, as a [*RecordError]. It does not compare
// records with each other.
func (r *Record) Validate() error {
	fail := func(field string, err error) error {
		return &RecordError{OrderID: r.OrderID, Field: field, Err: err}
	}
	switch {
	case r.OrderID == "":
		return fail("OrderID", errRequired)
	case r.Unit == "":
		return fail("Unit", errRequired)
	case r.Received.IsZero():
		return fail("Received", errRequired)
	}
	// Names become lines and cells of the reports: a newline or a tab in
	// one would break them.
	for _, f := range [...]struct{ name, v string }{{"Unit", r.Unit}, {"Category", r.Category}, {"Person", r.Person}, {"Post", r.Post}, {"Leader", r.Leader}} {
		if strings.ContainsFunc(f.v, unicode.IsControl) {
			return fail(f.name, errControl)
		}
	}
	early := func(t *time.Time) bool { return !t.IsZero() && t.Before(r.Received) }
	switch {
	case early(&r.SignDue):
		return fail("SignDue", errBeforeStart)
	case early(&r.Signed):
		return fail("Signed", errBeforeStart)
	case early(&r.Due):
		return fail("Due", errBeforeStart)
	case early(&r.Closed):
		return fail("Closed", errBeforeStart)
	case early(&r.Rated):
		return fail("Rated", errBeforeStart)
	case r.Returns < 0:
		return fail("Returns", errNegative)
	case r.ImproperReturns < 0:
		return fail("ImproperReturns", errNegative)
	case r.ImproperReturns > r.Returns:
		return fail("ImproperReturns", errMoreThanReturns)
	case r.Reopenings < 0:
		return fail("Reopenings", errNegative)
	case r.Extensions < 0:
		return fail("Extensions", errNegative)
	case r.Satisfaction != hotline.Unrated && !r.Satisfaction.Valid():
		return fail("Satisfaction", errUnknown)
	case r.Resolution != hotline.Unanswered && !r.Resolution.Valid():
		return fail("Resolution", errUnknown)
	case r.Rated.IsZero() && (r.Satisfaction != hotline.Unrated || r.Resolution != hotline.Unanswered):
		return fail("Rated", errRequired)
	case r.Exempt > ExemptOrder:
		return fail("Exempt", errUnknown)
	case r.Exempt != ExemptNone && r.ExemptReason == "":
		return fail("ExemptReason", errRequired)
	case r.Exempt == ExemptVerdict && !r.Satisfaction.Answered():
		return fail("Exempt", errNothingToExempt)
	}
	if field, err := r.validateSupervision(); err != nil {
		return fail(field, err)
	}
	return nil
}
