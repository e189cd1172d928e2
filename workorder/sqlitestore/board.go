package sqlitestore

import (
	"context"
	"fmt"
	"strings"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

var _ workorder.Counter = (*Store)(nil)

// Counts implements workorder.Counter from the table board_counts, which
// triggers keep in the transaction of every write that opens or closes
// an order or changes its units, level or overdue flag: a count reads a
// few rows per unit, however many orders there are.
func (s *Store) Counts(ctx context.Context, units ...string) ([]workorder.UnitCounts, error) {
	q := `SELECT unit, level, overdue, n FROM board_counts WHERE n > 0`
	args := make([]any, 0, len(units))
	if len(units) > 0 {
		q += ` AND unit IN (?` + strings.Repeat(", ?", len(units)-1) + `)`
		for _, u := range units {
			args = append(args, u)
		}
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY unit`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: counts: %w", err)
	}
	defer rows.Close()
	counts := sqldoc.NewCounts(units)
	for rows.Next() {
		var unit, level string
		var overdue bool
		var n int
		if err := rows.Scan(&unit, &level, &overdue, &n); err != nil {
			return nil, fmt.Errorf("sqlitestore: counts: %w", err)
		}
		if err := counts.Add(unit, level, overdue, n); err != nil {
			return nil, fmt.Errorf("sqlitestore: counts: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: counts: %w", err)
	}
	return counts.Lines(), nil
}
