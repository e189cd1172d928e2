package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/hotline12345/hotline/workorder"
)

// TestCommitAnswerLost loses the answer of commits that went through: the
// store reports ErrOutcomeUnknown, and the service, reading the step's key
// back, returns the stored order without taking the step twice. A commit
// refused before it was made (the transaction still open) is a plain
// failure.
func TestCommitAnswerLost(t *testing.T) {
	ctx := context.Background()
	s := openAt(t, filepath.Join(t.TempDir(), "orders.db"))
	svc := service(t, s)
	o, err := svc.Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	super := workorder.Supervisor("督查室")

	lost := 0
	s.w.afterCommit = func() error {
		if lost == 0 {
			return nil
		}
		lost--
		return errInjected
	}
	lost = 1
	next := *o
	next.Version++
	err = s.Update(ctx, &next, o.Version, nil) // refused before any transaction
	if errors.Is(err, workorder.ErrOutcomeUnknown) {
		t.Errorf("Update refused by its checks: %v, want no ErrOutcomeUnknown", err)
	}
	for want := 1; want <= 3; want++ {
		lost = 1
		got, err := svc.Urge(ctx, super, o.ID, "")
		if err != nil || got.Urges != want {
			t.Fatalf("Urge %d whose commit's answer was lost: %+v, %v; want %d urges", want, got, err, want)
		}
	}
	// The caller's key, every answer lost: the first commit is found, and
	// a retry with the key later takes nothing.
	lost = 100
	for range 2 {
		got, err := svc.Urge(workorder.WithKey(ctx, "req-42"), super, o.ID, "")
		if err != nil || got.Urges != 4 {
			t.Fatalf("Urge with key req-42: %+v, %v; want 4 urges", got, err)
		}
	}
	lost = 0
	if err := svc.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
	if h, _ := s.History(ctx, o.ID); len(h) != 5 {
		t.Errorf("history holds %d records, want 5", len(h))
	}
}
