package workorder_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// A board's counts: the centre sees every unit's line, a unit its own.
func ExampleService_Board() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now)
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	for range 3 {
		o, _ := s.Accept(ctx, centre, complaint())
		s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
	}
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇环保分局"})

	lines, _ := s.Board(ctx, centre)
	for _, l := range lines {
		fmt.Println(l.Unit, l.Total(), "open,", l.Overdue, "overdue")
	}
	mine, _ := s.Board(ctx, workorder.Unit("清溪镇环保分局"))
	fmt.Println(len(mine), "line for the unit:", mine[0].Unit)
	// Output:
	// 清溪镇城管办 3 open, 0 overdue
	// 清溪镇环保分局 1 open, 0 overdue
	// 1 line for the unit: 清溪镇环保分局
}
