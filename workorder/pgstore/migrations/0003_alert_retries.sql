-- A handler that fails leaves its alert unfired: the monitor releases the
-- claim, counts the failure in failures and keeps the alert from being
-- claimed again before retry_at, by the monitor's clock, which grows with
-- each failure. A step that moves the alert's due instant starts it
-- afresh.
ALTER TABLE sla_alerts ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE sla_alerts ADD COLUMN retry_at timestamptz;
