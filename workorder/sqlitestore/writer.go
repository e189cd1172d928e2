package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/hotline12345/hotline/workorder"
)

// writer is a store's one writing connection. It runs one transaction at a
// time, begun with BEGIN IMMEDIATE so that the write lock is taken at the
// start and what a transaction reads stays true until it commits. It keeps
// its statements prepared on the connection.
//
// It holds the connection itself rather than using database/sql's Tx,
// which would start a goroutine per transaction and could not prepare a
// statement while one is open. Its own statements (exec, and the reads of
// readRow) go to the driver's statements directly, through Conn.Raw,
// without database/sql's conversions and wrappers: 14 of an urge's 119
// allocations (BenchmarkStep).
type writer struct {
	db    *sql.DB
	mu    sync.Mutex // held for a whole transaction
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
	// raw holds the statements exec and readRow prepared on the driver's
	// connection, and args the arguments of the one running.
	raw  map[string]driver.Stmt
	args []driver.NamedValue
	// afterCommit, when set, is called after each commit; its error is
	// taken for the commit's. Tests use it to lose a commit's answer.
	afterCommit func() error
	// t and uncancelled are the transaction in progress, kept here so
	// that a transaction allocates neither.
	t, uncancelled wtx
}

// wtx is a transaction in progress on a writer.
type wtx struct {
	w   *writer
	ctx context.Context
}

// stmt returns query prepared on the writer's connection.
func (t *wtx) stmt(query string) (*sql.Stmt, error) {
	if st := t.w.stmts[query]; st != nil {
		return st, nil
	}
	st, err := t.w.conn.PrepareContext(t.ctx, query)
	if err != nil {
		return nil, err
	}
	t.w.stmts[query] = st
	return st, nil
}

// exec runs query with args, which database/sql would accept.
func (t *wtx) exec(query string, args ...any) (sql.Result, error) {
	var res driver.Result
	err := t.raw(query, args, func(st driver.Stmt, args []driver.NamedValue) error {
		var err error
		res, err = st.(driver.StmtExecContext).ExecContext(t.ctx, args)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// readRow runs query, a read, with args and calls scan with the columns
// of its first row as the driver gives them; it returns sql.ErrNoRows
// when there is none. A []byte among them stays valid after the call (a
// driver leaves the buffers it gave Next alone when the rows close) but
// must not be written to.
func (t *wtx) readRow(query string, args []any, scan func(cols []driver.Value) error) error {
	return t.raw(query, args, func(st driver.Stmt, args []driver.NamedValue) error {
		rows, err := st.(driver.StmtQueryContext).QueryContext(t.ctx, args)
		if err != nil {
			return err
		}
		var buf [4]driver.Value
		cols := buf[:len(rows.Columns())]
		if err := rows.Next(cols); err != nil {
			rows.Close()
			if err == io.EOF {
				return sql.ErrNoRows
			}
			return err
		}
		err = scan(cols)
		return cmp(rows.Close(), err)
	})
}

// raw calls fn with query prepared on the driver's connection and args
// converted as database/sql converts them.
func (t *wtx) raw(query string, args []any, fn func(st driver.Stmt, args []driver.NamedValue) error) error {
	var err error
	rerr := t.w.conn.Raw(func(dc any) error {
		st := t.w.raw[query]
		if st == nil {
			if st, err = dc.(driver.ConnPrepareContext).PrepareContext(t.ctx, query); err != nil {
				return nil
			}
			t.w.raw[query] = st
		}
		nv := t.w.args[:0]
		for i, a := range args {
			v, cerr := driverValue(a)
			if cerr != nil {
				err = fmt.Errorf("argument %d: %w", i+1, cerr)
				return nil
			}
			nv = append(nv, driver.NamedValue{Ordinal: i + 1, Value: v})
		}
		err = fn(st, nv)
		clear(nv)
		t.w.args = nv[:0]
		// The error goes to the caller, not to Raw, which would take
		// driver.ErrBadConn for a reason to close the connection while
		// the transaction still has to roll back on it.
		return nil
	})
	return cmp(rerr, err)
}

// driverValue converts an argument as database/sql does for a driver
// without a converter of its own.
func driverValue(a any) (driver.Value, error) {
	switch a.(type) {
	case nil, string, int64, []byte, float64, bool:
		return a, nil
	}
	if v, ok := a.(driver.Valuer); ok {
		return v.Value()
	}
	return driver.DefaultParameterConverter.ConvertValue(a)
}

func (t *wtx) queryRow(query string, args ...any) *sql.Row {
	st, err := t.stmt(query)
	if err != nil {
		// Unprepared, the query fails the same way, and its Row carries
		// the error to Scan.
		return t.w.conn.QueryRowContext(t.ctx, query, args...)
	}
	return st.QueryRowContext(t.ctx, args...)
}

// tx runs fn in a transaction and commits when fn returns nil; else, or
// when the commit fails, it rolls back and returns the error.
func (w *writer) tx(ctx context.Context, fn func(t *wtx) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.conn == nil {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return err
		}
		w.conn, w.stmts, w.raw = c, map[string]*sql.Stmt{}, map[string]driver.Stmt{}
	}
	// BEGIN and COMMIT run without ctx's deadline: the driver may report
	// ctx's error for a statement that ran, and then a caller would see a
	// begun transaction as not begun, or a committed step as failed and
	// take it again. Only the statements between them stop with ctx.
	// BEGIN waits at most the busy timeout for another process's lock.
	w.t, w.uncancelled = wtx{w: w, ctx: ctx}, wtx{w: w, ctx: ctx}
	if ctx.Done() != nil {
		w.uncancelled.ctx = context.WithoutCancel(ctx)
	}
	defer func() { w.t, w.uncancelled = wtx{}, wtx{} }()
	uncancelled := &w.uncancelled
	if _, err := uncancelled.exec("BEGIN IMMEDIATE"); err != nil {
		// Whether a transaction is open is unknown.
		w.drop()
		return err
	}
	err := fn(&w.t)
	committing := err == nil
	if committing {
		if _, err = uncancelled.exec("COMMIT"); err == nil && w.afterCommit != nil {
			err = w.afterCommit()
		}
		if err == nil {
			return nil
		}
	}
	// Roll back even when ctx is done. SQLite may have rolled back
	// already (an interrupted write does); when the rollback fails the
	// connection's state is unknown, so it is dropped for a new one.
	if _, rerr := w.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
		w.drop()
		// A failed commit that left no transaction to roll back was
		// either rolled back by SQLite (as an I/O error during the
		// commit does) or committed: which is unknown.
		if committing {
			return fmt.Errorf("commit: %w: %w", workorder.ErrOutcomeUnknown, err)
		}
	}
	return err
}

// tryRead runs fn on the writer's connection when no transaction holds
// it, and reports whether it did; else it returns at once and fn is not
// called. A read there finds in the connection's cache the pages the last
// writes wrote, where a reader's connection, whose cache SQLite empties
// whenever another connection commits, reads them again from the file.
func (w *writer) tryRead(ctx context.Context, fn func(t *wtx) error) (bool, error) {
	if !w.mu.TryLock() {
		return false, nil
	}
	defer w.mu.Unlock()
	if w.conn == nil {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return true, err
		}
		w.conn, w.stmts, w.raw = c, map[string]*sql.Stmt{}, map[string]driver.Stmt{}
	}
	w.t = wtx{w: w, ctx: ctx}
	defer func() { w.t = wtx{} }()
	return true, fn(&w.t)
}

// drop discards the connection; the next transaction opens a new one.
func (w *writer) drop() {
	for _, st := range w.stmts {
		st.Close()
	}
	w.closeRaw()
	// Returning ErrBadConn from Raw makes database/sql close the
	// connection instead of pooling it.
	_ = w.conn.Raw(func(any) error { return driver.ErrBadConn })
	w.conn.Close()
	w.conn, w.stmts, w.raw = nil, nil, nil
}

// closeRaw closes the statements prepared on the driver's connection.
func (w *writer) closeRaw() error {
	var errs []error
	_ = w.conn.Raw(func(any) error {
		for _, st := range w.raw {
			errs = append(errs, st.Close())
		}
		return nil
	})
	w.raw = nil
	return errors.Join(errs...)
}

// close releases the connection.
func (w *writer) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var errs []error
	for _, st := range w.stmts {
		errs = append(errs, st.Close())
	}
	if w.conn != nil {
		errs = append(errs, w.closeRaw(), w.conn.Close())
	}
	w.conn, w.stmts, w.raw = nil, nil, nil
	errs = append(errs, w.db.Close())
	return errors.Join(errs...)
}
