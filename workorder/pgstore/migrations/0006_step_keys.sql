-- step_key is the idempotency key of the step that wrote each audit
-- record (workorder.Record.Key), unique across the store so that a step
-- retried with its key, on any node, is never stored twice. Records
-- written before keys were kept have NULL, which the unique index allows
-- any number of times.
ALTER TABLE order_records ADD COLUMN step_key text;

CREATE UNIQUE INDEX order_records_step_key ON order_records (step_key);
