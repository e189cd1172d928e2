package workorder

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MemStore is the in-memory Store: the embedded default for examples, tests
// and small deployments. It keeps each order in a compact encoded form and
// its audit trail as an append-only log, so an open order costs a few
// hundred bytes beyond its text. Its zero value is not usable; call
// NewMemStore. It is safe for concurrent use.
type MemStore struct {
	mu sync.RWMutex
	m  map[string]*memEntry
}

var _ Store = (*MemStore)(nil)

type memEntry struct {
	order   string // encodeOrder's form; never changed in place
	log     []byte // appendRecord's forms; only ever appended to
	version int64
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore { return &MemStore{m: make(map[string]*memEntry)} }

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
	e.log = appendLog(nil, records)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[o.ID]; ok {
		return fmt.Errorf("workorder: create order %q: exists: %w", o.ID, ErrConflict)
	}
	s.m[o.ID] = e
	return nil
}

// appendLog appends records to log. Short logs grow to the exact size so a
// young order carries no spare capacity; long ones grow by doubling.
func appendLog(log []byte, records []Record) []byte {
	var buf [512]byte
	add := buf[:0]
	for i := range records {
		add = appendRecord(add, &records[i])
	}
	if need := len(log) + len(add); need > cap(log) && need < 1024 {
		grown := make([]byte, len(log), need)
		copy(grown, log)
		log = grown
	}
	return append(log, add...)
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, id string) (*Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	e := s.m[id]
	var blob string
	if e != nil {
		blob = e.order
	}
	s.mu.RUnlock()
	if e == nil {
		return nil, fmt.Errorf("workorder: get order %q: %w", id, ErrNotFound)
	}
	return decodeOrder(blob)
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
	e.log = appendLog(e.log, records)
	e.order, e.version = blob, o.Version
	return nil
}

// List implements Store. It scans every order.
func (s *MemStore) List(ctx context.Context, f Filter) ([]*Order, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	blobs := make([]string, 0, len(s.m))
	for _, e := range s.m {
		blobs = append(blobs, e.order)
	}
	s.mu.RUnlock()
	var out []*Order
	for _, b := range blobs {
		o, err := decodeOrder(b)
		if err != nil {
			return nil, err
		}
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
