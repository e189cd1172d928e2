// Package steplat measures how long steps take while something else runs,
// such as an sla monitor's Fire: a few goroutines take steps in a loop and
// the latency of each is kept, so that a benchmark can report the median,
// the 99th percentile, the slowest and how many took longer than a limit.
// It is for benchmarks and load programs of this module.
package steplat

import (
	"slices"
	"sync"
	"time"
)

// Slow is the latency above which a step counts as stalled: the issue's
// goal is that no step waits longer than this on a monitor.
const Slow = 50 * time.Millisecond

// Summary is the distribution of the latencies of some steps. It is a
// plain value.
type Summary struct {
	Steps int           // steps taken
	P50   time.Duration // median
	P99   time.Duration // 99th percentile (nearest rank)
	Max   time.Duration // slowest
	Slow  int           // steps slower than Slow
}

// Summarize returns the distribution of ds, which it sorts. A nil or empty
// ds gives the zero Summary.
func Summarize(ds []time.Duration) Summary {
	if len(ds) == 0 {
		return Summary{}
	}
	slices.Sort(ds)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ds[min(max(i, 0), len(ds)-1)]
	}
	s := Summary{Steps: len(ds), P50: rank(0.50), P99: rank(0.99), Max: ds[len(ds)-1]}
	i, _ := slices.BinarySearch(ds, Slow+1)
	s.Slow = len(ds) - i
	return s
}

// Metrics returns s as benchmark metrics (value, unit), each unit after
// prefix: steps, p50-ms, p99-ms, max-ms and over-50ms.
func (s Summary) Metrics(prefix string) []Metric {
	ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
	return []Metric{
		{float64(s.Steps), prefix + "steps"},
		{ms(s.P50), prefix + "p50-ms"},
		{ms(s.P99), prefix + "p99-ms"},
		{ms(s.Max), prefix + "max-ms"},
		{float64(s.Slow), prefix + "over-50ms"},
	}
}

// Metric is one figure of a benchmark, as testing.B.ReportMetric takes it.
type Metric struct {
	Value float64
	Unit  string
}

// Reporter is what Report needs of a testing.B.
type Reporter interface {
	ReportMetric(n float64, unit string)
}

// Report reports s's Metrics to b.
func (s Summary) Report(b Reporter, prefix string) {
	for _, m := range s.Metrics(prefix) {
		b.ReportMetric(m.Value, m.Unit)
	}
}

// Run starts k goroutines (at least one) that call step(worker, i) in a
// loop, i counting each worker's calls from 0, and keep how long each call
// took. The returned stop ends the loops, waits for them and returns the
// distribution of the calls that returned nil, and the first error. A
// worker stops at its first error.
func Run(k int, step func(worker, i int) error) (stop func() (Summary, error)) {
	k = max(k, 1)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	lat := make([][]time.Duration, k)
	errs := make([]error, k)
	for w := range k {
		wg.Go(func() {
			ds := make([]time.Duration, 0, 1024)
			defer func() { lat[w] = ds }()
			for i := 0; ; i++ {
				select {
				case <-quit:
					return
				default:
				}
				t := time.Now()
				if err := step(w, i); err != nil {
					errs[w] = err
					return
				}
				ds = append(ds, time.Since(t))
			}
		})
	}
	return func() (Summary, error) {
		close(quit)
		wg.Wait()
		var all []time.Duration
		for _, ds := range lat {
			all = append(all, ds...)
		}
		for _, err := range errs {
			if err != nil {
				return Summarize(all), err
			}
		}
		return Summarize(all), nil
	}
}
