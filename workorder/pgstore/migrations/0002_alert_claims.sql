-- A monitor claims due alerts in a short transaction of its own and
-- raises them after it commits, so that a handler may take steps on the
-- alerted order. claimed_at is when the node named in claimed_by claimed
-- the alert, by the monitor's clock. A claim older than the monitor's
-- lease has lapsed: its node is taken to have stopped before marking the
-- alert fired, and another claims it again.
ALTER TABLE sla_alerts ADD COLUMN claimed_at timestamptz;
