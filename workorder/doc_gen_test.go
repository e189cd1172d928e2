package workorder

import (
	"strings"

	"golang.org/x/text/language"
)

// lifecycleDoc renders docs/lifecycle.md from the transition table, the
// permission table and the names.
func lifecycleDoc() string {
	var b strings.Builder
	zh := language.Chinese
	b.WriteString(`# The life of a work order

This file is generated from the transition table of package workorder by
` + "`go test ./workorder -run TestLifecycleDoc -update`" + `; do not edit it by hand.

The diagram shows the steps that move an order from one state to another.
Steps that are recorded without changing the state are listed below it.

` + "```mermaid\n")
	b.WriteString(Mermaid())
	b.WriteString("```\n\n## States\n\n| State | 中文 | Open | Steps that keep the state |\n|---|---|---|---|\n")
	for _, s := range States() {
		open := "no"
		if s.Open() {
			open = "yes"
		}
		var keep []string
		for _, st := range selfSteps(s) {
			keep = append(keep, "`"+st.String()+"`")
		}
		b.WriteString("| `" + s.String() + "` | " + s.Name(zh) + " | " + open + " | " + strings.Join(keep, ", ") + " |\n")
	}
	b.WriteString("\n## Steps\n\n| Step | 中文 | From | To | Who |\n|---|---|---|---|---|\n")
	for _, st := range Steps() {
		var from, pairs []string
		dsts := map[State]bool{}
		stays := true
		for _, s := range States() {
			if n, err := Next(s, st); err == nil {
				from = append(from, "`"+s.String()+"`")
				pairs = append(pairs, "`"+n.String()+"` from `"+s.String()+"`")
				dsts[n] = true
				stays = stays && n == s
			}
		}
		// One destination, or the source itself, or one per source.
		to := strings.Join(pairs, ", ")
		switch {
		case stays:
			to = "(same)"
		case len(dsts) == 1:
			to = pairs[0][:strings.Index(pairs[0], " from ")]
		}
		var who []string
		for r := RoleCentre; r <= RoleSystem; r++ {
			if roles[st]&(1<<r) != 0 {
				who = append(who, r.String())
			}
		}
		b.WriteString("| `" + st.String() + "` | " + st.Name(zh) + " | " + strings.Join(from, ", ") + " | " + to + " | " + strings.Join(who, ", ") + " |\n")
	}
	b.WriteString(`
A unit may take a step only on the orders it leads, except
` + "`submit_opinion`" + `, which only the order's assisting units take. The fallback
unit cannot ` + "`return`" + ` or ` + "`request_return`" + `. The system closes merged orders only, when their
master closes, and transfers them only when their master is transferred.

A unit's return is ` + "`request_return`" + `, an application the centre decides by
` + "`approve_return`" + ` or ` + "`refuse_return`" + ` (退单审核); with Config.InstantReturn it is
` + "`return`" + `, which takes effect at once. A refusal sends the order back to where it
was, signed or not; its sla clocks never stopped, and it counts against the
unit as an improper return (不当退单).

The centre answers many orders itself (直接答复): ` + "`answer`" + ` takes a received
order to ` + "`answered`" + ` with the reply of a knowledge-base entry, recording the
entry and its version; no unit is involved, the finish target is met, and the
callback and closing follow as usual. Such an order cannot be reopened for a
unit: there is none.

` + "`transfer`" + ` hands an order over to another body (转办: 110 police linkage,
another hotline, a higher platform; the list is configuration), from
` + "`received`" + ` or after a unit returned it. ` + "`transferred`" + ` is final: the order
keeps where it went, the decision and whether the caller was joined in a
three-way call, our sla clocks stop, and assessment counts it apart. The
orders merged into it go with it: the system transfers each from ` + "`merged`" + `.
`)
	return b.String()
}

// selfSteps lists the steps that are recorded in state s without changing
// it.
func selfSteps(s State) []Step {
	var out []Step
	for _, step := range StepsFrom(s) {
		if to, _ := next(s, step); to == s {
			out = append(out, step)
		}
	}
	return out
}
