-- Orders, their audit trails and the index of the units they involve.
--
-- An order is kept whole in doc, a JSON document; the other columns copy
-- what the list filters select on. Times are Unix microseconds (UTC);
-- enumerations are their English keys.
CREATE TABLE orders (
	id          TEXT PRIMARY KEY NOT NULL,
	version     INTEGER NOT NULL,
	state       TEXT NOT NULL,
	category    TEXT NOT NULL,
	urgency     TEXT NOT NULL,
	lead        TEXT NOT NULL,
	units       TEXT NOT NULL,  -- JSON array: the lead and assisting units
	region      TEXT NOT NULL,
	due         INTEGER,        -- NULL when the order has no deadline
	overdue     INTEGER NOT NULL,
	merged_into TEXT NOT NULL,
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	doc         TEXT NOT NULL
);

CREATE INDEX orders_state ON orders (state);
CREATE INDEX orders_category ON orders (category);
CREATE INDEX orders_region ON orders (region);
CREATE INDEX orders_due ON orders (due) WHERE due IS NOT NULL;
CREATE INDEX orders_overdue ON orders (id) WHERE overdue;
CREATE INDEX orders_merged_into ON orders (merged_into) WHERE merged_into <> '';

-- order_units indexes orders by every unit they involve, for the Unit
-- filter; triggers keep it in step with orders.units.
CREATE TABLE order_units (
	unit     TEXT NOT NULL,
	order_id TEXT NOT NULL REFERENCES orders (id),
	PRIMARY KEY (unit, order_id)
) WITHOUT ROWID;

CREATE INDEX order_units_order ON order_units (order_id);

CREATE TRIGGER orders_units_insert AFTER INSERT ON orders BEGIN
	INSERT INTO order_units (unit, order_id) SELECT value, NEW.id FROM json_each(NEW.units);
END;

CREATE TRIGGER orders_units_update AFTER UPDATE OF units ON orders WHEN OLD.units IS NOT NEW.units BEGIN
	DELETE FROM order_units WHERE order_id = NEW.id;
	INSERT INTO order_units (unit, order_id) SELECT value, NEW.id FROM json_each(NEW.units);
END;

-- order_records is the append-only audit trail: one row per step.
CREATE TABLE order_records (
	order_id   TEXT NOT NULL REFERENCES orders (id),
	seq        INTEGER NOT NULL,
	at         INTEGER NOT NULL,
	role       TEXT NOT NULL,
	actor      TEXT NOT NULL,
	step       TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state   TEXT NOT NULL,
	remark     TEXT NOT NULL,
	data       TEXT NOT NULL,
	hash       BLOB NOT NULL,
	PRIMARY KEY (order_id, seq)
) WITHOUT ROWID;

CREATE TRIGGER order_records_immutable BEFORE UPDATE ON order_records BEGIN
	SELECT RAISE(ABORT, 'audit records are immutable');
END;
