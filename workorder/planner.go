package workorder

import (
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/sla"
)

// AlertPlanner works out the sla results whose alerts an order should
// raise, as of its latest step, for a store that keeps alert times itself
// (the SQL stores' WithAlerts). Implementations must be safe for
// concurrent use.
type AlertPlanner interface {
	Plan(o *Order) ([]sla.Result, error)
}

// AlertPlannerFunc adapts a function to AlertPlanner.
type AlertPlannerFunc func(o *Order) ([]sla.Result, error)

// Plan calls f.
func (f AlertPlannerFunc) Plan(o *Order) ([]sla.Result, error) { return f(o) }

// PolicyAlertPlanner plans an open order's alerts from the policy of ps
// its category, urgency, lead and region select, the deadline of each
// pending assisting unit and the policy's ladder, evaluated on cal at the
// order's last update: the alerts a Service with Config.Watch raises
// (AlertResults), for a service whose Config.AssistTarget is assist (the
// zero Target: AssistTargetDefault). Orders no longer open get none. nil
// ps means sla.DefaultPolicies(). An order without a policy fails with an
// error wrapping sla.ErrNoPolicy.
func PolicyAlertPlanner(ps *sla.PolicySet, cal *calendar.Calendar, assist sla.Target) AlertPlanner {
	if ps == nil {
		ps = sla.DefaultPolicies()
	}
	return AlertPlannerFunc(func(o *Order) ([]sla.Result, error) {
		if !o.State.Open() {
			return nil, nil
		}
		return AlertResults(ps, cal, assist, o, o.Updated)
	})
}
