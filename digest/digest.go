package digest

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/similar"
)

// ErrInvalidConfig is wrapped by the errors of New: a Config field out of
// range, named in the message.
var ErrInvalidConfig = errors.New("invalid config")

// Defaults for Config fields left zero.
const (
	// PeriodDefault is a week: a department hears once a week.
	PeriodDefault = 7 * 24 * time.Hour
	// RegionDepthDefault groups by the first two places of a region
	// ("清溪镇/三中村"), a village or a residential community.
	RegionDepthDefault = 2
	// CodeDepthDefault groups classification codes by their first two
	// levels ("01.02", 城乡建设 > 市容环境).
	CodeDepthDefault = 2
	// HotspotWindowDefault and HotspotCountDefault are routing's: five
	// orders of one topic from one region within a day.
	HotspotWindowDefault = routing.HotspotWindowDefault
	HotspotCountDefault  = routing.HotspotCountDefault
	// RisingMinDefault is the fewest orders of a topic in a region in the
	// period for it to be rising.
	RisingMinDefault = 3
	// RisingRatioDefault is how many times the previous period's count a
	// rising topic reaches.
	RisingRatioDefault = 2.0
	// ClusterMinDefault is the fewest orders of a repeat cluster.
	ClusterMinDefault = 2
)

// AnchorDefault is a period boundary for [Builder.PeriodEnd]: Monday
// 2024-01-01 00:00 in China Standard Time (UTC+8), so that weekly periods
// run from Monday 00:00 to the next.
var AnchorDefault = time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// Config says what a digest covers and what stands out in it. The zero
// value is usable: every field left zero takes its default.
type Config struct {
	// Period is the length of the period a digest covers, compared with
	// the period before it. PeriodDefault (a week) when 0.
	Period time.Duration
	// Anchor is one boundary of the periods, for PeriodEnd: the others lie
	// whole Periods before and after it. AnchorDefault when zero.
	Anchor time.Time
	// RegionDepth cuts regions to their first RegionDepth places before
	// grouping; RegionDepthDefault when 0.
	RegionDepth int
	// CodeDepth cuts classification codes to their first CodeDepth
	// levels before grouping; CodeDepthDefault when 0.
	CodeDepth int
	// A hotspot is at least HotspotCount orders of one topic from one
	// region within HotspotWindow (HotspotCountDefault and
	// HotspotWindowDefault when 0), as routing counts them as they come.
	HotspotWindow time.Duration
	HotspotCount  int
	// A topic is rising in a region when it has at least RisingMin orders
	// there in the period and at least RisingRatio times as many as in
	// the period before (RisingMinDefault and RisingRatioDefault when 0).
	RisingMin   int
	RisingRatio float64
	// ClusterMin is the fewest orders a repeat cluster lists;
	// ClusterMinDefault when 0.
	ClusterMin int
	// Similar sets up the index that finds repeats by meaning
	// (similar.Config: threshold, stop words, terms).
	Similar similar.Config
	// Classes, when set, names classification codes in the digest's
	// texts; codes it lacks are shown as they are.
	Classes *classify.Tree
}

// Order is an order as a digest reads it. Build it from a workorder.Order
// with FromWorkorder, or from any store.
type Order struct {
	ID string
	// Unit is the department handling the order (主办单位); an order
	// without one is in no department's digest.
	Unit string
	// Code is the order's classification code (诉求分类); when empty the
	// order's topic is its Category.
	Code     classify.Code
	Category hotline.Category
	Region   string // region path, "清溪镇/三中村/一组"; may be empty
	Text     string
	Received time.Time // when the hotline took it; required
	// Due is the deadline to finish it; zero when none or not known.
	Due time.Time
	// Closed is when it was finished; zero while open.
	Closed time.Time
	// Overdue is set once a deadline of the order was missed, whether or
	// not Due still shows it.
	Overdue bool
	// Supervision is its supervision level (督办); 0 when not supervised.
	Supervision int
}

// Hotspot is a topic from one region that drew many orders in a short
// time.
type Hotspot struct {
	Topic  string // classification code cut to CodeDepth, or category key
	Region string // cut to RegionDepth
	// Count is the most orders within one hotspot window that ends in
	// the period, Start that window's first order's time, which may fall
	// in the period before (the orders of the evening before a week
	// count, as routing counts them as they come).
	Count int
	Start time.Time
	// Total counts the topic's orders from the region in the period.
	Total int
	// New is set when the topic was no hotspot in the region in the
	// period before.
	New bool
}

// Rise is a topic whose orders in a region grew against the period
// before.
type Rise struct {
	Topic    string
	Region   string
	Count    int // orders in the period
	Previous int // orders in the period before
}

// Cluster is a set of orders of the period likely about one matter: each
// is a likely repeat of another of the set (similar.Index), though none
// need be of all.
type Cluster struct {
	Orders []string // IDs, earliest received first
	Text   string   // the earliest order's text
	Region string   // the earliest order's region
}

// LateOrder is an order of the department that counts late in the
// period: due in it and finished after its deadline, or due before its
// end and still open then.
type LateOrder struct {
	ID     string
	Topic  string
	Region string
	Due    time.Time // zero when only Order.Overdue says it was late
	Closed time.Time // zero when open at the period's end
}

// SupervisedOrder is an order of the department under supervision (督办)
// open at the period's end or finished in it.
type SupervisedOrder struct {
	ID     string
	Topic  string
	Level  int
	Due    time.Time
	Closed time.Time // zero when open at the period's end
}

// Digest is what one department hears about one period [From, To). Its
// lists are sorted for reading: hotspots by count, rising topics by
// growth, clusters by size (then time, topic, region or ID), late orders
// by deadline and supervised ones by level. A Digest is a plain value.
type Digest struct {
	Department string
	From, To   time.Time
	Orders     int // the department's orders received in the period
	Previous   int // and in the period before
	Hotspots   []Hotspot
	Rising     []Rise
	Clusters   []Cluster
	Late       []LateOrder
	Supervised []SupervisedOrder

	classes *classify.Tree
}

// Builder makes digests. Build one with New; the zero value is not
// usable. A Builder is immutable and safe for concurrent use.
type Builder struct {
	cfg Config
}

// New returns a Builder set up by cfg. The error names the field out of
// range and wraps ErrInvalidConfig; a bad cfg.Similar wraps
// similar.ErrInvalidConfig too.
func New(cfg Config) (*Builder, error) {
	bad := func(field string, v any) error {
		return fmt.Errorf("digest: Config.%s: %v is out of range: %w", field, v, ErrInvalidConfig)
	}
	switch {
	case cfg.Period < 0:
		return nil, bad("Period", cfg.Period)
	case cfg.RegionDepth < 0:
		return nil, bad("RegionDepth", cfg.RegionDepth)
	case cfg.CodeDepth < 0:
		return nil, bad("CodeDepth", cfg.CodeDepth)
	case cfg.HotspotWindow < 0:
		return nil, bad("HotspotWindow", cfg.HotspotWindow)
	case cfg.HotspotCount < 0 || cfg.HotspotCount == 1:
		return nil, bad("HotspotCount", cfg.HotspotCount)
	case cfg.RisingMin < 0:
		return nil, bad("RisingMin", cfg.RisingMin)
	case cfg.RisingRatio < 0 || math.IsNaN(cfg.RisingRatio) || math.IsInf(cfg.RisingRatio, 0):
		return nil, bad("RisingRatio", cfg.RisingRatio)
	case cfg.ClusterMin < 0 || cfg.ClusterMin == 1:
		return nil, bad("ClusterMin", cfg.ClusterMin)
	}
	if _, err := similar.New(cfg.Similar); err != nil {
		return nil, fmt.Errorf("digest: Config.Similar: %w", errors.Join(err, ErrInvalidConfig))
	}
	cfg.Period = cmp.Or(cfg.Period, PeriodDefault)
	if cfg.Anchor.IsZero() {
		cfg.Anchor = AnchorDefault
	}
	cfg.RegionDepth = cmp.Or(cfg.RegionDepth, RegionDepthDefault)
	cfg.CodeDepth = cmp.Or(cfg.CodeDepth, CodeDepthDefault)
	cfg.HotspotWindow = cmp.Or(cfg.HotspotWindow, HotspotWindowDefault)
	cfg.HotspotCount = cmp.Or(cfg.HotspotCount, HotspotCountDefault)
	cfg.RisingMin = cmp.Or(cfg.RisingMin, RisingMinDefault)
	cfg.RisingRatio = cmp.Or(cfg.RisingRatio, RisingRatioDefault)
	cfg.ClusterMin = cmp.Or(cfg.ClusterMin, ClusterMinDefault)
	return &Builder{cfg: cfg}, nil
}

// Period returns the period length the Builder uses.
func (b *Builder) Period() time.Duration { return b.cfg.Period }

// PeriodEnd returns the latest period boundary at or before now: the end
// of the last whole period, the To to pass to Build. Boundaries lie whole
// Periods from Config.Anchor, in its zone.
func (b *Builder) PeriodEnd(now time.Time) time.Time {
	a := b.cfg.Anchor
	n := now.Sub(a) / b.cfg.Period
	end := a.Add(n * b.cfg.Period)
	if end.After(now) {
		end = end.Add(-b.cfg.Period)
	}
	return end
}

// topic returns what o is grouped by: its code cut to CodeDepth, or its
// category.
func (b *Builder) topic(o *Order) string {
	if o.Code != "" {
		return string(o.Code.Ancestor(b.cfg.CodeDepth))
	}
	return string(o.Category)
}

// region returns r cut to its first RegionDepth places.
func (b *Builder) region(r string) string {
	r = strings.Trim(r, "/")
	for i, n := 0, 0; i < len(r); i++ {
		if r[i] == '/' {
			if n++; n == b.cfg.RegionDepth {
				return r[:i]
			}
		}
	}
	return r
}

// Build returns one digest per department for the period that ends at to
// and lasts Config.Period, in order of department. orders should hold the
// orders received in that period and the one before, and the earlier
// orders still open or finished in the period, for the late and
// supervised lists; others are ignored. Departments are those of the
// orders received in the period and of the late and supervised orders.
// Orders without an ID, a unit or a time of receipt are ignored.
func (b *Builder) Build(orders []Order, to time.Time) []Digest {
	from := to.Add(-b.cfg.Period)
	prevFrom := from.Add(-b.cfg.Period)
	in := func(t, a, z time.Time) bool { return !t.Before(a) && t.Before(z) }
	byDept := map[string]*Digest{}
	dept := func(u string) *Digest {
		d := byDept[u]
		if d == nil {
			d = &Digest{Department: u, From: from, To: to, classes: b.cfg.Classes}
			byDept[u] = d
		}
		return d
	}
	cur := map[string][]*Order{}  // department -> orders received in the period
	prev := map[string][]*Order{} // and in the one before
	var period []*Order           // every department's orders of the period
	for i := range orders {
		o := &orders[i]
		if o.ID == "" || o.Unit == "" || o.Received.IsZero() {
			continue
		}
		switch {
		case in(o.Received, from, to):
			cur[o.Unit] = append(cur[o.Unit], o)
			period = append(period, o)
			dept(o.Unit).Orders++
		case in(o.Received, prevFrom, from):
			prev[o.Unit] = append(prev[o.Unit], o)
		}
		if o.Received.Before(to) {
			b.lateAndSupervised(o, from, to, dept)
		}
	}
	for u, os := range prev {
		if d := byDept[u]; d != nil {
			d.Previous = len(os)
		}
	}
	for u, os := range cur {
		d := dept(u)
		d.Hotspots = b.hotspots(os, prev[u])
		d.Rising = b.rising(os, prev[u])
	}
	for _, c := range b.clusters(period) {
		seen := map[string]bool{}
		for _, o := range c.orders {
			if !seen[o.Unit] {
				seen[o.Unit] = true
				d := dept(o.Unit)
				d.Clusters = append(d.Clusters, c.Cluster)
			}
		}
	}
	out := make([]Digest, 0, len(byDept))
	for _, d := range byDept {
		slices.SortFunc(d.Late, func(a, b LateOrder) int {
			return cmp.Or(a.Due.Compare(b.Due), strings.Compare(a.ID, b.ID))
		})
		slices.SortFunc(d.Supervised, func(a, b SupervisedOrder) int {
			return cmp.Or(cmp.Compare(b.Level, a.Level), strings.Compare(a.ID, b.ID))
		})
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Digest) int { return strings.Compare(a.Department, b.Department) })
	return out
}

// lateAndSupervised adds o to its department's late and supervised lists
// when it belongs there.
func (b *Builder) lateAndSupervised(o *Order, from, to time.Time, dept func(string) *Digest) {
	open := o.Closed.IsZero() || !o.Closed.Before(to)
	closedIn := !open && !o.Closed.Before(from)
	closed := o.Closed
	if open {
		closed = time.Time{}
	}
	var late bool
	if !o.Due.IsZero() {
		dueIn := !o.Due.Before(from) && o.Due.Before(to)
		late = dueIn && o.Closed.After(o.Due) && !open || // finished late in the period
			o.Due.Before(to) && open // overdue and still open
	} else {
		late = o.Overdue && (open || closedIn)
	}
	if late {
		dept(o.Unit).Late = append(dept(o.Unit).Late, LateOrder{ID: o.ID, Topic: b.topic(o), Region: o.Region, Due: o.Due, Closed: closed})
	}
	if o.Supervision > 0 && (open || closedIn) {
		dept(o.Unit).Supervised = append(dept(o.Unit).Supervised, SupervisedOrder{ID: o.ID, Topic: b.topic(o), Level: o.Supervision, Due: o.Due, Closed: closed})
	}
}

type groupKey struct{ topic, region string }

// groups returns os by topic and region, each in order of receipt.
func (b *Builder) groups(os []*Order) map[groupKey][]*Order {
	g := map[groupKey][]*Order{}
	for _, o := range os {
		k := groupKey{b.topic(o), b.region(o.Region)}
		g[k] = append(g[k], o)
	}
	for _, v := range g {
		slices.SortFunc(v, func(a, b *Order) int { return a.Received.Compare(b.Received) })
	}
	return g
}

// densest returns the most orders of os, in order of receipt, within one
// hotspot window, and the time of the first of them.
func (b *Builder) densest(os []*Order) (int, time.Time) { return b.densestFrom(os, 0) }

// densestFrom is densest over the windows that end at os[from] or later:
// the orders before from (an earlier period's) count in a window, as
// routing counts them as they come, but only a window closed by a later
// order is found.
func (b *Builder) densestFrom(os []*Order, from int) (int, time.Time) {
	best, start := 0, time.Time{}
	for i, j := 0, 0; j < len(os); j++ {
		for os[j].Received.Sub(os[i].Received) >= b.cfg.HotspotWindow {
			i++
		}
		if n := j - i + 1; j >= from && n > best {
			best, start = n, os[i].Received
		}
	}
	return best, start
}

func (b *Builder) hotspots(cur, prev []*Order) []Hotspot {
	before := b.groups(prev)
	var hs []Hotspot
	for k, os := range b.groups(cur) {
		// A window may begin in the period before: the hotspot is the
		// period's when its last order is.
		n, start := b.densestFrom(append(slices.Clip(before[k]), os...), len(before[k]))
		if n < b.cfg.HotspotCount {
			continue
		}
		was, _ := b.densest(before[k])
		hs = append(hs, Hotspot{Topic: k.topic, Region: k.region, Count: n, Start: start, Total: len(os), New: was < b.cfg.HotspotCount})
	}
	slices.SortFunc(hs, func(a, b Hotspot) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), a.Start.Compare(b.Start), strings.Compare(a.Topic, b.Topic), strings.Compare(a.Region, b.Region))
	})
	return hs
}

func (b *Builder) rising(cur, prev []*Order) []Rise {
	before := b.groups(prev)
	var rs []Rise
	for k, os := range b.groups(cur) {
		n, p := len(os), len(before[k])
		if n >= b.cfg.RisingMin && float64(n) >= b.cfg.RisingRatio*float64(p) {
			rs = append(rs, Rise{Topic: k.topic, Region: k.region, Count: n, Previous: p})
		}
	}
	slices.SortFunc(rs, func(a, b Rise) int {
		return cmp.Or(cmp.Compare(b.Count-b.Previous, a.Count-a.Previous), cmp.Compare(b.Count, a.Count),
			strings.Compare(a.Topic, b.Topic), strings.Compare(a.Region, b.Region))
	})
	return rs
}

type cluster struct {
	Cluster
	orders []*Order
}

// clusters returns the repeat clusters among os, whatever their
// departments, largest first.
func (b *Builder) clusters(os []*Order) []cluster {
	os = slices.Clone(os)
	slices.SortStableFunc(os, func(a, b *Order) int { return cmp.Or(a.Received.Compare(b.Received), strings.Compare(a.ID, b.ID)) })
	x, err := similar.New(b.cfg.Similar)
	if err != nil {
		return nil // New checked the Config
	}
	pos := make(map[string]int, len(os))
	parent := make([]int, len(os))
	var find func(i int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, o := range os {
		parent[i] = i
		d := similar.Doc{ID: o.ID, Text: o.Text, Region: o.Region, At: o.Received}
		for _, m := range x.Similar(d, similar.Options{}) {
			if j, ok := pos[m.ID]; ok {
				if a, b := find(i), find(j); a != b {
					parent[max(a, b)] = min(a, b) // the root is the earliest
				}
			}
		}
		if x.Add(d) == nil {
			pos[o.ID] = i
		}
	}
	sets := map[int][]*Order{}
	for i, o := range os {
		r := find(i)
		sets[r] = append(sets[r], o)
	}
	var cs []cluster
	for r, set := range sets {
		if len(set) < b.cfg.ClusterMin {
			continue
		}
		c := cluster{Cluster: Cluster{Text: os[r].Text, Region: os[r].Region}, orders: set}
		for _, o := range set {
			c.Orders = append(c.Orders, o.ID)
		}
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b cluster) int {
		return cmp.Or(cmp.Compare(len(b.Orders), len(a.Orders)), a.orders[0].Received.Compare(b.orders[0].Received), strings.Compare(a.Orders[0], b.Orders[0]))
	})
	return cs
}
