package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// testEvidence takes an order through a service on the store with the
// steps of evidence and the caller's view: a query code at acceptance,
// attachments on the reply, closing and reopening, and a declined and a
// cancelled order. The records come back as written, attachments and
// reason codes included, the trail verifies, and a second service on the
// same store finds the query code, which lives in the store alone.
func testEvidence(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	now := t0
	key := []byte("conformance suite key, 32 bytes.")
	newService := func() *workorder.Service {
		svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: calendar.AlwaysOpen(shanghai),
			Clock: workorder.ClockFunc(func() time.Time { return now }), IDs: workorder.Sequence("WO"),
			QueryKey: key, ReopenWindow: sla.Amount{Duration: 24 * time.Hour}})
		if err != nil {
			t.Fatal(err)
		}
		return svc
	}
	svc := newService()
	centre, lead := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	draft := func() *workorder.Order {
		o, _ := newOrder("")
		o.State, o.Timeline, o.Version, o.Created, o.Updated = workorder.StateNew, nil, 0, time.Time{}, time.Time{}
		return o
	}
	atts := []workorder.Attachment{
		{Name: "井盖 修复后.jpg", MediaType: "image/jpeg", Size: 182044, SHA256: sha256.Sum256([]byte("photo")), Key: "2025/09/WO000001/1.jpg"},
		{Name: "验收单=1&2%.pdf", MediaType: "application/pdf", SHA256: sha256.Sum256(nil), Key: "k/验收%26单.pdf"},
	}
	step := func(o *workorder.Order, err error) *workorder.Order {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
		return o
	}

	o, code, err := svc.AcceptWithCode(workorder.WithAttachments(ctx, atts[1]), centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	id := o.ID
	step(svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: lead.ID}))
	step(svc.Sign(ctx, lead, id))
	step(svc.Reply(workorder.WithAttachments(ctx, atts...), lead, id, "井盖已更换"))
	step(svc.ApproveReply(ctx, centre, id, ""))
	step(svc.Callback(ctx, centre, id, hotline.Satisfied, ""))
	step(svc.Close(ctx, centre, id, ""))
	o = step(svc.Reopen(ctx, centre, id, "问题复发"))
	if o.State != workorder.StateHandling || o.Reopenings != 1 {
		t.Errorf("reopened: %s, %d reopenings", o.State, o.Reopenings)
	}
	declined := step(svc.Accept(ctx, centre, draft()))
	step(svc.Decline(ctx, centre, declined.ID, workorder.CodedReason{Code: "out_of_scope"}))
	cancelled := step(svc.Accept(ctx, centre, draft()))
	step(svc.Cancel(ctx, centre, cancelled.ID, workorder.CodedReason{Code: "other", Text: "来电人要求撤销"}))

	for _, id := range []string{id, declined.ID, cancelled.ID} {
		if err := svc.Verify(ctx, id); err != nil {
			t.Errorf("Verify %s: %v", id, err)
		}
	}
	h := history(t, s, id)
	want := map[workorder.Step][]workorder.Attachment{workorder.StepAccept: atts[1:], workorder.StepReply: atts}
	for _, r := range h {
		got, err := r.Attachments()
		if err != nil {
			t.Fatalf("record %d: %v", r.Seq, err)
		}
		if w := want[r.Step]; len(got) != len(w) || len(w) > 0 && (got[0] != w[0] || got[len(got)-1] != w[len(w)-1]) {
			t.Errorf("record %d (%s): attachments %+v, want %+v", r.Seq, r.Step, got, w)
		}
	}
	for id, w := range map[string]struct {
		step  workorder.Step
		state workorder.State
		code  string
	}{declined.ID: {workorder.StepDecline, workorder.StateNotAccepted, "out_of_scope"}, cancelled.ID: {workorder.StepCancel, workorder.StateCancelled, "other"}} {
		h := history(t, s, id)
		last := h[len(h)-1]
		if code, _ := last.Value("reason"); last.Step != w.step || last.To != w.state || code != w.code {
			t.Errorf("%s: last record %s to %s reason %q, want %s to %s reason %q", id, last.Step, last.To, code, w.step, w.state, w.code)
		}
		if got := get(t, s, id); got.State != w.state {
			t.Errorf("%s stored in %s, want %s", id, got.State, w.state)
		}
		list, err := s.List(ctx, workorder.Filter{State: w.state})
		if err != nil || len(list) != 1 || list[0].ID != id {
			t.Errorf("List(%s) = %v, %v; want %s", w.state, ids(list), err, id)
		}
	}

	if list, err := s.List(ctx, workorder.Filter{Open: true}); err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("open orders %v, %v; want only the reopened %s", ids(list), err, id)
	}

	// Another service on the store, as on another node, checks the code.
	other := newService()
	p, err := other.Lookup(ctx, id, code, "203.0.113.9")
	if err != nil || p.ID != id || p.State != workorder.StateHandling || len(p.Units) != 1 || p.Units[0] != lead.ID {
		t.Errorf("Lookup: %+v, %v", p, err)
	}
	if _, err := other.Lookup(ctx, declined.ID, code, "203.0.113.9"); !errors.Is(err, workorder.ErrLookupRefused) {
		t.Errorf("Lookup with another order's code: %v, want ErrLookupRefused", err)
	}
}
