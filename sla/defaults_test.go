package sla_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The table of default policies in the package documentation describes
// every target of DefaultPolicies, and nothing else.
func TestDefaultPoliciesMatchTheDocumentedTable(t *testing.T) {
	documented := documentedTable(t)
	ps := sla.DefaultPolicies().Policies()
	require.Len(t, documented, len(ps))
	for _, p := range ps {
		rows, ok := documented[p.Name]
		require.True(t, ok, "policy %q is not in the table", p.Name)
		names := []string{}
		for _, tg := range p.Targets {
			names = append(names, tg.Name)
			assert.Equal(t, tableRow(tg), rows[tg.Name], "policy %q target %q", p.Name, tg.Name)
		}
		assert.ElementsMatch(t, names, keys(rows), "targets of policy %q", p.Name)
	}
}

// The events that restart and meet each default target, as DefaultPolicies
// documents them.
func TestDefaultPoliciesRestartAndMetBy(t *testing.T) {
	type events struct{ restart, metBy []sla.EventKind }
	ks := func(k ...sla.EventKind) []sla.EventKind { return k }
	want := map[string]events{
		sla.TargetSign:     {ks(sla.EventDispatched), ks(sla.EventSigned)},
		sla.TargetReturn:   {ks(sla.EventDispatched), ks(sla.EventReturned)},
		sla.TargetContact:  {nil, ks(sla.EventContacted, sla.EventArrived)},
		sla.TargetArrive:   {nil, ks(sla.EventArrived)},
		sla.TargetFinish:   {ks(sla.EventReopened), ks(sla.EventFinished, sla.EventReplied, sla.EventClosed)},
		sla.TargetFeedback: {ks(sla.EventReopened), ks(sla.EventReplied, sla.EventClosed)},
	}
	for _, p := range sla.DefaultPolicies().Policies() {
		for _, tg := range p.Targets {
			w, ok := want[tg.Name]
			require.True(t, ok, "policy %q target %q", p.Name, tg.Name)
			assert.Equal(t, w, events{tg.RestartOn, tg.MetBy}, "policy %q target %q", p.Name, tg.Name)
		}
	}
}

// documentedTable reads the table of doc.go: policy name, then target
// name, to the columns from clock to extensions. Rows of "every normal"
// belong to each policy with urgency normal.
func documentedTable(t *testing.T) map[string]map[string][]string {
	t.Helper()
	data, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutPrefix(l, "//\t"); ok {
			lines = append(lines, s)
		}
	}
	require.NotEmpty(t, lines)
	header := strings.Fields(lines[0])
	require.Equal(t, []string{"policy", "target", "clock", "amount", "from", "pauses", "warns", "extensions"}, header)
	var starts []int
	for _, h := range header {
		starts = append(starts, strings.Index(lines[0], h))
	}
	normal := map[string]bool{}
	for _, p := range sla.DefaultPolicies().Policies() {
		if p.Urgency == hotline.UrgencyNormal {
			normal[p.Name] = true
		}
	}
	out := map[string]map[string][]string{}
	add := func(policy, target string, cells []string) {
		if out[policy] == nil {
			out[policy] = map[string][]string{}
		}
		_, dup := out[policy][target]
		require.False(t, dup, "policy %q target %q is in the table twice", policy, target)
		out[policy][target] = cells
	}
	policy := ""
	for _, l := range lines[1:] {
		cells := make([]string, len(starts))
		for i, s := range starts {
			end := len(l)
			if i+1 < len(starts) {
				end = min(starts[i+1], len(l))
			}
			if s < end {
				cells[i] = strings.TrimSpace(l[s:end])
			}
		}
		// A policy cell in brackets goes on with a note on the one above.
		if c := cells[0]; c != "" && !strings.HasPrefix(c, "(") && !strings.HasSuffix(c, ")") {
			policy = c
		}
		if policy == "every normal" {
			for name := range normal {
				add(name, cells[1], cells[2:])
			}
			continue
		}
		add(policy, cells[1], cells[2:])
	}
	return out
}

// tableRow renders tg as the table does.
func tableRow(tg sla.Target) []string {
	var amount string
	switch tg.Clock {
	case sla.ClockWorkingDays:
		amount = fmt.Sprintf("%dW", tg.Amount.Days)
		if tg.CloseOfWork {
			amount += " close"
		}
	case sla.ClockSameDay:
		amount = "24:00"
		if tg.CloseOfWork {
			amount = "close"
		}
	default:
		amount = sla.FormatDuration(tg.Amount.Duration)
	}
	pauses := "no"
	switch {
	case tg.Window:
		pauses = "window"
	case tg.Pausable:
		pauses = "yes"
	}
	var warns []string
	for _, w := range tg.Warnings {
		switch {
		case w.Fraction != 0:
			warns = append(warns, fmt.Sprintf("at %g%%", w.Fraction*100))
		case w.Before.Days != 0:
			warns = append(warns, fmt.Sprintf("%dW before", w.Before.Days))
		default:
			warns = append(warns, sla.FormatDuration(w.Before.Duration)+" before")
		}
	}
	if len(warns) == 0 {
		warns = []string{"-"}
	}
	ext := "none"
	if x := tg.Extension; x.MaxCount > 0 {
		ext = fmt.Sprint(x.MaxCount)
		switch {
		case x.MaxTotal.Days != 0:
			ext += fmt.Sprintf(", up to %dW", x.MaxTotal.Days)
		case x.MaxTotal.Duration != 0:
			ext += ", up to " + sla.FormatDuration(x.MaxTotal.Duration)
		}
	}
	return []string{tg.Clock.String(), amount, tg.Start.String(), pauses, strings.Join(warns, ", "), ext}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
