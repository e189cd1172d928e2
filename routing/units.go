package routing

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hotline12345/hotline/unit"
)

// checkUnits checks cfg against the directory of units d (see
// Options.Units) and returns the fallback unit the rule set uses: d's, or
// cfg's when d names none. Blank units are left to the other checks.
func (c *compiler) checkUnits(cfg *Config, d *unit.Directory) string {
	check := func(rule string, index, line int, field, u string) {
		if u = strings.TrimSpace(u); u == "" {
			return
		}
		if err := d.Check(u); err != nil {
			c.fail(rule, index, line, field, err)
		}
	}
	check("", 0, 0, "centre", cfg.Centre)
	fallback := strings.TrimSpace(cfg.Fallback)
	switch df := d.Fallback(); {
	case df == "":
		check("", 0, 0, "fallback", fallback)
	case fallback != "" && fallback != df:
		c.fail("", 0, 0, "fallback", fmt.Errorf("%w: %q, but the unit directory's fallback is %q: leave fallback out of the rules", ErrBadValue, fallback, df))
	default:
		fallback = df
	}
	for _, region := range slices.Sorted(maps.Keys(cfg.Jurisdictions)) {
		check("", 0, 0, "jurisdictions."+region, cfg.Jurisdictions[region])
	}
	for i := range cfg.Rules {
		r := &cfg.Rules[i]
		name := strings.TrimSpace(r.Name)
		check(name, i+1, r.Line, "lead", r.Lead)
		for _, u := range r.Assist {
			check(name, i+1, r.Line, "assist", u)
		}
	}
	return fallback
}
