// Package telemetry measures a running hotline with OpenTelemetry
// metrics and serves them to Prometheus: steps by kind and outcome, the
// latency of steps, open orders by sla level, alerts and breaches.
//
// A Metrics is fed from two sides. Its ObserveStep method has the
// signature of the HTTP API's Options.Observe hook, so every step taken
// over HTTP is counted with its outcome and timed. Its Observer is a
// workorder.Observer that counts the sla monitor's warnings and overdue
// alerts (each overdue alert is a breach of its target) and the alerts
// that failed. A service has one Observer; Observers fans several out to
// one, so the metrics can listen beside a web board's live hub.
//
// Handler serves the metrics in the Prometheus text format, for /metrics.
package telemetry
