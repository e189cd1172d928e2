package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

var _ workorder.SupervisionStore = (*Store)(nil)

// isPrimaryKeyTaken reports an insert refused by a table's primary key.
func isPrimaryKeyTaken(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE)
}

// CreateSupervision implements workorder.SupervisionStore.
func (s *Store) CreateSupervision(ctx context.Context, sup *workorder.Supervision) error {
	if sup.ID == "" || sup.Version != 1 {
		return fmt.Errorf("sqlitestore: create supervision %q: want an ID and version 1: %w", sup.ID, workorder.ErrInvalidArgument)
	}
	doc, err := sqldoc.MarshalSupervision(sup)
	if err != nil {
		return fmt.Errorf("sqlitestore: create supervision %q: %w", sup.ID, err)
	}
	err = s.w.tx(ctx, func(t *wtx) error {
		_, err := t.exec(`INSERT INTO supervisions (id, order_id, unit, issued_at, open, version, doc) VALUES (?, ?, ?, ?, ?, 1, ?)`,
			sup.ID, sup.Order, sup.Unit, sup.Issued.UnixMicro(), sup.Open(), doc)
		return err
	})
	switch {
	case isPrimaryKeyTaken(err):
		return fmt.Errorf("sqlitestore: create supervision %q: exists: %w", sup.ID, workorder.ErrConflict)
	case err != nil:
		return fmt.Errorf("sqlitestore: create supervision %q: %w", sup.ID, err)
	}
	return nil
}

// UpdateSupervision implements workorder.SupervisionStore.
func (s *Store) UpdateSupervision(ctx context.Context, sup *workorder.Supervision, expected int64) error {
	if sup.Version != expected+1 {
		return fmt.Errorf("sqlitestore: update supervision %q: version %d after %d: %w", sup.ID, sup.Version, expected, workorder.ErrInvalidArgument)
	}
	doc, err := sqldoc.MarshalSupervision(sup)
	if err != nil {
		return fmt.Errorf("sqlitestore: update supervision %q: %w", sup.ID, err)
	}
	return s.w.tx(ctx, func(t *wtx) error {
		var v int64
		switch err := t.queryRow(`SELECT version FROM supervisions WHERE id = ?`, sup.ID).Scan(&v); {
		case errors.Is(err, sql.ErrNoRows):
			return workorder.NotFound(sup.ID)
		case err != nil:
			return fmt.Errorf("sqlitestore: update supervision %q: %w", sup.ID, err)
		case v != expected:
			return fmt.Errorf("sqlitestore: update supervision %q: version %d, not %d: %w", sup.ID, v, expected, workorder.ErrConflict)
		}
		if _, err := t.exec(`UPDATE supervisions SET unit = ?, open = ?, version = ?, doc = ? WHERE id = ?`,
			sup.Unit, sup.Open(), sup.Version, doc, sup.ID); err != nil {
			return fmt.Errorf("sqlitestore: update supervision %q: %w", sup.ID, err)
		}
		return nil
	})
}

// Supervision implements workorder.SupervisionStore.
func (s *Store) Supervision(ctx context.Context, id string) (*workorder.Supervision, error) {
	var doc []byte
	switch err := s.r.QueryRowContext(ctx, `SELECT doc FROM supervisions WHERE id = ?`, id).Scan(&doc); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, workorder.NotFound(id)
	case err != nil:
		return nil, fmt.Errorf("sqlitestore: get supervision %q: %w", id, err)
	}
	sup, err := sqldoc.UnmarshalSupervision(doc)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	return sup, nil
}

// Supervisions implements workorder.SupervisionStore.
func (s *Store) Supervisions(ctx context.Context, f workorder.SupervisionFilter) ([]workorder.Supervision, error) {
	from, to := micros(f.From, f.To)
	rows, err := s.r.QueryContext(ctx, `SELECT doc FROM supervisions
		WHERE (?1 = '' OR unit = ?1) AND (?2 = '' OR order_id = ?2) AND (NOT ?3 OR open)
			AND issued_at >= ?4 AND issued_at < ?5
		ORDER BY issued_at, id`, f.Unit, f.Order, f.Open, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list supervisions: %w", err)
	}
	return collectDocs(rows, "supervision", sqldoc.UnmarshalSupervision)
}

// CreateSanction implements workorder.SupervisionStore.
func (s *Store) CreateSanction(ctx context.Context, sn *workorder.Sanction) error {
	if sn.ID == "" || sn.Unit == "" || (sn.Kind != workorder.SanctionTalk && sn.Kind != workorder.SanctionCriticism) {
		return fmt.Errorf("sqlitestore: create sanction %q: want an ID, a unit and a kind: %w", sn.ID, workorder.ErrInvalidArgument)
	}
	doc, err := sqldoc.MarshalSanction(sn)
	if err != nil {
		return fmt.Errorf("sqlitestore: create sanction %q: %w", sn.ID, err)
	}
	err = s.w.tx(ctx, func(t *wtx) error {
		_, err := t.exec(`INSERT INTO sanctions (id, unit, kind, decided_at, doc) VALUES (?, ?, ?, ?, ?)`,
			sn.ID, sn.Unit, int(sn.Kind), sn.At.UnixMicro(), doc)
		return err
	})
	switch {
	case isPrimaryKeyTaken(err):
		return fmt.Errorf("sqlitestore: create sanction %q: exists: %w", sn.ID, workorder.ErrConflict)
	case err != nil:
		return fmt.Errorf("sqlitestore: create sanction %q: %w", sn.ID, err)
	}
	return nil
}

// Sanctions implements workorder.SupervisionStore.
func (s *Store) Sanctions(ctx context.Context, f workorder.SanctionFilter) ([]workorder.Sanction, error) {
	from, to := micros(f.From, f.To)
	rows, err := s.r.QueryContext(ctx, `SELECT doc FROM sanctions
		WHERE (?1 = '' OR unit = ?1) AND (?2 = 0 OR kind = ?2) AND decided_at >= ?3 AND decided_at < ?4
		ORDER BY decided_at, id`, f.Unit, int(f.Kind), from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list sanctions: %w", err)
	}
	return collectDocs(rows, "sanction", sqldoc.UnmarshalSanction)
}

// micros returns the bounds of [from, to) in Unix microseconds, a zero
// Time unbounded.
func micros(from, to time.Time) (int64, int64) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = from.UnixMicro()
	}
	if !to.IsZero() {
		hi = to.UnixMicro()
	}
	return lo, hi
}

func collectDocs[T any](rows *sql.Rows, what string, decode func([]byte) (*T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlitestore: list %ss: %w", what, err)
		}
		v, err := decode(doc)
		if err != nil {
			return nil, fmt.Errorf("sqlitestore: %w", err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list %ss: %w", what, err)
	}
	return out, nil
}
