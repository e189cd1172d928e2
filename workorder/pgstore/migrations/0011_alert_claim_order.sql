-- A monitor claims due alerts in the order of this index, each claim
-- after the last alert the previous one took, so that it seeks to where
-- it stopped instead of walking again over the index entries of the
-- alerts it claimed and fired before (dead until a vacuum): after an
-- outage, with a million alerts due, each claim would walk over the
-- entries of every alert fired before it.
-- The index on due_at alone is then of no use. IF NOT EXISTS and IF
-- EXISTS let a schema rolled back by hand be migrated again.
CREATE INDEX IF NOT EXISTS sla_alerts_due_key ON sla_alerts (due_at, order_id, target, level) WHERE fired_at IS NULL;
DROP INDEX IF EXISTS sla_alerts_due;
