-- Reserved for the idempotency keys of steps, written on another branch;
-- this file gives way to that migration when the branches meet.
SELECT 1;
