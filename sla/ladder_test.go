package sla_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

// ladderPolicy is a policy file whose finish target (办结) is due at the
// close of the 5th working day after dispatch, with the default ladder.
const ladderPolicy = `policies:
  - name: complaint
    targets:
      - name: finish
        clock: working_days
        days: 5
        start: dispatched
        met_by: finished
        warnings:
          - before_days: 1
      - name: feedback
        clock: working_days
        days: 10
        start: dispatched
        met_by: replied
    ladder:
      targets: [finish]
      steps:
        - {action: urge, from: warning, days: 1}
        - {action: urge, from: deadline}
        - {action: supervise, from: deadline, days: 2, reply_days: 3}
        - {action: decide, from: deadline, days: 5}
`

func TestLadderNationalDay(t *testing.T) {
	ps, err := sla.Parse(strings.NewReader(ladderPolicy))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ps.Policy("complaint")
	cal := cn.Calendar()
	utc := func(t time.Time) time.Time { return t.UTC() }
	tests := []struct {
		name       string
		dispatched time.Time
		want       map[string]time.Time
	}{
		{
			// Dispatched Tuesday 22 September; 25 September is the
			// Mid-Autumn Festival, so the 5th working day, the deadline,
			// is Wednesday 30 September, the last before National Day
			// (1 to 7 October): due at its end, 24:00. The warning-based
			// urge falls before the holiday; the supervision order at the
			// end of Friday 9 October, the decision at the end of Tuesday
			// 13 October, the make-up Saturday 10 October counted.
			name:       "deadline before National Day",
			dispatched: tm(2026, 9, 22, 10, 0),
			want: map[string]time.Time{
				"finish#1:urge":      utc(tm(2026, 9, 30, 17, 30)),
				"finish#3:supervise": utc(tm(2026, 10, 10, 0, 0)),
				"finish#4:decide":    utc(tm(2026, 10, 14, 0, 0)),
			},
		},
		{
			// Dispatched Wednesday 23 September: the 5th working day is
			// Thursday 8 October, after the holiday; the make-up Saturday
			// 10 October is the 2nd working day overdue.
			name:       "deadline after National Day",
			dispatched: tm(2026, 9, 23, 10, 0),
			want: map[string]time.Time{
				"finish#1:urge":      utc(tm(2026, 10, 8, 17, 30)),
				"finish#3:supervise": utc(tm(2026, 10, 11, 0, 0)),
				"finish#4:decide":    utc(tm(2026, 10, 15, 0, 0)),
			},
		},
		{
			// Dispatched on the make-up Saturday 10 October: due at the
			// end of Friday 16 October; supervised at the end of Tuesday
			// 20, decided at the end of Friday 23.
			name:       "start on a make-up Saturday",
			dispatched: tm(2026, 10, 10, 9, 0),
			want: map[string]time.Time{
				"finish#1:urge":      utc(tm(2026, 10, 16, 17, 30)),
				"finish#3:supervise": utc(tm(2026, 10, 21, 0, 0)),
				"finish#4:decide":    utc(tm(2026, 10, 24, 0, 0)),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl := sla.Timeline{ev(sla.EventDispatched, tc.dispatched)}
			rs, err := sla.Evaluate(p, cal, tl, tc.dispatched)
			if err != nil {
				t.Fatal(err)
			}
			all := p.LadderResults(nil, cal, rs)
			if len(all) != len(rs)+len(tc.want) {
				t.Fatalf("got %d results, want %d targets and %d steps: %+v", len(all), len(rs), len(tc.want), all)
			}
			got := map[string]time.Time{}
			sla.EachAlert(all[len(rs):], func(target string, l sla.Level, at time.Time) {
				if l != sla.LevelOverdue {
					t.Errorf("%s: level %v, want overdue", target, l)
				}
				got[target] = at
			})
			for name, want := range tc.want {
				if !got[name].Equal(want) {
					t.Errorf("%s at %v, want %v", name, got[name].In(shanghai), want.In(shanghai))
				}
				target, step, _, ok := sla.ParseLadderAlert(name)
				if !ok || target != "finish" || p.Ladder.Steps[step].Action.String() != name[strings.Index(name, ":")+1:] {
					t.Errorf("ParseLadderAlert(%q) = %q, %d, %v", name, target, step, ok)
				}
			}
		})
	}
}

func TestLadderSupervisionReply(t *testing.T) {
	s := sla.DefaultLadder().Steps[1]
	// Issued Friday 9 October 2026 18:00; 3 working days: Saturday 10
	// (make-up), Monday 12, Tuesday 13.
	got := s.ReplyDue(cn.Calendar(), tm(2026, 10, 9, 18, 0))
	if want := tm(2026, 10, 13, 18, 0); !got.Equal(want) {
		t.Errorf("reply due %v, want %v", got, want)
	}
}

func TestLadderSkipsMetAndPaused(t *testing.T) {
	ps, err := sla.Parse(strings.NewReader(ladderPolicy))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ps.Policy("complaint")
	cal := cn.Calendar()
	d := tm(2026, 9, 23, 10, 0)
	met := sla.Timeline{ev(sla.EventDispatched, d), ev(sla.EventFinished, d.Add(time.Hour))}
	rs, err := sla.Evaluate(p, cal, met, d.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if all := p.LadderResults(nil, cal, rs); len(all) != len(rs) {
		t.Errorf("a met target climbs: %+v", all[len(rs):])
	}
}

func TestLadderConfigRefused(t *testing.T) {
	head, _, _ := strings.Cut(ladderPolicy, "    ladder:\n")
	tests := []struct {
		name, ladder string
		line         int
		field        string
		want         error
	}{
		{"step before the one it follows", `      steps:
        - {action: urge, from: deadline}
        - {action: supervise, from: deadline, days: 5}
        - {action: decide, from: deadline, days: 2}
`, 20, "ladder.steps[2].days", sla.ErrBadValue},
		{"warning step after a deadline step", `      steps:
        - {action: urge, from: deadline, days: 1}
        - {action: urge, from: warning}
`, 19, "ladder.steps[1].days", sla.ErrBadValue},
		{"unknown level", `      steps:
        - {action: urge}
        - {action: scold, days: 3}
`, 19, "ladder.steps[1].action", sla.ErrUnknownAction},
		{"unknown anchor", `      steps:
        - {action: urge, from: lunch}
`, 18, "ladder.steps[0].from", sla.ErrUnknownAnchor},
		{"decide without supervise", `      steps:
        - {action: decide, days: 5}
`, 18, "ladder.steps[0].action", sla.ErrBadValue},
		{"unknown target", `      targets: [finish, arrive]
      steps:
        - {action: urge}
`, 17, "ladder.targets[1]", sla.ErrUnknownTarget},
		{"reply on an urge", `      steps:
        - {action: urge, reply_days: 2}
`, 18, "ladder.steps[0].reply_days", sla.ErrBadValue},
		{"unknown key", `      steps:
        - {action: urge, after: 2}
`, 18, "ladder.steps[0].after", sla.ErrUnknownField},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sla.Parse(strings.NewReader(head + "    ladder:\n" + tc.ladder))
			pe, ok := errors.AsType[*sla.PolicyError](err)
			if !ok {
				t.Fatalf("err = %v, want a *PolicyError", err)
			}
			if pe.Line != tc.line || pe.Field != tc.field || !errors.Is(err, tc.want) || !errors.Is(err, sla.ErrInvalidPolicy) {
				t.Errorf("err = %v (line %d, field %q), want line %d, field %q, %v", err, pe.Line, pe.Field, tc.line, tc.field, tc.want)
			}
		})
	}
}

func TestLadderRoundTrip(t *testing.T) {
	ps, err := sla.Parse(strings.NewReader(ladderPolicy))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := ps.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	back, err := sla.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	p, _ := back.Policy("complaint")
	want, _ := ps.Policy("complaint")
	if len(p.Ladder.Steps) != 4 || p.Ladder.Steps[2] != want.Ladder.Steps[2] || p.Ladder.Targets[0] != "finish" {
		t.Errorf("ladder read back as %+v, want %+v", p.Ladder, want.Ladder)
	}
}

func TestDefaultLadderYAML(t *testing.T) {
	head, _, _ := strings.Cut(ladderPolicy, "    ladder:\n")
	ps, err := sla.Parse(strings.NewReader(head + indent(sla.DefaultLadderYAML, "    ")))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ps.Policy("complaint")
	want := sla.DefaultLadder()
	if len(p.Ladder.Steps) != len(want.Steps) {
		t.Fatalf("steps %+v, want %+v", p.Ladder.Steps, want.Steps)
	}
	for i := range want.Steps {
		if p.Ladder.Steps[i] != want.Steps[i] {
			t.Errorf("step %d = %+v, want %+v", i, p.Ladder.Steps[i], want.Steps[i])
		}
	}
}

func indent(s, by string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "")
}

func TestParseLadderAlert(t *testing.T) {
	for _, name := range []string{"finish", "finish#", "finish#0:urge", "finish#2", "finish#2:scold", "finish#2:催办", "unit/finish"} {
		if _, _, _, ok := sla.ParseLadderAlert(name); ok {
			t.Errorf("ParseLadderAlert(%q) ok", name)
		}
	}
	name := sla.LadderAlertTarget("a#b", 1, sla.ActionSupervise)
	if tg, i, a, ok := sla.ParseLadderAlert(name); !ok || tg != "a#b" || i != 1 || a != sla.ActionSupervise {
		t.Errorf("ParseLadderAlert(%q) = %q, %d, %v, %v", name, tg, i, a, ok)
	}
}

func BenchmarkLadderResults(b *testing.B) {
	ps, err := sla.Parse(strings.NewReader(ladderPolicy))
	if err != nil {
		b.Fatal(err)
	}
	p, _ := ps.Policy("complaint")
	cal := cn.Calendar()
	d := tm(2026, 9, 22, 10, 0)
	rs, err := sla.Evaluate(p, cal, sla.Timeline{ev(sla.EventDispatched, d)}, d)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]sla.Result, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		buf = p.LadderResults(buf[:0], cal, rs)
	}
}
