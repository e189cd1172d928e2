package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
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
// statement while one is open.
type writer struct {
	db    *sql.DB
	mu    sync.Mutex // held for a whole transaction
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
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

func (t *wtx) exec(query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(t.ctx, args...)
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
		w.conn, w.stmts = c, map[string]*sql.Stmt{}
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

// drop discards the connection; the next transaction opens a new one.
func (w *writer) drop() {
	for _, st := range w.stmts {
		st.Close()
	}
	// Returning ErrBadConn from Raw makes database/sql close the
	// connection instead of pooling it.
	_ = w.conn.Raw(func(any) error { return driver.ErrBadConn })
	w.conn.Close()
	w.conn, w.stmts = nil, nil
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
		errs = append(errs, w.conn.Close())
	}
	w.conn, w.stmts = nil, nil
	errs = append(errs, w.db.Close())
	return errors.Join(errs...)
}
