// Command intake shows the hotline centre's own desk on one morning in
// 清溪镇: a consultation the centre answers itself from its knowledge base
// (直接答复), found from the caller's words; one it may not answer from an
// entry that expired (the service refuses, and the order waits for
// dispatch); a complaint whose unit asks to
// return it and is refused (退单审核不通过, an improper return); and a fight
// in the street handed over to 110 in a three-way call (转办). Then it
// prints the centre's intake figures for the month, by classification
// code: the direct-answer rate (直接答复率) and the transfers, counted
// apart.
//
//	go run ./examples/intake
package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/workorder"
)

//go:embed kb.yaml
var kbYAML []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "intake:", err)
		os.Exit(1)
	}
}

func run(stdout io.Writer) error {
	base, err := kb.Parse(bytes.NewReader(kbYAML))
	if err != nil {
		return err
	}
	cal := cn.Calendar()
	zone := cal.Location()
	now := time.Date(2025, 9, 15, 9, 0, 0, 0, zone) // a Monday
	svc, err := workorder.NewService(workorder.Config{
		Store:     workorder.NewMemStore(),
		Calendar:  cal,
		Clock:     workorder.ClockFunc(func() time.Time { return now }),
		IDs:       workorder.Sequence("QX"),
		Knowledge: base,
	})
	if err != nil {
		return err
	}
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	tree := classify.Default()
	w := &writer{out: stdout}
	show := func(o *workorder.Order, what string) {
		w.printf("  %s  %-15s %s %s\n", now.Format("15:04"), what, o.State, o.State.Name(language.Chinese))
	}
	later := func(d time.Duration) { now = now.Add(d) }

	// 1. A consultation: the operator searches the caller's words and
	// answers from the best entry valid today for the caller's place.
	words := "明天三中村是不是要停水？停水通知在哪里能查到？"
	o, err := svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryConsultation, Code: "01.05.01",
		Text: words, Location: workorder.Location{Region: "清溪镇/三中村"},
	})
	if err != nil {
		return err
	}
	w.printf("%s %s (%s): %s\n", o.ID, o.Category.Name(language.Chinese), tree.PathName(o.Code, language.Chinese), o.Text)
	show(o, "accept")
	hits := base.Search(words, kb.SearchOptions{At: now, Region: o.Location.Region, Category: o.Category, Limit: 1})
	if len(hits) == 0 {
		return fmt.Errorf("no entry for %q", words)
	}
	w.printf("  knowledge base: %s 「%s」\n", hits[0].Entry.ID, hits[0].Entry.Title)
	later(3 * time.Minute)
	o, err = svc.AnswerDirectly(ctx, centre, o.ID, workorder.DirectReply{Entry: hits[0].Entry.ID})
	if err != nil {
		return err
	}
	show(o, "answer")
	w.printf("  reply (entry %s version %d): %s\n", o.Answer.Entry, o.Answer.Version, o.Reply)
	later(time.Hour)
	if o, err = svc.Callback(ctx, centre, o.ID, hotline.Satisfied, ""); err == nil {
		show(o, "callback")
		o, err = svc.Close(ctx, centre, o.ID, "")
	}
	if err != nil {
		return err
	}
	show(o, "close")

	// An entry past its last day cannot answer.
	q, err := svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryConsultation, Code: "10.04",
		Text: "孩子刚出生，怎么上户口？", Location: workorder.Location{Region: "清溪镇"},
	})
	if err != nil {
		return err
	}
	_, err = svc.AnswerDirectly(ctx, centre, q.ID, workorder.DirectReply{Entry: "QX-HJ-003"})
	w.printf("%s: the entry of 2025-06-30 refused: %v\n", q.ID, err)
	if _, err = svc.Dispatch(ctx, centre, q.ID, workorder.Assignment{Lead: "清溪派出所"}); err != nil {
		return err
	}

	// 2. A complaint: the unit asks to return it, the centre refuses, and
	// the unit handles it after all; its clocks never stopped.
	later(20 * time.Minute)
	o, err = svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelWeChat, Category: hotline.CategoryComplaint, Code: "01.02.03",
		Text: "工业路工地每晚十一点后还在打桩，噪音扰民。", Location: workorder.Location{Region: "清溪镇/三中村", Address: "工业路8号"},
	})
	if err != nil {
		return err
	}
	unit := workorder.Unit("清溪镇城管办")
	w.printf("%s %s (%s): %s\n", o.ID, o.Category.Name(language.Chinese), tree.PathName(o.Code, language.Chinese), o.Text)
	steps := []struct {
		what string
		do   func() (*workorder.Order, error)
	}{
		{"accept", func() (*workorder.Order, error) { return o, nil }},
		{"dispatch", func() (*workorder.Order, error) {
			return svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
		}},
		{"request_return", func() (*workorder.Order, error) {
			return svc.Return(ctx, unit, o.ID, workorder.ReturnRequest{Code: "not_our_duty", Text: "夜间施工噪音应由生态环境部门处理"})
		}},
		{"refuse_return", func() (*workorder.Order, error) {
			return svc.RefuseReturn(ctx, centre, o.ID, "工地夜间施工属城管执法范围")
		}},
		{"sign", func() (*workorder.Order, error) { return svc.Sign(ctx, unit, o.ID) }},
	}
	for i, st := range steps {
		if i > 0 {
			later(25 * time.Minute)
		}
		if o, err = st.do(); err != nil {
			return err
		}
		show(o, st.what)
	}
	w.printf("  improper returns (不当退单): %d, next deadline %s\n", o.ImproperReturns, hotline.FormatDeadline(o.Due, language.English))

	// 3. A fight in the street: handed to 110 while the caller is on the
	// line.
	later(10 * time.Minute)
	o, err = svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryHelp, Urgency: hotline.UrgencyEmergency, Code: "08.03",
		Text: "幸福路口有人打架，已经有人受伤。", Location: workorder.Location{Region: "清溪镇", Address: "幸福路口"},
	})
	if err != nil {
		return err
	}
	w.printf("%s %s (%s): %s\n", o.ID, o.Category.Name(language.Chinese), tree.PathName(o.Code, language.Chinese), o.Text)
	show(o, "accept")
	later(time.Minute)
	o, err = svc.Transfer(ctx, centre, o.ID, workorder.TransferRequest{
		Body: workorder.BodyPolice, Decision: "现场斗殴有人受伤，属警情", ThreeWay: true,
	})
	if err != nil {
		return err
	}
	body, _ := svc.Body(o.Transfer.Body)
	show(o, "transfer")
	w.printf("  to %s, three-way call %v; no deadline left: %v\n", body.Title(language.Chinese), o.Transfer.ThreeWay, o.Due.IsZero())

	// The month's intake, by classification code.
	later(2 * time.Hour)
	ins, p, err := svc.Intake(ctx, assess.Month(2025, time.September, zone))
	if err != nil {
		return err
	}
	rep, err := assess.ComputeIntake(ins, p, assess.ByCode)
	if err != nil {
		return err
	}
	w.printf("intake %s to %s\n", p.From.Format("2006-01-02"), p.To.Format("2006-01-02 15:04"))
	for _, r := range append(rep.Rows, rep.Total) {
		code, name := "total", "合计"
		if r.Name != "" {
			code, name = r.Name, tree.PathName(classify.Code(r.Name), language.Chinese)
		}
		w.printf("  %-8s  received %d  direct answers %-13s  transferred %d  %s\n", code, r.Received, r.DirectAnswer, r.Transferred, name)
	}
	return w.err
}

// writer prints to out and keeps the first error.
type writer struct {
	out io.Writer
	err error
}

func (w *writer) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.out, format, args...)
	}
}
