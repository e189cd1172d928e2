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

-- The trigger functions below keep the search path of the migration, so
-- that they find their tables whatever the writing session's path.
--
-- order_index lists each order under every unit it involves ('u' and the
-- unit's name) and every region that contains its own by whole segments
-- ('r' and the region's path), with its creation time and deadline, so
-- that the Unit and Region filters page in either order. Triggers keep
-- it in step with the order's units, region, due and whether it is open,
-- by which a smaller index gives a unit's open orders newest first. It replaces the GIN
-- index of units, which cannot give a unit's orders in any order.
CREATE TABLE order_index (
	key      text COLLATE "C" NOT NULL,
	order_id text COLLATE "C" NOT NULL REFERENCES orders (id),
	created  timestamptz NOT NULL,
	due      timestamptz,
	open     boolean NOT NULL, -- whether the order is open: a unit's work queue
	PRIMARY KEY (key, order_id)
);

CREATE INDEX order_index_newest ON order_index (key, created, order_id);
CREATE INDEX order_index_open_newest ON order_index (key, created, order_id) WHERE open;
CREATE INDEX order_index_due ON order_index (key, due, order_id) WHERE due IS NOT NULL;
CREATE INDEX order_index_order ON order_index (order_id);

-- order_index_keys returns the keys of an order with these units and
-- region: "清溪镇/三中村" gives 'r清溪镇' and 'r清溪镇/三中村'.
CREATE FUNCTION order_index_keys(units text[], region text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
	SELECT 'u' || u FROM unnest(units) AS u
	UNION ALL
	SELECT 'r' || array_to_string(p[1:i], '/')
	FROM string_to_array(region, '/') AS p, generate_subscripts(p, 1) AS i
	WHERE i > 1 OR p[1] <> ''
$$;

INSERT INTO order_index (key, order_id, created, due, open)
SELECT k, o.id, o.created, o.due, o.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
FROM orders o, order_index_keys(o.units, o.region) AS k;

-- New orders are indexed once per statement, from its table of added
-- rows, so that a bulk load does not run a function per order; a step
-- that moves an order's units, region or due updates its rows.
CREATE FUNCTION order_index_added() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO order_index (key, order_id, created, due, open)
	SELECT k, a.id, a.created, a.due, a.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
	FROM added a, order_index_keys(a.units, a.region) AS k;
	RETURN NULL;
END
$$;

CREATE TRIGGER orders_index_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION order_index_added();

CREATE FUNCTION order_index_sync() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	IF OLD.units = NEW.units AND OLD.region = NEW.region AND OLD.created = NEW.created THEN
		UPDATE order_index SET due = NEW.due, open = NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') WHERE order_id = NEW.id;
		RETURN NULL;
	END IF;
	DELETE FROM order_index WHERE order_id = NEW.id;
	INSERT INTO order_index (key, order_id, created, due, open)
	SELECT k, NEW.id, NEW.created, NEW.due, NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
	FROM order_index_keys(NEW.units, NEW.region) AS k;
	RETURN NULL;
END
$$;

CREATE TRIGGER orders_index_update AFTER UPDATE ON orders
	FOR EACH ROW WHEN (OLD.units IS DISTINCT FROM NEW.units OR OLD.region IS DISTINCT FROM NEW.region
		OR OLD.due IS DISTINCT FROM NEW.due OR OLD.created IS DISTINCT FROM NEW.created
		OR (OLD.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')) <> (NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')))
	EXECUTE FUNCTION order_index_sync();

DROP INDEX orders_units;

-- board_counts counts the open orders by unit ('' for those without one),
-- sla level (from the document) and overdue flag, for a board that reads
-- counts, not orders. A trigger keeps it in the transaction of each write
-- that opens or closes an order or changes what is counted, and a bulk
-- insert adds each statement's counts at once. Each count is
-- spread over eight slots by order id, so that steps on different orders
-- of one unit seldom wait for each other's counter row; a count is the
-- sum of its slots.
CREATE TABLE board_counts (
	unit    text COLLATE "C" NOT NULL,
	level   text NOT NULL,
	overdue boolean NOT NULL,
	slot    integer NOT NULL,
	n       bigint NOT NULL,
	PRIMARY KEY (unit, level, overdue, slot)
);

INSERT INTO board_counts (unit, level, overdue, slot, n)
SELECT u, COALESCE(o.doc ->> 'level', 'normal'), o.overdue, hashtext(o.id) & 7, count(*)
FROM orders o, unnest(CASE WHEN cardinality(o.units) = 0 THEN '{""}'::text[] ELSE o.units END) AS u
WHERE o.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
GROUP BY 1, 2, 3, 4;

CREATE FUNCTION board_counts_added() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO board_counts AS b (unit, level, overdue, slot, n)
	SELECT u, COALESCE(a.doc ->> 'level', 'normal'), a.overdue, hashtext(a.id) & 7, count(*)
	FROM added a, unnest(CASE WHEN cardinality(a.units) = 0 THEN '{""}'::text[] ELSE a.units END) AS u
	WHERE a.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')
	GROUP BY 1, 2, 3, 4
	ON CONFLICT (unit, level, overdue, slot) DO UPDATE SET n = b.n + EXCLUDED.n;
	RETURN NULL;
END
$$;

CREATE TRIGGER orders_board_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION board_counts_added();

CREATE FUNCTION board_counts_sync() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
	s integer := hashtext(NEW.id) & 7;
BEGIN
	IF OLD.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') THEN
		UPDATE board_counts SET n = n - 1
		WHERE unit = ANY (CASE WHEN cardinality(OLD.units) = 0 THEN '{""}'::text[] ELSE OLD.units END)
			AND level = COALESCE(OLD.doc ->> 'level', 'normal') AND overdue = OLD.overdue AND slot = s;
	END IF;
	IF NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred') THEN
		INSERT INTO board_counts AS b (unit, level, overdue, slot, n)
		SELECT u, COALESCE(NEW.doc ->> 'level', 'normal'), NEW.overdue, s, 1
		FROM unnest(CASE WHEN cardinality(NEW.units) = 0 THEN '{""}'::text[] ELSE NEW.units END) AS u
		ON CONFLICT (unit, level, overdue, slot) DO UPDATE SET n = b.n + 1;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER orders_board_update AFTER UPDATE ON orders
	FOR EACH ROW WHEN (OLD.units IS DISTINCT FROM NEW.units OR OLD.overdue IS DISTINCT FROM NEW.overdue
		OR OLD.doc -> 'level' IS DISTINCT FROM NEW.doc -> 'level'
		OR (OLD.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')) <> (NEW.state NOT IN ('cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred')))
	EXECUTE FUNCTION board_counts_sync();
