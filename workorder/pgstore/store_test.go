package pgstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, func(t *testing.T) workorder.Store { return openStore(t, newSchema(t)) })
}

func TestOpenRefuses(t *testing.T) {
	cases := []struct {
		name string
		dsn  string
		opts []pgstore.Option
		want string
	}{
		{"bad dsn", "postgres://host:notaport/db", nil, "cannot parse"},
		{"empty schema", "postgres://localhost/db", []pgstore.Option{pgstore.WithSchema("")}, `WithSchema("")`},
		{"no planner", "postgres://localhost/db", []pgstore.Option{pgstore.WithAlerts(nil)}, "WithAlerts(nil)"},
		{"no connections", "postgres://localhost/db", []pgstore.Option{pgstore.WithMaxConns(0)}, "WithMaxConns(0)"},
	}
	for _, tc := range cases {
		s, err := pgstore.Open(context.Background(), tc.dsn, tc.opts...)
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

// TestMigrations opens a new schema from four nodes at once, then again:
// the schema is created and migrated once, and a schema from a newer
// version is refused.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	dsn := testDSN(t)
	schema := newSchema(t) + "_new" // created by Open
	t.Cleanup(func() { exec(t, dsn, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE") })
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := pgstore.Open(ctx, dsn, pgstore.WithSchema(schema))
			if err != nil {
				t.Error(err)
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	s := openStore(t, schema)
	if _, err := s.Get(ctx, "none"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("Get on the migrated schema: %v, want ErrNotFound", err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n, v int
	if err := conn.QueryRow(ctx, `SELECT count(*), max(version) FROM `+pgx.Identifier{schema}.Sanitize()+
		`.schema_migrations`).Scan(&n, &v); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(files); n != want || v != want {
		t.Errorf("schema_migrations holds %d rows up to version %d, want %d rows up to version %d", n, v, want, want)
	}
	exec(t, dsn, `INSERT INTO `+pgx.Identifier{schema}.Sanitize()+`.schema_migrations (version, name) VALUES (99, '0099_future.sql')`)
	s2, err := pgstore.Open(ctx, dsn, pgstore.WithSchema(schema))
	if err == nil {
		s2.Close()
	}
	if !errors.Is(err, pgstore.ErrSchemaTooNew) || !strings.Contains(err.Error(), "version 99") {
		t.Errorf("Open: %v, want ErrSchemaTooNew naming version 99", err)
	}
}
