package workorder

import (
	"context"
	"testing"
	"time"
)

// TestMemStoreKeepsOwnCopies checks what the conformance suite does not:
// that an order passed to Update, and the orders List returns, share no
// memory with the store, and that the store keeps times in UTC to the
// microsecond, as the SQL stores do.
func TestMemStoreKeepsOwnCopies(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	ms := s.Store().(*MemStore)
	o := handling(t, s, draft(), police)
	id := o.ID

	// Update: change the order after it was stored.
	o, err := ms.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	r := Record{OrderID: id, Seq: o.Version + 1, At: time.Date(2025, 9, 15, 11, 0, 0, 123456789, shanghai), Actor: super,
		Step: StepUrge, From: o.State, To: o.State}
	r.Hash = r.ComputeHash(o.LastHash)
	o.Version, o.LastHash, o.Urges = r.Seq, r.Hash, 1
	o.Updated = r.At
	if err := ms.Update(ctx, o, r.Seq-1, []Record{r}); err != nil {
		t.Fatal(err)
	}
	o.Tags[0], o.Assists[0].Unit, o.Timeline[0].At = "changed", "changed", time.Time{}

	got, err := ms.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Tags[0] != "噪音" || got.Assists[0].Unit != police || got.Timeline[0].At.IsZero() {
		t.Errorf("the store shares the updated order: tags %v, assists %v, timeline %v", got.Tags, got.Assists, got.Timeline)
	}
	if want := time.Date(2025, 9, 15, 3, 0, 0, 123456000, time.UTC); got.Updated != want {
		t.Errorf("Updated = %v, want %v (UTC, to the microsecond)", got.Updated, want)
	}
	rs, err := ms.History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if last := rs[len(rs)-1]; last.At != got.Updated || last.Hash != got.LastHash {
		t.Errorf("last record at %v hash %x; order updated %v hash %x", last.At, last.Hash, got.Updated, got.LastHash)
	}

	// List: change the listed order.
	list, err := ms.List(ctx, Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	list[0].Tags[0], list[0].Assists[0].Unit, list[0].Title = "x", "x", "x"
	if got, _ := ms.Get(ctx, id); got.Tags[0] != "噪音" || got.Assists[0].Unit != police || got.Title != "夜间施工噪音" {
		t.Errorf("the store shares a listed order: %q %v %v", got.Title, got.Tags, got.Assists)
	}
}
