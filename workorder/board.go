package workorder

import (
	"context"
	"slices"

	"github.com/hotline12345/hotline/sla"
)

// UnitCounts is one unit's line on a board: how many of the orders it
// leads or assists are open, by their sla level as of their last step,
// and how many of those have been overdue (Order.Overdue). An order with
// several units counts once for each. Unit "" holds the open orders that
// have no unit yet (received, not dispatched). Closed, cancelled and
// merged orders are not counted.
type UnitCounts struct {
	Unit string
	// Open counts the open orders by Order.Level: Open[sla.LevelNormal],
	// Open[sla.LevelWarning] and Open[sla.LevelOverdue].
	Open [sla.LevelOverdue + 1]int
	// Overdue counts the open orders with Order.Overdue set.
	Overdue int
}

// Total returns the number of the unit's open orders.
func (c UnitCounts) Total() int {
	n := 0
	for _, v := range c.Open {
		n += v
	}
	return n
}

// Counter is a Store that counts a board's open orders without reading
// them: durable stores keep the counts up to date in the transaction of
// each write, so that a count costs the same at 3,000 orders as at 3
// million. MemStore, sqlitestore and pgstore implement it.
type Counter interface {
	// Counts returns the counts of the named units, one per distinct
	// name in byte order, zero for a unit without open orders; with no
	// names, of every unit that has an open order ("" for those without
	// a unit), in byte order.
	Counts(ctx context.Context, units ...string) ([]UnitCounts, error)
}

// CountOrders returns the counts of Counter.Counts computed from the
// orders themselves: the reference that stores check their counters
// against, and how Service.Board counts on a Store that is no Counter.
func CountOrders(orders []*Order, units ...string) []UnitCounts {
	by := map[string]*UnitCounts{}
	for _, u := range units {
		by[u] = &UnitCounts{Unit: u}
	}
	add := func(u string, o *Order) {
		c := by[u]
		if c == nil {
			if len(units) > 0 {
				return
			}
			c = &UnitCounts{Unit: u}
			by[u] = c
		}
		if o.Level <= sla.LevelOverdue {
			c.Open[o.Level]++
		}
		if o.Overdue {
			c.Overdue++
		}
	}
	for _, o := range orders {
		if !o.State.Open() {
			continue
		}
		if o.Lead == "" && !slices.ContainsFunc(o.Assists, func(a Assist) bool { return a.Unit != "" }) {
			add("", o)
			continue
		}
		seen := make([]string, 0, 1+len(o.Assists))
		if o.Lead != "" {
			seen = append(seen, o.Lead)
			add(o.Lead, o)
		}
		for _, a := range o.Assists {
			if a.Unit != "" && !slices.Contains(seen, a.Unit) {
				seen = append(seen, a.Unit)
				add(a.Unit, o)
			}
		}
	}
	out := make([]UnitCounts, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b UnitCounts) int {
		switch {
		case a.Unit < b.Unit:
			return -1
		case a.Unit > b.Unit:
			return 1
		}
		return 0
	})
	return out
}

// Counts implements Counter by reading every open order: a MemStore holds
// a town's orders, not a city's.
func (s *MemStore) Counts(ctx context.Context, units ...string) ([]UnitCounts, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	open := make([]*Order, 0, len(s.m))
	for _, e := range s.m {
		if e.order.State.Open() {
			open = append(open, e.order)
		}
	}
	s.mu.RUnlock()
	return CountOrders(open, units...), nil
}

var _ Counter = (*MemStore)(nil)

// Board returns the board's counts (see Counter) for a: a unit gets its
// own line only, the centre, supervisors and the system every unit's. It
// asks the store when it is a Counter, and otherwise counts the open
// orders it lists. It returns a *ForbiddenError for an actor that is not
// one.
func (s *Service) Board(ctx context.Context, a Actor) ([]UnitCounts, error) {
	if why := a.check(); why != "" {
		return nil, &ForbiddenError{Actor: a, Reason: why}
	}
	var units []string
	if a.Role == RoleUnit {
		units = []string{a.ID}
	}
	if c, ok := s.store.(Counter); ok {
		return c.Counts(ctx, units...)
	}
	f := Filter{Open: true}
	if a.Role == RoleUnit {
		f.Unit = a.ID
	}
	os, err := s.store.List(ctx, f)
	if err != nil {
		return nil, err
	}
	return CountOrders(os, units...), nil
}
