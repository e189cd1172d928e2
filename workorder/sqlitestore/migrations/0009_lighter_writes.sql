-- The classification code becomes a plain column that the writes set,
-- like the other filter columns, instead of one generated from the
-- document: SQLite computed a generated column on every write of the
-- document, parsing the JSON of the old row and of the new one for the
-- index on it, even when the code did not change (about 4% of an
-- urge's time, BenchmarkStep). The column keeps its name, meaning and
-- index; orders written before have their code copied from their
-- document.
DROP INDEX orders_code;

ALTER TABLE orders DROP COLUMN code;

ALTER TABLE orders ADD COLUMN code TEXT NOT NULL DEFAULT '';

UPDATE orders SET code = doc ->> '$.code'
WHERE json_valid(doc) AND doc ->> '$.code' IS NOT NULL AND doc ->> '$.code' <> '';

CREATE INDEX orders_code ON orders (code) WHERE code <> '';

-- Since 0005 order_index serves the Unit and Region filters, and nothing
-- reads order_units or the index on orders.region any more: their
-- triggers and index wrote two entries per unit for every order
-- dispatched and one per order accepted (2.2 of the 25.6 pages a
-- dispatch wrote, 1.1 of an accept's 27.5).
DROP TRIGGER IF EXISTS orders_units_insert;
DROP TRIGGER IF EXISTS orders_units_update;
DROP TABLE IF EXISTS order_units;
DROP INDEX IF EXISTS orders_region;
