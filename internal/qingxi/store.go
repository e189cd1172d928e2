package qingxi

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
)

// yearStore is the store a year streams through when Config.Store is
// nil: it keeps the open orders and their audit trails in full, and of
// every order only what routing asks about later (its id, creation time,
// units and repeat and hotspot keys), so a run of a million orders holds
// a few hundred bytes per closed order instead of its whole trail. The
// simulation retires an order once it has counted it (retire); a retired
// order is then unknown to Get, Update and History (ErrNotFound) but
// still found by Recent, RecentGroup and RecentAlerts.
//
// Orders are created in time order, as the simulation's clock only moves
// forward, so each key's orders are kept in a slice by creation time and
// a window is found by binary search; MemStore instead scans every order
// of the key. List lists the open orders.
//
// Unlike the library's stores, Get lends its caller the order's routing
// decision rather than a copy (lend): the service and the simulation
// replace a decision and never change one in place. The rest of the
// order is the caller's own.
// Safe for concurrent use.
type yearStore struct {
	mu   sync.RWMutex
	open map[string]*yearEntry
	// seen holds every order ever created, in creation order, and pos its
	// index by id.
	seen []yearSeen
	pos  map[string]int32
	// repeats and groups are the indexes into seen of the orders with each
	// repeat key and hotspot key, in creation order.
	repeats map[string][]int32
	groups  map[string][]int32
	// merged holds the ids of the open orders merged into another.
	merged map[string]struct{}
}

// yearEntry is an open order: the store's copy, its audit trail and its
// index in seen. An update copies the order into the entry in place (see
// keep), so it is read, and copied out, under s.mu.
type yearEntry struct {
	order   workorder.Order
	records []workorder.Record
	seen    int32
	// indexed is what index last indexed the order by: a step that
	// changes none of it leaves the index alone, and with it s.seen,
	// whose entries are far apart in memory in a year of a million.
	indexed indexedAs
}

// indexedAs is what index indexes an order by: its units, its routing
// decision (one is replaced, never changed in place: see lend) and
// whether it is merged.
type indexedAs struct {
	set     bool
	units   []string // lead first, as yearSeen.units
	routing *workorder.Routing
	merged  bool
}

// same reports whether o would be indexed as a is.
func (a *indexedAs) same(o *workorder.Order) bool {
	if !a.set || a.routing != o.Routing || a.merged != (o.MergedInto != "") {
		return false
	}
	u := a.units
	if o.Lead != "" {
		if len(u) == 0 || u[0] != o.Lead {
			return false
		}
		u = u[1:]
	}
	if len(u) != len(o.Assists) {
		return false
	}
	for i := range u {
		if u[i] != o.Assists[i].Unit {
			return false
		}
	}
	return true
}

// trailCap is the room an order's trail is made with: nine in ten of the
// default year's orders close within nine steps (most within seven), so
// their trail is never grown.
const trailCap = 9

// yearSeen is what routing needs of an order: created in Unix
// microseconds, its units (lead first), its keys and the hotspot keys
// whose alert it raised.
type yearSeen struct {
	id      string
	created int64
	units   []string
	repeat  string
	hot     []string
	raised  []string
}

var _ workorder.Store = (*yearStore)(nil)

func newYearStore() *yearStore {
	return &yearStore{open: map[string]*yearEntry{}, pos: map[string]int32{},
		repeats: map[string][]int32{}, groups: map[string][]int32{}, merged: map[string]struct{}{}}
}

// keep makes dst, the store's copy of an order, a copy of o in UTC to the
// microsecond, as every store of the library keeps times. It reuses dst's
// arrays and keeps its routing when o's is the same, so that a step,
// which adds an event and seldom changes anything else that is not a
// plain value, is stored without allocating: the store copies every step
// of every order, and the orders of a year stream through it. The
// slices and pointers of workorder.Order are listed here by hand;
// TestKeepCopiesEverything fails when one is added.
func keep(dst, o *workorder.Order) {
	tags, assists, tl, r := dst.Tags, dst.Assists, dst.Timeline, dst.Routing
	*dst = *o
	dst.Tags = appendOwn(tags, o.Tags)
	dst.Assists = appendOwn(assists, o.Assists)
	dst.Timeline = appendOwn(tl, o.Timeline)
	// The service hands back the decision Get lent it (lend) unless a
	// dispatch replaced it.
	if o.Routing != nil && o.Routing != r && (r == nil || !sameRouting(r, o.Routing)) {
		r = o.Routing.Clone()
	}
	if o.Routing == nil {
		r = nil
	}
	dst.Routing = r
	if o.Pending != nil {
		p := *o.Pending
		dst.Pending = &p
	}
	if o.Answer != nil {
		a := *o.Answer
		dst.Answer = &a
	}
	if o.Transfer != nil {
		t := *o.Transfer
		dst.Transfer = &t
	}
	eachTime(dst, func(t time.Time) time.Time { return time.UnixMicro(t.UnixMicro()).UTC() })
}

// appendOwn returns a copy of src in dst's array when it fits, as
// slices.Clone would: nil for nil.
func appendOwn[E any](dst, src []E) []E {
	if len(src) == 0 {
		return src[:0:0]
	}
	return append(dst[:0], src...)
}

// sameRouting reports whether a and b hold the same decision.
func sameRouting(a, b *workorder.Routing) bool {
	return a.Lead == b.Lead && a.Joint == b.Joint && a.Coordinator == b.Coordinator && a.Repeat == b.Repeat &&
		a.RepeatKey == b.RepeatKey && a.Reason == b.Reason && a.LeadBy == b.LeadBy &&
		sameList(a.Assist, b.Assist) && sameList(a.RepeatOf, b.RepeatOf) && sameList(a.HotspotKeys, b.HotspotKeys) &&
		sameList(a.HotspotsRaised, b.HotspotsRaised) && sameList(a.Rules, b.Rules)
}

// sameList is slices.Equal, which also tells nil from empty.
func sameList(a, b []string) bool {
	return (a == nil) == (b == nil) && slices.Equal(a, b)
}

// eachTime sets each instant of o that is set to f of it: created,
// updated, due, those of its assisting units, timeline and pending
// extension.
func eachTime(o *workorder.Order, f func(time.Time) time.Time) {
	t := func(t *time.Time) {
		if !t.IsZero() {
			*t = f(*t)
		}
	}
	t(&o.Created)
	t(&o.Updated)
	t(&o.Due)
	for i := range o.Assists {
		t(&o.Assists[i].Since)
		t(&o.Assists[i].Due)
		t(&o.Assists[i].At)
	}
	for i := range o.Timeline {
		t(&o.Timeline[i].At)
	}
	if o.Pending != nil {
		t(&o.Pending.At)
	}
}

func appendRecords(dst, records []workorder.Record) []workorder.Record {
	for _, r := range records {
		if !r.At.IsZero() {
			r.At = time.UnixMicro(r.At.UnixMicro()).UTC()
		}
		dst = append(dst, r)
	}
	return dst
}

// checkWrite checks the versions and records of a write, as the
// library's stores do.
func checkWrite(op string, o *workorder.Order, expected int64, records []workorder.Record) error {
	if o == nil || len(records) == 0 || o.Version != expected+int64(len(records)) {
		return fmt.Errorf("qingxi: %s: versions and records do not fit: %w", op, workorder.ErrInvalidArgument)
	}
	for i := range records {
		if r := &records[i]; r.OrderID != o.ID || r.Seq != expected+int64(i)+1 {
			return fmt.Errorf("qingxi: %s order %q: record %d is %q #%d: %w", op, o.ID, i, r.OrderID, r.Seq, workorder.ErrInvalidArgument)
		}
	}
	if o.LastHash != records[len(records)-1].Hash {
		return fmt.Errorf("qingxi: %s order %q: LastHash is not the last record's hash: %w", op, o.ID, workorder.ErrInvalidArgument)
	}
	return nil
}

// Create implements workorder.Store.
func (s *yearStore) Create(ctx context.Context, o *workorder.Order, records []workorder.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkWrite("create", o, 0, records); err != nil {
		return err
	}
	e := &yearEntry{records: appendRecords(make([]workorder.Record, 0, max(trailCap, len(records))), records)}
	keep(&e.order, o)
	created := e.order.Created.UnixMicro()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pos[o.ID]; ok {
		return fmt.Errorf("qingxi: create order %q: exists: %w", o.ID, workorder.ErrConflict)
	}
	if n := len(s.seen); n > 0 && s.seen[n-1].created > created {
		return fmt.Errorf("qingxi: create order %q: created before the last order: %w", o.ID, workorder.ErrInvalidArgument)
	}
	e.seen = int32(len(s.seen))
	s.pos[o.ID] = e.seen
	s.seen = append(s.seen, yearSeen{id: o.ID, created: created})
	s.open[o.ID] = e
	s.index(e)
	return nil
}

// index brings the routing index of e's order up to date. The caller
// holds s.mu for writing.
func (s *yearStore) index(e *yearEntry) {
	o := &e.order
	if e.indexed.same(o) {
		return
	}
	if o.MergedInto != "" {
		s.merged[o.ID] = struct{}{}
	} else if len(s.merged) > 0 {
		delete(s.merged, o.ID)
	}
	i := e.seen
	x := &s.seen[i]
	x.units = x.units[:0]
	if o.Lead != "" {
		x.units = append(x.units, o.Lead)
	}
	for _, a := range o.Assists {
		x.units = append(x.units, a.Unit)
	}
	e.indexed = indexedAs{set: true, units: append(e.indexed.units[:0], x.units...), routing: o.Routing, merged: o.MergedInto != ""}
	var repeat string
	var hot, raised []string
	if r := o.Routing; r != nil {
		repeat, hot, raised = r.RepeatKey, r.HotspotKeys, r.HotspotsRaised
	}
	if repeat != x.repeat {
		if x.repeat != "" {
			s.repeats[x.repeat] = remove(s.repeats[x.repeat], i)
		}
		if repeat != "" {
			s.repeats[repeat] = insert(s.repeats[repeat], i)
		}
		x.repeat = repeat
	}
	if !slices.Equal(hot, x.hot) {
		for _, k := range x.hot {
			s.groups[k] = remove(s.groups[k], i)
		}
		for _, k := range hot {
			s.groups[k] = insert(s.groups[k], i)
		}
		x.hot = slices.Clone(hot)
	}
	if !slices.Equal(raised, x.raised) {
		x.raised = slices.Clone(raised)
	}
}

// insert adds i to the sorted ids.
func insert(ids []int32, i int32) []int32 {
	j, found := slices.BinarySearch(ids, i)
	if found {
		return ids
	}
	return slices.Insert(ids, j, i)
}

// remove takes i out of the sorted ids.
func remove(ids []int32, i int32) []int32 {
	if j, found := slices.BinarySearch(ids, i); found {
		return slices.Delete(ids, j, j+1)
	}
	return ids
}

// Get implements workorder.Store.
func (s *yearStore) Get(ctx context.Context, id string) (*workorder.Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.open[id]
	if e == nil {
		return nil, workorder.NotFound(id)
	}
	return lend(&e.order), nil
}

// peek returns the store's own copy of open order id, for a caller that
// reads it before the next write and changes nothing of it.
func (s *yearStore) peek(id string) (*workorder.Order, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.open[id]
	if e == nil {
		return nil, workorder.NotFound(id)
	}
	return &e.order, nil
}

// lend returns a copy of o, the store's order, as Order.Clone makes one,
// but with o's routing decision: neither the service nor the simulation
// changes one in place (a dispatch replaces it, and keep copies a new
// one), and a step reads the order once and a routed order carries a few
// lists in its decision.
func lend(o *workorder.Order) *workorder.Order {
	bare := *o
	bare.Routing = nil
	c := bare.Clone()
	c.Routing = o.Routing
	return c
}

// Update implements workorder.Store.
func (s *yearStore) Update(ctx context.Context, o *workorder.Order, expected int64, records []workorder.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkWrite("update", o, expected, records); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.open[o.ID]
	if e == nil {
		return workorder.NotFound(o.ID)
	}
	if v := e.order.Version; v != expected {
		return fmt.Errorf("qingxi: update order %q: version %d, expected %d: %w", o.ID, v, expected, workorder.ErrConflict)
	}
	e.records = appendRecords(e.records, records)
	keep(&e.order, o)
	s.index(e)
	return nil
}

// List implements workorder.Store over the open orders: a retired order
// is listed no more.
func (s *yearStore) List(ctx context.Context, f workorder.Filter) ([]*workorder.Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	out := []*workorder.Order{}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if f.MergedInto != "" {
		// Closing an order lists the orders merged into it: only those
		// the store knows to be merged are looked at.
		for id := range s.merged {
			if e := s.open[id]; e != nil && f.Match(&e.order) {
				out = append(out, &e.order)
			}
		}
	} else {
		for _, e := range s.open {
			if f.Match(&e.order) {
				out = append(out, &e.order)
			}
		}
	}
	slices.SortFunc(out, f.Sort.Compare)
	if f.After != nil {
		out = out[sort.Search(len(out), func(i int) bool { return f.After.Follows(out[i]) }):]
	}
	out = out[min(max(f.Offset, 0), len(out)):]
	if f.Limit > 0 && f.Limit < len(out) {
		out = out[:f.Limit]
	}
	for i, o := range out {
		out[i] = o.Clone()
	}
	return out, nil
}

// History implements workorder.Store.
func (s *yearStore) History(ctx context.Context, id string) ([]workorder.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.open[id]
	if e == nil {
		return nil, workorder.NotFound(id)
	}
	return slices.Clone(e.records), nil
}

// RecordByKey implements workorder.Store for the orders still open; the
// service reads a key back only after a failed write, which this store
// never has, so a scan serves.
func (s *yearStore) RecordByKey(ctx context.Context, key string) (workorder.Record, error) {
	if err := ctx.Err(); err != nil {
		return workorder.Record{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, e := range s.open {
		for _, r := range e.records {
			if r.Key == key {
				return r, nil
			}
		}
	}
	return workorder.Record{}, fmt.Errorf("qingxi: record with key %q: %w", key, workorder.ErrNotFound)
}

// retire forgets the order id and its trail, keeping what routing
// needs, and returns them, in the zone loc, for the caller to keep: the
// store no longer holds them. ok is false for an unknown order.
func (s *yearStore) retire(id string, loc *time.Location) (o *workorder.Order, trail []workorder.Record, ok bool) {
	s.mu.Lock()
	e := s.open[id]
	delete(s.open, id)
	delete(s.merged, id)
	s.mu.Unlock()
	if e == nil {
		return nil, nil, false
	}
	eachTime(&e.order, func(t time.Time) time.Time { return t.In(loc) })
	for i := range e.records {
		e.records[i].At = e.records[i].At.In(loc)
	}
	return &e.order, e.records, true
}

// Recent implements workorder.Store.
func (s *yearStore) Recent(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.find(ctx, s.repeats, key, since, until, false, false)
}

// RecentGroup implements workorder.Store.
func (s *yearStore) RecentGroup(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.find(ctx, s.groups, key, since, until, true, false)
}

// RecentAlerts implements workorder.Store.
func (s *yearStore) RecentAlerts(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.find(ctx, s.groups, key, since, until, false, true)
}

// find returns the orders of key in index created in (since, until], in
// created then id order: with their units, or only those that raised the
// key's alert.
func (s *yearStore) find(ctx context.Context, index map[string][]int32, key string, since, until time.Time, units, alerts bool) ([]routing.Seen, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []routing.Seen{}
	if key == "" {
		return out, nil
	}
	lo, hi := since.UnixMicro(), until.UnixMicro()
	s.mu.RLock()
	ids := index[key]
	from := sort.Search(len(ids), func(j int) bool { return s.seen[ids[j]].created > lo })
	for _, i := range ids[from:] {
		x := &s.seen[i]
		if x.created > hi {
			break
		}
		if alerts && !slices.Contains(x.raised, key) {
			continue
		}
		seen := routing.Seen{ID: x.id, At: time.UnixMicro(x.created).UTC()}
		if units {
			seen.Units = append(make([]string, 0, len(x.units)), x.units...)
		}
		out = append(out, seen)
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b routing.Seen) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}
