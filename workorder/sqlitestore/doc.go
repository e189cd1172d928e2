// Package sqlitestore keeps work orders in a SQLite database file: the
// durable store for a hotline that runs on one machine. It uses a pure-Go
// SQLite (no cgo), in WAL mode, so reads go on while a step is written.
//
//	s, err := sqlitestore.Open(ctx, "/var/lib/hotline/orders.db")
//	if err != nil { ... }
//	defer s.Close()
//	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: cn.Calendar()})
//
// Open creates the file when missing and migrates its schema with the SQL
// files embedded in the package, recording each in the table
// schema_migrations; a database from a newer version is refused with
// ErrSchemaTooNew.
//
// # Schema
//
// Each order is one row of the table orders: its whole self as a JSON
// document in the order's public JSON form (column doc; see
// workorder.Order.MarshalJSON; documents of the first form, with "v": 1,
// are still read and are rewritten at the order's next step) beside copies of what the list filters select on,
// each indexed in the orders of lists, newest first (created, id) and by
// deadline (due, id): state, category, due, overdue and merged_into. The
// table order_index, kept by triggers, lists every order under its lead
// and assisting units and the regions that contain its own, so that a
// page by cursor reads only its own rows (see docs/scaling.md);
// board_counts keeps the counts of open orders for Counts. The audit trail is the
// table order_records, one row per step, keyed by order and sequence
// number; a trigger refuses to change a record. Times are Unix
// microseconds in UTC; states, steps and roles are their English keys.
//
// # Writes
//
// A step updates the order's row, provided its version is still the one
// the step was taken from, and appends its records, in one transaction:
// both are written or neither. A version that moved on gives
// workorder.ErrConflict, an unknown order workorder.ErrNotFound. Writes go
// through one connection and queue in Go; several processes sharing the
// file wait for each other's write lock up to the busy timeout. A context
// that ends during a write fails it and keeps nothing, but once the
// commit starts it runs to the end. A write that returns an error was not
// stored, except when the commit itself failed and left no transaction to
// roll back (an I/O error during the commit): then whether it was stored
// is unknown, and the error matches workorder.ErrOutcomeUnknown. Each
// record keeps its step's idempotency key (column step_key, under a
// unique index; NULL for records written before keys were kept), so the
// service settles such a write, or a step retried after the process was
// killed, by its key; a write whose key is taken fails with
// workorder.ErrKeyReused.
//
// # Alerts
//
// A store opened WithAlerts keeps each order's sla alerts in the table
// sla_alerts, written with every step as a Planner plans them
// (PolicyPlanner plans what a workorder.Service with Config.Watch would
// raise). A Monitor then raises them, with the service as its handler
// instead of Config.Watch: it holds nothing per order, so it is ready at
// once however many orders are open, and it claims due alerts in small
// batches, so that steps go on while it fires:
//
//	s, err := sqlitestore.Open(ctx, path, sqlitestore.WithAlerts(sqlitestore.PolicyPlanner(nil, cal)))
//	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: cal})
//	m, err := sqlitestore.NewMonitor(s, sqlitestore.MonitorConfig{Name: "node-1", Handler: svc, Workers: 4})
//	go m.Run(ctx)
package sqlitestore
