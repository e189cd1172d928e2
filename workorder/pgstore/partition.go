package pgstore

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
)

// MonthsAheadDefault is how many months after the current one Open
// creates record partitions for, with WithMonthlyRecords.
const MonthsAheadDefault = 3

// cst is China Standard Time, in which record months begin.
var cst = time.FixedZone("CST", 8*3600)

// WithMonthlyRecords keeps the audit records in a table partitioned by
// the month of their instant (PostgreSQL declarative partitioning), so
// that a month's records can be archived, moved to cheaper storage or
// detached whole, and an index's working set is the recent months. Months
// begin at midnight China Standard Time (UTC+8). Open turns a plain
// records table into a partitioned one: the records already there become
// the partition order_records_before (every instant before the current
// month), and it creates a partition per month from the current one to
// MonthsAheadDefault months ahead, and a default partition for any later
// record; AddRecordMonths creates more. See docs/scaling.md.
//
// A partitioned table's primary key must hold the partition key, so it is
// (order_id, seq, at): the version guard of every write still keeps one
// record per order and sequence number. Nor can an index on the step key
// alone be unique across partitions, so the step keys are kept in a table
// of their own, order_step_keys, whose primary key they are: a trigger
// adds each record's key in the record's own statement, and a key used
// twice fails it (workorder.ErrKeyReused).
func WithMonthlyRecords() Option {
	return func(o *options) error {
		o.monthly = true
		return nil
	}
}

// partitionRecords makes order_records partitioned by month when it is
// not yet, and adds the months up to MonthsAheadDefault after now's, under
// the migration's advisory lock.
func (s *Store) partitionRecords(ctx context.Context, schema string, now time.Time) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		h := fnv.New64a()
		h.Write([]byte("hotline/workorder/pgstore:" + schema))
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(h.Sum64())); err != nil {
			return err
		}
		var kind string
		if err := tx.QueryRow(ctx, `SELECT relkind::text FROM pg_class WHERE oid = 'order_records'::regclass`).Scan(&kind); err != nil {
			return fmt.Errorf("partition records: %w", err)
		}
		first := monthStart(now)
		if kind != "p" {
			for _, q := range []string{
				`ALTER TABLE order_records RENAME TO order_records_before`,
				// Attaching gives the partition the parent's key.
				`ALTER TABLE order_records_before DROP CONSTRAINT order_records_pkey`,
				`DROP TRIGGER order_records_immutable ON order_records_before`,
				`CREATE TABLE order_records (LIKE order_records_before INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
					PARTITION BY RANGE (at)`,
				`ALTER TABLE order_records ADD PRIMARY KEY (order_id, seq, at),
					ADD FOREIGN KEY (order_id) REFERENCES orders (id)`,
				`ALTER TABLE order_records ATTACH PARTITION order_records_before
					FOR VALUES FROM (MINVALUE) TO ('` + first.Format(time.RFC3339) + `')`,
				`CREATE TRIGGER order_records_immutable BEFORE UPDATE ON order_records
					FOR EACH ROW EXECUTE FUNCTION order_records_immutable()`,
				`CREATE TABLE order_records_later PARTITION OF order_records DEFAULT`,
			} {
				if _, err := tx.Exec(ctx, q); err != nil {
					return fmt.Errorf("partition records: %w", err)
				}
			}
		}
		if err := keepStepKeys(ctx, tx); err != nil {
			return fmt.Errorf("partition records: %w", err)
		}
		return addMonths(ctx, tx, first, first.AddDate(0, MonthsAheadDefault, 0))
	})
}

// stepKeysTable is the table of the step keys of partitioned records; its
// primary key's name is what a key used twice fails on.
const (
	stepKeysTable = "order_step_keys"
	stepKeysPkey  = "order_step_keys_pkey"
)

// keepStepKeys creates order_step_keys and the trigger that fills it,
// when missing, with the keys of the records already stored (a schema
// partitioned before there was such a table kept its keys unique only
// in order_records_before).
func keepStepKeys(ctx context.Context, tx pgx.Tx) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, stepKeysTable).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	for _, q := range []string{
		`CREATE TABLE order_step_keys (
			step_key text PRIMARY KEY,
			order_id text NOT NULL,
			seq      bigint NOT NULL,
			at       timestamptz NOT NULL
		)`,
		// Should a key have been stored twice before, the first record
		// keeps it.
		`INSERT INTO order_step_keys (step_key, order_id, seq, at)
			SELECT DISTINCT ON (step_key) step_key, order_id, seq, at FROM order_records
			WHERE step_key IS NOT NULL ORDER BY step_key, at, order_id, seq`,
		`CREATE FUNCTION order_step_keys_add() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
		BEGIN
			INSERT INTO order_step_keys (step_key, order_id, seq, at) VALUES (NEW.step_key, NEW.order_id, NEW.seq, NEW.at);
			RETURN NULL;
		END
		$$`,
		`CREATE TRIGGER order_records_step_key AFTER INSERT ON order_records
			FOR EACH ROW WHEN (NEW.step_key IS NOT NULL) EXECUTE FUNCTION order_step_keys_add()`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// AddRecordMonths creates the record partitions of the months from the
// current one through the month of through, those that are missing, on a
// store opened WithMonthlyRecords; run it monthly (a month ahead is
// enough), or let Open do it. A record whose month has no partition
// goes to the default partition order_records_later, and the month's
// partition can then only be created once those records are moved.
func (s *Store) AddRecordMonths(ctx context.Context, through time.Time) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return addMonths(ctx, tx, monthStart(time.Now()), monthStart(through))
	})
	if err != nil {
		return fmt.Errorf("pgstore: add record months: %w", withCtx(ctx, err))
	}
	return nil
}

// addMonths creates the partitions order_records_YYYY_MM of the months
// from first through last that have none.
func addMonths(ctx context.Context, tx pgx.Tx, first, last time.Time) error {
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		name := "order_records_" + m.Format("2006_01")
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&exists); err != nil {
			return err
		}
		if exists {
			continue
		}
		q := `CREATE TABLE ` + pgx.Identifier{name}.Sanitize() + ` PARTITION OF order_records FOR VALUES FROM ('` +
			m.Format(time.RFC3339) + `') TO ('` + m.AddDate(0, 1, 0).Format(time.RFC3339) + `')`
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("month %s: %w", m.Format("2006-01"), err)
		}
	}
	return nil
}

// monthStart returns the start of t's month in China Standard Time.
func monthStart(t time.Time) time.Time {
	t = t.In(cst)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, cst)
}
