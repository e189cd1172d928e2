-- The hotspot groups an order counts in, copied from the document's
-- routing as a JSON array of [key, raised] pairs (raised when the order
-- raised the group's alert), and order_keys, which indexes orders by those
-- keys and their creation time, so that a dispatch counts a group's recent
-- orders (Store.RecentGroup) and finds its recent alerts (Store.RecentAlerts,
-- from a smaller index of the orders that raised one). Triggers keep order_keys in step with
-- orders.hotspot_keys, as order_units with orders.units. Orders written
-- before have no routing in their document, so the default is theirs.
ALTER TABLE orders ADD COLUMN hotspot_keys TEXT NOT NULL DEFAULT '[]';

CREATE TABLE order_keys (
	key      TEXT NOT NULL,
	created  INTEGER NOT NULL,
	order_id TEXT NOT NULL REFERENCES orders (id),
	raised   INTEGER NOT NULL,
	PRIMARY KEY (key, created, order_id)
) WITHOUT ROWID;

CREATE INDEX order_keys_order ON order_keys (order_id);
CREATE INDEX order_keys_raised ON order_keys (key, created) WHERE raised;

CREATE TRIGGER orders_hotspot_keys_insert AFTER INSERT ON orders BEGIN
	INSERT INTO order_keys (key, created, order_id, raised)
	SELECT value ->> 0, NEW.created, NEW.id, value ->> 1 FROM json_each(NEW.hotspot_keys);
END;

CREATE TRIGGER orders_hotspot_keys_update AFTER UPDATE OF hotspot_keys ON orders
WHEN OLD.hotspot_keys IS NOT NEW.hotspot_keys BEGIN
	DELETE FROM order_keys WHERE order_id = NEW.id;
	INSERT INTO order_keys (key, created, order_id, raised)
	SELECT value ->> 0, NEW.created, NEW.id, value ->> 1 FROM json_each(NEW.hotspot_keys);
END;
