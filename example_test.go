package hotline_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/workorder"
)

// The README's sample: one complaint from receipt to signing, received on
// the Friday before the 2025 National Day holiday.
func Example() {
	ctx := context.Background()
	received := time.Date(2025, 9, 26, 10, 0, 0, 0, cn.Calendar().Location())
	svc, err := workorder.NewService(workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cn.Calendar(),
		Clock:    workorder.ClockFunc(func() time.Time { return received }),
	})
	if err != nil {
		panic(err)
	}
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	o, err := svc.Accept(ctx, centre, &workorder.Order{
		Channel:  hotline.ChannelPhone,
		Category: hotline.CategoryComplaint,
		Text:     "三中村工地凌晨仍在施工，噪音扰民。",
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路8号"},
	})
	if err != nil {
		panic(err)
	}
	if o, err = svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: unit.ID}); err != nil {
		panic(err)
	}
	fmt.Println(o.State, o.Due.Format("2006-01-02 15:04"))
	if o, err = svc.Sign(ctx, unit, o.ID); err != nil {
		panic(err)
	}
	fmt.Println(o.State, o.Due.Format("2006-01-02 15:04"))
	// Output:
	// dispatched 2025-09-28 17:30
	// handling 2025-10-11 00:00
}
