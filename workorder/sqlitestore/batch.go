package sqlitestore

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// CreateBatch stores new orders with their first records, as Create
// does for each, in one transaction: all of them or, on any error, none.
// records[i] are the records of orders[i]. It is for imports and bulk
// loads, where a transaction per order would write each index page once
// per order; a batch of a thousand orders loads several times faster.
// Errors are Create's, naming the order.
func (s *Store) CreateBatch(ctx context.Context, orders []*workorder.Order, records [][]workorder.Record) error {
	if len(orders) != len(records) {
		return fmt.Errorf("sqlitestore: create batch: %d orders, %d record lists: %w", len(orders), len(records), workorder.ErrInvalidArgument)
	}
	type row struct {
		cols colValues
		doc  []byte
	}
	rows := make([]row, len(orders))
	for i, o := range orders {
		if err := sqldoc.CheckWrite("sqlitestore", "create", o, 0, records[i]); err != nil {
			return err
		}
		var err error
		if rows[i].cols, err = filterValues(o, nil); err == nil {
			rows[i].doc, err = sqldoc.Marshal(o)
		}
		if err != nil {
			return fmt.Errorf("sqlitestore: create order %q: %w", o.ID, err)
		}
	}
	return s.w.tx(ctx, func(t *wtx) error {
		for i, o := range orders {
			args := append([]any{o.ID, o.Version, o.Created.UnixMicro(), o.Updated.UnixMicro(), rows[i].doc}, rows[i].cols[:]...)
			res, err := t.exec(insertOrderSQL, args...)
			if err == nil {
				var n int64
				if n, err = res.RowsAffected(); err == nil && n == 0 {
					err = fmt.Errorf("exists: %w", workorder.ErrConflict)
				}
			}
			if err == nil {
				err = s.writeAlerts(t, o, true)
			}
			if err != nil {
				return fmt.Errorf("sqlitestore: create order %q: %w", o.ID, err)
			}
		}
		// The records go in statements of up to batchRecords rows: a
		// statement per record cost about a third of a load's time.
		var rs []*workorder.Record
		for i := range records {
			for j := range records[i] {
				rs = append(rs, &records[i][j])
			}
		}
		args := make([]any, 0, batchRecords*recordColumns)
		for len(rs) > 0 {
			n := min(len(rs), batchRecords)
			args = args[:0]
			for _, r := range rs[:n] {
				args = append(args, recordArgs(r)...)
			}
			if _, err := t.exec(insertRecordsSQL(n), args...); err != nil {
				if isKeyTaken(err) {
					if r := takenKey(t, rs[:n]); r != nil {
						return fmt.Errorf("sqlitestore: create order %q: record %d: key %q: %w: %w", r.OrderID, r.Seq, r.Key, workorder.ErrKeyReused, err)
					}
					return fmt.Errorf("sqlitestore: create batch: %w: %w", workorder.ErrKeyReused, err)
				}
				return fmt.Errorf("sqlitestore: create batch of orders %q to %q: %w", rs[0].OrderID, rs[n-1].OrderID, err)
			}
			rs = rs[n:]
		}
		return nil
	})
}

// takenKey returns the first of rs whose key another record of rs has
// before it or a stored record has, or nil: what a statement inserting
// rs failed on when it broke the keys' uniqueness.
func takenKey(t *wtx, rs []*workorder.Record) *workorder.Record {
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Key == "" {
			continue
		}
		if seen[r.Key] {
			return r
		}
		seen[r.Key] = true
		found := false
		err := t.readRow(`SELECT 1 FROM order_records WHERE step_key = ?`, []any{r.Key}, func([]driver.Value) error {
			found = true
			return nil
		})
		if err == nil && found {
			return r
		}
	}
	return nil
}

// batchRecords is the most records CreateBatch inserts in one statement;
// recordColumns is the arguments of one.
const (
	batchRecords  = 200
	recordColumns = 12
)

// insertRecordsFull is insertRecordsSQL(batchRecords), built once.
var insertRecordsFull = insertRecordRows(batchRecords)

// insertRecordsSQL returns insertRecordSQL for n rows.
func insertRecordsSQL(n int) string {
	if n == batchRecords {
		return insertRecordsFull
	}
	return insertRecordRows(n)
}

// insertRecordRows builds insertRecordSQL for n rows.
func insertRecordRows(n int) string {
	row := insertRecordSQL[strings.Index(insertRecordSQL, "VALUES ")+len("VALUES "):]
	return insertRecordSQL + strings.Repeat(", "+row, n-1)
}

// WithCacheSize sets how much of the database each connection keeps in
// memory, in bytes (used to the KiB); by default SQLite's 2 MiB. A
// city's indexes outgrow the default: a bulk load, or a writer that
// steps orders all over the file, reads and writes fewer pages with a
// cache of a few hundred MiB. bytes must be at least 64 KiB.
func WithCacheSize(bytes int64) Option {
	return func(o *options) error {
		if bytes < 64<<10 {
			return fmt.Errorf("WithCacheSize(%d): want 65536 or more", bytes)
		}
		o.cache = bytes >> 10
		return nil
	}
}
