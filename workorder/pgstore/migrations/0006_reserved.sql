-- Reserved for the idempotency keys of records and steps, which come in
-- with their own migration 0006; this empty one stands in for it until then.
SELECT 1;
