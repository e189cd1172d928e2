-- The classification code (诉求分类) of each order, read from its document,
-- for the Code filter, which selects a code and every code below it by
-- whole segments: code in ['01.02', '01.02/'), which holds '01.02' and the
-- codes starting '01.02.' but not '01.020'. The column is generated, so
-- the writes need not set it, and orders written before, which have no
-- code in their document, have ''.
ALTER TABLE orders ADD COLUMN code TEXT GENERATED ALWAYS AS (COALESCE(doc ->> '$.code', '')) VIRTUAL;

CREATE INDEX orders_code ON orders (code) WHERE code <> '';
