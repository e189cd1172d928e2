package routing

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hotline12345/hotline/unit"
)

// CheckUnits checks c against the directory of units d: every unit c names
// (the centre, the fallback, the units in charge of jurisdictions, and the
// lead and assisting units of its rules) must be an active unit of d.
// The fallback unit is configured once, in the directory: when c leaves
// Fallback empty CheckUnits sets it to d's fallback, and a Fallback that
// c names must be d's. Rules built in Go (Options.Rules) are not seen. Errors are
// *RuleError values naming the field and, for a rule, the rule and its
// line; they match ErrInvalidRules and the unit package's cause
// (unit.ErrUnknown, unit.ErrInactive) or ErrBadValue for a fallback that
// differs. Several are joined with errors.Join.
func (c *Config) CheckUnits(d *unit.Directory) error {
	var errs errList
	check := func(rule string, index, line int, field, u string) {
		if err := d.Check(strings.TrimSpace(u)); err != nil {
			errs.add(&RuleError{Rule: rule, Index: index, Field: field, Line: line, Err: err})
		}
	}
	if c.Centre != "" {
		check("", 0, 0, "centre", c.Centre)
	}
	if strings.TrimSpace(c.Fallback) == "" {
		c.Fallback = d.Fallback()
	}
	check("", 0, 0, "fallback", c.Fallback)
	if f := strings.TrimSpace(c.Fallback); f != d.Fallback() {
		errs.add(&RuleError{Field: "fallback", Err: fmt.Errorf("%w: %q, but the unit directory's fallback is %q", ErrBadValue, f, d.Fallback())})
	}
	for _, region := range slices.Sorted(maps.Keys(c.Jurisdictions)) {
		check("", 0, 0, "jurisdictions."+region, c.Jurisdictions[region])
	}
	for i := range c.Rules {
		r := &c.Rules[i]
		check(r.Name, i+1, r.Line, "lead", r.Lead)
		for _, u := range r.Assist {
			check(r.Name, i+1, r.Line, "assist", u)
		}
	}
	return errs.err()
}
