package sqlitestore

import (
	"context"
	"fmt"

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
			for j := 0; err == nil && j < len(records[i]); j++ {
				r := &records[i][j]
				_, err = t.exec(insertRecordSQL, recordArgs(r)...)
			}
			if err != nil {
				return fmt.Errorf("sqlitestore: create order %q: %w", o.ID, err)
			}
		}
		return nil
	})
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
