package repeats_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/repeats"
	"github.com/hotline12345/hotline/similar"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

// A service whose observer is a Linker hears that the second order is a
// likely repeat of the first, though they share no phone and no wording.
func Example() {
	x, _ := similar.New(similar.Config{})
	l, _ := repeats.New(repeats.Config{
		Index: x,
		OnRepeat: func(_ context.Context, o *workorder.Order, ms []similar.Match) {
			fmt.Printf("%s is likely a repeat of %s (%.2f)\n", o.ID, ms[0].ID, ms[0].Score)
		},
	})
	dir, _ := unit.New([]unit.Unit{{ID: "清溪镇综合办", Name: "清溪镇综合办", Kind: unit.KindDepartment}}, "清溪镇综合办")
	now := time.Date(2025, 3, 1, 23, 10, 0, 0, time.FixedZone("CST", 8*3600))
	s, err := workorder.NewService(workorder.Config{
		Store: workorder.NewMemStore(), Calendar: cn.Calendar(), Units: dir,
		Clock: workorder.ClockFunc(func() time.Time { return now }), IDs: workorder.Sequence("QX"),
		Observer: l,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, centre := context.Background(), workorder.Centre("agent-7")
	for _, text := range []string{"三中村工地晚上还在打桩，吵得睡不着", "三中村建筑工地夜间施工噪音扰民"} {
		if _, err := s.Accept(ctx, centre, &workorder.Order{
			Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
			Text: text, Location: workorder.Location{Region: "清溪镇/三中村"},
		}); err != nil {
			fmt.Println(err)
			return
		}
		now = now.Add(10 * time.Hour)
	}
	// Output:
	// QX000002 is likely a repeat of QX000001 (0.76)
}
