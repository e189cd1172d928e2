-- sla_alerts holds each order's warning and overdue alerts, one per target
-- and level, for stores opened WithAlerts. A step replaces the order's
-- pending alerts (fired_at NULL) with those of its new deadlines; a fired
-- alert stays, so that it is never raised twice. Times are Unix
-- microseconds: due_at is when the alert falls due (a whole second);
-- claimed_at is when the monitor named in claimed_by claimed it, by that
-- monitor's clock; a claim older than the monitor's lease has lapsed.
-- failures counts the handler's failures, and retry_at keeps a failed
-- alert from being claimed again before it. superseded is set on a
-- warning not raised because its overdue alert was due as well.
CREATE TABLE sla_alerts (
	order_id   TEXT NOT NULL REFERENCES orders (id),
	target     TEXT NOT NULL,
	level      TEXT NOT NULL,
	due_at     INTEGER NOT NULL,
	claimed_by TEXT,
	claimed_at INTEGER,
	fired_at   INTEGER,
	superseded INTEGER NOT NULL DEFAULT 0,
	failures   INTEGER NOT NULL DEFAULT 0,
	retry_at   INTEGER,
	PRIMARY KEY (order_id, target, level)
) WITHOUT ROWID;

CREATE INDEX sla_alerts_due ON sla_alerts (due_at) WHERE fired_at IS NULL;
