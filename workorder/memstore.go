package workorder

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hotline12345/hotline/routing"
)

// MemStore is the in-memory Store: the embedded default for examples, tests
// and small deployments. It keeps its own deep copies of orders and
// records, their times in UTC, so callers never share memory with it. It
// indexes merged orders by master, so listing a master's merged orders (as
// closing it does) reads only those. Its zero value is not usable; call
// NewMemStore. It is safe for concurrent use.
type MemStore struct {
	mu sync.RWMutex
	m  map[string]*memEntry
	// masters maps each merged order's id to its Order.MergedInto, and
	// merged each master to the ids merged into it. Orders never merged
	// cost nothing here.
	masters map[string]string
	merged  map[string]map[string]struct{}
	// keys maps each order with a repeat key to it, and repeats each key
	// to its orders' creation times (Unix microseconds) by id.
	keys    map[string]string
	repeats map[string]map[string]int64
	// hot maps each order with hotspot keys to its Routing, and groups
	// each hotspot key to its orders by id.
	hot    map[string]*Routing
	groups map[string]map[string]memGroup
	// steps maps each idempotency key to its record.
	steps map[string]memStep
	// sup keeps supervision orders and sanctions (memstore_supervision.go).
	sup memSupervision
}

// memStep is where the record of an idempotency key is: its order and
// sequence number.
type memStep struct {
	id  string
	seq int64
}

// memGroup is an order in a hotspot group: when it was created (Unix
// microseconds) and whether it raised the group's alert.
type memGroup struct {
	created int64
	raised  bool
}

var _ Store = (*MemStore)(nil)

type memEntry struct {
	order   *Order   // the store's copy; replaced by an update, never changed in place
	records []Record // the audit trail; only ever appended to
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	return &MemStore{m: make(map[string]*memEntry), masters: map[string]string{}, merged: map[string]map[string]struct{}{},
		keys: map[string]string{}, repeats: map[string]map[string]int64{},
		hot: map[string]*Routing{}, groups: map[string]map[string]memGroup{}, steps: map[string]memStep{}}
}

// checkKeys refuses records whose keys are stored or repeated among them.
// The caller holds s.mu.
func (s *MemStore) checkKeys(op string, records []Record) error {
	for i := range records {
		k := records[i].Key
		if k == "" {
			continue
		}
		_, used := s.steps[k]
		for j := range i {
			used = used || records[j].Key == k
		}
		if used {
			return fmt.Errorf("workorder: %s order %q: record %d: key %q: %w", op, records[i].OrderID, records[i].Seq, k, ErrKeyReused)
		}
	}
	return nil
}

// indexSteps records the keys of records. The caller holds s.mu for
// writing.
func (s *MemStore) indexSteps(records []Record) {
	for i := range records {
		if r := &records[i]; r.Key != "" {
			s.steps[r.Key] = memStep{id: r.OrderID, seq: r.Seq}
		}
	}
}

// indexGroups records o's hotspot keys from its Routing r, the store's
// copy. The caller holds s.mu for writing.
func (s *MemStore) indexGroups(o *Order, r *Routing) {
	old := s.hot[o.ID]
	if old != nil {
		for _, k := range old.HotspotKeys {
			delete(s.groups[k], o.ID)
			if len(s.groups[k]) == 0 {
				delete(s.groups, k)
			}
		}
		delete(s.hot, o.ID)
	}
	if r == nil || len(r.HotspotKeys) == 0 {
		return
	}
	for _, k := range r.HotspotKeys {
		ids := s.groups[k]
		if ids == nil {
			ids = map[string]memGroup{}
			s.groups[k] = ids
		}
		ids[o.ID] = memGroup{created: o.Created.UnixMicro(), raised: slices.Contains(r.HotspotsRaised, k)}
	}
	s.hot[o.ID] = r
}

// indexKey records o's repeat key. The caller holds s.mu for writing.
func (s *MemStore) indexKey(o *Order) {
	key := ""
	if o.Routing != nil {
		key = o.Routing.RepeatKey
	}
	old, had := s.keys[o.ID]
	if had && old == key {
		return
	}
	if had {
		delete(s.repeats[old], o.ID)
		if len(s.repeats[old]) == 0 {
			delete(s.repeats, old)
		}
		delete(s.keys, o.ID)
	}
	if key != "" {
		ids := s.repeats[key]
		if ids == nil {
			ids = map[string]int64{}
			s.repeats[key] = ids
		}
		ids[o.ID] = o.Created.UnixMicro()
		s.keys[o.ID] = key
	}
}

// index records that order id is now merged into master ("" for none).
// The caller holds s.mu for writing.
func (s *MemStore) index(id, master string) {
	old := s.masters[id]
	if old == master {
		return
	}
	if old != "" {
		kids := s.merged[old]
		delete(kids, id)
		if len(kids) == 0 {
			delete(s.merged, old)
		}
		delete(s.masters, id)
	}
	if master != "" {
		kids := s.merged[master]
		if kids == nil {
			kids = map[string]struct{}{}
			s.merged[master] = kids
		}
		kids[id] = struct{}{}
		s.masters[id] = master
	}
}

// Len returns the number of orders stored.
func (s *MemStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}

// checkWrite checks the versions and records of a create or update.
func checkWrite(op string, o *Order, expected int64, records []Record) error {
	if o == nil || o.ID == "" {
		return fmt.Errorf("workorder: %s: order without id: %w", op, ErrInvalidArgument)
	}
	if strings.IndexByte(o.ID, 0) >= 0 {
		return fmt.Errorf("workorder: %s order %q: id holds a NUL: %w", op, o.ID, ErrInvalidArgument)
	}
	if len(records) == 0 {
		return fmt.Errorf("workorder: %s order %q: no records: %w", op, o.ID, ErrInvalidArgument)
	}
	if o.Version != expected+int64(len(records)) {
		return fmt.Errorf("workorder: %s order %q: version %d after %d records from %d: %w",
			op, o.ID, o.Version, len(records), expected, ErrInvalidArgument)
	}
	for i := range records {
		r := &records[i]
		if r.OrderID != o.ID || r.Seq != expected+int64(i)+1 {
			return fmt.Errorf("workorder: %s order %q: record %d is %q #%d: %w",
				op, o.ID, i, r.OrderID, r.Seq, ErrInvalidArgument)
		}
	}
	if o.LastHash != records[len(records)-1].Hash {
		return fmt.Errorf("workorder: %s order %q: LastHash is not the last record's hash: %w", op, o.ID, ErrInvalidArgument)
	}
	for i := range records {
		if k := records[i].Key; k != "" {
			if err := CheckKey(k); err != nil {
				return fmt.Errorf("workorder: %s order %q: record %d: %w", op, o.ID, records[i].Seq, err)
			}
		}
	}
	return nil
}

// Create implements Store.
func (s *MemStore) Create(ctx context.Context, o *Order, records []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkWrite("create", o, 0, records); err != nil {
		return err
	}
	e := &memEntry{order: storedOrder(o), records: appendRecords(nil, records)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[o.ID]; ok {
		return fmt.Errorf("workorder: create order %q: exists: %w", o.ID, ErrConflict)
	}
	if err := s.checkKeys("create", records); err != nil {
		return err
	}
	s.m[o.ID] = e
	s.indexSteps(records)
	s.index(o.ID, o.MergedInto)
	s.indexKey(o)
	s.indexGroups(e.order, e.order.Routing)
	return nil
}

// storedOrder returns the copy of o that the store keeps.
func storedOrder(o *Order) *Order {
	c := o.Clone()
	c.eachTime(func(t *time.Time) { *t = storedTime(*t) })
	return c
}

// appendRecords appends the store's copies of records to dst.
func appendRecords(dst, records []Record) []Record {
	for _, r := range records {
		r.At = storedTime(r.At)
		dst = append(dst, r)
	}
	return dst
}

// storedTime is t as the store keeps it, like the SQL stores: in UTC, to
// the microsecond; the zero time stays zero.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.UnixMicro(t.UnixMicro()).UTC()
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, id string) (*Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	e := s.m[id]
	var o *Order
	if e != nil {
		o = e.order
	}
	s.mu.RUnlock()
	if o == nil {
		return nil, NotFound(id)
	}
	return o.Clone(), nil
}

// Update implements Store.
func (s *MemStore) Update(ctx context.Context, o *Order, expected int64, records []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkWrite("update", o, expected, records); err != nil {
		return err
	}
	c := storedOrder(o)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.m[o.ID]
	if e == nil {
		return NotFound(o.ID)
	}
	if v := e.order.Version; v != expected {
		return fmt.Errorf("workorder: update order %q: version %d, expected %d: %w", o.ID, v, expected, ErrConflict)
	}
	if err := s.checkKeys("update", records); err != nil {
		return err
	}
	s.indexSteps(records)
	e.records = appendRecords(e.records, records)
	e.order = c
	s.index(o.ID, o.MergedInto)
	s.indexKey(o)
	s.indexGroups(c, c.Routing)
	return nil
}

// List implements Store. With f.MergedInto set it reads only the orders
// merged into that master; otherwise it reads every order.
func (s *MemStore) List(ctx context.Context, f Filter) ([]*Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var all []*Order
	s.mu.RLock()
	if f.MergedInto != "" {
		kids := s.merged[f.MergedInto]
		all = make([]*Order, 0, len(kids))
		for id := range kids {
			all = append(all, s.m[id].order)
		}
	} else {
		all = make([]*Order, 0, len(s.m))
		for _, e := range s.m {
			all = append(all, e.order)
		}
	}
	s.mu.RUnlock()
	// The stored orders are never changed in place: they are read, and
	// the matches copied, outside the lock.
	out := []*Order{}
	for _, o := range all {
		if f.Match(o) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, f.Sort.Compare)
	off, lim := max(f.Offset, 0), max(f.Limit, 0)
	out = out[min(off, len(out)):]
	if lim > 0 && lim < len(out) {
		out = out[:lim]
	}
	for i, o := range out {
		out[i] = o.Clone()
	}
	return out, nil
}

// History implements Store.
func (s *MemStore) History(ctx context.Context, id string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.m[id]
	if e == nil {
		return nil, NotFound(id)
	}
	return slices.Clone(e.records), nil
}

// RecordByKey implements Store, from an index of the records by key.
func (s *MemStore) RecordByKey(ctx context.Context, key string) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if st, ok := s.steps[key]; ok && key != "" {
		return s.m[st.id].records[st.seq-1], nil
	}
	return Record{}, fmt.Errorf("workorder: record of key %q: %w", key, ErrNotFound)
}

// Recent implements Store, from an index of the orders by repeat key.
func (s *MemStore) Recent(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []routing.Seen{}
	if key == "" {
		return out, nil
	}
	lo, hi := since.UnixMicro(), until.UnixMicro()
	s.mu.RLock()
	for id, at := range s.repeats[key] {
		if at > lo && at <= hi {
			out = append(out, routing.Seen{ID: id, At: time.UnixMicro(at).UTC()})
		}
	}
	s.mu.RUnlock()
	sortSeen(out)
	return out, nil
}

// RecentGroup implements Store, from an index of the orders by hotspot
// key.
func (s *MemStore) RecentGroup(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.group(ctx, key, since, until, false)
}

// RecentAlerts implements Store, from the same index.
func (s *MemStore) RecentAlerts(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.group(ctx, key, since, until, true)
}

// group returns the orders of hotspot key created in (since, until]: with
// their units, or only those that raised the alert.
func (s *MemStore) group(ctx context.Context, key string, since, until time.Time, alerts bool) ([]routing.Seen, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := []routing.Seen{}
	if key == "" {
		return out, nil
	}
	lo, hi := since.UnixMicro(), until.UnixMicro()
	s.mu.RLock()
	for id, g := range s.groups[key] {
		if g.created <= lo || g.created > hi || alerts && !g.raised {
			continue
		}
		x := routing.Seen{ID: id, At: time.UnixMicro(g.created).UTC()}
		if !alerts {
			o := s.m[id].order
			x.Units = make([]string, 0, 1+len(o.Assists))
			if o.Lead != "" {
				x.Units = append(x.Units, o.Lead)
			}
			for _, a := range o.Assists {
				x.Units = append(x.Units, a.Unit)
			}
		}
		out = append(out, x)
	}
	s.mu.RUnlock()
	sortSeen(out)
	return out, nil
}

// sortSeen sorts orders by time, then id.
func sortSeen(seen []routing.Seen) {
	slices.SortFunc(seen, func(a, b routing.Seen) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
