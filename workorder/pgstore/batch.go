package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// orderCopyCols are the columns CreateBatch copies an order into.
var orderCopyCols = []string{"id", "version", "state", "category", "urgency", "lead", "units", "region", "due",
	"overdue", "merged_into", "created", "updated", "doc", "joint", "repeated", "repeat_key", "hotspot_keys"}

// recordCopyCols are the columns CreateBatch copies a record into.
var recordCopyCols = []string{"order_id", "seq", "at", "role", "actor", "step", "from_state", "to_state",
	"remark", "data", "hash", "step_key"}

// CreateBatch stores new orders with their first records, as Create
// does for each (with WithAlerts, their alerts too), in one transaction:
// all of them or, on any error, none. records[i] are the records of
// orders[i]. It is for imports and bulk loads: the rows go to the server
// by COPY, and the lists' and boards' triggers run once per batch rather
// than once per order, so a batch of a thousand orders loads many times
// faster than as many Creates. An order already stored, or twice in the
// batch, fails the batch with an error matching workorder.ErrConflict
// that names it; records and orders of unequal numbers match
// ErrInvalidArgument; a step key already used matches ErrKeyReused. Other
// errors are Create's. An empty batch does nothing. After a load of
// many batches, run VACUUM (ANALYZE) before serving lists: until
// autovacuum has analysed the new rows the planner may misjudge lists by
// deadline (pages of a second at 3,000,000 orders instead of a few
// milliseconds).
func (s *Store) CreateBatch(ctx context.Context, orders []*workorder.Order, records [][]workorder.Record) error {
	if len(orders) != len(records) {
		return fmt.Errorf("pgstore: create batch: %d orders, %d record lists: %w", len(orders), len(records), workorder.ErrInvalidArgument)
	}
	if len(orders) == 0 {
		return nil
	}
	ids := make([]string, len(orders))
	seen := make(map[string]bool, len(orders))
	rows := make([][]any, len(orders))
	var recs [][]any
	var alerts [][]any
	for i, o := range orders {
		if err := sqldoc.CheckWrite("pgstore", "create", o, 0, records[i]); err != nil {
			return err
		}
		if seen[o.ID] {
			return fmt.Errorf("pgstore: create order %q: twice in the batch: %w", o.ID, workorder.ErrConflict)
		}
		seen[o.ID], ids[i] = true, o.ID
		row, err := orderRow(o)
		if err != nil {
			return fmt.Errorf("pgstore: create order %q: %w", o.ID, err)
		}
		rows[i] = row
		for j := range records[i] {
			r := &records[i][j]
			var key any
			if r.Key != "" {
				key = r.Key
			}
			recs = append(recs, []any{o.ID, r.Seq, r.At, sqldoc.RoleName(r.Actor.Role), r.Actor.ID,
				sqldoc.StepName(r.Step), sqldoc.StateName(r.From), sqldoc.StateName(r.To), r.Remark, r.Data, r.Hash[:], key})
		}
		if s.planner != nil {
			results, err := s.planner.Plan(o)
			if err != nil {
				return fmt.Errorf("pgstore: create order %q: plan alerts: %w", o.ID, err)
			}
			targets, levels, dues := planAlerts(results)
			for k := range targets {
				alerts = append(alerts, []any{o.ID, targets[k], levels[k], dues[k]})
			}
		}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// COPY has no ON CONFLICT: look for stored orders first, to name
		// one. A Create racing the batch fails the COPY on the key.
		var dup string
		switch err := tx.QueryRow(ctx, `SELECT id FROM orders WHERE id = ANY($1) LIMIT 1`, ids).Scan(&dup); {
		case err == nil:
			return fmt.Errorf("create order %q: exists: %w", dup, workorder.ErrConflict)
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"orders"}, orderCopyCols, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"order_records"}, recordCopyCols, pgx.CopyFromRows(recs)); err != nil {
			return err
		}
		if len(alerts) > 0 {
			cols := []string{"order_id", "target", "level", "due_at"}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"sla_alerts"}, cols, pgx.CopyFromRows(alerts)); err != nil {
				return err
			}
		}
		return nil
	})
	var pe *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, workorder.ErrConflict):
		return fmt.Errorf("pgstore: %w", err)
	case errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "orders_pkey":
		return fmt.Errorf("pgstore: create batch: an order exists: %w: %w", workorder.ErrConflict, err)
	}
	return fmt.Errorf("pgstore: create batch of %d orders from %q: %w", len(orders), orders[0].ID, withCtx(ctx, writeError(err)))
}

// orderRow returns o's values in orderCopyCols' order.
func orderRow(o *workorder.Order) ([]any, error) {
	row, err := appendOrderValues(append(make([]any, 0, 18), o.ID), o)
	if err != nil {
		return nil, err
	}
	row[len(row)-1] = []byte(row[len(row)-1].(string)) // the hotspot keys, jsonb in COPY's text
	return row, nil
}
