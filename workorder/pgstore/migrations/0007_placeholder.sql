-- A placeholder for migration 0007, which another change of this release
-- adds; it is replaced by that migration when the branches merge.
SELECT 1;
