// Package telemetry measures a running hotline with OpenTelemetry
// metrics and serves them to Prometheus: steps by kind and outcome, the
// latency of steps, open orders by sla level, alerts and breaches.
//
// A Metrics is fed from two sides. Its Observer is a workorder.Observer
// that counts every step taken, wherever it came from (the API, the web
// board, the sla monitor's urges), the monitor's warnings and overdue
// alerts (each overdue alert is a breach of its target) and the alerts
// that failed. Its ObserveStep method fits the HTTP API's
// Options.Observe hook once the request is dropped for its context: it
// times every step asked for over HTTP
// and counts those refused, by outcome. A service has one Observer; Observers fans several out to
// one, so the metrics can listen beside a web board's live hub.
//
// Handler serves the metrics in the Prometheus text format, for /metrics.
package telemetry
