package sla_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/sla"
)

// A complaint due at the end of Wednesday 30 September 2026, the last
// working day before National Day, climbs the default ladder after the
// holiday: the supervision order 2 working days overdue, the decision on
// a talk or a criticism 5 working days overdue (the make-up Saturday 10
// October counts).
func ExamplePolicy_LadderResults() {
	ps, err := sla.Parse(strings.NewReader(`policies:
  - name: complaint
    targets:
      - {name: finish, clock: working_days, days: 5, start: dispatched, met_by: finished}
` + indent(sla.DefaultLadderYAML, "    ")))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := ps.Policy("complaint")
	cal := cn.Calendar()
	dispatched := time.Date(2026, 9, 22, 10, 0, 0, 0, cal.Location())
	rs, err := sla.Evaluate(p, cal, sla.Timeline{{Kind: sla.EventDispatched, At: dispatched}}, dispatched)
	if err != nil {
		fmt.Println(err)
		return
	}
	sla.EachAlert(p.LadderResults(nil, cal, rs), func(target string, l sla.Level, at time.Time) {
		fmt.Println(at.In(cal.Location()).Format("Mon 2006-01-02 15:04:05"), target, l)
	})
	s := p.Ladder.Steps[1]
	fmt.Println("explanation due", s.ReplyDue(cal, time.Date(2026, 10, 10, 0, 0, 0, 0, cal.Location())).Format("Mon 2006-01-02 15:04"))
	// Output:
	// Thu 2026-10-01 00:00:01 finish overdue
	// Sat 2026-10-10 00:00:00 finish#2:supervise overdue
	// Wed 2026-10-14 00:00:00 finish#3:decide overdue
	// explanation due Wed 2026-10-14 00:00
}
