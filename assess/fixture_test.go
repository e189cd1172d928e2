package assess_test

import (
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at returns 2025-m-d h:min in Shanghai.
func at(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, shanghai) }

// october is the period of the hand-counted fixture: October 2025 in
// Shanghai, [1 Oct 00:00, 1 Nov 00:00).
var october = assess.Month(2025, time.October, shanghai)

const (
	chengguan = "城管分局"
	paichusuo = "派出所"
	zhujian   = "住建局"
)

// fixture returns twelve records across three units. The comment on each
// says what it counts for in October; the figures are tallied by hand in
// TestComputeHandCounted.
func fixture() []assess.Record {
	return []assess.Record{
		// C1: received, signed in time, due 16 Oct and closed 15 Oct (on
		// time), closed in P, rated 满意 and resolved in P.
		{OrderID: "C1", Unit: chengguan, Category: "complaint",
			Received: at(10, 9, 9, 0), SignDue: at(10, 9, 11, 0), Signed: at(10, 9, 10, 0),
			Due: at(10, 16, 17, 0), Closed: at(10, 15, 16, 0),
			Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Rated: at(10, 16, 10, 0)},
		// C2: signed late, due 20 Oct with one extension, closed late on
		// 22 Oct, rated 不满意 and unresolved.
		{OrderID: "C2", Unit: chengguan, Category: "complaint",
			Received: at(10, 10, 9, 0), SignDue: at(10, 10, 11, 0), Signed: at(10, 10, 14, 0),
			Due: at(10, 20, 17, 0), Closed: at(10, 22, 10, 0), Extensions: 1,
			Satisfaction: hotline.Dissatisfied, Resolution: hotline.Unresolved, Rated: at(10, 23, 9, 0)},
		// C3: received in September (not received in P), due 10 Oct and
		// closed 9 Oct after a reopening, rated 基本满意 and resolved.
		{OrderID: "C3", Unit: chengguan, Category: "help",
			Received: at(9, 25, 9, 0), SignDue: at(9, 25, 11, 0), Signed: at(9, 25, 9, 30),
			Due: at(10, 10, 17, 0), Closed: at(10, 9, 15, 0), Reopenings: 1,
			Satisfaction: hotline.BasicallySatisfied, Resolution: hotline.Resolved, Rated: at(10, 10, 9, 0)},
		// C4: an emergency received 30 Oct, unsigned at To with its sign
		// limit on 1 Nov (pending: not in the response rate), due in November.
		{OrderID: "C4", Unit: chengguan, Category: "report", Emergency: true,
			Received: at(10, 30, 15, 0), SignDue: at(11, 1, 9, 0), Due: at(11, 10, 17, 0)},
		// C5: signed in time and returned; no deadline for this unit.
		{OrderID: "C5", Unit: chengguan, Category: "consultation",
			Received: at(10, 28, 9, 0), SignDue: at(10, 28, 9, 30), Signed: at(10, 28, 9, 20), Returns: 1},

		// P1: an emergency signed in time, due 9 Oct and still open: late
		// and overdue.
		{OrderID: "P1", Unit: paichusuo, Category: "report", Emergency: true,
			Received: at(10, 2, 10, 0), SignDue: at(10, 2, 12, 0), Signed: at(10, 2, 11, 0),
			Due: at(10, 9, 17, 0)},
		// P2: received and due in September, still open: overdue backlog,
		// nothing else in P.
		{OrderID: "P2", Unit: paichusuo, Category: "complaint",
			Received: at(9, 20, 10, 0), SignDue: at(9, 20, 12, 0), Signed: at(9, 20, 11, 0),
			Due: at(9, 30, 17, 0)},
		// P3: closed exactly at Due (on time); rated in November (not in P).
		{OrderID: "P3", Unit: paichusuo, Category: "help",
			Received: at(10, 20, 8, 0), SignDue: at(10, 20, 10, 0), Signed: at(10, 20, 9, 0),
			Due: at(10, 27, 17, 0), Closed: at(10, 27, 17, 0),
			Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved, Rated: at(11, 2, 10, 0)},

		// Z1: received exactly at From (in P), never signed though its limit
		// passed, closed on time anyway, rated 非常满意, resolution not asked.
		{OrderID: "Z1", Unit: zhujian, Category: "complaint",
			Received: at(10, 1, 0, 0), SignDue: at(10, 1, 2, 0),
			Due: at(10, 15, 17, 0), Closed: at(10, 14, 11, 0),
			Satisfaction: hotline.VerySatisfied, Rated: at(10, 15, 9, 0)},
		// Z2: received 31 Oct 23:00, sign limit exactly at To, signed
		// before To: responded. Due in November, open.
		{OrderID: "Z2", Unit: zhujian, Category: "help",
			Received: at(10, 31, 23, 0), SignDue: at(11, 1, 0, 0), Signed: at(10, 31, 23, 30),
			Due: at(11, 7, 17, 0)},
		// Z3: signed late, due 31 Oct after two extensions, closed exactly
		// at To: late, overdue at To, not closed in P; rated in November.
		{OrderID: "Z3", Unit: zhujian, Category: "complaint",
			Received: at(10, 5, 9, 0), SignDue: at(10, 5, 11, 0), Signed: at(10, 5, 12, 0),
			Due: at(10, 31, 17, 0), Closed: at(11, 1, 0, 0), Extensions: 2,
			Satisfaction: hotline.Dissatisfied, Rated: at(11, 2, 9, 0)},
		// Z4: no sign limit (not in the response rate), closed on time
		// after two reopenings, rated 不满意 but resolved.
		{OrderID: "Z4", Unit: zhujian, Category: "suggestion",
			Received: at(10, 8, 9, 0), Due: at(10, 12, 17, 0), Closed: at(10, 12, 16, 0), Reopenings: 2,
			Satisfaction: hotline.Dissatisfied, Resolution: hotline.Resolved, Rated: at(10, 13, 9, 0)},
	}
}
