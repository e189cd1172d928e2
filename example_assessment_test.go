package hotline_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
)

// The README's assessment: October so far, read on the 10th at noon. The
// complaint received before the National Day holiday is still open but
// due only at the end of the 10th, so it is not late; the one received on
// the 9th was signed within its limit.
func Example_assessment() {
	ctx := context.Background()
	loc := cn.Calendar().Location()
	now := time.Date(2025, 9, 26, 10, 0, 0, 0, loc)
	svc, err := workorder.NewService(workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cn.Calendar(),
		Clock:    workorder.ClockFunc(func() time.Time { return now }),
	})
	if err != nil {
		panic(err)
	}
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	receive := func() {
		o, err := svc.Accept(ctx, centre, &workorder.Order{
			Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
			Text: "三中村工地凌晨仍在施工，噪音扰民。", Location: workorder.Location{Region: "清溪镇/三中村"},
		})
		if err == nil {
			_, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: unit.ID})
		}
		if err == nil {
			_, err = svc.Sign(ctx, unit, o.ID)
		}
		if err != nil {
			panic(err)
		}
	}
	receive()
	now = time.Date(2025, 10, 9, 9, 0, 0, 0, loc)
	receive()
	now = time.Date(2025, 10, 10, 12, 0, 0, 0, loc)

	recs, period, err := svc.Assessment(ctx, assess.MonthToDate(now))
	if err != nil {
		panic(err)
	}
	assessor, err := assess.New(assess.SchemeTown())
	if err != nil {
		panic(err)
	}
	rep, err := assessor.Compute(recs, period)
	if err != nil {
		panic(err)
	}
	row := rep.Row(unit.ID)
	fmt.Println("records:", len(recs), "received in October:", row.Received)
	fmt.Println("response:", row.Response, "on time:", row.OnTime, "overdue:", row.Overdue)
	// Output:
	// records: 2 received in October: 1
	// response: 100.0% (1/1) on time: - (0/0) overdue: 0
}
