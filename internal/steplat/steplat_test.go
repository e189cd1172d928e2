package steplat

import (
	"errors"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name string
		ds   []time.Duration
		want Summary
	}{
		{"none", nil, Summary{}},
		{"one", []time.Duration{3 * ms}, Summary{Steps: 1, P50: 3 * ms, P99: 3 * ms, Max: 3 * ms}},
		{"limit is not slow", []time.Duration{Slow, ms}, Summary{Steps: 2, P50: ms, P99: Slow, Max: Slow}},
		{"two slow of four", []time.Duration{60 * ms, ms, 2 * ms, 51 * ms}, Summary{Steps: 4, P50: 2 * ms, P99: 60 * ms, Max: 60 * ms, Slow: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summarize(tc.ds); got != tc.want {
				t.Errorf("Summarize = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestSummarizeP99(t *testing.T) {
	ds := make([]time.Duration, 200)
	for i := range ds {
		ds[i] = time.Duration(200-i) * time.Millisecond
	}
	s := Summarize(ds)
	// The 198th of 200 sorted: nearest rank ceil(0.99*200) = 198.
	if s.P99 != 198*time.Millisecond || s.P50 != 100*time.Millisecond || s.Slow != 150 {
		t.Errorf("Summarize = %+v", s)
	}
}

func TestRunStopsAtError(t *testing.T) {
	boom := errors.New("boom")
	stop := Run(2, func(w, i int) error {
		if w == 1 && i == 3 {
			return boom
		}
		if i > 1000 {
			time.Sleep(time.Millisecond)
		}
		return nil
	})
	time.Sleep(20 * time.Millisecond)
	s, err := stop()
	if !errors.Is(err, boom) {
		t.Errorf("stop error = %v, want boom", err)
	}
	if s.Steps < 3 {
		t.Errorf("steps = %d, want at least worker 1's three", s.Steps)
	}
}

type metrics map[string]float64

func (m metrics) ReportMetric(v float64, unit string) { m[unit] = v }

func TestReport(t *testing.T) {
	m := metrics{}
	Summary{Steps: 7, P50: 1500 * time.Microsecond, P99: 2 * time.Millisecond, Max: 60 * time.Millisecond, Slow: 1}.Report(m, "fire-")
	want := metrics{"fire-steps": 7, "fire-p50-ms": 1.5, "fire-p99-ms": 2, "fire-max-ms": 60, "fire-over-50ms": 1}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
}
