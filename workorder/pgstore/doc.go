// Package pgstore keeps work orders in PostgreSQL: the durable store for a
// hotline that runs several application nodes on one database. It uses
// pgx and its connection pool.
//
//	s, err := pgstore.Open(ctx, "postgres://hotline@db.internal/hotline", pgstore.WithSchema("hotline"))
//	if err != nil { ... }
//	defer s.Close()
//	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: cn.Calendar()})
//
// Open migrates the schema with the SQL files embedded in the package, in
// one transaction under an advisory lock so that nodes starting together
// do not race, recording each in the table schema_migrations; a database
// from a newer version is refused with ErrSchemaTooNew.
//
// # Schema
//
// Each order is one row of the table orders: its whole self as a JSONB
// document in the order's public JSON form (column doc; see
// workorder.Order.MarshalJSON; documents of the first form, with "v": 1,
// are still read and are rewritten at the order's next step) beside copies of what the list filters select on,
// each indexed in the orders of lists, newest first (created, id) and by
// deadline (due, id): state, category, units, region (compared byte by
// byte), due, overdue and merged_into. The table order_index, kept by
// triggers, lists every order under its units and the regions that
// contain its own, so that a page by cursor reads only its own rows (see
// docs/scaling.md); board_counts keeps the counts of open orders for
// Counts. The audit trail is the table order_records, one row per step,
// keyed by order and sequence number, partitioned by month with
// WithMonthlyRecords; a trigger refuses to change a record. States,
// steps and roles are their English keys.
//
// # Concurrency
//
// A step is one statement: the order's row is updated only if its version
// is still the one the step was taken from (UPDATE … WHERE id = $1 AND
// version = $2), and the step's records are inserted only for the row so
// updated. Both happen or neither, in one round trip. When another node
// took a step first the update matches no row, nothing is written, and
// Update returns workorder.ErrConflict (workorder.ErrNotFound for an
// unknown order); workorder.Service then retries from a fresh read.
//
// Each record keeps its step's idempotency key (column step_key, under a
// unique index; NULL for records written before keys were kept), which
// RecordByKey looks up; a write whose key is taken fails as a whole with
// workorder.ErrKeyReused. A write that ends without the server's answer
// (the connection reset, closed or cut by a restart, a FATAL message as
// the server shuts down, a context that ended after the statement was
// sent) may have been committed: its error matches
// workorder.ErrOutcomeUnknown and wraps the driver's, and the service
// settles it by the step's key. Errors the server sent for the statement
// (it was rolled back), and failures to connect, are plain failures.
//
// A call whose context ends returns at once with an error matching the
// context's (context.Canceled or context.DeadlineExceeded). Its
// connection is closed, and its place in the pool is free again once the
// server has taken the request to cancel the statement (milliseconds),
// not when the statement ends, so cancelled calls do not keep others
// waiting. A server that missed the request stops when it next writes.
//
// # Alerts across nodes
//
// Opened WithAlerts, the store also keeps each open order's sla alerts in
// the table sla_alerts, rewritten by every step in the same statement. A
// Monitor on each node polls for due alerts and claims them for a lease
// in a short transaction (FOR UPDATE SKIP LOCKED, so nodes do not wait
// for each other), then raises them through its sla.Handler and marks
// them fired. Each alert is raised once however many nodes run; the
// handler may take steps on the alerted order; when a node stops between
// claiming and marking, another raises its alerts after the lease; and an
// alert whose handler fails stays unfired and is raised again after a
// growing wait (MonitorConfig.Backoff), so none is lost. PolicyPlanner
// plans the alerts a workorder.Service with Config.Watch raises: the
// order's targets and each assisting unit's own deadline.
package pgstore
