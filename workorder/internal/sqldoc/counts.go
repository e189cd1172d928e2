package sqldoc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hotline12345/hotline/workorder"
)

// Counts adds up the rows of a board_counts table into
// workorder.UnitCounts. Make it with NewCounts.
type Counts struct {
	by map[string]*workorder.UnitCounts
}

// NewCounts returns counts holding a zero line for each of units, so
// that a unit asked for is answered even with nothing open.
func NewCounts(units []string) *Counts {
	c := &Counts{by: make(map[string]*workorder.UnitCounts, len(units))}
	for _, u := range units {
		c.by[u] = &workorder.UnitCounts{Unit: u}
	}
	return c
}

// Add counts n orders of unit at the level named level, overdue or not.
// A level no store writes is an error matching workorder.ErrCorrupt.
func (c *Counts) Add(unit, level string, overdue bool, n int) error {
	l, ok := ParseLevel(level)
	if !ok {
		return fmt.Errorf("unit %q: level %q: %w", unit, level, workorder.ErrCorrupt)
	}
	u := c.by[unit]
	if u == nil {
		u = &workorder.UnitCounts{Unit: unit}
		c.by[unit] = u
	}
	u.Open[l] += n
	if overdue {
		u.Overdue += n
	}
	return nil
}

// Lines returns the counts, a line per unit in unit order.
func (c *Counts) Lines() []workorder.UnitCounts {
	out := make([]workorder.UnitCounts, 0, len(c.by))
	for _, u := range c.by {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b workorder.UnitCounts) int { return strings.Compare(a.Unit, b.Unit) })
	return out
}
