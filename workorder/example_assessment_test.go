package workorder_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/workorder"
)

// Two complaints assessed for September so far: the first is returned by
// the unit it was sent to and handled by another; the second is open and
// not yet due, so it is not late.
func ExampleService_Assessment() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now)
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	city, env := workorder.Unit("清溪镇城管办"), workorder.Unit("清溪镇环保分局")

	a, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, a.ID, workorder.Assignment{Lead: city.ID})
	now = now.Add(time.Hour)
	s.Return(ctx, city, a.ID, workorder.ReturnRequest{Code: "not_our_duty", Text: "噪音属环保职责"})
	s.ApproveReturn(ctx, centre, a.ID, "")
	s.Redispatch(ctx, centre, a.ID, workorder.Assignment{Lead: env.ID})
	s.Sign(ctx, env, a.ID)
	now = now.Add(48 * time.Hour)
	s.Reply(ctx, env, a.ID, "已责令工地夜间停工。")
	s.ApproveReply(ctx, centre, a.ID, "")
	s.CallbackWith(ctx, centre, a.ID, workorder.CallbackAnswer{Satisfaction: hotline.Satisfied, Resolution: hotline.Resolved})
	s.Close(ctx, centre, a.ID, "")

	b, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, b.ID, workorder.Assignment{Lead: city.ID})
	s.Sign(ctx, city, b.ID)
	now = now.Add(24 * time.Hour)

	recs, p, err := s.Assessment(ctx, assess.Month(2025, time.September, shanghai))
	if err != nil {
		panic(err)
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format("01-02 15:04")
	}
	for _, r := range recs {
		fmt.Printf("%s %s received %s, sign by %s, due %s, closed %s, returns %d, %s\n", r.OrderID, r.Unit,
			when(r.Received), when(r.SignDue), when(r.Due), when(r.Closed), r.Returns, cmp.Or(r.Satisfaction.String(), "unrated"))
	}
	fmt.Println("period to", p.To.Format("01-02 15:04"))
	assessor, _ := assess.New(assess.SchemeTown())
	rep, _ := assessor.Compute(recs, p)
	rep.WriteText(os.Stdout, language.English)
	// Output:
	// QX000001 清溪镇城管办 received 09-15 10:00, sign by -, due -, closed -, returns 1, unrated
	// QX000001 清溪镇环保分局 received 09-15 11:00, sign by 09-16 17:30, due 09-23 00:00, closed 09-17 11:00, returns 0, satisfied
	// QX000002 清溪镇城管办 received 09-17 11:00, sign by 09-18 17:30, due 09-25 00:00, closed -, returns 0, unrated
	// period to 09-18 11:00
	// Unit            Received  Closed  Response  On time  Overdue  Returned  Reopened  Extended  Resolved  Satisfied  Score
	// ----------------------------------------------------------------------------------------------------------------------
	// 清溪镇城管办           2       0    100.0%        -        0     50.0%         -         -         -          -  100.0
	// 清溪镇环保分局         1       1    100.0%        -        0      0.0%      0.0%         -    100.0%     100.0%  100.0
	// ----------------------------------------------------------------------------------------------------------------------
	// Total                  3       1    100.0%        -        0     33.3%      0.0%         -    100.0%     100.0%  100.0
}
