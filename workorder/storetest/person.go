package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/workorder"
)

// testPersons takes an order through a service on the store with a leader
// named at dispatch, persons and posts on the unit's steps and a
// supervisor's exemption of the dissatisfied verdict. The store keeps
// them: the trail read back verifies, names every person, leader and the
// exemption, and assessment reaches them.
func testPersons(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	now := t0
	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: calendar.AlwaysOpen(shanghai),
		Clock: workorder.ClockFunc(func() time.Time { return now }), IDs: workorder.Sequence("WO")})
	if err != nil {
		t.Fatal(err)
	}
	centre, super := workorder.Centre("agent-7"), workorder.Supervisor("督查室")
	handler := workorder.Person("清溪镇城管办", "王五", "执法队")
	leader := workorder.UnitLeader("清溪镇城管办", "陈镇长", "镇长")
	step := func(o *workorder.Order, err error) *workorder.Order {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
		return o
	}
	draft, _ := newOrder("")
	draft.State, draft.Timeline, draft.Version, draft.Created, draft.Updated = workorder.StateNew, nil, 0, time.Time{}, time.Time{}
	id := step(svc.Accept(ctx, centre, draft)).ID
	step(svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: handler.ID, Leader: "陈镇长"}))
	step(svc.Sign(ctx, handler, id))
	step(svc.Contact(ctx, leader, id, "镇长约见来电人"))
	step(svc.Reply(ctx, handler, id, "已协调处理"))
	step(svc.ApproveReply(ctx, centre, id, ""))
	step(svc.Callback(ctx, centre, id, hotline.Dissatisfied, ""))
	o := step(svc.Exempt(ctx, super, id, workorder.Exemption{Scope: assess.ExemptVerdict, Reason: assess.ExemptUnreasonable,
		RequestedBy: "agent-7", Remark: "诉求超出合理范围"}))

	if err := svc.Verify(ctx, id); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	h := history(t, s, id)
	want := []struct {
		step   workorder.Step
		taker  workorder.Actor
		leader string
	}{
		{workorder.StepDispatch, centre, "陈镇长"},
		{workorder.StepSign, handler, ""},
		{workorder.StepContact, leader, "陈镇长"},
		{workorder.StepReply, handler, ""},
	}
	for i, w := range want {
		r := h[i+1]
		if r.Step != w.step || r.Taker() != w.taker || r.Leader() != w.leader || r.Actor.Person != "" {
			t.Errorf("record %d: %s by %+v (actor %+v), leader %q; want %s by %+v, leader %q",
				r.Seq, r.Step, r.Taker(), r.Actor, r.Leader(), w.step, w.taker, w.leader)
		}
	}
	last := h[len(h)-1]
	if scope, _ := last.Value("scope"); last.Step != workorder.StepExempt || last.Actor != super || scope != "verdict" || last.Remark != "诉求超出合理范围" {
		t.Errorf("last record %s by %v scope %q remark %q; want the supervisor's exemption", last.Step, last.Actor, scope, last.Remark)
	}
	recs, err := svc.AssessmentRecords(o, h, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Person != "王五" || recs[0].Post != "执法队" || recs[0].Leader != "陈镇长" ||
		recs[0].Exempt != assess.ExemptVerdict || recs[0].ExemptReason != assess.ExemptUnreasonable {
		t.Errorf("assessment records %+v", recs)
	}
}
