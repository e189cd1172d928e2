package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// The names of the instruments, as Prometheus shows them (the exporter
// adds _total to counters and the unit to the histogram).
const (
	MetricSteps      = "hotline_steps"         // counter: step, outcome
	MetricStepTime   = "hotline_step_duration" // histogram in seconds: step
	MetricOpenOrders = "hotline_open_orders"   // gauge: level
	MetricAlerts     = "hotline_alerts"        // counter: level (warning, overdue)
	MetricBreaches   = "hotline_breaches"      // counter: target
	MetricAlertFails = "hotline_alerts_failed" // counter
	ScopeName        = "github.com/hotline12345/hotline/telemetry"
)

// Outcomes of a step, the outcome attribute of MetricSteps.
const (
	OutcomeOK        = "ok"
	OutcomeInvalid   = "invalid"   // bad input (workorder.ErrInvalidArgument, ErrInvalidOrder)
	OutcomeForbidden = "forbidden" // workorder.ErrForbidden
	OutcomeNotFound  = "not_found" // workorder.ErrNotFound
	OutcomeConflict  = "conflict"  // workorder.ErrConflict or ErrInvalidTransition
	OutcomeError     = "error"     // anything else
)

// OpenLevels counts the open orders by their most pressing sla level
// (normal, warning, overdue). Metrics calls it when Prometheus scrapes,
// at most once per Options.OpenEvery.
type OpenLevels func(ctx context.Context) (map[sla.Level]int64, error)

// OpenEveryDefault is how long a count of open orders is reused.
const OpenEveryDefault = 15 * time.Second

// Options configure New. The zero value counts steps and alerts and
// reports no open orders.
type Options struct {
	// Open, when set, counts the open orders for MetricOpenOrders.
	Open OpenLevels
	// OpenEvery is how long a count of Open is reused; 0 means
	// OpenEveryDefault.
	OpenEvery time.Duration
}

// Metrics holds the instruments and their Prometheus registry. Its
// methods are safe for concurrent use; the zero value is not usable:
// use New.
type Metrics struct {
	provider *sdkmetric.MeterProvider
	registry *prometheus.Registry

	steps    metric.Int64Counter
	stepTime metric.Float64Histogram
	alerts   metric.Int64Counter
	breaches metric.Int64Counter
	fails    metric.Int64Counter

	open      OpenLevels
	openEvery time.Duration
	mu        sync.Mutex
	openAt    time.Time
	openLast  map[sla.Level]int64
}

// New returns the metrics, registered in a registry of their own.
func New(opts Options) (*Metrics, error) {
	m := &Metrics{registry: prometheus.NewRegistry(), open: opts.Open, openEvery: opts.OpenEvery}
	if m.openEvery <= 0 {
		m.openEvery = OpenEveryDefault
	}
	exp, err := otelprom.New(otelprom.WithRegisterer(m.registry), otelprom.WithoutScopeInfo(), otelprom.WithoutTargetInfo())
	if err != nil {
		return nil, fmt.Errorf("telemetry: prometheus exporter: %w", err)
	}
	m.provider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
	meter := m.provider.Meter(ScopeName)
	m.steps, err = meter.Int64Counter(MetricSteps, metric.WithDescription("Steps taken (outcome ok) and refused over HTTP, by step and outcome."))
	if err == nil {
		m.stepTime, err = meter.Float64Histogram(MetricStepTime, metric.WithUnit("s"),
			metric.WithDescription("Time to take a step, from request to answer, by step."),
			metric.WithExplicitBucketBoundaries(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5))
	}
	if err == nil {
		m.alerts, err = meter.Int64Counter(MetricAlerts, metric.WithDescription("Sla alerts raised, by level (warning, overdue)."))
	}
	if err == nil {
		m.breaches, err = meter.Int64Counter(MetricBreaches, metric.WithDescription("Targets that passed their due instant, by target."))
	}
	if err == nil {
		m.fails, err = meter.Int64Counter(MetricAlertFails, metric.WithDescription("Alerts the service failed to handle; they are tried again."))
	}
	if err == nil && m.open != nil {
		_, err = meter.Int64ObservableGauge(MetricOpenOrders,
			metric.WithDescription("Open orders by their most pressing sla level."),
			metric.WithInt64Callback(m.observeOpen))
	}
	if err != nil {
		return nil, fmt.Errorf("telemetry: instruments: %w", err)
	}
	return m, nil
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Shutdown stops the meter provider; the metrics then stay as they were.
func (m *Metrics) Shutdown(ctx context.Context) error { return m.provider.Shutdown(ctx) }

// ObserveStep times one step asked for over HTTP, named step (a
// workorder.Step key such as "dispatch"), and counts it when it was
// refused, with the outcome read from err. Steps that succeed are
// counted by the Observer, wherever they were taken (the API, the web
// board, the sla monitor), so a step over HTTP is counted once. Its
// signature fits the HTTP API's Options.Observe once the request is
// dropped (see cmd/hotline).
func (m *Metrics) ObserveStep(ctx context.Context, step string, err error, took time.Duration) {
	if err != nil {
		m.steps.Add(ctx, 1, metric.WithAttributes(attribute.String("step", step), attribute.String("outcome", Outcome(err))))
	}
	m.stepTime.Record(ctx, took.Seconds(), metric.WithAttributes(attribute.String("step", step)))
}

// Outcome names the outcome of a step that returned err.
func Outcome(err error) string {
	switch {
	case err == nil:
		return OutcomeOK
	case errors.Is(err, workorder.ErrInvalidArgument), errors.Is(err, workorder.ErrInvalidOrder):
		return OutcomeInvalid
	case errors.Is(err, workorder.ErrForbidden):
		return OutcomeForbidden
	case errors.Is(err, workorder.ErrNotFound):
		return OutcomeNotFound
	case errors.Is(err, workorder.ErrConflict), errors.Is(err, workorder.ErrInvalidTransition):
		return OutcomeConflict
	}
	return OutcomeError
}

// Observer returns the workorder.Observer that counts the steps taken
// (outcome OutcomeOK), alerts, breaches and failed alerts.
func (m *Metrics) Observer() workorder.Observer {
	return workorder.ObserverFuncs{
		OnStep: func(ctx context.Context, _ *workorder.Order, r workorder.Record) {
			m.steps.Add(ctx, 1, metric.WithAttributes(attribute.String("step", r.Step.String()), attribute.String("outcome", OutcomeOK)))
		},
		OnWarning: func(ctx context.Context, _ *workorder.Order, r sla.Result) {
			m.alerts.Add(ctx, 1, metric.WithAttributes(attribute.String("level", sla.LevelWarning.String())))
		},
		OnOverdue: func(ctx context.Context, _ *workorder.Order, r sla.Result) {
			m.alerts.Add(ctx, 1, metric.WithAttributes(attribute.String("level", sla.LevelOverdue.String())))
			m.breaches.Add(ctx, 1, metric.WithAttributes(attribute.String("target", r.Name)))
		},
		OnAlertFailed: func(ctx context.Context, _ sla.Alert, _ error) {
			m.fails.Add(ctx, 1)
		},
	}
}

// observeOpen reports the open orders by level, counting them again when
// the last count is older than openEvery. A failed count reports nothing.
func (m *Metrics) observeOpen(ctx context.Context, o metric.Int64Observer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.openLast == nil || time.Since(m.openAt) >= m.openEvery {
		n, err := m.open(ctx)
		if err != nil {
			return fmt.Errorf("telemetry: open orders: %w", err)
		}
		m.openLast, m.openAt = n, time.Now()
	}
	for _, l := range []sla.Level{sla.LevelNormal, sla.LevelWarning, sla.LevelOverdue} {
		o.Observe(m.openLast[l], metric.WithAttributes(attribute.String("level", l.String())))
	}
	return nil
}
