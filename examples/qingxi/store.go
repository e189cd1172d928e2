package main

import (
	"context"
	"slices"
	"sync"

	"github.com/hotline12345/hotline/workorder"
)

// store is the in-memory store with an index of merged orders by master.
// Service.Close lists the orders merged into the order it closes, and
// MemStore answers every List by decoding every order, so without the
// index closing a year of orders one by one takes time quadratic in their
// number. It is safe for concurrent use.
type store struct {
	*workorder.MemStore
	mu     sync.Mutex
	merged map[string][]string // master -> ids of the orders merged into it
}

var _ workorder.Store = (*store)(nil)

func newStore() *store {
	return &store{MemStore: workorder.NewMemStore(), merged: map[string][]string{}}
}

// Create implements workorder.Store.
func (s *store) Create(ctx context.Context, o *workorder.Order, records []workorder.Record) error {
	if err := s.MemStore.Create(ctx, o, records); err != nil {
		return err
	}
	s.index(o)
	return nil
}

// Update implements workorder.Store.
func (s *store) Update(ctx context.Context, o *workorder.Order, expected int64, records []workorder.Record) error {
	if err := s.MemStore.Update(ctx, o, expected, records); err != nil {
		return err
	}
	s.index(o)
	return nil
}

func (s *store) index(o *workorder.Order) {
	if o.MergedInto == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ids := s.merged[o.MergedInto]; !slices.Contains(ids, o.ID) {
		s.merged[o.MergedInto] = append(ids, o.ID)
	}
}

// List implements workorder.Store, reading only the indexed orders when f
// asks for the orders merged into a master.
func (s *store) List(ctx context.Context, f workorder.Filter) ([]*workorder.Order, error) {
	if f.MergedInto == "" {
		return s.MemStore.List(ctx, f)
	}
	s.mu.Lock()
	ids := slices.Clone(s.merged[f.MergedInto])
	s.mu.Unlock()
	slices.Sort(ids)
	var out []*workorder.Order
	for _, id := range ids {
		o, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if f.Match(o) {
			out = append(out, o)
		}
	}
	offset := min(max(f.Offset, 0), len(out))
	out = out[offset:]
	if f.Limit > 0 && f.Limit < len(out) {
		out = out[:f.Limit]
	}
	return out, nil
}
