-- Lists in a defined order page by cursor (keyset) from indexes that hold
-- each filter's orders already in that order, newest first (created, id)
-- or by deadline (due, id), so that a page reads its own rows and no
-- more, however many orders match. The states named in the partial
-- indexes of open orders are those in which an order is not open.
DROP INDEX orders_state;
DROP INDEX orders_category;
DROP INDEX orders_due;

CREATE INDEX orders_newest ON orders (created, id);
CREATE INDEX orders_due ON orders (due, id) WHERE due IS NOT NULL;
CREATE INDEX orders_due_newest ON orders (created, id) WHERE due IS NOT NULL;
CREATE INDEX orders_state_newest ON orders (state, created, id);
CREATE INDEX orders_state_due ON orders (state, due, id) WHERE due IS NOT NULL;
CREATE INDEX orders_category_newest ON orders (category, created, id);
CREATE INDEX orders_category_due ON orders (category, due, id) WHERE due IS NOT NULL;
CREATE INDEX orders_open_newest ON orders (created, id)
	WHERE state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred');
CREATE INDEX orders_open_due ON orders (due, id)
	WHERE due IS NOT NULL AND state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred');
CREATE INDEX orders_overdue_newest ON orders (created, id) WHERE overdue;
CREATE INDEX orders_overdue_due ON orders (due, id) WHERE due IS NOT NULL AND overdue;
CREATE INDEX orders_joint_newest ON orders (created, id) WHERE joint;
CREATE INDEX orders_joint_due ON orders (due, id) WHERE due IS NOT NULL AND joint;
CREATE INDEX orders_repeated_newest ON orders (created, id) WHERE repeated;
CREATE INDEX orders_repeated_due ON orders (due, id) WHERE due IS NOT NULL AND repeated;

-- order_index lists each order under every unit it involves ('u' and the
-- unit's name) and every region that contains its own by whole segments
-- ('r' and the region's path), with its creation time and deadline, so
-- that the Unit and Region filters page in either order. regions holds the
-- order's containing regions as a JSON array, written with the order;
-- triggers keep order_index in step with units, regions, due and whether
-- the order is open, by which a smaller index gives a unit's open orders
-- newest first. Orders
-- written before are indexed here by a walk over their region paths.
ALTER TABLE orders ADD COLUMN regions TEXT NOT NULL DEFAULT '[]';

CREATE TABLE order_index (
	key      TEXT NOT NULL,
	order_id TEXT NOT NULL REFERENCES orders (id),
	created  INTEGER NOT NULL,
	due      INTEGER,
	open     INTEGER NOT NULL,  -- whether the order is open: a unit's work queue
	PRIMARY KEY (key, order_id)
) WITHOUT ROWID;

CREATE INDEX order_index_newest ON order_index (key, created, order_id);
CREATE INDEX order_index_open_newest ON order_index (key, created, order_id) WHERE open;
CREATE INDEX order_index_due ON order_index (key, due, order_id) WHERE due IS NOT NULL;
CREATE INDEX order_index_order ON order_index (order_id);

INSERT INTO order_index (key, order_id, created, due, open)
SELECT 'u' || u.value, o.id, o.created, o.due, o.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
FROM orders o, json_each(o.units) u;

INSERT INTO order_index (key, order_id, created, due, open)
WITH RECURSIVE walk (id, region, pos) AS (
	SELECT id, region, instr(region, '/') FROM orders WHERE region <> ''
	UNION ALL
	SELECT id, region, pos + instr(substr(region, pos + 1), '/') FROM walk
	WHERE pos > 0 AND instr(substr(region, pos + 1), '/') > 0
)
SELECT DISTINCT 'r' || CASE WHEN w.pos > 0 THEN substr(w.region, 1, w.pos - 1) ELSE w.region END, o.id, o.created, o.due,
	o.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
FROM walk w JOIN orders o ON o.id = w.id WHERE w.pos <> 1
UNION
SELECT 'r' || region, id, created, due, state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') FROM orders WHERE region <> '';

UPDATE orders SET regions = (SELECT json_group_array(substr(key, 2)) FROM order_index WHERE order_id = orders.id AND key >= 'r' AND key < 's')
WHERE region <> '';

CREATE TRIGGER orders_index_insert AFTER INSERT ON orders BEGIN
	INSERT INTO order_index (key, order_id, created, due, open)
	SELECT 'u' || value, NEW.id, NEW.created, NEW.due, NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') FROM json_each(NEW.units)
	UNION ALL
	SELECT 'r' || value, NEW.id, NEW.created, NEW.due, NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') FROM json_each(NEW.regions);
END;

CREATE TRIGGER orders_index_units AFTER UPDATE OF units ON orders WHEN OLD.units IS NOT NEW.units BEGIN
	DELETE FROM order_index WHERE order_id = NEW.id AND key >= 'u' AND key < 'v';
	INSERT INTO order_index (key, order_id, created, due, open)
	SELECT 'u' || value, NEW.id, NEW.created, NEW.due, NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') FROM json_each(NEW.units);
END;

CREATE TRIGGER orders_index_regions AFTER UPDATE OF regions ON orders WHEN OLD.regions IS NOT NEW.regions BEGIN
	DELETE FROM order_index WHERE order_id = NEW.id AND key >= 'r' AND key < 's';
	INSERT INTO order_index (key, order_id, created, due, open)
	SELECT 'r' || value, NEW.id, NEW.created, NEW.due, NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') FROM json_each(NEW.regions);
END;

CREATE TRIGGER orders_index_due AFTER UPDATE OF due ON orders WHEN OLD.due IS NOT NEW.due BEGIN
	UPDATE order_index SET due = NEW.due WHERE order_id = NEW.id;
END;

CREATE TRIGGER orders_index_open AFTER UPDATE OF state ON orders
WHEN (OLD.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')) IS NOT (NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred'))
BEGIN
	UPDATE order_index SET open = NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') WHERE order_id = NEW.id;
END;

-- board_counts counts the open orders by unit ('' for those without one),
-- level and overdue flag, for a board that reads counts, not orders.
-- Triggers keep it in the transaction of each write; level copies the
-- order's sla level from its document.
ALTER TABLE orders ADD COLUMN level TEXT NOT NULL DEFAULT 'normal';

UPDATE orders SET level = doc ->> '$.level' WHERE json_valid(doc) AND doc ->> '$.level' IS NOT NULL;

CREATE TABLE board_counts (
	unit    TEXT NOT NULL,
	level   TEXT NOT NULL,
	overdue INTEGER NOT NULL,
	n       INTEGER NOT NULL,
	PRIMARY KEY (unit, level, overdue)
) WITHOUT ROWID;

INSERT INTO board_counts (unit, level, overdue, n)
SELECT u.value, o.level, o.overdue, count(*)
FROM orders o, json_each(CASE WHEN o.units = '[]' THEN '[""]' ELSE o.units END) u
WHERE o.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
GROUP BY 1, 2, 3;

CREATE TRIGGER orders_board_insert AFTER INSERT ON orders
WHEN NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') BEGIN
	INSERT INTO board_counts (unit, level, overdue, n)
	SELECT value, NEW.level, NEW.overdue, 1 FROM json_each(CASE WHEN NEW.units = '[]' THEN '[""]' ELSE NEW.units END) WHERE true
	ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER orders_board_update AFTER UPDATE OF state, units, level, overdue ON orders
WHEN OLD.units IS NOT NEW.units OR OLD.level IS NOT NEW.level OR OLD.overdue IS NOT NEW.overdue
	OR (OLD.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')) IS NOT (NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred'))
BEGIN
	UPDATE board_counts SET n = n - 1
	WHERE OLD.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') AND level = OLD.level AND overdue = OLD.overdue
		AND unit IN (SELECT value FROM json_each(CASE WHEN OLD.units = '[]' THEN '[""]' ELSE OLD.units END));
	INSERT INTO board_counts (unit, level, overdue, n)
	SELECT value, NEW.level, NEW.overdue, 1 FROM json_each(CASE WHEN NEW.units = '[]' THEN '[""]' ELSE NEW.units END)
	WHERE NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
	ON CONFLICT DO UPDATE SET n = n + 1;
END;
