package sqlitestore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/sqlitestore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// open returns a store on a new file in a temporary directory, closed
// when the test ends.
func open(t testing.TB, opts ...sqlitestore.Option) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "orders.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) workorder.Store { return open(t) })
}
