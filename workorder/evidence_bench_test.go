package workorder

import (
	"context"
	"testing"
)

// BenchmarkEvidence times the steps of evidence and the caller's view on
// the in-memory store: a reply with and without attachments (a new signed
// order each time, prepared outside the timer), an acceptance with and
// without a query code, a lookup with the right code and one with a
// wrong code (against a limiter that never runs out).
func BenchmarkEvidence(b *testing.B) {
	ctx := context.Background()
	reply := func(n int) func(b *testing.B) {
		return func(b *testing.B) {
			s, _ := newService(b, func(c *Config) { c.QueryKey = testQueryKey })
			atts := make([]Attachment, n)
			for i := range atts {
				atts[i] = photo
			}
			with := WithAttachments(ctx, atts...)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				id := handling(b, s, draft()).ID
				b.StartTimer()
				if _, err := s.Reply(with, Unit(cityMgmt), id, "井盖已更换"); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("reply", reply(0))
	b.Run("reply+3attachments", reply(3))
	b.Run("accept", func(b *testing.B) {
		s, _ := newService(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Accept(ctx, centre, draft()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("accept+code", func(b *testing.B) {
		s, _ := newService(b, func(c *Config) { c.QueryKey = testQueryKey })
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := s.AcceptWithCode(ctx, centre, draft()); err != nil {
				b.Fatal(err)
			}
		}
	})
	lookup := func(right bool) func(b *testing.B) {
		return func(b *testing.B) {
			s, _ := newService(b, func(c *Config) { c.QueryKey, c.Guesses = testQueryKey, NewGuessLimiter(1<<30, 1) })
			o, code, err := s.AcceptWithCode(ctx, centre, draft())
			if err != nil {
				b.Fatal(err)
			}
			must(b)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{envBur}}))
			if !right {
				code = "x" + code[1:]
			}
			b.ReportAllocs()
			for b.Loop() {
				_, err := s.Lookup(ctx, o.ID, code, "203.0.113.9")
				if right != (err == nil) {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("lookup", lookup(true))
	b.Run("lookup-wrong", lookup(false))
}
