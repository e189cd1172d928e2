-- step_key is the idempotency key of the step that wrote each audit
-- record (workorder.Record.Key), unique across the store so that a step
-- retried with its key is never stored twice. Records written before keys
-- were kept have NULL, which the partial index leaves out.
ALTER TABLE order_records ADD COLUMN step_key TEXT;

CREATE UNIQUE INDEX order_records_step_key ON order_records (step_key) WHERE step_key IS NOT NULL;
