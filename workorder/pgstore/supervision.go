package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

var _ workorder.SupervisionStore = (*Store)(nil)

// uniqueViolation reports an insert refused by a primary key or unique
// index.
func uniqueViolation(err error) bool {
	pe, ok := errors.AsType[*pgconn.PgError](err)
	return ok && pe.Code == "23505"
}

// CreateSupervision implements workorder.SupervisionStore. Of two nodes
// creating one id, one succeeds and the other gets ErrConflict.
func (s *Store) CreateSupervision(ctx context.Context, sup *workorder.Supervision) error {
	if sup.ID == "" || sup.Version != 1 || nul(sup.ID) {
		return fmt.Errorf("pgstore: create supervision %q: want an ID and version 1: %w", sup.ID, workorder.ErrInvalidArgument)
	}
	doc, err := sqldoc.MarshalSupervision(sup)
	if err != nil {
		return fmt.Errorf("pgstore: create supervision %q: %w", sup.ID, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO supervisions (id, order_id, unit, issued_at, open, version, doc)
		VALUES ($1, $2, $3, $4, $5, 1, $6)`, sup.ID, sup.Order, sup.Unit, sup.Issued, sup.Open(), doc)
	switch {
	case uniqueViolation(err):
		return fmt.Errorf("pgstore: create supervision %q: exists: %w", sup.ID, workorder.ErrConflict)
	case err != nil:
		return fmt.Errorf("pgstore: create supervision %q: %w", sup.ID, withCtx(ctx, err))
	}
	return nil
}

// UpdateSupervision implements workorder.SupervisionStore.
func (s *Store) UpdateSupervision(ctx context.Context, sup *workorder.Supervision, expected int64) error {
	if sup.Version != expected+1 {
		return fmt.Errorf("pgstore: update supervision %q: version %d after %d: %w", sup.ID, sup.Version, expected, workorder.ErrInvalidArgument)
	}
	doc, err := sqldoc.MarshalSupervision(sup)
	if err != nil {
		return fmt.Errorf("pgstore: update supervision %q: %w", sup.ID, err)
	}
	var got *int64
	err = s.pool.QueryRow(ctx, `WITH u AS (
		UPDATE supervisions SET unit = $2, open = $3, version = $4, doc = $5 WHERE id = $1 AND version = $6 RETURNING version
	) SELECT COALESCE((SELECT version FROM u), (SELECT -version FROM supervisions WHERE id = $1))`,
		sup.ID, sup.Unit, sup.Open(), sup.Version, doc, expected).Scan(&got)
	switch {
	case err != nil:
		return fmt.Errorf("pgstore: update supervision %q: %w", sup.ID, withCtx(ctx, err))
	case got == nil:
		return workorder.NotFound(sup.ID)
	case *got < 0:
		return fmt.Errorf("pgstore: update supervision %q: version %d, not %d: %w", sup.ID, -*got, expected, workorder.ErrConflict)
	}
	return nil
}

// Supervision implements workorder.SupervisionStore.
func (s *Store) Supervision(ctx context.Context, id string) (*workorder.Supervision, error) {
	if nul(id) {
		return nil, workorder.NotFound(id)
	}
	var doc []byte
	switch err := s.pool.QueryRow(ctx, `SELECT doc FROM supervisions WHERE id = $1`, id).Scan(&doc); {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, workorder.NotFound(id)
	case err != nil:
		return nil, fmt.Errorf("pgstore: get supervision %q: %w", id, withCtx(ctx, err))
	}
	sup, err := sqldoc.UnmarshalSupervision(doc)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	return sup, nil
}

// Supervisions implements workorder.SupervisionStore.
func (s *Store) Supervisions(ctx context.Context, f workorder.SupervisionFilter) ([]workorder.Supervision, error) {
	rows, err := s.pool.Query(ctx, `SELECT doc FROM supervisions
		WHERE ($1 = '' OR unit = $1) AND ($2 = '' OR order_id = $2) AND (NOT $3 OR open)
			AND ($4::timestamptz IS NULL OR issued_at >= $4) AND ($5::timestamptz IS NULL OR issued_at < $5)
		ORDER BY issued_at, id`, f.Unit, f.Order, f.Open, nullTime(f.From), nullTime(f.To))
	if err != nil {
		return nil, fmt.Errorf("pgstore: list supervisions: %w", withCtx(ctx, err))
	}
	return collectDocs(ctx, rows, "supervision", sqldoc.UnmarshalSupervision)
}

// CreateSanction implements workorder.SupervisionStore.
func (s *Store) CreateSanction(ctx context.Context, sn *workorder.Sanction) error {
	if sn.ID == "" || sn.Unit == "" || (sn.Kind != workorder.SanctionTalk && sn.Kind != workorder.SanctionCriticism) || nul(sn.ID) {
		return fmt.Errorf("pgstore: create sanction %q: want an ID, a unit and a kind: %w", sn.ID, workorder.ErrInvalidArgument)
	}
	doc, err := sqldoc.MarshalSanction(sn)
	if err != nil {
		return fmt.Errorf("pgstore: create sanction %q: %w", sn.ID, err)
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO sanctions (id, unit, kind, decided_at, doc) VALUES ($1, $2, $3, $4, $5)`,
		sn.ID, sn.Unit, int16(sn.Kind), sn.At, doc)
	switch {
	case uniqueViolation(err):
		return fmt.Errorf("pgstore: create sanction %q: exists: %w", sn.ID, workorder.ErrConflict)
	case err != nil:
		return fmt.Errorf("pgstore: create sanction %q: %w", sn.ID, withCtx(ctx, err))
	}
	return nil
}

// Sanctions implements workorder.SupervisionStore.
func (s *Store) Sanctions(ctx context.Context, f workorder.SanctionFilter) ([]workorder.Sanction, error) {
	rows, err := s.pool.Query(ctx, `SELECT doc FROM sanctions
		WHERE ($1 = '' OR unit = $1) AND ($2 = 0 OR kind = $2)
			AND ($3::timestamptz IS NULL OR decided_at >= $3) AND ($4::timestamptz IS NULL OR decided_at < $4)
		ORDER BY decided_at, id`, f.Unit, int16(f.Kind), nullTime(f.From), nullTime(f.To))
	if err != nil {
		return nil, fmt.Errorf("pgstore: list sanctions: %w", withCtx(ctx, err))
	}
	return collectDocs(ctx, rows, "sanction", sqldoc.UnmarshalSanction)
}

func collectDocs[T any](ctx context.Context, rows pgx.Rows, what string, decode func([]byte) (*T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("pgstore: list %ss: %w", what, withCtx(ctx, err))
		}
		v, err := decode(doc)
		if err != nil {
			return nil, fmt.Errorf("pgstore: %w", err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list %ss: %w", what, withCtx(ctx, err))
	}
	return out, nil
}

// nullTime is t, or NULL for the zero Time.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
