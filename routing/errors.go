package routing

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error about a rules file or a Config, whatever its
// detail, also matches ErrInvalidRules under errors.Is.
var (
	ErrInvalidRules     = errors.New("invalid rules")
	ErrUnknownField     = errors.New("unknown field")
	ErrBadValue         = errors.New("bad value")
	ErrUnknownCategory  = errors.New("unknown category")
	ErrUnknownUrgency   = errors.New("unknown urgency")
	ErrUnknownCondition = errors.New("unknown condition")
	ErrNoLead           = errors.New("no lead unit")
	ErrNoName           = errors.New("no rule name")
	ErrDuplicateRule    = errors.New("duplicate rule name")
	ErrInvalidRequest   = errors.New("invalid request")
	ErrNoRuleSet        = errors.New("no rule set")
)

// RuleError is a mistake in a rules file or Config. Rule names the rule,
// Index is its 1-based place among the rules (0 outside the rules list),
// Field is the field's path ("priority", "joint.repeat.window"), Line is the
// line in the file (0 when the Config was built in Go) and Err the cause,
// usually one of the sentinels. A RuleError matches ErrInvalidRules and its
// cause under errors.Is.
type RuleError struct {
	Rule  string
	Index int
	Field string
	Line  int
	Err   error
}

func (e *RuleError) Error() string {
	var b strings.Builder
	b.WriteString("routing: ")
	switch {
	case e.Rule != "":
		b.WriteString("rule ")
		b.WriteString(strconv.Quote(e.Rule))
		b.WriteString(": ")
	case e.Index > 0:
		b.WriteString("rule #")
		b.WriteString(strconv.Itoa(e.Index))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(strconv.Quote(e.Field))
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	if e.Line > 0 {
		b.WriteString(" (line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *RuleError) Unwrap() error { return e.Err }

// Is reports true for ErrInvalidRules.
func (e *RuleError) Is(target error) bool { return target == ErrInvalidRules }

// maxErrors caps how many mistakes one Parse or Compile reports.
const maxErrors = 20

// errList gathers RuleErrors up to maxErrors.
type errList []error

func (l *errList) add(e *RuleError) {
	if len(*l) < maxErrors {
		*l = append(*l, e)
	}
}

func (l errList) err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return errors.Join(l...)
}
