package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/internal/sqldoc"
)

// Defaults for the options of Open.
const (
	// BusyTimeoutDefault is how long a write waits for another process
	// holding the database's write lock before failing.
	BusyTimeoutDefault = 5 * time.Second
	// ReadersDefault is the number of connections reads share.
	ReadersDefault = 4
)

// Option changes how Open opens a store.
type Option func(*options) error

type options struct {
	busy    time.Duration
	readers int
	full    bool
	planner Planner // see WithAlerts
	cache   int64   // KiB per connection; 0: SQLite's default
}

// WithBusyTimeout sets how long a write waits for the write lock held by
// another process (or another Store on the same file) before failing; the
// default is BusyTimeoutDefault. Within one Store writes queue in Go and do
// not need it. d must be positive and is used to the millisecond.
func WithBusyTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d < time.Millisecond {
			return fmt.Errorf("WithBusyTimeout(%v): want 1ms or more", d)
		}
		o.busy = d
		return nil
	}
}

// WithReaders sets the number of connections reads share; the default is
// ReadersDefault. n must be at least 1.
func WithReaders(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("WithReaders(%d): want 1 or more", n)
		}
		o.readers = n
		return nil
	}
}

// WithFullSync makes every commit wait until the write-ahead log is
// flushed to disk (synchronous=FULL). By default (synchronous=NORMAL) a
// committed step survives a crash of the process but the last ones may be
// lost when the machine loses power.
func WithFullSync() Option {
	return func(o *options) error {
		o.full = true
		return nil
	}
}

// Store is a workorder.Store in a SQLite database file, in WAL mode: reads
// run on a small pool of connections while one connection writes (a Get
// runs on the writing connection when no write holds it, which has the
// pages the last steps wrote in its cache). A step and its audit records
// are written in one transaction. Create it with Open and release it with
// Close; the zero value is not usable. A Store is safe for concurrent use,
// and several Stores or processes may share one file (writes then wait
// for each other up to the busy timeout).
type Store struct {
	w *writer
	r *sql.DB // read-only connections

	getOrder, getHistory, getRecent, getGroup, getAlerts, getKey *sql.Stmt // on r

	// failAfterOrder, when set, is called inside a write transaction
	// after the order row is written and before its records are; an
	// error aborts the transaction. Tests use it to break a write midway.
	failAfterOrder func(t *wtx, id string) error

	cols colCache // filter columns of the orders written lately

	planner Planner // nil unless WithAlerts
}

var _ workorder.Store = (*Store)(nil)

// Open opens the store in the SQLite database at path, creating the file
// and migrating its schema to the current version as needed. path is a
// file name or a "file:" URI; an in-memory database is refused (use
// workorder.NewMemStore). Errors from bad options or path match
// workorder.ErrInvalidArgument; a database whose schema is newer than this
// package knows matches ErrSchemaTooNew.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	o := options{busy: BusyTimeoutDefault, readers: ReadersDefault}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("sqlitestore: open %q: %w: %w", path, err, workorder.ErrInvalidArgument)
		}
	}
	base, err := fileURI(path)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %q: %w: %w", path, err, workorder.ErrInvalidArgument)
	}
	sync := "NORMAL"
	if o.full {
		sync = "FULL"
	}
	common := "_pragma=busy_timeout(" + strconv.FormatInt(o.busy.Milliseconds(), 10) + ")&_pragma=foreign_keys(1)"
	if o.cache > 0 {
		common += "&_pragma=cache_size(-" + strconv.FormatInt(o.cache, 10) + ")"
	}
	w, err := sql.Open("sqlite", base+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous("+sync+")&_pragma=temp_store(2)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: open %q: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: open %q: %w", path, err)
	}
	s := &Store{w: &writer{db: w}, planner: o.planner}
	s.r, err = sql.Open("sqlite", base+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlitestore: open %q: %w", path, err)
	}
	s.r.SetMaxOpenConns(o.readers)
	s.r.SetMaxIdleConns(o.readers)
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlitestore: open %q: %w", path, err)
	}
	return s, nil
}

// fileURI turns path into a "file:" URI ending in '?' or '&', ready for
// the driver's parameters.
func fileURI(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	uri := path
	if !strings.HasPrefix(path, "file:") {
		if path == ":memory:" {
			return "", errors.New("in-memory database (use workorder.NewMemStore)")
		}
		uri = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	rest, query, _ := strings.Cut(uri, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", err
	}
	if rest == "file::memory:" || q.Get("mode") == "memory" {
		return "", errors.New("in-memory database (use workorder.NewMemStore)")
	}
	if query == "" {
		return rest + "?", nil
	}
	return uri + "&", nil
}

func (s *Store) prepare(ctx context.Context) error {
	var err error
	if s.getOrder, err = s.r.PrepareContext(ctx, getOrderSQL); err != nil {
		return err
	}
	if s.getHistory, err = s.r.PrepareContext(ctx, `SELECT `+recordCols+` FROM order_records
		WHERE order_id = ? ORDER BY seq`); err != nil {
		return err
	}
	if s.getKey, err = s.r.PrepareContext(ctx, `SELECT `+recordCols+` FROM order_records
		WHERE step_key = ?`); err != nil {
		return err
	}
	if s.getRecent, err = s.r.PrepareContext(ctx, recentSQL); err != nil {
		return err
	}
	if s.getGroup, err = s.r.PrepareContext(ctx, groupSQL); err != nil {
		return err
	}
	s.getAlerts, err = s.r.PrepareContext(ctx, alertsSQL)
	return err
}

// groupSQL is the query of RecentGroup, from the primary key of
// order_keys, with each order's units; alertsSQL that of RecentAlerts,
// from the index of the orders that raised an alert, named because the
// planner, knowing nothing of how few they are, would walk the whole
// group in the primary key instead.
const (
	groupSQL = `SELECT k.order_id, k.created, o.units FROM order_keys k JOIN orders o ON o.id = k.order_id
	WHERE k.key = ? AND k.created > ? AND k.created <= ? ORDER BY k.created, k.order_id`
	alertsSQL = `SELECT order_id, created FROM order_keys INDEXED BY order_keys_raised
	WHERE raised AND key = ? AND created > ? AND created <= ? ORDER BY created, order_id`
)

// recentSQL is the query of Recent. The index covers orders with a key
// only; the first term tells the planner so.
const recentSQL = `SELECT id, created FROM orders
	WHERE repeat_key <> '' AND repeat_key = ? AND created > ? AND created <= ? ORDER BY created, id`

// getOrderSQL reads an order's document.
const getOrderSQL = `SELECT doc FROM orders WHERE id = ?`

// The statements of writes.
var (
	insertOrderSQL = `INSERT INTO orders (id, version, created, updated, doc, ` + strings.Join(filterCols[:], ", ") +
		`) VALUES (?, ?, ?, ?, ?` + strings.Repeat(", ?", len(filterCols)) + `) ON CONFLICT (id) DO NOTHING`
	readChangedSQL  = `SELECT version, ` + changedTerms() + ` FROM orders WHERE id = ?`
	insertRecordSQL = `INSERT INTO order_records (order_id, seq, at, role, actor, step, from_state, to_state,
		remark, data, hash, step_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''))`
)

// recordArgs are the arguments of insertRecordSQL for r.
func recordArgs(r *workorder.Record) []any {
	return []any{r.OrderID, r.Seq, r.At.UnixMicro(), sqldoc.RoleName(r.Actor.Role),
		r.Actor.ID, sqldoc.StepName(r.Step), sqldoc.StateName(r.From), sqldoc.StateName(r.To),
		r.Remark, r.Data, r.Hash[:], r.Key}
}

// changedTerms returns the SQL of a mask with bit i set when
// filterCols[i] differs from the i-th argument.
func changedTerms() string {
	terms := make([]string, len(filterCols))
	for i, c := range filterCols {
		terms[i] = "((" + c + " IS NOT ?) << " + strconv.Itoa(i) + ")"
	}
	return strings.Join(terms, " | ")
}

// recordCols are the columns a record is read from, in scanRecord's order.
const recordCols = `order_id, seq, at, role, actor, step, from_state, to_state, remark, data, hash, COALESCE(step_key, '')`

// Close closes the database. Calls already running finish first; later
// calls fail.
func (s *Store) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlitestore: close: %w", err)
	}
	return nil
}

// filterCols are the columns of orders that copy what the list filters
// select on; filterValues returns an order's values for them.
var filterCols = [...]string{"state", "category", "urgency", "lead", "units", "region", "due", "overdue", "merged_into",
	"joint", "repeated", "repeat_key", "hotspot_keys", "regions", "level", "code"}

type colValues [len(filterCols)]any

// colMask is a set of filterCols: bit i for filterCols[i].
type colMask uint32

// filterValues returns o's values for filterCols, as the driver reads
// them back: strings, int64 and nil. A value equal to the one in prev (the
// columns committed last, or nil) is taken from prev rather than boxed
// anew: most steps change one or two columns, and the rest would cost an
// allocation each.
func filterValues(o *workorder.Order, prev *colValues) (colValues, error) {
	units, err := json.Marshal(sqldoc.Units(o))
	if err != nil {
		return colValues{}, err
	}
	joint, repeat, key := sqldoc.Routed(o)
	hot, err := sqldoc.HotspotKeys(o)
	if err != nil {
		return colValues{}, err
	}
	var c colValues
	for i, v := range [...]string{sqldoc.StateName(o.State), string(o.Category), string(o.Urgency), o.Lead} {
		c.setString(i, v, prev)
	}
	if p, ok := prev.at(4).(string); ok && p == string(units) {
		c[4] = prev[4]
	} else {
		c[4] = string(units)
	}
	c.setString(5, o.Location.Region, prev)
	c[6] = nil
	if !o.Due.IsZero() {
		c.setInt(6, o.Due.UnixMicro(), prev)
	}
	c[7] = flag(o.Overdue)
	c.setString(8, o.MergedInto, prev)
	c[9], c[10] = flag(joint), flag(repeat)
	c.setString(11, key, prev)
	c.setString(12, hot, prev)
	regions := "[]"
	if o.Location.Region != "" {
		b, err := json.Marshal(sqldoc.RegionPrefixes(o.Location.Region))
		if err != nil {
			return colValues{}, err
		}
		regions = string(b)
	}
	c.setString(13, regions, prev)
	c.setString(14, sqldoc.LevelName(o.Level), prev)
	c.setString(15, string(o.Code), prev)
	return c, nil
}

// at returns column i, or nil when c is nil.
func (c *colValues) at(i int) any {
	if c == nil {
		return nil
	}
	return c[i]
}

// setString sets column i to v, taken from prev when equal there.
func (c *colValues) setString(i int, v string, prev *colValues) {
	if p, ok := prev.at(i).(string); ok && p == v {
		c[i] = prev[i]
		return
	}
	c[i] = v
}

// setInt sets column i to v, taken from prev when equal there.
func (c *colValues) setInt(i int, v int64, prev *colValues) {
	if p, ok := prev.at(i).(int64); ok && p == v {
		c[i] = prev[i]
		return
	}
	c[i] = v
}

// flag is b as SQLite keeps a boolean.
func flag(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Create implements workorder.Store.
func (s *Store) Create(ctx context.Context, o *workorder.Order, records []workorder.Record) error {
	if err := sqldoc.CheckWrite("sqlitestore", "create", o, 0, records); err != nil {
		return err
	}
	cols, err := filterValues(o, nil)
	if err != nil {
		return fmt.Errorf("sqlitestore: create order %q: %w", o.ID, err)
	}
	doc, err := sqldoc.Marshal(o)
	if err != nil {
		return fmt.Errorf("sqlitestore: create order %q: %w", o.ID, err)
	}
	err = s.write(ctx, o.ID, records, func(t *wtx) error {
		args := append([]any{o.ID, o.Version, o.Created.UnixMicro(), o.Updated.UnixMicro(), doc}, cols[:]...)
		res, err := t.exec(insertOrderSQL, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp(err, fmt.Errorf("exists: %w", workorder.ErrConflict))
		}
		return s.writeAlerts(t, o, true)
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: create order %q: %w", o.ID, err)
	}
	s.cols.put(o.ID, o.Version, cols)
	return nil
}

// cmp returns err when it is set, else alt.
func cmp(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// Update implements workorder.Store.
func (s *Store) Update(ctx context.Context, o *workorder.Order, expected int64, records []workorder.Record) error {
	if err := sqldoc.CheckWrite("sqlitestore", "update", o, expected, records); err != nil {
		return err
	}
	// The columns committed at the expected version, when this store
	// wrote them last; else the transaction reads them.
	old, known := s.cols.get(o.ID, expected)
	cols, err := filterValues(o, &old)
	if err != nil {
		return fmt.Errorf("sqlitestore: update order %q: %w", o.ID, err)
	}
	doc, err := sqldoc.Marshal(o)
	if err != nil {
		return fmt.Errorf("sqlitestore: update order %q: %w", o.ID, err)
	}
	err = s.write(ctx, o.ID, records, func(t *wtx) error {
		// Write only the filter columns that changed: an unchanged column
		// leaves its index alone, so an urge writes two pages, not eight.
		// The transaction holds the write lock from its start, so what is
		// read here stays true until the commit.
		var changed colMask
		if known {
			for i := range cols {
				if old[i] != cols[i] {
					changed |= 1 << i
				}
			}
		} else {
			c, err := readChanged(t, o.ID, expected, cols)
			if err != nil {
				return err
			}
			changed = c
		}
		args := make([]any, 0, 5+len(cols))
		args = append(args, o.Version, o.Updated.UnixMicro(), doc)
		for i := range cols {
			if changed&(1<<i) != 0 {
				args = append(args, cols[i])
			}
		}
		if !known {
			if _, err := t.exec(updateSQL(changed, false), append(args, o.ID)...); err != nil {
				return err
			}
			return s.writeAlerts(t, o, false)
		}
		res, err := t.exec(updateSQL(changed, true), append(args, o.ID, expected)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			// Not at the expected version any more: say why.
			_, rerr := readChanged(t, o.ID, expected, cols)
			return cmp(err, cmp(rerr, errNotWritten))
		}
		return s.writeAlerts(t, o, false)
	})
	switch {
	case errors.Is(err, workorder.ErrNotFound):
		return workorder.NotFound(o.ID)
	case err != nil:
		return fmt.Errorf("sqlitestore: update order %q: %w", o.ID, err)
	}
	s.cols.put(o.ID, o.Version, cols)
	return nil
}

// errNotWritten reports an update that changed no row although the order
// was found at the expected version.
var errNotWritten = errors.New("order row not written")

// readChanged returns which of the filter columns of order id differ from
// cols (bit i for filterCols[i]), checking that the order is at version
// expected. SQLite compares them, so that only two integers come back
// rather than every column.
func readChanged(t *wtx, id string, expected int64, cols colValues) (colMask, error) {
	var version, changed int64
	var args [len(cols) + 1]any
	copy(args[:], cols[:])
	args[len(cols)] = id
	err := t.readRow(readChangedSQL, args[:], func(cols []driver.Value) error {
		var ok1, ok2 bool
		version, ok1 = cols[0].(int64)
		changed, ok2 = cols[1].(int64)
		if !ok1 || !ok2 {
			return fmt.Errorf("version and changed columns: %T and %T, want integers", cols[0], cols[1])
		}
		return nil
	})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, workorder.NotFound(id)
	case err != nil:
		return 0, err
	case version != expected:
		return 0, fmt.Errorf("version %d, expected %d: %w", version, expected, workorder.ErrConflict)
	}
	return colMask(changed), nil
}

// updateSQLs caches updateSQL's answers.
var updateSQLs sync.Map // colMask → string

// updateSQL returns the statement updating the version, times, document
// and the filter columns in changed (bit i for filterCols[i]) of the order
// with the id of the last argument; with versioned, of the order with the
// id of the last argument but one at the version of the last.
func updateSQL(changed colMask, versioned bool) string {
	key := changed
	if versioned {
		key |= 1 << 31
	}
	if q, ok := updateSQLs.Load(key); ok {
		return q.(string)
	}
	q := "UPDATE orders SET version = ?, updated = ?, doc = ?"
	for i, c := range filterCols {
		if changed&(1<<i) != 0 {
			q += ", " + c + " = ?"
		}
	}
	q += " WHERE id = ?"
	if versioned {
		q += " AND version = ?"
	}
	updateSQLs.Store(key, q)
	return q
}

// write runs writeOrder and appends records in one transaction.
func (s *Store) write(ctx context.Context, id string, records []workorder.Record, writeOrder func(t *wtx) error) error {
	return s.w.tx(ctx, func(t *wtx) error {
		if err := writeOrder(t); err != nil {
			return err
		}
		if s.failAfterOrder != nil {
			if err := s.failAfterOrder(t, id); err != nil {
				return err
			}
		}
		for i := range records {
			r := &records[i]
			if _, err := t.exec(insertRecordSQL, recordArgs(r)...); err != nil {
				if isKeyTaken(err) {
					return fmt.Errorf("record %d: key %q: %w: %w", r.Seq, r.Key, workorder.ErrKeyReused, err)
				}
				return fmt.Errorf("record %d: %w", r.Seq, err)
			}
		}
		return nil
	})
}

// Get implements workorder.Store. The document is decoded from the
// driver's buffer, not from a copy (sql.RawBytes).
func (s *Store) Get(ctx context.Context, id string) (*workorder.Order, error) {
	o, err := s.get(ctx, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, workorder.NotFound(id)
	case err != nil:
		return nil, fmt.Errorf("sqlitestore: get order %q: %w", id, err)
	}
	return o, nil
}

func (s *Store) get(ctx context.Context, id string) (*workorder.Order, error) {
	// On the writer's connection, when idle. The document is decoded after
	// the writer is let go: a driver leaves the buffers it gave Next alone
	// when the rows close (database/sql/driver, Rows.Next).
	var doc []byte
	ran, err := s.w.tryRead(ctx, func(t *wtx) error {
		return t.readRow(getOrderSQL, []any{id}, func(cols []driver.Value) error {
			switch v := cols[0].(type) {
			case []byte:
				doc = v
			case string: // written as text by another program
				doc = []byte(v)
			default:
				return fmt.Errorf("document of type %T", v)
			}
			return nil
		})
	})
	if ran {
		if err != nil {
			return nil, err
		}
		return sqldoc.Unmarshal(doc)
	}
	rows, err := s.getOrder.QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, cmp(rows.Err(), sql.ErrNoRows)
	}
	var raw sql.RawBytes
	if err := rows.Scan(&raw); err != nil {
		return nil, err
	}
	o, err := sqldoc.Unmarshal(raw)
	if err != nil {
		return nil, err
	}
	return o, rows.Close()
}

// History implements workorder.Store.
func (s *Store) History(ctx context.Context, id string) ([]workorder.Record, error) {
	rows, err := s.getHistory.QueryContext(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: history of order %q: %w", id, err)
	}
	defer rows.Close()
	var out []workorder.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlitestore: history of order %q: %w", id, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: history of order %q: %w", id, err)
	}
	if len(out) == 0 {
		return nil, workorder.NotFound(id)
	}
	return out, nil
}

// scanRecord reads a record from the columns recordCols names.
func scanRecord(row interface{ Scan(...any) error }) (workorder.Record, error) {
	var r workorder.Record
	var at int64
	var role, step, from, to string
	var hash []byte
	if err := row.Scan(&r.OrderID, &r.Seq, &at, &role, &r.Actor.ID, &step, &from, &to, &r.Remark, &r.Data, &hash, &r.Key); err != nil {
		return r, err
	}
	r.At = time.UnixMicro(at).UTC()
	if err := sqldoc.DecodeRecord(&r, role, step, from, to, hash); err != nil {
		return r, fmt.Errorf("record %d: %w", r.Seq, err)
	}
	return r, nil
}

// RecordByKey implements workorder.Store, from the unique index on the
// records' keys.
func (s *Store) RecordByKey(ctx context.Context, key string) (workorder.Record, error) {
	r, err := scanRecord(s.getKey.QueryRowContext(ctx, key))
	switch {
	case errors.Is(err, sql.ErrNoRows) || key == "":
		return workorder.Record{}, fmt.Errorf("sqlitestore: record of key %q: %w", key, workorder.ErrNotFound)
	case err != nil:
		return workorder.Record{}, fmt.Errorf("sqlitestore: record of key %q: %w", key, err)
	}
	return r, nil
}

// isKeyTaken reports whether err is the unique index on the records' keys
// refusing a key.
func isKeyTaken(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE &&
		strings.Contains(se.Error(), "order_records.step_key")
}

// Recent implements workorder.Store, from the index on (repeat_key,
// created).
func (s *Store) Recent(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.seen(ctx, "recent", s.getRecent, key, since, until, false)
}

// RecentGroup implements workorder.Store, from the order_keys table,
// indexed by (key, created).
func (s *Store) RecentGroup(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.seen(ctx, "recent group", s.getGroup, key, since, until, true)
}

// RecentAlerts implements workorder.Store, from the index of order_keys
// that raised an alert.
func (s *Store) RecentAlerts(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error) {
	return s.seen(ctx, "recent alerts", s.getAlerts, key, since, until, false)
}

// seen runs q, which selects the orders of key created in (since, until]
// as id, created and, when units is set, the units column.
func (s *Store) seen(ctx context.Context, op string, q *sql.Stmt, key string, since, until time.Time, units bool) ([]routing.Seen, error) {
	out := []routing.Seen{}
	if key == "" {
		return out, ctx.Err()
	}
	rows, err := q.QueryContext(ctx, key, since.UnixMicro(), until.UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
	}
	defer rows.Close()
	var x routing.Seen
	var at int64
	var us []byte
	dst := []any{&x.ID, &at, &us}
	if !units {
		dst = dst[:2]
	}
	for rows.Next() {
		x = routing.Seen{}
		if err := rows.Scan(dst...); err != nil {
			return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
		}
		if units {
			if err := json.Unmarshal(us, &x.Units); err != nil {
				return nil, fmt.Errorf("sqlitestore: %s: order %q: units: %w", op, x.ID, err)
			}
		}
		x.At = time.UnixMicro(at).UTC()
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
	}
	return out, nil
}

// List implements workorder.Store. Newest first and by deadline, every
// filter's page reads an index already in that order: (state, created,
// id) and the like on orders, or order_index for units and regions (see
// sqldoc.ListQuery), so a page by cursor costs the same at any depth.
func (s *Store) List(ctx context.Context, f workorder.Filter) ([]*workorder.Order, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("sqlitestore: %w", err)
	}
	query, args := sqldoc.ListQuery(&f, sqliteList)
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list: %w", err)
	}
	defer rows.Close()
	out := []*workorder.Order{}
	for rows.Next() {
		var doc sql.RawBytes
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlitestore: list: %w", err)
		}
		o, err := sqldoc.Unmarshal(doc)
		if err != nil {
			return nil, fmt.Errorf("sqlitestore: list: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list: %w", err)
	}
	return out, nil
}

// sqliteList is what sqldoc.ListQuery needs to know of SQLite.
var sqliteList = sqldoc.Dialect{
	Param:   func(int) string { return "?" },
	Time:    func(t time.Time) any { return t.UnixMicro() },
	Doc:     "o.doc",
	NoLimit: int64(-1),
	// A unary plus keeps SQLite's planner, which has no statistics,
	// from searching the column's index.
	Unindexed: func(col string) string { return "+" + col },
}
