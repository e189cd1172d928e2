package telemetry

import (
	"context"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// Observers is a workorder.Observer that passes every call to each of its
// observers in turn, skipping nil ones: a service has one Observer, and
// a server has several listeners (the web board's live hub, the
// metrics). The zero value observes nothing; it is safe for concurrent
// use when its observers are.
type Observers []workorder.Observer

var _ workorder.Observer = Observers(nil)

// StepTaken implements workorder.Observer.
func (os Observers) StepTaken(ctx context.Context, o *workorder.Order, r workorder.Record) {
	for _, x := range os {
		if x != nil {
			x.StepTaken(ctx, o, r)
		}
	}
}

// Warning implements workorder.Observer.
func (os Observers) Warning(ctx context.Context, o *workorder.Order, r sla.Result) {
	for _, x := range os {
		if x != nil {
			x.Warning(ctx, o, r)
		}
	}
}

// Overdue implements workorder.Observer.
func (os Observers) Overdue(ctx context.Context, o *workorder.Order, r sla.Result) {
	for _, x := range os {
		if x != nil {
			x.Overdue(ctx, o, r)
		}
	}
}

// AlertFailed implements workorder.Observer.
func (os Observers) AlertFailed(ctx context.Context, a sla.Alert, err error) {
	for _, x := range os {
		if x != nil {
			x.AlertFailed(ctx, a, err)
		}
	}
}
