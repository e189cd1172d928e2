-- supervisions keeps the supervision orders (督办单) of
-- workorder.SupervisionStore: the record itself as JSON in doc, with the
-- columns the lists select on. The ladder's ids are derived from the
-- order, target and run, so that the primary key lets a step raised on
-- two nodes issue one order. IF NOT EXISTS lets a schema rolled back to
-- an earlier version by hand (as a test of older migrations does) migrate
-- again.
CREATE TABLE IF NOT EXISTS supervisions (
	id        text PRIMARY KEY,
	order_id  text NOT NULL,
	unit      text NOT NULL,
	issued_at timestamptz NOT NULL,
	open      boolean NOT NULL,
	version   bigint NOT NULL,
	doc       jsonb NOT NULL
);

CREATE INDEX IF NOT EXISTS supervisions_unit ON supervisions (unit, issued_at);
CREATE INDEX IF NOT EXISTS supervisions_order ON supervisions (order_id);

-- sanctions keeps the talks (约谈) and public criticisms (通报批评)
-- recorded against units.
CREATE TABLE IF NOT EXISTS sanctions (
	id         text PRIMARY KEY,
	unit       text NOT NULL,
	kind       smallint NOT NULL,
	decided_at timestamptz NOT NULL,
	doc        jsonb NOT NULL
);

CREATE INDEX IF NOT EXISTS sanctions_unit ON sanctions (unit, decided_at);
