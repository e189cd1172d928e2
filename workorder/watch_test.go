package workorder

import (
	"context"
	"testing"
)

// pagingStore counts List calls; with noCursor it ignores Filter.After,
// as a store that does not page by cursor would.
type pagingStore struct {
	Store
	noCursor bool
	lists    int
	limits   []int
}

func (p *pagingStore) List(ctx context.Context, f Filter) ([]*Order, error) {
	p.lists++
	p.limits = append(p.limits, f.Limit)
	if p.noCursor {
		f.After = nil
	}
	return p.Store.List(ctx, f)
}

// TestWatchOpenPages: WatchOpen reads the open orders a page at a time,
// by cursor, or by offset from a store that ignores the cursor, and
// watches each open order once.
func TestWatchOpenPages(t *testing.T) {
	const open = 2*watchPage + 7
	store := NewMemStore()
	s1, _ := newService(t, func(c *Config) { c.Store = store })
	ctx := context.Background()
	for range open {
		must(t)(s1.Accept(ctx, centre, draft()))
	}
	closed := must(t)(s1.Accept(ctx, centre, draft()))
	must(t)(s1.Cancel(ctx, centre, closed.ID, CodedReason{Code: "other", Text: "无效"}))
	for _, tc := range []struct {
		name     string
		noCursor bool
		lists    int
	}{
		{"cursor", false, 3},
		{"offset", true, 4}, // the second page is read again, by offset
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := &pagingStore{Store: store, noCursor: tc.noCursor}
			s2, _ := newService(t, func(c *Config) { c.Store = ps; c.Watch = true })
			n, err := s2.WatchOpen(ctx)
			if err != nil || n != open || s2.Watched() != open {
				t.Fatalf("WatchOpen = %d, %v; watching %d; want %d", n, err, s2.Watched(), open)
			}
			if ps.lists != tc.lists {
				t.Errorf("%d List calls, want %d", ps.lists, tc.lists)
			}
			for _, l := range ps.limits {
				if l != watchPage {
					t.Errorf("List with Limit %d, want %d", l, watchPage)
				}
			}
		})
	}
}
