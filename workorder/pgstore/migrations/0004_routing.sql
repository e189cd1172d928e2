-- What the router decided, copied from the document: whether the order
-- went to joint handling and whether it repeats earlier ones, for the
-- Joint and Repeat filters, and its repeat key, by which a dispatch on
-- any node finds the earlier orders it repeats (Store.Recent). Orders
-- written before have no routing in their document, so the defaults are
-- theirs.
ALTER TABLE orders
	ADD COLUMN joint boolean NOT NULL DEFAULT false,
	ADD COLUMN repeated boolean NOT NULL DEFAULT false,
	ADD COLUMN repeat_key text COLLATE "C" NOT NULL DEFAULT '';

CREATE INDEX orders_joint ON orders (id) WHERE joint;
CREATE INDEX orders_repeated ON orders (id) WHERE repeated;
CREATE INDEX orders_repeat_key ON orders (repeat_key, created) WHERE repeat_key <> '';
