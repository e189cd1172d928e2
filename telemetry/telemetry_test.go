package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

func TestOutcome(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, OutcomeOK},
		{fmt.Errorf("workorder: dispatch: %w", workorder.ErrInvalidArgument), OutcomeInvalid},
		{workorder.ErrInvalidOrder, OutcomeInvalid},
		{workorder.ErrForbidden, OutcomeForbidden},
		{workorder.NotFound("QX2025-00001"), OutcomeNotFound},
		{workorder.ErrConflict, OutcomeConflict},
		{workorder.ErrInvalidTransition, OutcomeConflict},
		{errors.New("disk full"), OutcomeError},
	} {
		assert.Equal(t, tt.want, Outcome(tt.err), "%v", tt.err)
	}
}

// scrape returns the metrics' Prometheus text.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	require.Equal(t, 200, rec.Code)
	b, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	return string(b)
}

func TestOpenOrdersCached(t *testing.T) {
	calls := 0
	m, err := New(Options{OpenEvery: time.Hour, Open: func(ctx context.Context) (map[sla.Level]int64, error) {
		calls++
		return map[sla.Level]int64{sla.LevelNormal: 7, sla.LevelOverdue: int64(calls)}, nil
	}})
	require.NoError(t, err)
	body := scrape(t, m)
	assert.Contains(t, body, `hotline_open_orders{level="normal"} 7`)
	assert.Contains(t, body, `hotline_open_orders{level="warning"} 0`)
	assert.Contains(t, body, `hotline_open_orders{level="overdue"} 1`)
	scrape(t, m)
	assert.Equal(t, 1, calls, "counted again within OpenEvery")
}

func TestOpenOrdersFailed(t *testing.T) {
	m, err := New(Options{Open: func(ctx context.Context) (map[sla.Level]int64, error) {
		return nil, errors.New("store down")
	}})
	require.NoError(t, err)
	m.ObserveStep(context.Background(), "sign", workorder.ErrForbidden, time.Millisecond)
	body := scrape(t, m)
	assert.NotContains(t, body, "hotline_open_orders{")
	assert.Contains(t, body, `hotline_steps_total{outcome="forbidden",step="sign"} 1`)
}

func TestObservers(t *testing.T) {
	var got []string
	rec := func(name string) workorder.Observer {
		return workorder.ObserverFuncs{
			OnStep:        func(context.Context, *workorder.Order, workorder.Record) { got = append(got, name+" step") },
			OnWarning:     func(context.Context, *workorder.Order, sla.Result) { got = append(got, name+" warning") },
			OnOverdue:     func(context.Context, *workorder.Order, sla.Result) { got = append(got, name+" overdue") },
			OnAlertFailed: func(context.Context, sla.Alert, error) { got = append(got, name+" failed") },
		}
	}
	os := Observers{rec("a"), nil, rec("b")}
	ctx, o := context.Background(), &workorder.Order{ID: "QX2025-00001"}
	os.StepTaken(ctx, o, workorder.Record{})
	os.Warning(ctx, o, sla.Result{})
	os.Overdue(ctx, o, sla.Result{})
	os.AlertFailed(ctx, sla.Alert{}, errors.New("x"))
	assert.Equal(t, []string{"a step", "b step", "a warning", "b warning", "a overdue", "b overdue", "a failed", "b failed"}, got)
	Observers(nil).StepTaken(ctx, o, workorder.Record{}) // nothing to call
}

func ExampleMetrics() {
	m, err := New(Options{})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	o := &workorder.Order{ID: "QX2025-00001"}
	m.Observer().StepTaken(ctx, o, workorder.Record{OrderID: o.ID, Step: workorder.StepDispatch})
	m.ObserveStep(ctx, "dispatch", nil, 2*time.Millisecond)
	m.ObserveStep(ctx, "dispatch", workorder.ErrConflict, time.Millisecond)
	m.Observer().Overdue(ctx, o, sla.Result{Name: sla.TargetFinish})

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "hotline_steps_total") || strings.HasPrefix(line, "hotline_breaches_total") {
			fmt.Println(line)
		}
	}
	// Output:
	// hotline_breaches_total{target="finish"} 1
	// hotline_steps_total{outcome="conflict",step="dispatch"} 1
	// hotline_steps_total{outcome="ok",step="dispatch"} 1
}
