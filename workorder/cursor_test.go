package workorder

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	at := time.Date(2026, 10, 8, 9, 30, 0, 123456000, time.UTC)
	for _, c := range []Cursor{
		{Sort: SortID, ID: "QX-1"},
		{Sort: SortNewest, At: at, ID: "QX-2.a"},
		{Sort: SortDue, At: at, ID: "三中村-3"},
	} {
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%v.String()) = %+v, %v; want %+v", c, got, err, c)
		}
	}
	for _, tok := range []string{"", "!!", "bm90LWEtY3Vyc29y", Cursor{Sort: SortNewest, ID: "x"}.String(), "aWQuMTIzLng"} {
		if _, err := ParseCursor(tok); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("ParseCursor(%q) = %v, want ErrInvalidArgument", tok, err)
		}
	}
}

// TestListPagesByCursor pages through newest-first and due-first listings
// while orders are added between pages: each order present at the start
// is listed exactly once, in order.
func TestListPagesByCursor(t *testing.T) {
	ctx := context.Background()
	base := time.Date(2026, 9, 28, 8, 0, 0, 0, time.UTC)
	for _, s := range []Sort{SortID, SortNewest, SortDue} {
		m := NewMemStore()
		add := func(i int, created time.Time) {
			o := &Order{ID: fmt.Sprintf("QX-%03d", i), Created: created, Updated: created, Version: 1}
			if i%4 != 0 {
				o.Due = base.Add(time.Duration(i%7) * time.Hour)
			}
			rec := Record{OrderID: o.ID, Seq: 1, At: created, Step: StepAccept, To: StateReceived}
			rec.Hash = rec.ComputeHash([32]byte{})
			o.LastHash, o.State = rec.Hash, StateReceived
			if err := m.Create(ctx, o, []Record{rec}); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 40 {
			add(i, base.Add(time.Duration(i%10)*time.Minute))
		}
		want, err := m.List(ctx, Filter{Sort: s})
		if err != nil {
			t.Fatal(err)
		}
		f := Filter{Sort: s, Limit: 7}
		var got []string
		for page := 0; ; page++ {
			os, err := m.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range os {
				got = append(got, o.ID)
			}
			if len(os) < f.Limit {
				break
			}
			// An order arrives between pages.
			add(100+page, base.Add(-time.Hour))
			c := CursorAfter(os[len(os)-1], s)
			f.After = &c
		}
		var wantIDs []string
		for _, o := range want {
			wantIDs = append(wantIDs, o.ID)
		}
		// The orders added while paging may or may not be listed,
		// depending on where they sort; the first 40 must each appear
		// once, in order.
		got = keepPrefix(got, "QX-0")
		if fmt.Sprint(got) != fmt.Sprint(wantIDs) {
			t.Errorf("%v: pages gave %v\nwant %v", s, got, wantIDs)
		}
		if s == SortDue && len(wantIDs) != 30 {
			t.Errorf("due listing has %d orders, want the 30 with a deadline", len(wantIDs))
		}
	}
	bad := Filter{Sort: SortNewest, After: &Cursor{Sort: SortID, ID: "QX-1"}}
	if _, err := NewMemStore().List(ctx, bad); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("cursor of another sort: %v, want ErrInvalidArgument", err)
	}
}

func keepPrefix(ids []string, prefix string) []string {
	var out []string
	for _, id := range ids {
		if len(id) >= len(prefix) && id[:len(prefix)] == prefix {
			out = append(out, id)
		}
	}
	return out
}
