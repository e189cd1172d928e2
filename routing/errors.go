package routing

import (
	"errors"
	"strconv"
	"strings"

	"github.com/hotline12345/hotline/internal/conf"
)

// Sentinel errors. Every error about a rules file or a Config, whatever its
// detail, also matches ErrInvalidRules under errors.Is.
var (
	ErrInvalidRules     = errors.New("invalid rules")       // any mistake in rules
	ErrUnknownField     = conf.ErrUnknownField              // a field the file format does not have; also sla.ErrUnknownField
	ErrBadValue         = conf.ErrBadValue                  // a value of the wrong kind or out of range, a key given twice, an empty file
	ErrUnknownCondition = errors.New("unknown condition")   // a when name nobody registered
	ErrNoLead           = errors.New("no lead unit")        // a rule or jurisdiction without a unit
	ErrNoName           = errors.New("no rule name")        // a rule without a name
	ErrDuplicateRule    = errors.New("duplicate rule name") // two rules with one name
	ErrInvalidRequest   = errors.New("invalid request")     // a request Route or Decide cannot take
	ErrNoRuleSet        = errors.New("no rule set")         // a Router without a rule set
)

// RuleError is a mistake in a rules file or Config. Rule names the rule,
// Index is its 1-based place among the rules (0 outside the rules list),
// Field is the field's path ("priority", "joint.repeat.window"), Line is the
// line in the file (0 when the Config was built in Go), Column the column
// of the mistake when Parse found it (0 otherwise) and Err the cause,
// usually one of the sentinels. A RuleError matches ErrInvalidRules and its
// cause under errors.Is.
type RuleError struct {
	Rule   string
	Index  int
	Field  string
	Line   int
	Column int
	Err    error
}

// Error says where the mistake is and what it is, for example
// `routing: rule "噪音扰民": field "priority": bad value: want a whole number, got "high" (line 7, column 15)`.
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
	b.WriteString(conf.Position{Line: e.Line, Column: e.Column}.Suffix())
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
