package sla_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/internal/conf"
	"github.com/hotline12345/hotline/sla"
)

func FuzzParse(f *testing.F) {
	// One default policy in each format (the whole file is tested in
	// TestDefaultPoliciesWriteAndLoadBack; large seeds make minimising slow).
	complaint, _ := sla.DefaultPolicies().Policy("complaint")
	one, err := sla.NewPolicySet(*complaint)
	if err != nil {
		f.Fatal(err)
	}
	var y, j bytes.Buffer
	if err := one.WriteYAML(&y); err != nil {
		f.Fatal(err)
	}
	if err := one.WriteJSON(&j); err != nil {
		f.Fatal(err)
	}
	f.Add(y.Bytes())
	f.Add(j.Bytes())
	f.Add([]byte("policies:\n  - name: a\n    targets:\n      - &t {name: f, clock: natural, duration: 1h, start: received, met_by: [closed]}\n  - name: b\n    urgency: emergency\n    targets: [*t]\n"))
	for _, s := range []string{
		"policy: []", "policies: 3", "policies:\n  - targets: []",
		policyFile(goodTarget), policyFile(goodTarget + "\npausible: true"),
		policyFile(goodTarget + "\nfrom_start_day: true\nclose_of_work: true\nwarnings: [{before_days: 2}, {before: 1h}]"),
		policyFile(goodTarget + "\nwarnings: [{fraction: 1.5}]"),
		policyFile(goodTarget + "\nextension: {max_count: 1, max_duration: 2h}"),
		policyFile("name: x\nclock: natural\nduration: 30 minutes\nstart: received\nmet_by: [arrived]"),
		`{"policies": [{"name": "j", "targets": [{"name": "f", "clock": "working_days", "days": "5", "start": "received", "met_by": ["closed"]}]}]}`,
		policyFile(goodTarget) + "\n    ladder:\n      steps: [{action: urge}, {action: supervise, days: 2, reply_days: 3}, {action: decide, days: 5}]",
		policyFile(goodTarget) + "\n    ladder: {targets: [f], steps: [{action: 督办, from: warning, duration: 2h}]}",
		"policies: [", "", "a: &a [*a]", "policies: [3]", "policies:\n  - {1: x, name: p}",
	} {
		f.Add([]byte(s))
	}
	for _, c := range parseErrorCases {
		f.Add([]byte(c.file))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := sla.Parse(bytes.NewReader(data))
		if err != nil {
			var pe *sla.PolicyError
			if !errors.As(err, &pe) || !errors.Is(err, sla.ErrInvalidPolicy) {
				t.Fatalf("error %v is not a *PolicyError", err)
			}
			// Every mistake has its place, except what the parser
			// places nowhere and a file with nothing in it.
			if pe.Line == 0 && !errors.Is(err, conf.ErrSyntax) && !errors.Is(err, conf.ErrEmpty) {
				t.Fatalf("error %v has no line", err)
			}
			return
		}
		// What loads writes back and loads to the same set.
		for _, write := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return s.WriteYAML(b) },
			func(b *bytes.Buffer) error { return s.WriteJSON(b) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			again, err := sla.Parse(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("reload: %v\n%s", err, buf.Bytes())
			}
			if want, got := normalised(s.Policies()), normalised(again.Policies()); !reflect.DeepEqual(want, got) {
				t.Fatalf("reload differs:\n%s\nwant %+v\ngot  %+v", buf.Bytes(), want, got)
			}
		}
	})
}

// normalised returns ps with empty lists as nil: a file may write "[]",
// and the writer leaves empty lists out.
func normalised(ps []sla.Policy) []sla.Policy {
	for i := range ps {
		for j := range ps[i].Targets {
			tg := &ps[i].Targets[j]
			if len(tg.RestartOn) == 0 {
				tg.RestartOn = nil
			}
			if len(tg.Warnings) == 0 {
				tg.Warnings = nil
			}
		}
	}
	return ps
}

// fuzzTimeline builds a valid timeline of p from steps: each pair of bytes
// gives an event kind and the minutes since the previous event (squared,
// so that gaps reach days).
func fuzzTimeline(p *sla.Policy, start time.Time, steps []byte) sla.Timeline {
	kinds := sla.EventKinds()
	at := start
	tl := sla.Timeline{}
	for i := 0; i+1 < len(steps) && len(tl) < 40; i += 2 {
		k := kinds[int(steps[i])%len(kinds)]
		at = at.Add(time.Duration(int(steps[i+1])*int(steps[i+1])) * time.Minute)
		e := sla.Event{Kind: k, At: at}
		if k == sla.EventExtended {
			tg := p.Targets[int(steps[i])/len(kinds)%len(p.Targets)]
			e.Target, e.Amount = tg.Name, fuzzAmount(tg, int(steps[i+1]))
		}
		tl = append(tl, e)
	}
	return tl
}

func fuzzAmount(tg sla.Target, n int) sla.Amount {
	if tg.Clock == sla.ClockWorkingDays {
		return sla.Amount{Days: 1 + n%5}
	}
	return sla.Amount{Duration: time.Duration(1+n%300) * time.Minute}
}

func FuzzEvaluate(f *testing.F) {
	// Seeds from the table cases: received, dispatched, signed, suspended
	// and resumed across the holiday, extended, finished.
	f.Add(uint8(3), int64(0), []byte{0, 0, 1, 1, 2, 8, 6, 30, 7, 100, 8, 5, 9, 20}, uint8(2), uint16(90), uint8(1))
	f.Add(uint8(0), int64(4*24*60), []byte{0, 0, 1, 1, 4, 5, 5, 6, 9, 10, 10, 200}, uint8(1), uint16(20), uint8(5))
	f.Add(uint8(2), int64(-3*24*60), []byte{0, 0, 6, 40, 7, 200, 12, 3, 1, 2}, uint8(0), uint16(3000), uint8(0))
	f.Add(uint8(7), int64(140*24*60), []byte{0, 0, 1, 0, 3, 10, 1, 10, 2, 10, 11, 250, 12, 1, 9, 9}, uint8(4), uint16(600), uint8(2))
	// The default policies and one with the options they do not use.
	ps := append(sla.DefaultPolicies().Policies(), sla.Policy{Name: "variants", Targets: []sla.Target{
		{Name: "wt", Clock: sla.ClockWorkingTime, Amount: dur(3 * time.Hour), Start: sla.EventDispatched,
			RestartOn: []sla.EventKind{sla.EventDispatched}, MetBy: []sla.EventKind{sla.EventSigned}, Pausable: true,
			Warnings: []sla.Warning{{Fraction: 0.5}, {Before: dur(time.Hour)}}},
		{Name: "wd", Clock: sla.ClockWorkingDays, Amount: days(2), FromStartDay: true, CloseOfWork: true,
			Start: sla.EventReceived, MetBy: []sla.EventKind{sla.EventClosed}, Pausable: true,
			Warnings: []sla.Warning{{Before: days(1)}, {Before: dur(30 * time.Minute)}}},
		{Name: "sd", Clock: sla.ClockSameDay, CloseOfWork: true, Start: sla.EventArrived,
			MetBy: []sla.EventKind{sla.EventFinished}, Pausable: true, Warnings: []sla.Warning{{Fraction: 0.9}}},
	}})
	cal := cn.Calendar()
	base := tm(2025, 9, 20, 9, 0)
	f.Fuzz(func(t *testing.T, policy uint8, offset int64, steps []byte, insert uint8, gap uint16, which uint8) {
		p := &ps[int(policy)%len(ps)]
		start := base.Add(time.Duration(offset%(3*366*24*60)) * time.Minute)
		tl := fuzzTimeline(p, start, steps)
		at := start.Add(400 * 24 * time.Hour)
		if n := len(tl); n > 0 {
			at = tl[n-1].At.Add(time.Hour)
		}
		rs, err := sla.Evaluate(p, cal, tl, at)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.Started {
				continue
			}
			if r.Due.Before(r.Start) || r.Elapsed < 0 || r.PausedTime < 0 || r.WorkingTimeUsed < 0 {
				t.Fatalf("%s: due %v start %v elapsed %v paused %v used %v", r.Name, r.Due, r.Start, r.Elapsed, r.PausedTime, r.WorkingTimeUsed)
			}
			if !r.WarnAt.IsZero() && (r.WarnAt.After(r.Due) || r.WarnAt.Before(r.Start)) {
				t.Fatalf("%s: warning %v outside %v to %v", r.Name, r.WarnAt, r.Start, r.Due)
			}
		}
		if len(tl) == 0 {
			return
		}
		i := int(insert) % len(tl)
		var more sla.Timeline
		if int(which)%2 == 0 {
			// A suspension inserted after event i, while the order is not
			// suspended, resumed before the next event.
			if suspendedAfter(tl[:i+1]) {
				return
			}
			from := tl[i].At
			to := from.Add(time.Duration(gap) * time.Minute)
			if i+1 < len(tl) && to.After(tl[i+1].At) {
				to = tl[i+1].At
			}
			more = insertAfter(tl, i, sla.Event{Kind: sla.EventSuspended, At: from}, sla.Event{Kind: sla.EventResumed, At: to})
		} else {
			tg := p.Targets[int(which)/2%len(p.Targets)]
			more = insertAfter(tl, i, sla.Event{Kind: sla.EventExtended, At: tl[i].At, Target: tg.Name, Amount: fuzzAmount(tg, int(gap))})
		}
		rs2, err := sla.Evaluate(p, cal, more, at)
		if err != nil {
			t.Fatal(err)
		}
		for j := range rs {
			if rs[j].Started && rs2[j].Due.Before(rs[j].Due) {
				t.Fatalf("%s: due moved earlier, %v to %v, after adding time", rs[j].Name, rs[j].Due, rs2[j].Due)
			}
		}
	})
}

func suspendedAfter(tl sla.Timeline) bool {
	s := false
	for _, e := range tl {
		switch e.Kind {
		case sla.EventSuspended:
			s = true
		case sla.EventResumed:
			s = false
		}
	}
	return s
}

func insertAfter(tl sla.Timeline, i int, es ...sla.Event) sla.Timeline {
	out := append(sla.Timeline{}, tl[:i+1]...)
	out = append(out, es...)
	return append(out, tl[i+1:]...)
}
