package sla_test

import (
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

func BenchmarkScratch(b *testing.B) {
	cal := cn.Calendar()
	loc := cal.Location()
	at := time.Date(2025, 9, 26, 10, 0, 0, 0, loc)
	ps := sla.DefaultPolicies()
	for _, k := range []sla.Key{{Category: sla.CategoryComplaint, Urgency: sla.UrgencyNormal}, {Category: sla.CategoryComplaint, Urgency: sla.UrgencyEmergency}} {
		p, _ := ps.Lookup(k)
		tl := sla.Timeline{{Kind: sla.EventReceived, At: at}, {Kind: sla.EventDispatched, At: at.Add(time.Minute)}, {Kind: sla.EventSigned, At: at.Add(time.Hour)},
			{Kind: sla.EventSuspended, At: at.Add(2 * time.Hour)}, {Kind: sla.EventResumed, At: at.Add(50 * time.Hour)}}
		b.Run(string(k.Urgency), func(b *testing.B) {
			b.ReportAllocs()
			dst := make([]sla.Result, 0, 8)
			for b.Loop() {
				dst, _ = sla.EvaluateInto(dst, p, cal, tl, at.Add(60*time.Hour))
			}
		})
	}
}
