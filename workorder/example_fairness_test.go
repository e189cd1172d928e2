package workorder_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/workorder"
)

// A complaint led personally by the town's leader (领办), handled by a
// person of the unit (经办人); the caller's dissatisfied verdict is
// reviewed (差评甄别) and left out of assessment with a supervisor's
// approval, which the centre alone cannot give.
func ExampleService_Exempt() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now)
	ctx := context.Background()
	centre, super := workorder.Centre("agent-7"), workorder.Supervisor("督查室")
	handler := workorder.Person("清溪镇城管办", "王五", "执法队")

	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: handler.ID, Leader: "陈镇长", Remark: "一把手领办"})
	s.Sign(ctx, handler, o.ID)
	now = now.Add(24 * time.Hour)
	s.Reply(ctx, handler, o.ID, "已责令工地夜间停工。")
	s.ApproveReply(ctx, centre, o.ID, "")
	s.Callback(ctx, centre, o.ID, hotline.Dissatisfied, "要求工地永久停工")

	ask := workorder.Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptUnreasonable,
		RequestedBy: "agent-7", Remark: "来电人要求永久停工，超出合理诉求"}
	_, err := s.Exempt(ctx, centre, o.ID, ask)
	fmt.Println("centre alone:", errors.Is(err, workorder.ErrForbidden))
	o, err = s.Exempt(ctx, super, o.ID, ask)
	if err != nil {
		panic(err)
	}

	trail, _ := s.History(ctx, centre, o.ID)
	for _, r := range trail[2:] {
		fmt.Printf("%s [%s] {%s}\n", r.Step.Name(language.Chinese), r.Taker().Person, r.Data)
	}
	recs, _ := s.AssessmentRecords(o, trail, now)
	r := recs[0]
	fmt.Printf("%s %s/%s led by %s, %s exempted: %s\n", r.OrderID, r.Unit, r.Person, r.Leader, r.Exempt, r.ExemptReason)
	// Output:
	// centre alone: true
	// 签收 [王五] {person=王五&post=执法队}
	// 回复 [王五] {reply=已责令工地夜间停工。&person=王五&post=执法队}
	// 审核通过 [] {}
	// 回访 [] {satisfaction=dissatisfied}
	// 不纳入考核 [] {scope=verdict&reason=unreasonable&requested_by=agent-7}
	// QX000001 清溪镇城管办/王五 led by 陈镇长, verdict exempted: unreasonable
}
