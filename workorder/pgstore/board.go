package pgstore

import (
	"context"
	"fmt"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

var _ workorder.Counter = (*Store)(nil)

// Counts implements workorder.Counter from the table board_counts, which
// a trigger keeps in the transaction of every write that opens or closes
// an order or changes its units, level or overdue flag: a count reads a
// few rows per unit and slot, however many orders there are.
func (s *Store) Counts(ctx context.Context, units ...string) ([]workorder.UnitCounts, error) {
	q := `SELECT unit, level, overdue, sum(n)::bigint FROM board_counts`
	var args []any
	if len(units) > 0 {
		named := make([]string, 0, len(units))
		for _, u := range units {
			if !nul(u) {
				named = append(named, u)
			}
		}
		q += ` WHERE unit = ANY($1::text[])`
		args = append(args, named)
	}
	rows, err := s.pool.Query(ctx, q+` GROUP BY 1, 2, 3 HAVING sum(n) > 0`, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: counts: %w", withCtx(ctx, err))
	}
	defer rows.Close()
	counts := sqldoc.NewCounts(units)
	for rows.Next() {
		var unit, level string
		var overdue bool
		var n int
		if err := rows.Scan(&unit, &level, &overdue, &n); err != nil {
			return nil, fmt.Errorf("pgstore: counts: %w", err)
		}
		if err := counts.Add(unit, level, overdue, n); err != nil {
			return nil, fmt.Errorf("pgstore: counts: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: counts: %w", withCtx(ctx, err))
	}
	return counts.Lines(), nil
}
