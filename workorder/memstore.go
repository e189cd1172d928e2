package workorder

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hotline12345/hotline/routing"
)

// MemStore is the in-memory Store: the embedded default for examples, tests
// and small deployments. It keeps each order in a compact encoded form and
// its audit trail as an append-only log, so an open order costs a few
// hundred bytes beyond its text. It indexes merged orders by master, so
// listing a master's merged orders (as closing it does) reads only those.
// Its zero value is not usable; call NewMemStore. It is safe for
// concurrent use.
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
}

var _ Store = (*MemStore)(nil)

type memEntry struct {
	order   string // encodeOrder's form; never changed in place
	log     []byte // appendRecord's forms; only ever appended to
	version int64
	last    int64 // the time of the latest record, in Unix microseconds
}

// lastHash returns the hash of the entry's latest record, the last 32 bytes
// of its log.
func (e *memEntry) lastHash() (h [32]byte) {
	copy(h[:], e.log[len(e.log)-len(h):])
	return h
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	return &MemStore{m: make(map[string]*memEntry), masters: map[string]string{}, merged: map[string]map[string]struct{}{},
		keys: map[string]string{}, repeats: map[string]map[string]int64{}}
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
	e := &memEntry{order: encodeOrder(o), version: o.Version}
	e.log, e.last = appendLog(nil, 0, records)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[o.ID]; ok {
		return fmt.Errorf("workorder: create order %q: exists: %w", o.ID, ErrConflict)
	}
	s.m[o.ID] = e
	s.index(o.ID, o.MergedInto)
	s.indexKey(o)
	return nil
}

// appendLog appends records to log. A log of up to four records grows to
// the exact size, so that a young order carries no spare capacity; longer
// ones grow by doubling.
func appendLog(log []byte, last int64, records []Record) ([]byte, int64) {
	need, prev := len(log), last
	for i := range records {
		need += recordSize(&records[i], prev)
		prev = records[i].At.UnixMicro()
	}
	if need > cap(log) && need <= exactLog {
		grown := make([]byte, len(log), need)
		copy(grown, log)
		log = grown
	}
	for i := range records {
		log = appendRecord(log, &records[i], last)
		last = records[i].At.UnixMicro()
	}
	return log, last
}

// exactLog is the log size up to which appendLog grows a log exactly:
// room for about four records.
const exactLog = 384

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, id string) (*Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	e := s.m[id]
	var blob string
	var last [32]byte
	if e != nil {
		blob, last = e.order, e.lastHash()
	}
	s.mu.RUnlock()
	if e == nil {
		return nil, fmt.Errorf("workorder: get order %q: %w", id, ErrNotFound)
	}
	o, err := decodeOrder(blob)
	if err != nil {
		return nil, fmt.Errorf("workorder: get order %q: %w", id, err)
	}
	o.LastHash = last
	return o, nil
}

// Update implements Store.
func (s *MemStore) Update(ctx context.Context, o *Order, expected int64, records []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkWrite("update", o, expected, records); err != nil {
		return err
	}
	blob := encodeOrder(o)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.m[o.ID]
	if e == nil {
		return fmt.Errorf("workorder: update order %q: %w", o.ID, ErrNotFound)
	}
	if e.version != expected {
		return fmt.Errorf("workorder: update order %q: version %d, expected %d: %w", o.ID, e.version, expected, ErrConflict)
	}
	e.log, e.last = appendLog(e.log, e.last, records)
	e.order, e.version = blob, o.Version
	s.index(o.ID, o.MergedInto)
	s.indexKey(o)
	return nil
}

// List implements Store. With f.MergedInto set it reads only the orders
// merged into that master; otherwise it decodes every order.
func (s *MemStore) List(ctx context.Context, f Filter) ([]*Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type snap struct {
		order string
		last  [32]byte
	}
	var snaps []snap
	s.mu.RLock()
	if f.MergedInto != "" {
		kids := s.merged[f.MergedInto]
		snaps = make([]snap, 0, len(kids))
		for id := range kids {
			e := s.m[id]
			snaps = append(snaps, snap{e.order, e.lastHash()})
		}
	} else {
		snaps = make([]snap, 0, len(s.m))
		for _, e := range s.m {
			snaps = append(snaps, snap{e.order, e.lastHash()})
		}
	}
	s.mu.RUnlock()
	var out []*Order
	for _, sn := range snaps {
		o, err := decodeOrder(sn.order)
		if err != nil {
			return nil, fmt.Errorf("workorder: list: %w", err)
		}
		o.LastHash = sn.last
		if f.Match(o) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b *Order) int { return strings.Compare(a.ID, b.ID) })
	off, lim := max(f.Offset, 0), max(f.Limit, 0)
	out = out[min(off, len(out)):]
	if lim > 0 && lim < len(out) {
		out = out[:lim]
	}
	if out == nil {
		out = []*Order{}
	}
	return out, nil
}

// History implements Store.
func (s *MemStore) History(ctx context.Context, id string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	e := s.m[id]
	var log string
	var n int64
	if e != nil {
		log, n = string(e.log), e.version
	}
	s.mu.RUnlock()
	if e == nil {
		return nil, fmt.Errorf("workorder: history of order %q: %w", id, ErrNotFound)
	}
	rs, err := decodeRecords(id, log, int(n))
	if err != nil {
		return nil, fmt.Errorf("workorder: history of order %q (%s records): %w", id, strconv.FormatInt(n, 10), err)
	}
	return rs, nil
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
	slices.SortFunc(out, func(a, b routing.Seen) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}
