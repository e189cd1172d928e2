package workorder

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/looplab/fsm"

	"github.com/hotline12345/hotline/routing"
)

// BenchmarkStep takes one step on the in-memory store, audit record
// included. Orders (and, for accept, the drafts) are prepared in batches
// outside the timer, so each step meets an order of realistic size and
// the timer sees only the step. The ids are held apart from the prepared
// orders, as a caller holds the id of a request.
func BenchmarkStep(b *testing.B) {
	ctx := context.Background()
	type input struct {
		draft *Order // accept's
		id    string // the other steps'
	}
	fresh := func(*testing.B, *Service) input { return input{draft: draft()} }
	dispatched := func(b *testing.B, s *Service) input {
		o := must(b)(s.Accept(ctx, centre, draft()))
		o = must(b)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
		return input{id: strings.Clone(o.ID)}
	}
	signed := func(b *testing.B, s *Service) input { return input{id: strings.Clone(handling(b, s, draft()).ID)} }
	// received orders come from 100 addresses, so that a routed one
	// repeats a few others.
	n := 0
	received := func(b *testing.B, s *Service) input {
		d := draft()
		d.Location.Address = fmt.Sprintf("工业路%d号", n%100)
		n++
		return input{id: strings.Clone(must(b)(s.Accept(ctx, centre, d)).ID)}
	}
	rules := benchRules(b)
	// routed has a router remember repeats itself; stored has it ask the
	// store.
	routed := func(c *Config) { c.Router = routing.NewRouter(rules) }
	stored := func(c *Config) {
		r := routing.NewRouter(rules)
		r.SetHistory(c.Store)
		c.Router = r
	}
	dispatch := func(as Assignment) func(s *Service, in input) (*Order, error) {
		return func(s *Service, in input) (*Order, error) { return s.Dispatch(ctx, centre, in.id, as) }
	}
	cases := []struct {
		name    string
		prepare func(b *testing.B, s *Service) input
		step    func(s *Service, in input) (*Order, error)
		config  func(c *Config)
	}{
		{"accept", fresh, func(s *Service, in input) (*Order, error) { return s.Accept(ctx, centre, in.draft) }, nil},
		{"dispatch", received, dispatch(Assignment{Lead: cityMgmt}), nil},
		{"dispatch/routed", received, dispatch(Assignment{}), routed},
		{"dispatch/routed-store", received, dispatch(Assignment{}), stored},
		{"sign", dispatched, func(s *Service, in input) (*Order, error) { return s.Sign(ctx, Unit(cityMgmt), in.id) }, nil},
		{"urge", signed, func(s *Service, in input) (*Order, error) { return s.Urge(ctx, super, in.id, "请加快办理") }, nil},
		{"suspend", signed, func(s *Service, in input) (*Order, error) {
			return s.Suspend(ctx, Unit(cityMgmt), in.id, "等待检测报告")
		}, nil},
		{"reply", signed, func(s *Service, in input) (*Order, error) {
			return s.Reply(ctx, Unit(cityMgmt), in.id, "已责令工地夜间停工。")
		}, nil},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			const batch = 1000
			var s *Service
			var clk *testClock
			inputs := make([]input, 0, batch)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%batch == 0 {
					// A fresh store of batch open orders, so the store
					// stays the size of a town's open orders.
					b.StopTimer()
					if tc.config != nil {
						s, clk = newService(b, tc.config)
					} else {
						s, clk = newService(b)
					}
					clear(inputs)
					inputs = inputs[:0]
					for range min(batch, b.N-i) {
						inputs = append(inputs, tc.prepare(b, s))
					}
					clk.Advance(time.Minute)
					runtime.GC() // collect the preparation's garbage, not the steps'
					b.StartTimer()
				}
				if _, err := tc.step(s, inputs[i%batch]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchRules routes noise to the city management office with the
// environment bureau assisting; the third complaint about one address in
// 30 days is a repeat.
func benchRules(tb testing.TB) *routing.RuleSet {
	tb.Helper()
	rs, _, err := routing.Compile(&routing.Config{
		Centre: "政务服务中心", Fallback: fallback, // the test directory's
		Rules: []routing.RuleSpec{{Name: "噪音扰民", Priority: 50, Any: []string{"噪音"}, Lead: cityMgmt, Assist: []string{envBur}}},
		Joint: routing.JointConfig{Repeat: &routing.RepeatConfig{}},
	}, routing.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

// BenchmarkClose closes a called-back order with one order merged into it,
// in stores of growing size: the cost must not grow with the store. Each
// batch after the first puts the orders the last one closed back as they
// were, so every batch meets the same store.
func BenchmarkClose(b *testing.B) {
	ctx := context.Background()
	for _, others := range []int{100, 3000} {
		b.Run(fmt.Sprint(others), func(b *testing.B) {
			const batch = 100
			s, masters := closable(b, others, min(batch, b.N))
			store := s.Store().(*MemStore)
			saved := saveMerged(store, masters)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if i%batch == 0 && i > 0 {
					b.StopTimer()
					restoreEntries(store, saved)
					b.StartTimer()
				}
				if _, err := s.Close(ctx, centre, masters[i%batch], ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// saveMerged returns copies of the store entries of masters and of the
// orders merged into them.
func saveMerged(s *MemStore, masters []string) map[string]memEntry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	saved := map[string]memEntry{}
	for _, m := range masters {
		saved[m] = *s.m[m]
		for k := range s.merged[m] {
			saved[k] = *s.m[k]
		}
	}
	return saved
}

// restoreEntries puts saved entries back into s. A store replaces an
// entry's order and only appends to its records, never changing what a
// saved entry holds; the restored records have no spare capacity, so that
// appending to them copies them.
func restoreEntries(s *MemStore, saved map[string]memEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, e := range saved {
		e.records = slices.Clip(e.records)
		s.m[id] = &e
	}
}

// BenchmarkFire compares a step's transition in the dense table with
// building a looplab/fsm machine for an order in the step's state and
// firing the step on it, which the table spares each step.
func BenchmarkFire(b *testing.B) {
	cases := []struct {
		name string
		fire func(from State, step Step) (State, bool)
	}{
		{"table", func(from State, step Step) (State, bool) {
			to, err := next(from, step)
			return to, err == nil
		}},
		{"fsm-per-order", func(from State, step Step) (State, bool) {
			return fire(fsm.NewFSM(from.String(), fsmEvents, nil), from, step)
		}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if to, ok := tc.fire(StateDispatched, StepSign); !ok || to != StateHandling {
					b.Fatalf("sign in dispatched: %s, %v", to, ok)
				}
			}
		})
	}
}
