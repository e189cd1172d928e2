package sqlitestore

import (
	"context"
	"errors"
	"testing"

	"github.com/hotline12345/hotline/workorder"
)

// TestColCacheAcrossStores: a store that remembers the columns it wrote
// last still sees a step another store on the same file took since: its
// stale update is a conflict, its next one writes the right columns.
func TestColCacheAcrossStores(t *testing.T) {
	path := t.TempDir() + "/shared.db"
	a, b := openAt(t, path), openAt(t, path)
	svcA, svcB := service(t, a), service(t, b)
	ctx := context.Background()
	o, err := svcA.Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	if o, err = svcA.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead}); err != nil {
		t.Fatal(err)
	}
	stale, err := a.Get(ctx, o.ID) // as store a wrote it last
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svcB.Sign(ctx, workorder.Unit(lead), o.ID); err != nil {
		t.Fatal(err)
	}
	// A write on top of the version a remembers is refused.
	stale.Version++
	stale.Title = "改过的标题"
	rec := workorder.Record{OrderID: o.ID, Seq: stale.Version, At: stale.Updated, Actor: centre,
		Step: workorder.StepUrge, From: stale.State, To: stale.State}
	rec.Hash = rec.ComputeHash(stale.LastHash)
	stale.LastHash = rec.Hash
	err = a.Update(ctx, stale, stale.Version-1, []workorder.Record{rec})
	if !errors.Is(err, workorder.ErrConflict) {
		t.Fatalf("stale update: %v, want ErrConflict", err)
	}
	// The next step through a goes on from b's.
	if _, err := svcA.Suspend(ctx, workorder.Unit(lead), o.ID, "等待配合"); err != nil {
		t.Fatal(err)
	}
	if _, err := svcA.Resume(ctx, workorder.Unit(lead), o.ID, ""); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{a, b} {
		got, err := s.List(ctx, workorder.Filter{State: workorder.StateHandling})
		if err != nil || len(got) != 1 || got[0].ID != o.ID {
			t.Errorf("handling orders: %d, %v; want %s", len(got), err, o.ID)
		}
		if err := svcA.Verify(ctx, o.ID); err != nil {
			t.Error(err)
		}
	}
	// An update of an order gone from the cache's version and unknown.
	missing := stale.Clone()
	missing.ID = "WO-NONE"
	rec.OrderID = missing.ID
	rec.Hash = rec.ComputeHash(stale.LastHash)
	missing.LastHash = rec.Hash
	if err := a.Update(ctx, missing, missing.Version-1, []workorder.Record{rec}); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("update of an unknown order: %v, want ErrNotFound", err)
	}
}
