package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// ErrSchemaTooNew reports a database migrated by a newer version of this
// package than the running one: it refuses to touch it.
var ErrSchemaTooNew = errors.New("sqlitestore: database schema is newer than this program")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate brings db's schema to the latest version. Each migration runs
// in its own immediate transaction, recorded in schema_migrations, so
// several processes opening one new file apply each exactly once.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := sqldoc.Migrations(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY NOT NULL,
		name       TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for {
		done, err := migrateOne(ctx, db, ms)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next pending migration and reports whether none
// was left.
func migrateOne(ctx context.Context, db *sql.DB, ms []sqldoc.Migration) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	if current > len(ms) {
		return false, fmt.Errorf("migrate: database at version %d, this program knows %d: %w", current, len(ms), ErrSchemaTooNew)
	}
	if current == len(ms) {
		return true, nil
	}
	m := ms[current]
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migrate: %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UnixMicro()); err != nil {
		return false, fmt.Errorf("migrate: %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate: %s: %w", m.Name, err)
	}
	return false, nil
}
