-- Orders, their audit trails and their pending sla alerts.
--
-- An order is kept whole in doc, a JSON document; the other columns copy
-- what the list filters select on. Enumerations are their English keys.
-- Ids and regions compare byte by byte (COLLATE "C"), so that lists come
-- in the same order on every server and a region is a range of paths.
CREATE TABLE orders (
	id          text COLLATE "C" PRIMARY KEY,
	version     bigint NOT NULL,
	state       text NOT NULL,
	category    text NOT NULL,
	urgency     text NOT NULL,
	lead        text NOT NULL,
	units       text[] NOT NULL,  -- the lead and assisting units
	region      text COLLATE "C" NOT NULL,
	due         timestamptz,      -- NULL when the order has no deadline
	overdue     boolean NOT NULL,
	merged_into text NOT NULL,
	created     timestamptz NOT NULL,
	updated     timestamptz NOT NULL,
	doc         jsonb NOT NULL
) WITH (fillfactor = 70); -- room for updates in place (HOT): most steps change no indexed column

CREATE INDEX orders_state ON orders (state);
CREATE INDEX orders_category ON orders (category);
CREATE INDEX orders_units ON orders USING gin (units);
CREATE INDEX orders_region ON orders (region);
CREATE INDEX orders_due ON orders (due) WHERE due IS NOT NULL;
CREATE INDEX orders_overdue ON orders (id) WHERE overdue;
CREATE INDEX orders_merged_into ON orders (merged_into) WHERE merged_into <> '';

-- order_records is the append-only audit trail: one row per step.
CREATE TABLE order_records (
	order_id   text COLLATE "C" NOT NULL REFERENCES orders (id),
	seq        bigint NOT NULL,
	at         timestamptz NOT NULL,
	role       text NOT NULL,
	actor      text NOT NULL,
	step       text NOT NULL,
	from_state text NOT NULL,
	to_state   text NOT NULL,
	remark     text NOT NULL,
	data       text NOT NULL,
	hash       bytea NOT NULL,
	PRIMARY KEY (order_id, seq)
);

CREATE FUNCTION order_records_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit records are immutable';
END
$$;

CREATE TRIGGER order_records_immutable BEFORE UPDATE ON order_records
	FOR EACH ROW EXECUTE FUNCTION order_records_immutable();

-- sla_alerts holds each order's warning and overdue alerts, one per
-- target and level. A step replaces the order's pending alerts (fired_at
-- NULL) with those of its new deadlines; a fired alert stays, so that it
-- is never raised twice. due_at is when the alert falls due, to the
-- second; claimed_by names the node that fired it; superseded is set on a
-- warning not raised because its overdue alert was due as well.
CREATE TABLE sla_alerts (
	order_id   text COLLATE "C" NOT NULL REFERENCES orders (id),
	target     text NOT NULL,
	level      text NOT NULL,
	due_at     timestamptz NOT NULL,
	claimed_by text,
	fired_at   timestamptz,
	superseded boolean NOT NULL DEFAULT false,
	PRIMARY KEY (order_id, target, level)
);

CREATE INDEX sla_alerts_due ON sla_alerts (due_at) WHERE fired_at IS NULL;
