-- The hotspot groups an order counts in, copied from the document's
-- routing as a JSON array of [key, raised] pairs (raised when the order
-- raised the group's alert), and order_keys, which indexes orders by those
-- keys and their creation time, so that a dispatch on any node counts a
-- group's recent orders (Store.RecentGroup) and finds its recent alerts
-- (Store.RecentAlerts, from a smaller index of the orders that raised
-- one). A trigger keeps order_keys in
-- step with orders.hotspot_keys. Orders written before have no routing in
-- their document, so the default is theirs.
ALTER TABLE orders ADD COLUMN hotspot_keys jsonb NOT NULL DEFAULT '[]';

CREATE TABLE order_keys (
	key      text COLLATE "C" NOT NULL,
	created  timestamptz NOT NULL,
	order_id text COLLATE "C" NOT NULL REFERENCES orders (id),
	raised   boolean NOT NULL,
	PRIMARY KEY (key, created, order_id)
);

CREATE INDEX order_keys_order ON order_keys (order_id);
CREATE INDEX order_keys_raised ON order_keys (key, created) WHERE raised;

CREATE FUNCTION order_keys_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		DELETE FROM order_keys WHERE order_id = NEW.id;
	END IF;
	INSERT INTO order_keys (key, created, order_id, raised)
	SELECT k ->> 0, NEW.created, NEW.id, (k ->> 1)::boolean FROM jsonb_array_elements(NEW.hotspot_keys) AS k;
	RETURN NULL;
END
$$;

CREATE TRIGGER orders_hotspot_keys_insert AFTER INSERT ON orders
	FOR EACH ROW WHEN (NEW.hotspot_keys <> '[]') EXECUTE FUNCTION order_keys_sync();

CREATE TRIGGER orders_hotspot_keys_update AFTER UPDATE OF hotspot_keys ON orders
	FOR EACH ROW WHEN (OLD.hotspot_keys IS DISTINCT FROM NEW.hotspot_keys) EXECUTE FUNCTION order_keys_sync();
