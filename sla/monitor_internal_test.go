package sla

import (
	"context"
	"errors"
	"testing"
)

// A handler's panic becomes the alert's error, holding the panic value.
func TestMonitorPanicIsTheAlertsError(t *testing.T) {
	errBoom := errors.New("boom")
	for _, workers := range []int{1, 2} {
		m := NewMonitor(HandlerFunc(func(_ context.Context, a Alert) error {
			switch a.Order {
			case "s":
				panic("bug")
			case "e":
				panic(errBoom)
			}
			return nil
		}), nil)
		alerts := []Alert{{Order: "s"}, {Order: "ok"}, {Order: "e"}}
		errs := make([]error, len(alerts))
		m.handle(context.Background(), alerts, errs, workers)
		var pe *HandlerPanicError
		if !errors.As(errs[0], &pe) || pe.Value != "bug" || !errors.Is(errs[0], ErrHandlerPanic) {
			t.Errorf("workers %d: string panic gave %v", workers, errs[0])
		}
		if errs[1] != nil {
			t.Errorf("workers %d: handler that returned gave %v", workers, errs[1])
		}
		if !errors.Is(errs[2], errBoom) || !errors.Is(errs[2], ErrHandlerPanic) {
			t.Errorf("workers %d: error panic gave %v", workers, errs[2])
		}
	}
}
