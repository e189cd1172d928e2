package sqlitestore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		path string
		opts []sqlitestore.Option
		want string
	}{
		{"empty path", "", nil, "empty path"},
		{"memory", ":memory:", nil, "in-memory"},
		{"memory uri", "file::memory:?cache=shared", nil, "in-memory"},
		{"memory mode", "file:x.db?mode=memory", nil, "in-memory"},
		{"no readers", filepath.Join(dir, "a.db"), []sqlitestore.Option{sqlitestore.WithReaders(0)}, "WithReaders(0)"},
		{"no busy timeout", filepath.Join(dir, "a.db"), []sqlitestore.Option{sqlitestore.WithBusyTimeout(0)}, "WithBusyTimeout(0s)"},
	}
	for _, tc := range cases {
		s, err := sqlitestore.Open(context.Background(), tc.path, tc.opts...)
		if err == nil {
			s.Close()
			t.Errorf("%s: Open succeeded", tc.name)
			continue
		}
		if !errors.Is(err, workorder.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want ErrInvalidArgument saying %q", tc.name, err, tc.want)
		}
	}
}

// TestReopen closes a store and opens the file again: the orders are
// there, the schema is not migrated twice, and options apply.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dir with space?", "orders.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := sqlitestore.Open(ctx, path, sqlitestore.WithFullSync())
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(t, s)
	o, err := svc.Accept(ctx, centre, complaint())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: cityMgmt}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, o.ID); err == nil {
		t.Error("Get on a closed store succeeded")
	}
	s2, err := sqlitestore.Open(ctx, path, sqlitestore.WithReaders(1), sqlitestore.WithBusyTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Get(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Lead != cityMgmt || got.State != workorder.StateDispatched {
		t.Errorf("reopened: version %d lead %q state %s, want 2 %q dispatched", got.Version, got.Lead, got.State, cityMgmt)
	}
	if err := newService(t, s2).Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, v int
	if err := db.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(files); n != want || v != want {
		t.Errorf("schema_migrations holds %d rows up to version %d, want %d rows up to version %d", n, v, want, want)
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
}

func TestSchemaTooNew(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err = sqlitestore.Open(ctx, path)
	if err == nil {
		s.Close()
	}
	if !errors.Is(err, sqlitestore.ErrSchemaTooNew) || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("Open: %v, want ErrSchemaTooNew naming version 99", err)
	}
}

// TestStoresShareFile has two stores on one file, as two processes
// would, take steps on the same orders: each step is recorded once, the
// histories verify, and the losers of a version see ErrConflict.
func TestStoresShareFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "orders.db")
	stores := []*sqlitestore.Store{open2(t, path), open2(t, path)}
	svcs := []*workorder.Service{newService(t, stores[0], noRetries), newService(t, stores[1], noRetries)}
	ids := handlingOrders(t, svcs[0], 3)
	const each = 30
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	for w, svc := range svcs {
		for g := range 2 {
			wg.Go(func() {
				for n := 0; n < each; {
					id := ids[n%len(ids)]
					remark := fmt.Sprintf("s%d-g%d-%d", w, g, n)
					_, err := svc.Urge(ctx, super, id, remark)
					if errors.Is(err, workorder.ErrConflict) {
						conflicts.Add(1)
						continue
					}
					if err != nil {
						t.Error(err)
						return
					}
					n++
				}
			})
		}
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range ids {
		h, err := stores[1].History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := svcs[0].Verify(ctx, id); err != nil {
			t.Error(err)
		}
		for _, r := range h {
			if r.Step != workorder.StepUrge {
				continue
			}
			if seen[r.Remark] {
				t.Errorf("step %s recorded twice", r.Remark)
			}
			seen[r.Remark] = true
		}
	}
	if len(seen) != 2*2*each {
		t.Errorf("%d urge steps recorded, want %d", len(seen), 2*2*each)
	}
	t.Logf("%d conflicts retried", conflicts.Load())
}

func open2(t *testing.T, path string) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStepsUnderTinyTimeouts urges one order 3,000 times with timeouts
// from 0 to 400µs, so that contexts expire at every point of a write,
// BEGIN and COMMIT included. A call that fails leaves the version where it
// was (a caller retrying it would otherwise urge twice), and afterwards
// the store still writes.
func TestStepsUnderTinyTimeouts(t *testing.T) {
	s := open(t)
	svc := newService(t, s)
	id := handlingOrders(t, svc, 1)[0]
	bg := context.Background()
	version := func() int64 {
		t.Helper()
		o, err := s.Get(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		return o.Version
	}
	var failed, moved int
	for i := range 3000 {
		before := version()
		ctx, cancel := context.WithTimeout(bg, time.Duration(i%401)*time.Microsecond)
		_, err := svc.Urge(ctx, super, id, fmt.Sprintf("u%d", i))
		cancel()
		if err == nil {
			continue
		}
		failed++
		if after := version(); after != before {
			moved++
			if moved <= 3 {
				t.Errorf("call %d failed (%v) but the version moved from %d to %d", i, err, before, after)
			}
		}
	}
	if moved > 0 {
		t.Errorf("%d of %d failed calls moved the version", moved, failed)
	}
	t.Logf("%d of 3000 calls failed", failed)
	before := version()
	if _, err := svc.Urge(bg, super, id, "after"); err != nil {
		t.Fatalf("Urge after the timeouts: %v", err)
	}
	if after := version(); after != before+1 {
		t.Errorf("version %d after one more urge, want %d", after, before+1)
	}
	if err := svc.Verify(bg, id); err != nil {
		t.Error(err)
	}
}
