package workorder_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/workorder"
)

// A consultation the centre answers itself (直接答复): the operator finds
// the entry from the caller's words, the order keeps the entry's id and
// version, and a later edit of the entry leaves the answer given as it
// was. An entry past its last day is refused.
func ExampleService_AnswerDirectly() {
	base := kb.New()
	base.Add(kb.Entry{ID: "QX-GS-001", Title: "计划停水通知在哪里查询", Keywords: []string{"停水", "没水"},
		Answer: "停水通知提前一天在镇政府网站和自来水公司公众号公布。", Regions: []string{"清溪镇"}})
	base.Add(kb.Entry{ID: "QX-HJ-003", Title: "新生儿落户", Answer: "旧口径。", ValidUntil: calendar.D(2025, 6, 30)})

	now := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	s := exampleService(&now, func(c *workorder.Config) { c.Knowledge = base })
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	words := "明天三中村是不是停水？"
	o, _ := s.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryConsultation, Code: "01.05.01",
		Text: words, Location: workorder.Location{Region: "清溪镇/三中村"},
	})
	hit := base.Search(words, kb.SearchOptions{At: now, Region: o.Location.Region, Limit: 1})[0]
	o, _ = s.AnswerDirectly(ctx, centre, o.ID, workorder.DirectReply{Entry: hit.Entry.ID})
	fmt.Println(o.State, o.Answer.Entry, o.Answer.Version, o.Lead == "")
	o, _ = s.Callback(ctx, centre, o.ID, hotline.Satisfied, "")
	o, _ = s.Close(ctx, centre, o.ID, "")
	fmt.Println(o.State, o.Reply)

	base.Edit(kb.Entry{ID: "QX-GS-001", Title: "计划停水通知在哪里查询", Answer: "新口径。"})
	given, _ := base.Version(o.Answer.Entry, o.Answer.Version)
	fmt.Println(given.Answer == o.Reply)

	old, _ := s.Accept(ctx, centre, &workorder.Order{Channel: hotline.ChannelPhone, Category: hotline.CategoryConsultation, Text: "怎么上户口？"})
	_, err := s.AnswerDirectly(ctx, centre, old.ID, workorder.DirectReply{Entry: "QX-HJ-003"})
	fmt.Println(errors.Is(err, workorder.ErrEntryNotApplicable))
	// Output:
	// answered QX-GS-001 1 true
	// closed 停水通知提前一天在镇政府网站和自来水公司公众号公布。
	// true
	// true
}

// An order handed over to 110 (转办) in a three-way call: its state is
// final and it has no deadline left.
func ExampleService_Transfer() {
	now := time.Date(2025, 9, 15, 23, 40, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	o, _ := s.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryHelp, Urgency: hotline.UrgencyEmergency,
		Text: "幸福路口有人打架。", Location: workorder.Location{Region: "清溪镇"},
	})
	o, _ = s.Transfer(ctx, centre, o.ID, workorder.TransferRequest{Body: workorder.BodyPolice, Decision: "属警情", ThreeWay: true})
	fmt.Println(o.State, o.Transfer.Body, o.Transfer.ThreeWay, o.Due.IsZero())
	_, err := s.Transfer(ctx, centre, o.ID, workorder.TransferRequest{Body: "12315", Decision: "消费纠纷"})
	fmt.Println(errors.Is(err, workorder.ErrInvalidTransition))
	// Output:
	// transferred 110 true true
	// true
}
