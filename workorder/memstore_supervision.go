package workorder

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

var _ SupervisionStore = (*MemStore)(nil)

// memSupervision is the MemStore's supervision orders and sanctions, in
// the order they were created. Its zero value is empty and ready.
type memSupervision struct {
	orders    []Supervision
	index     map[string]int
	sanctions []Sanction
	sanIndex  map[string]int
}

// CreateSupervision implements SupervisionStore.
func (s *MemStore) CreateSupervision(ctx context.Context, sup *Supervision) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if sup.ID == "" || sup.Version != 1 {
		return invalid("create supervision %q: want an ID and version 1, got %d", sup.ID, sup.Version)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &s.sup
	if m.index == nil {
		m.index = map[string]int{}
	}
	if _, ok := m.index[sup.ID]; ok {
		return conflict("create supervision %q: exists", sup.ID)
	}
	m.index[sup.ID] = len(m.orders)
	m.orders = append(m.orders, *sup)
	return nil
}

// UpdateSupervision implements SupervisionStore.
func (s *MemStore) UpdateSupervision(ctx context.Context, sup *Supervision, expected int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if sup.Version != expected+1 {
		return invalid("update supervision %q: version %d after %d", sup.ID, sup.Version, expected)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.sup.index[sup.ID]
	if !ok {
		return NotFound(sup.ID)
	}
	if s.sup.orders[i].Version != expected {
		return conflict("update supervision %q: version %d, not %d", sup.ID, s.sup.orders[i].Version, expected)
	}
	s.sup.orders[i] = *sup
	return nil
}

// Supervision implements SupervisionStore.
func (s *MemStore) Supervision(ctx context.Context, id string) (*Supervision, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.sup.index[id]
	if !ok {
		return nil, NotFound(id)
	}
	sup := s.sup.orders[i]
	return &sup, nil
}

// Supervisions implements SupervisionStore.
func (s *MemStore) Supervisions(ctx context.Context, f SupervisionFilter) ([]Supervision, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []Supervision
	for i := range s.sup.orders {
		if f.Match(&s.sup.orders[i]) {
			out = append(out, s.sup.orders[i])
		}
	}
	s.mu.RUnlock()
	slices.SortStableFunc(out, func(a, b Supervision) int {
		if c := a.Issued.Compare(b.Issued); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// CreateSanction implements SupervisionStore.
func (s *MemStore) CreateSanction(ctx context.Context, sn *Sanction) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if sn.ID == "" || sn.Unit == "" || (sn.Kind != SanctionTalk && sn.Kind != SanctionCriticism) {
		return invalid("create sanction %q: want an ID, a unit and a kind", sn.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &s.sup
	if m.sanIndex == nil {
		m.sanIndex = map[string]int{}
	}
	if _, ok := m.sanIndex[sn.ID]; ok {
		return conflict("create sanction %q: exists", sn.ID)
	}
	m.sanIndex[sn.ID] = len(m.sanctions)
	m.sanctions = append(m.sanctions, *sn)
	return nil
}

// Sanctions implements SupervisionStore.
func (s *MemStore) Sanctions(ctx context.Context, f SanctionFilter) ([]Sanction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []Sanction
	for i := range s.sup.sanctions {
		if f.Match(&s.sup.sanctions[i]) {
			out = append(out, s.sup.sanctions[i])
		}
	}
	s.mu.RUnlock()
	slices.SortStableFunc(out, func(a, b Sanction) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("workorder: "+format+": %w", append(args, ErrInvalidArgument)...)
}

func conflict(format string, args ...any) error {
	return fmt.Errorf("workorder: "+format+": %w", append(args, ErrConflict)...)
}
