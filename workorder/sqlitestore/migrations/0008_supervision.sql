-- supervisions keeps the supervision orders (督办单) of
-- workorder.SupervisionStore: the record itself as JSON in doc, with the
-- columns the lists select on; instants are Unix microseconds. sanctions
-- keeps the talks (约谈) and public criticisms (通报批评) recorded against
-- units. IF NOT EXISTS lets a database rolled back to an earlier version
-- by hand (as a test of older migrations does) migrate again.
CREATE TABLE IF NOT EXISTS supervisions (
	id        TEXT PRIMARY KEY,
	order_id  TEXT NOT NULL,
	unit      TEXT NOT NULL,
	issued_at INTEGER NOT NULL,
	open      INTEGER NOT NULL,
	version   INTEGER NOT NULL,
	doc       BLOB NOT NULL
);

CREATE INDEX IF NOT EXISTS supervisions_unit ON supervisions (unit, issued_at);
CREATE INDEX IF NOT EXISTS supervisions_order ON supervisions (order_id);

CREATE TABLE IF NOT EXISTS sanctions (
	id         TEXT PRIMARY KEY,
	unit       TEXT NOT NULL,
	kind       INTEGER NOT NULL,
	decided_at INTEGER NOT NULL,
	doc        BLOB NOT NULL
);

CREATE INDEX IF NOT EXISTS sanctions_unit ON sanctions (unit, decided_at);
