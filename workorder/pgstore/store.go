package pgstore

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// Option changes how Open opens a store.
type Option func(*options) error

type options struct {
	schema   string
	planner  Planner
	maxConns int32
	monthly  bool // see WithMonthlyRecords
}

// WithSchema keeps the store's tables in the named schema, created when
// missing: every connection of the store gets it as its search_path. By
// default the server's search_path decides (usually "public").
func WithSchema(name string) Option {
	return func(o *options) error {
		if name == "" || strings.ContainsRune(name, 0) {
			return fmt.Errorf("WithSchema(%q): want a schema name", name)
		}
		o.schema = name
		return nil
	}
}

// WithAlerts makes every step keep the order's sla alerts in the table
// sla_alerts, in the step's transaction, as p plans them; a Monitor on any
// node then raises each alert once. A step whose plan fails fails. See
// PolicyPlanner.
func WithAlerts(p Planner) Option {
	return func(o *options) error {
		if p == nil {
			return errors.New("WithAlerts(nil): want a planner")
		}
		o.planner = p
		return nil
	}
}

// WithMaxConns sets the largest number of connections the store opens; by
// default that of the DSN's pool_max_conns, else pgxpool's (the larger of
// 4 and the number of CPUs). With durable commits a step holds its
// connection while the server flushes the commit to disk, and the server
// flushes together only the commits waiting at that moment: to take n
// steps at once, give the store n connections or more.
func WithMaxConns(n int) Option {
	return func(o *options) error {
		if n < 1 || n > 1<<20 {
			return fmt.Errorf("WithMaxConns(%d): want 1 or more", n)
		}
		o.maxConns = int32(n)
		return nil
	}
}

// Store is a workorder.Store in a PostgreSQL database, shared by any
// number of application nodes. A step and its audit records (and, with
// WithAlerts, the order's alerts) are written by one statement, so in one
// transaction, guarded by the order's version. Create it with Open and
// release it with Close; the zero value is not usable. A Store is safe for
// concurrent use.
type Store struct {
	pool    *pgxpool.Pool
	planner Planner
	// stepKeys is set when the records' step keys are kept in a table of
	// their own, as when the records are partitioned (WithMonthlyRecords).
	stepKeys bool
}

var _ workorder.Store = (*Store)(nil)

// Open connects to the database named by dsn, a URL
// ("postgres://user@host/db?sslmode=disable") or key=value string as
// pgx accepts, and migrates the schema to the current version. Errors from
// bad options or DSN match workorder.ErrInvalidArgument; a schema newer
// than this package knows matches ErrSchemaTooNew.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstore: open: %w: %w", err, workorder.ErrInvalidArgument)
	}
	return OpenConfig(ctx, cfg, opts...)
}

// OpenConfig is Open for a pool configuration built by the caller, for
// settings a DSN cannot carry (TLS, tracing, hooks). The store owns the
// pool it creates from cfg; cfg is not changed, but the store's copy
// adds to its BeforeClose, so that a call whose context ends frees its
// connection at once (see the package documentation).
func OpenConfig(ctx context.Context, cfg *pgxpool.Config, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("pgstore: open: %w: %w", err, workorder.ErrInvalidArgument)
		}
	}
	cfg = cfg.Copy()
	before := cfg.BeforeClose
	cfg.BeforeClose = func(c *pgx.Conn) {
		if before != nil {
			before(c)
		}
		cutDropped(c)
	}
	if o.schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.schema}.Sanitize()
	}
	if o.maxConns > 0 {
		cfg.MaxConns = o.maxConns
		cfg.MinConns = min(cfg.MinConns, o.maxConns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: open: %w", err)
	}
	s := &Store{pool: pool, planner: o.planner}
	if err := migrate(ctx, pool, o.schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: open: %w", err)
	}
	if o.monthly {
		if err := s.partitionRecords(ctx, o.schema, time.Now()); err != nil {
			pool.Close()
			return nil, fmt.Errorf("pgstore: open: %w", err)
		}
	}
	// Another node may have partitioned the records.
	if err := pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, stepKeysTable).Scan(&s.stepKeys); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: open: %w", err)
	}
	return s, nil
}

// cutDropped closes at once the socket of a connection pgx has dropped,
// so that its place in the pool is free without waiting for the server.
//
// pgx drops the connection of a call whose context ends, asks the server
// to cancel the statement and then, politely, reads what the server still
// sends until the server closes its end; the pool keeps the connection's
// place meanwhile. A server that missed the cancel request (one that
// comes while the server is still reading the statement is ignored)
// sends the whole result first: after cancelled lists the next call
// waited up to 15 s for a connection. Cut, the server stops at its next
// write. A connection pgx has not dropped is closed politely, as usual.
func cutDropped(c *pgx.Conn) {
	if !c.IsClosed() {
		return
	}
	nc := c.PgConn().Conn()
	if t, ok := nc.(*tls.Conn); ok {
		nc = t.NetConn() // a TLS close would write to the socket first
	}
	nc.Close()
}

// Close closes the store's connections, waiting for the calls that hold
// one to finish. Later calls fail.
func (s *Store) Close() { s.pool.Close() }

// The statements of writes. An order's row and its records (and alerts)
// are written by one statement: the order's update or insert is a data
// modifying WITH, and the records are inserted only for the row it
// returns, so a version that moved on writes nothing at all.
const (
	updateOrderSQL = `WITH u AS (
	UPDATE orders SET version = $3, state = $4, category = $5, urgency = $6, lead = $7, units = $8,
		region = $9, due = $10, overdue = $11, merged_into = $12, created = $13, updated = $14, doc = $15,
		joint = $16, repeated = $17, repeat_key = $18, hotspot_keys = $19::jsonb
	WHERE id = $1 AND version = $2
	RETURNING id
)`
	// A create expects version 0 ($2).
	insertOrderSQL = `WITH u AS (
	INSERT INTO orders (id, version, state, category, urgency, lead, units, region, due, overdue,
		merged_into, created, updated, doc, joint, repeated, repeat_key, hotspot_keys)
	SELECT $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::jsonb WHERE $2::bigint = 0
	ON CONFLICT (id) DO NOTHING
	RETURNING id
)`
	alertsSQL = `, stale AS (
	DELETE FROM sla_alerts a USING u
	WHERE a.order_id = u.id AND a.fired_at IS NULL
		AND (a.target, a.level) NOT IN (SELECT * FROM unnest($31::text[], $32::text[]))
), fresh AS (
	INSERT INTO sla_alerts (order_id, target, level, due_at)
	SELECT u.id, n.* FROM u, unnest($31::text[], $32::text[], $33::timestamptz[]) AS n
	ON CONFLICT (order_id, target, level) DO UPDATE SET due_at = EXCLUDED.due_at, claimed_by = NULL, claimed_at = NULL,
		failures = 0, retry_at = NULL
	WHERE sla_alerts.fired_at IS NULL AND sla_alerts.due_at <> EXCLUDED.due_at
)`
	insertRecordsSQL = `
INSERT INTO order_records (order_id, seq, at, role, actor, step, from_state, to_state, remark, data, hash, step_key)
SELECT u.id, r.seq, r.at, r.role, r.actor, r.step, r.from_state, r.to_state, r.remark, r.data, r.hash, NULLIF(r.step_key, '')
FROM u, unnest($20::bigint[], $21::timestamptz[], $22::text[], $23::text[], $24::text[],
	$25::text[], $26::text[], $27::text[], $28::text[], $29::bytea[], $30::text[])
	AS r (seq, at, role, actor, step, from_state, to_state, remark, data, hash, step_key)`
	// insertRecordSQL inserts one record from the same parameters, each
	// a value rather than an array. Most steps write one record, and
	// pgx encodes a value without the allocations an array costs (about
	// 40 of a step's 140).
	insertRecordSQL = `
INSERT INTO order_records (order_id, seq, at, role, actor, step, from_state, to_state, remark, data, hash, step_key)
SELECT u.id, $20::bigint, $21::timestamptz, $22::text, $23::text, $24::text, $25::text, $26::text, $27::text,
	$28::text, $29::bytea, NULLIF($30::text, '') FROM u`
)

// writeSQL holds the statements of write by operation (create, update),
// alerts (without, with) and records (any number, exactly one).
var writeSQL = [2][2][2]string{
	{
		{insertOrderSQL + insertRecordsSQL, insertOrderSQL + insertRecordSQL},
		{insertOrderSQL + alertsSQL + insertRecordsSQL, insertOrderSQL + alertsSQL + insertRecordSQL},
	},
	{
		{updateOrderSQL + insertRecordsSQL, updateOrderSQL + insertRecordSQL},
		{updateOrderSQL + alertsSQL + insertRecordsSQL, updateOrderSQL + alertsSQL + insertRecordSQL},
	},
}

// Create implements workorder.Store.
func (s *Store) Create(ctx context.Context, o *workorder.Order, records []workorder.Record) error {
	if err := sqldoc.CheckWrite("pgstore", "create", o, 0, records); err != nil {
		return err
	}
	n, err := s.write(ctx, 0, o, 0, records)
	switch {
	case err != nil:
		return fmt.Errorf("pgstore: create order %q: %w", o.ID, withCtx(ctx, err))
	case n == 0:
		return fmt.Errorf("pgstore: create order %q: exists: %w", o.ID, workorder.ErrConflict)
	}
	return nil
}

// Update implements workorder.Store.
func (s *Store) Update(ctx context.Context, o *workorder.Order, expected int64, records []workorder.Record) error {
	if err := sqldoc.CheckWrite("pgstore", "update", o, expected, records); err != nil {
		return err
	}
	n, err := s.write(ctx, 1, o, expected, records)
	if err != nil {
		return fmt.Errorf("pgstore: update order %q: %w", o.ID, withCtx(ctx, err))
	}
	if n > 0 {
		return nil
	}
	// Nothing written: tell an unknown order from a version that moved on.
	// Orders are never deleted, so a row found now existed then.
	var v int64
	switch err := s.pool.QueryRow(ctx, `SELECT version FROM orders WHERE id = $1`, o.ID).Scan(&v); {
	case errors.Is(err, pgx.ErrNoRows):
		return workorder.NotFound(o.ID)
	case err != nil:
		return fmt.Errorf("pgstore: update order %q: %w", o.ID, withCtx(ctx, err))
	}
	return fmt.Errorf("pgstore: update order %q: version %d, expected %d: %w", o.ID, v, expected, workorder.ErrConflict)
}

// appendOrderValues appends o's column values after its id, as the
// statements of write and the COPY of CreateBatch take them: version,
// state, category, urgency, lead, units, region, due (nil for none),
// overdue, merged_into, created, updated, doc, joint, repeated,
// repeat_key and the hotspot keys as JSON text.
func appendOrderValues(dst []any, o *workorder.Order) ([]any, error) {
	doc, err := sqldoc.Marshal(o)
	if err != nil {
		return dst, err
	}
	var due any
	if !o.Due.IsZero() {
		due = o.Due
	}
	joint, repeat, key := sqldoc.Routed(o)
	hot, err := sqldoc.HotspotKeys(o)
	if err != nil {
		return dst, err
	}
	return append(dst, o.Version, sqldoc.StateName(o.State), string(o.Category), string(o.Urgency), o.Lead,
		sqldoc.Units(o), o.Location.Region, due, o.Overdue, o.MergedInto, o.Created, o.Updated, doc,
		joint, repeat, key, hot), nil
}

// write runs the create (op 0) or update (op 1) statement and returns the
// number of records written: len(records), or 0 when the order was not.
func (s *Store) write(ctx context.Context, op int, o *workorder.Order, expected int64, records []workorder.Record) (int64, error) {
	args, err := appendOrderValues(append(make([]any, 0, 32), o.ID, expected), o)
	if err != nil {
		return 0, err
	}
	n := len(records)
	one := 0
	if n == 1 {
		r := &records[0]
		args = append(args, r.Seq, r.At, sqldoc.RoleName(r.Actor.Role), r.Actor.ID, sqldoc.StepName(r.Step),
			sqldoc.StateName(r.From), sqldoc.StateName(r.To), r.Remark, r.Data, r.Hash[:], r.Key)
		one = 1
	} else {
		seq, at, hash := make([]int64, n), make([]time.Time, n), make([][]byte, n)
		text := make([]string, 8*n)
		role, actor, step, from, to, remark, data, skey := text[:n], text[n:2*n], text[2*n:3*n], text[3*n:4*n], text[4*n:5*n], text[5*n:6*n], text[6*n:7*n], text[7*n:]
		for i := range records {
			r := &records[i]
			seq[i], at[i], hash[i] = r.Seq, r.At, r.Hash[:]
			role[i], actor[i], step[i] = sqldoc.RoleName(r.Actor.Role), r.Actor.ID, sqldoc.StepName(r.Step)
			from[i], to[i], remark[i], data[i], skey[i] = sqldoc.StateName(r.From), sqldoc.StateName(r.To), r.Remark, r.Data, r.Key
		}
		args = append(args, seq, at, role, actor, step, from, to, remark, data, hash, skey)
	}
	query := writeSQL[op][0][one]
	if s.planner != nil {
		results, err := s.planner.Plan(o)
		if err != nil {
			return 0, fmt.Errorf("plan alerts: %w", err)
		}
		targets, levels, dues := planAlerts(results)
		args = append(args, targets, levels, dues)
		query = writeSQL[op][1][one]
	}
	// A connection is taken first, so that a call whose context ended, or
	// that found the pool busy until it did, is known not to have sent
	// anything: its error is not one of unknown outcome.
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	tag, err := conn.Exec(ctx, query, args...)
	if err != nil {
		return 0, writeError(err)
	}
	if got := tag.RowsAffected(); got != 0 && got != int64(n) {
		return 0, fmt.Errorf("wrote %d records of %d", got, n)
	}
	return tag.RowsAffected(), nil
}

// Get implements workorder.Store.
func (s *Store) Get(ctx context.Context, id string) (*workorder.Order, error) {
	if nul(id) {
		return nil, workorder.NotFound(id)
	}
	var doc []byte
	switch err := s.pool.QueryRow(ctx, `SELECT doc FROM orders WHERE id = $1`, id).Scan(&doc); {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, workorder.NotFound(id)
	case err != nil:
		return nil, fmt.Errorf("pgstore: get order %q: %w", id, withCtx(ctx, err))
	}
	o, err := sqldoc.Unmarshal(doc)
	if err != nil {
		return nil, fmt.Errorf("pgstore: get order %q: %w", id, err)
	}
	return o, nil
}

// History implements workorder.Store.
func (s *Store) History(ctx context.Context, id string) ([]workorder.Record, error) {
	if nul(id) {
		return nil, workorder.NotFound(id)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+recordCols+` FROM order_records WHERE order_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("pgstore: history of order %q: %w", id, withCtx(ctx, err))
	}
	defer rows.Close()
	var out []workorder.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("pgstore: history of order %q: %w", id, withCtx(ctx, err))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: history of order %q: %w", id, withCtx(ctx, err))
	}
	if len(out) == 0 {
		return nil, workorder.NotFound(id)
	}
	return out, nil
}

// recordCols are the columns a record is read from, in scanRecord's order.
const recordCols = `order_id, seq, at, role, actor, step, from_state, to_state, remark, data, hash, COALESCE(step_key, '')`

// scanRecord reads a record from the columns recordCols names.
func scanRecord(row pgx.Row) (workorder.Record, error) {
	var r workorder.Record
	var role, step, from, to string
	var hash []byte
	if err := row.Scan(&r.OrderID, &r.Seq, &r.At, &role, &r.Actor.ID, &step, &from, &to, &r.Remark, &r.Data, &hash, &r.Key); err != nil {
		return r, err
	}
	r.At = r.At.UTC()
	if err := sqldoc.DecodeRecord(&r, role, step, from, to, hash); err != nil {
		return r, fmt.Errorf("record %d: %w", r.Seq, err)
	}
	return r, nil
}

// RecordByKey implements workorder.Store, from the unique index on the
// records' keys.
func (s *Store) RecordByKey(ctx context.Context, key string) (workorder.Record, error) {
	if key == "" || nul(key) {
		return workorder.Record{}, fmt.Errorf("pgstore: record of key %q: %w", key, workorder.ErrNotFound)
	}
	q := `SELECT ` + recordCols + ` FROM order_records WHERE step_key = $1`
	if s.stepKeys {
		// Partitioned by month: the key table says which record, and its
		// instant which partition.
		q = `SELECT ` + recordCols + ` FROM order_records
			WHERE (order_id, seq, at) = (SELECT order_id, seq, at FROM order_step_keys WHERE step_key = $1)`
	}
	r, err := scanRecord(s.pool.QueryRow(ctx, q, key))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return workorder.Record{}, fmt.Errorf("pgstore: record of key %q: %w", key, workorder.ErrNotFound)
	case err != nil:
		return workorder.Record{}, fmt.Errorf("pgstore: record of key %q: %w", key, withCtx(ctx, err))
	}
	return r, nil
}

// recentSQL is the query of Recent. The index covers orders with a key
// only; the first term tells the planner so.
const recentSQL = `SELECT id, created FROM orders
	WHERE repeat_key <> '' AND repeat_key = $1 AND created > $2 AND created <= $3 ORDER BY created, id`

// Recent implements workorder.Store, from the index on (repeat_key,
// created), so every node sharing the database sees every node's orders.
func (s *Store) Recent(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.seen(ctx, "recent", recentSQL, key, since, until, false)
}

// groupSQL is the query of RecentGroup, from the primary key of
// order_keys, with each order's units; raisedSQL that of RecentAlerts,
// from the index of the orders that raised an alert.
const (
	groupSQL = `SELECT k.order_id, k.created, o.units FROM order_keys k JOIN orders o ON o.id = k.order_id
	WHERE k.key = $1 AND k.created > $2 AND k.created <= $3 ORDER BY k.created, k.order_id`
	raisedSQL = `SELECT order_id, created FROM order_keys
	WHERE raised AND key = $1 AND created > $2 AND created <= $3 ORDER BY created, order_id`
)

// RecentGroup implements workorder.Store, from the order_keys table,
// indexed by (key, created), so every node sharing the database counts
// every node's orders.
func (s *Store) RecentGroup(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.seen(ctx, "recent group", groupSQL, key, since, until, true)
}

// RecentAlerts implements workorder.Store, from the index of order_keys
// that raised an alert.
func (s *Store) RecentAlerts(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.seen(ctx, "recent alerts", raisedSQL, key, since, until, false)
}

// seen runs q, which selects the orders of key created in (since, until]
// as id, created and, when units is set, the units column.
func (s *Store) seen(ctx context.Context, op, q, key string, since, until time.Time, units bool) ([]routing.Seen, error) {
	out := []routing.Seen{}
	if key == "" || nul(key) {
		return out, ctx.Err()
	}
	// The server keeps microseconds and would round the bounds; an instant
	// it keeps is after since, or not after until, exactly when it is so
	// for the bound truncated to the microsecond.
	rows, err := s.pool.Query(ctx, q, key, since.Truncate(time.Microsecond), until.Truncate(time.Microsecond))
	if err != nil {
		return nil, fmt.Errorf("pgstore: %s: %w", op, withCtx(ctx, err))
	}
	defer rows.Close()
	var x routing.Seen
	dst := []any{&x.ID, &x.At, &x.Units}
	if !units {
		dst = dst[:2]
	}
	for rows.Next() {
		x = routing.Seen{}
		if err := rows.Scan(dst...); err != nil {
			return nil, fmt.Errorf("pgstore: %s: %w", op, withCtx(ctx, err))
		}
		x.At = x.At.UTC()
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: %s: %w", op, withCtx(ctx, err))
	}
	return out, nil
}

// List implements workorder.Store. Newest first and by deadline, every
// filter's page reads an index already in that order: (state, created,
// id) and the like on orders, or order_index for units and regions (see
// sqldoc.ListQuery), so a page by cursor costs the same at any depth. Ids
// compare byte by byte.
func (s *Store) List(ctx context.Context, f workorder.Filter) ([]*workorder.Order, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	if nul(f.Unit, string(f.Category), f.Region, f.MergedInto) {
		return []*workorder.Order{}, ctx.Err()
	}
	if f.After != nil && nul(f.After.ID) {
		return nil, fmt.Errorf("pgstore: list: cursor id %q holds a NUL: %w", f.After.ID, workorder.ErrInvalidArgument)
	}
	query, args := sqldoc.ListQuery(&f, pgList)
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list: %w", withCtx(ctx, err))
	}
	defer rows.Close()
	out := []*workorder.Order{}
	// Once ctx is done, what pgx has buffered is not decoded.
	for ctx.Err() == nil && rows.Next() {
		o, err := sqldoc.Unmarshal(rows.RawValues()[0])
		if err != nil {
			return nil, fmt.Errorf("pgstore: list: %w", err)
		}
		out = append(out, o)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgstore: list: %w", withCtx(ctx, err))
	}
	return out, nil
}

// withCtx returns err, a failure of a call under ctx, and ctx's error with
// it when ctx is done, so that the caller can tell a cancelled call from
// a failed one whichever way the driver reports it.
func withCtx(ctx context.Context, err error) error {
	if c := ctx.Err(); c != nil && !errors.Is(err, c) {
		return fmt.Errorf("%w: %w", c, err)
	}
	return err
}

// nul reports whether any of ss holds a NUL (U+0000). The server refuses
// one in a text parameter, and no order holds one (workorder refuses it),
// so a lookup naming one finds nothing without asking.
func nul(ss ...string) bool {
	for _, s := range ss {
		if strings.IndexByte(s, 0) >= 0 {
			return true
		}
	}
	return false
}

// pgList is what sqldoc.ListQuery needs to know of PostgreSQL. The
// document is selected as text so that its raw value is the JSON.
var pgList = sqldoc.Dialect{
	Param:     func(n int) string { return "$" + strconv.Itoa(n) },
	Time:      func(t time.Time) any { return t },
	Doc:       "o.doc::text",
	NoLimit:   nil,
	Unindexed: func(col string) string { return col },
	Fixed:     func(col, p string) string { return col + " >= " + p + " AND " + col + " <= " + p },
}
