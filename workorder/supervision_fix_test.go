package workorder

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/sla"
)

// closeOrder takes a handled order through reply, review and callback
// to its close.
func closeOrder(t *testing.T, s *Service, id string) {
	t.Helper()
	ctx := context.Background()
	must(t)(s.Reply(ctx, Unit(cityMgmt), id, "已处理"))
	must(t)(s.ApproveReply(ctx, centre, id, ""))
	must(t)(s.Callback(ctx, centre, id, hotline.Satisfied, ""))
	must(t)(s.Close(ctx, centre, id, "办结"))
}

// TestIssueSupervisionWithKeyOnce: a supervision order issued again with
// the same idempotency key is the one issued first, before and after the
// order closes; the key of another step is refused.
func TestIssueSupervisionWithKeyOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := handling(t, s, draft())
	kctx := WithKey(ctx, "sup-req-1")
	first, err := s.IssueSupervision(kctx, super, o.ID, "群众反映强烈")
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.IssueSupervision(kctx, super, o.ID, "群众反映强烈")
	if err != nil || again == nil || again.ID != first.ID {
		t.Fatalf("issued again with the key: %+v, %v; want %s", again, err, first.ID)
	}
	sups, err := s.Supervisions(ctx, SupervisionFilter{Order: o.ID})
	if err != nil || len(sups) != 1 {
		t.Errorf("supervision orders %+v, %v; want 1", sups, err)
	}
	if g := must(t)(s.Get(ctx, centre, o.ID)); g.Supervision != 1 {
		t.Errorf("level %d, want 1", g.Supervision)
	}

	closeOrder(t, s, o.ID)
	late, err := s.IssueSupervision(kctx, super, o.ID, "群众反映强烈")
	if err != nil || late == nil || late.ID != first.ID {
		t.Fatalf("issued again after the close: %+v, %v; want %s", late, err, first.ID)
	}
	if sups, _ := s.Supervisions(ctx, SupervisionFilter{}); len(sups) != 1 {
		t.Errorf("supervision orders %+v, want 1", sups)
	}

	// The key of another step: another supervisor, another order, a
	// supervise step of its own, a closing.
	o2 := handling(t, s, draft())
	if _, err := s.IssueSupervision(kctx, Supervisor("督查二室"), o.ID, "x"); !errors.Is(err, ErrKeyReused) {
		t.Errorf("another supervisor: %v, want ErrKeyReused", err)
	}
	if _, err := s.IssueSupervision(kctx, super, o2.ID, "x"); !errors.Is(err, ErrKeyReused) {
		t.Errorf("another order: %v, want ErrKeyReused", err)
	}
	pctx := WithKey(ctx, "plain-1")
	must(t)(s.Supervise(pctx, super, o2.ID, "来电多次"))
	if _, err := s.IssueSupervision(pctx, super, o2.ID, "来电多次"); !errors.Is(err, ErrKeyReused) {
		t.Errorf("the key of a supervise step of its own: %v, want ErrKeyReused", err)
	}
	sup2, err := s.IssueSupervision(ctx, super, o2.ID, "x")
	if err != nil {
		t.Fatal(err)
	}
	cctx := WithKey(ctx, "close-1")
	if _, err := s.CloseSupervision(cctx, super, sup2.ID, OutcomeAccepted, "说明属实"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueSupervision(cctx, super, o2.ID, "x"); !errors.Is(err, ErrKeyReused) {
		t.Errorf("the key of a closing: %v, want ErrKeyReused", err)
	}
	if sups, _ := s.Supervisions(ctx, SupervisionFilter{Order: o2.ID}); len(sups) != 1 {
		t.Errorf("supervision orders of %s: %+v, want 1", o2.ID, sups)
	}
	if _, err := s.IssueSupervision(WithKey(ctx, "a\x00b"), super, o2.ID, "x"); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("a bad key: %v, want ErrInvalidArgument", err)
	}
}

// TestSupervisionChecksActor: an actor that may do nothing (no id) can
// neither close nor explain a supervision order, and nothing is stored.
func TestSupervisionChecksActor(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := handling(t, s, draft())
	sup, err := s.IssueSupervision(ctx, super, o.ID, "群众反映强烈")
	if err != nil {
		t.Fatal(err)
	}
	var fe *ForbiddenError
	if _, err := s.CloseSupervision(ctx, Supervisor(""), sup.ID, OutcomeCriticism, "超期"); !errors.As(err, &fe) || !errors.Is(err, ErrForbidden) {
		t.Errorf("Supervisor(\"\") closes: %v, want a *ForbiddenError", err)
	}
	if _, err := s.CloseSupervision(ctx, Supervisor(" "), sup.ID, OutcomeTalk, "超期"); !errors.Is(err, ErrForbidden) {
		t.Errorf("Supervisor(\" \") closes: %v, want ErrForbidden", err)
	}
	if sns, _ := s.Sanctions(ctx, SanctionFilter{}); len(sns) != 0 {
		t.Errorf("sanctions %+v, want none", sns)
	}
	if got, _ := s.store.(SupervisionStore).Supervision(ctx, sup.ID); !got.Open() || got.Version != 1 {
		t.Errorf("supervision %+v: want it open, unchanged", got)
	}
	if _, err := s.IssueSupervision(ctx, Supervisor(""), o.ID, "x"); !errors.Is(err, ErrForbidden) {
		t.Errorf("Supervisor(\"\") issues: %v, want ErrForbidden", err)
	}

	// A supervision order of no unit, as stored before issuing one
	// required a lead: the unit without a name may not explain it.
	st := s.store.(SupervisionStore)
	bad := &Supervision{ID: o.ID + "/s99", Order: o.ID, Reason: "x", IssuedBy: super, Issued: sup.Issued, Due: sup.Due, Version: 1}
	if err := st.CreateSupervision(ctx, bad); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ExplainSupervision(ctx, Unit(""), bad.ID, "说明"); !errors.As(err, &fe) || !errors.Is(err, ErrForbidden) {
		t.Errorf("Unit(\"\") explains: %v, want a *ForbiddenError", err)
	}
	if got, _ := st.Supervision(ctx, bad.ID); got.Explanation != "" {
		t.Errorf("explained by Unit(\"\"): %+v", got)
	}
}

// TestIssueSupervisionNeedsLead: an order without a lead unit gets no
// supervision order.
func TestIssueSupervisionNeedsLead(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	if _, err := s.IssueSupervision(ctx, super, o.ID, "来电多次"); !errors.Is(err, ErrNoLeadUnit) {
		t.Errorf("issued on a received order: %v, want ErrNoLeadUnit", err)
	}
	if sups, _ := s.Supervisions(ctx, SupervisionFilter{}); len(sups) != 0 {
		t.Errorf("supervision orders %+v, want none", sups)
	}
	if g := must(t)(s.Get(ctx, centre, o.ID)); g.Supervision != 0 || g.Version != 1 {
		t.Errorf("order %+v: want level 0, version 1", g)
	}
}

// tallied returns the assessment records of order id as of its last
// step.
func tallied(t *testing.T, s *Service, id string) []assess.Record {
	t.Helper()
	o := must(t)(s.Get(context.Background(), centre, id))
	recs, err := s.AssessmentRecords(o, h0(t, s.store, id), o.Updated)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestSupervisionCountedForItsUnit: unit A gets S1, the order goes to B,
// B gets S2, then S1 ends in a criticism: the criticism is A's, not B's.
func TestSupervisionCountedForItsUnit(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	s1, err := s.IssueSupervision(ctx, super, o.ID, "推诿")
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	s2, err := s.IssueSupervision(ctx, super, o.ID, "未及时签收")
	if err != nil {
		t.Fatal(err)
	}
	if s1.Unit != cityMgmt || s2.Unit != envBur {
		t.Fatalf("supervisions of %s and %s, want %s and %s", s1.Unit, s2.Unit, cityMgmt, envBur)
	}
	if _, err := s.CloseSupervision(ctx, super, s1.ID, OutcomeCriticism, "推诿扯皮"); err != nil {
		t.Fatal(err)
	}
	if sns, _ := s.Sanctions(ctx, SanctionFilter{}); len(sns) != 1 || sns[0].Unit != cityMgmt {
		t.Fatalf("sanctions %+v, want one against %s", sns, cityMgmt)
	}
	recs := tallied(t, s, o.ID)
	if len(recs) != 2 {
		t.Fatalf("records %+v, want 2", recs)
	}
	if a := recs[0]; a.Unit != cityMgmt || a.Supervisions != 1 || a.Criticisms != 1 || a.Talks != 0 {
		t.Errorf("record of %s: %d supervisions, %d talks, %d criticisms; want 1, 0, 1", a.Unit, a.Supervisions, a.Talks, a.Criticisms)
	}
	if b := recs[1]; b.Unit != envBur || b.Supervisions != 1 || b.Criticisms != 0 || b.Talks != 0 {
		t.Errorf("record of %s: %d supervisions, %d talks, %d criticisms; want 1, 0, 0", b.Unit, b.Supervisions, b.Talks, b.Criticisms)
	}

	// S2 is decided too: B's talk.
	if _, err := s.CloseSupervision(ctx, super, s2.ID, OutcomeTalk, "签收迟"); err != nil {
		t.Fatal(err)
	}
	recs = tallied(t, s, o.ID)
	if b := recs[1]; b.Supervisions != 1 || b.Talks != 1 || b.Criticisms != 0 {
		t.Errorf("record of %s: %d supervisions, %d talks, %d criticisms; want 1, 1, 0", b.Unit, b.Supervisions, b.Talks, b.Criticisms)
	}
}

// TestLadderNeedsLead: the ladder issues no supervision order on an
// order left undispatched; it urges it still.
func TestLadderNeedsLead(t *testing.T) {
	ctx := context.Background()
	store := NewMemStore()
	s, clk := newService(t, func(c *Config) {
		c.Store = store
		c.Policies = ladderPolicies(t)
		c.Watch = true
		c.AlertBackoff = sla.Backoff{Initial: time.Minute}
	})
	clk.Set(at(2026, 9, 22, 10, 0))
	o := must(t)(s.Accept(ctx, centre, draft()))
	for _, tk := range []time.Time{at(2026, 10, 1, 0, 0).Add(time.Second), at(2026, 10, 10, 0, 0), at(2026, 10, 10, 0, 1), at(2026, 10, 14, 0, 0), at(2026, 10, 20, 0, 0)} {
		clk.Set(tk)
		s.Fire(ctx)
	}
	if sups, _ := s.Supervisions(ctx, SupervisionFilter{}); len(sups) != 0 {
		t.Errorf("supervision orders %+v, want none", sups)
	}
	g := must(t)(s.Get(ctx, centre, o.ID))
	if g.Supervision != 0 || g.Urges != 1 {
		t.Errorf("order urged %d times, level %d; want 1, 0", g.Urges, g.Supervision)
	}
}
