package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/workorder"
)

// pageSize is the length of a measured page.
const pageSize = 50

// filters are the measured filters, one per Filter field and the work
// queue of a unit.
func (c *city) filters() []struct {
	name string
	f    workorder.Filter
} {
	return []struct {
		name string
		f    workorder.Filter
	}{
		{"all", workorder.Filter{}},
		{"state=handling", workorder.Filter{State: workorder.StateHandling}},
		{"state=closed", workorder.Filter{State: workorder.StateClosed}},
		{"open", workorder.Filter{Open: true}},
		{"unit busy", workorder.Filter{Unit: unitName(0)}},
		{"unit quiet", workorder.Filter{Unit: unitName(units - 1)}},
		{"category", workorder.Filter{Category: hotline.CategoryReport}},
		{"region town", workorder.Filter{Region: townName(3)}},
		{"region village", workorder.Filter{Region: villageName(3, 7)}},
		{"due before", workorder.Filter{DueBefore: c.now.Add(24 * time.Hour)}},
		{"overdue", workorder.Filter{Overdue: true}},
		{"merged into", workorder.Filter{MergedInto: c.master()}},
		{"joint", workorder.Filter{Joint: true}},
		{"repeat", workorder.Filter{Repeat: true}},
		{"open, unit", workorder.Filter{Open: true, Unit: unitName(5)}},
	}
}

// master returns the master of the first merged order from the middle
// of the year on.
func (c *city) master() string {
	for i := c.n / 2; i < c.n; i++ {
		if o, _ := c.order(i); o.MergedInto != "" {
			return o.MergedInto
		}
	}
	return c.id(0)
}

// measureCity times, for every filter, newest first and by deadline, the
// first page and pages after cursors at random depths, samples times
// each, and the board's counts; it writes a table of medians and 99th
// percentiles to w.
//
// With cpu, each time is the CPU time (user and system) the process spent
// on the query rather than the wall time: what other work on the machine
// does not inflate. It is the whole cost of a query to an in-process
// store (SQLite) and only the client's to a server (PostgreSQL).
func measureCity(ctx context.Context, w io.Writer, s workorder.Store, c *city, samples int, cpu bool) error {
	r := rand.New(rand.NewPCG(1, 2))
	clock := wallClock
	if cpu {
		clock = cpuClock
		fmt.Fprintln(w, "CPU time of the process, user and system:")
	}
	var firsts, laters []time.Duration
	fmt.Fprintf(w, "%-16s %-7s %22s %22s %6s\n", "filter", "sort", "first page med/p99", "by cursor med/p99", "rows")
	for _, tc := range c.filters() {
		for _, sort := range []workorder.Sort{workorder.SortNewest, workorder.SortDue} {
			f := tc.f
			f.Sort, f.Limit = sort, pageSize
			var first, later []time.Duration
			rows := 0
			for range samples {
				start := clock()
				os, err := s.List(ctx, f)
				if err != nil {
					return fmt.Errorf("%s by %v: %w", tc.name, sort, err)
				}
				first = append(first, clock()-start)
				rows += len(os)
			}
			for range samples {
				g := f
				g.After = c.cursor(r, sort)
				start := clock()
				if _, err := s.List(ctx, g); err != nil {
					return fmt.Errorf("%s by %v after %v: %w", tc.name, sort, g.After, err)
				}
				later = append(later, clock()-start)
			}
			fmt.Fprintf(w, "%-16s %-7v %10s %11s %10s %11s %6d\n", tc.name, sort, ms(quantile(first, 0.5)), ms(quantile(first, 0.99)),
				ms(quantile(later, 0.5)), ms(quantile(later, 0.99)), rows/samples)
			firsts, laters = append(firsts, first...), append(laters, later...)
		}
	}
	fmt.Fprintf(w, "%-24s %10s %11s %10s %11s\n", "all lists", ms(quantile(firsts, 0.5)), ms(quantile(firsts, 0.99)),
		ms(quantile(laters, 0.5)), ms(quantile(laters, 0.99)))
	counter, ok := s.(workorder.Counter)
	if !ok {
		return nil
	}
	for _, units := range [][]string{nil, {unitName(0)}} {
		var ts []time.Duration
		lines := 0
		for range samples {
			start := clock()
			cs, err := counter.Counts(ctx, units...)
			if err != nil {
				return err
			}
			ts = append(ts, clock()-start)
			lines = len(cs)
		}
		name := "counts, all units"
		if units != nil {
			name = "counts, one unit"
		}
		fmt.Fprintf(w, "%-24s %10s %11s %29d\n", name, ms(quantile(ts, 0.5)), ms(quantile(ts, 0.99)), lines)
	}
	return nil
}

// epoch is the origin of wallClock.
var epoch = time.Now()

// wallClock returns the wall time since epoch.
func wallClock() time.Duration { return time.Since(epoch) }

// cursor returns a cursor at a random depth of a listing in sort: after a
// random order's creation newest first, or a random instant among the
// open orders' deadlines by deadline.
func (c *city) cursor(r *rand.Rand, sort workorder.Sort) *workorder.Cursor {
	if sort == workorder.SortDue {
		at := c.now.Add(-40*24*time.Hour + time.Duration(r.Int64N(int64(50*24*time.Hour)))).Truncate(time.Microsecond)
		return &workorder.Cursor{Sort: sort, At: at, ID: "QX"}
	}
	i := r.IntN(c.n)
	return &workorder.Cursor{Sort: sort, At: c.created(i), ID: c.id(i)}
}

// quantile returns the q-quantile of ds, by the nearest rank.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// ms formats d in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
