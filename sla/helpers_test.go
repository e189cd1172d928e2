package sla_test

import (
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

// shanghai is the zone of the China calendar.
var shanghai = cn.Calendar().Location()

// tm returns y-m-d h:min in Asia/Shanghai.
func tm(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

// ev is a timeline event.
func ev(k sla.EventKind, at time.Time) sla.Event { return sla.Event{Kind: k, At: at} }

// ext is an extension event.
func ext(at time.Time, target string, a sla.Amount) sla.Event {
	return sla.Event{Kind: sla.EventExtended, At: at, Target: target, Amount: a}
}

func days(n int) sla.Amount           { return sla.Amount{Days: n} }
func dur(d time.Duration) sla.Amount  { return sla.Amount{Duration: d} }
func hours(n int) time.Duration       { return time.Duration(n) * time.Hour }
func single(t sla.Target) *sla.Policy { return &sla.Policy{Name: "test", Targets: []sla.Target{t}} }

func lookup(t testing.TB, c hotline.Category, u hotline.Urgency) *sla.Policy {
	t.Helper()
	p, err := sla.DefaultPolicies().Lookup(sla.Key{Category: c, Urgency: u})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// result returns the result named name.
func result(t testing.TB, rs []sla.Result, name string) sla.Result {
	t.Helper()
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no result %q in %v", name, rs)
	return sla.Result{}
}

// eval evaluates p on the China calendar and fails the test on error.
func eval(t testing.TB, p *sla.Policy, cal *calendar.Calendar, tl sla.Timeline, at time.Time) []sla.Result {
	t.Helper()
	if cal == nil {
		cal = cn.Calendar()
	}
	rs, err := sla.Evaluate(p, cal, tl, at)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
