package workorder

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
)

// TestMergedChain merges C into M1, then M1 into M2: closing M2 closes M1
// and, in turn, C; the same chain transferred goes whole.
func TestMergedChain(t *testing.T) {
	ctx := context.Background()
	for _, end := range []string{"close", "transfer"} {
		t.Run(end, func(t *testing.T) {
			s, _ := newService(t)
			m := must(t)
			c := m(s.Accept(ctx, centre, draft()))
			m1 := m(s.Accept(ctx, centre, draft()))
			m2 := m(s.Accept(ctx, centre, draft()))
			m(s.Merge(ctx, centre, c.ID, m1.ID, "重复"))
			m(s.Merge(ctx, centre, m1.ID, m2.ID, "重复"))
			want := StateClosed
			if end == "close" {
				m(s.Dispatch(ctx, centre, m2.ID, Assignment{Lead: cityMgmt}))
				m(s.Sign(ctx, Unit(cityMgmt), m2.ID))
				m(s.Reply(ctx, Unit(cityMgmt), m2.ID, "已处理"))
				m(s.ApproveReply(ctx, centre, m2.ID, ""))
				m(s.Callback(ctx, centre, m2.ID, hotline.Satisfied, ""))
				m(s.Close(ctx, centre, m2.ID, ""))
			} else {
				want = StateTransferred
				m(s.Transfer(ctx, centre, m2.ID, TransferRequest{Body: "110", Decision: "属公安机关管辖"}))
			}
			for _, id := range []string{m1.ID, c.ID} {
				if got := m(s.Get(ctx, centre, id)); got.State != want {
					t.Errorf("%s after its master's master: %s, want %s", id, got.State, want)
				}
			}
		})
	}
}

// TestCancelMasterRefused cancels and declines an order that another is
// merged into: refused, since the merged order could then never end.
func TestCancelMasterRefused(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	m := must(t)
	_, master := mergedPair(t, s)
	_, err := s.Cancel(ctx, centre, master.ID, CodedReason{Code: "other", Text: "重复"})
	wantErr(t, err, ErrBadMaster)
	_, err = s.Decline(ctx, centre, master.ID, CodedReason{Code: "out_of_scope"})
	wantErr(t, err, ErrBadMaster)
	if got := m(s.Get(ctx, centre, master.ID)); got.State != StateReceived {
		t.Errorf("master %s after refused steps", got.State)
	}
}

// TestTransferWithKeyTakesChildren transfers a master with an
// idempotency key: the merged order goes too (its system step does not
// reuse the key), and the transfer retried with its key is taken once.
func TestTransferWithKeyTakesChildren(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	m := must(t)
	kid, master := mergedPair(t, s)
	req := TransferRequest{Body: "110", Decision: "属公安机关管辖"}
	kctx := WithKey(ctx, "transfer-1")
	m(s.Transfer(kctx, centre, master.ID, req))
	m(s.Transfer(kctx, centre, master.ID, req))
	if got := m(s.Get(ctx, centre, kid.ID)); got.State != StateTransferred {
		t.Fatalf("merged order after its master's transfer with a key: %s", got.State)
	}
	if n := len(history(t, s, master.ID)); n != 2 {
		t.Errorf("master has %d records, want 2: its intake and one transfer", n)
	}
}

// TestExtensionLapses asks for an extension and then lets the order leave
// the lead's hands: a redispatch, a reply. The request lapses, the new
// lead may ask for its own, and nothing is left to approve after the
// reply is sent back.
func TestExtensionLapses(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	m := must(t)
	ask := ExtensionRequest{Amount: sla.Amount{Days: 3}, Reason: "需协调"}

	o := handling(t, s, draft())
	m(s.RequestExtension(ctx, Unit(cityMgmt), o.ID, ask))
	o = m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	if o.Pending != nil {
		t.Fatalf("pending after a redispatch: %+v", o.Pending)
	}
	rs := history(t, s, o.ID)
	if v, _ := rs[len(rs)-1].Value("extension"); v != "lapsed" {
		t.Errorf("the redispatch's record says extension=%q, want lapsed", v)
	}
	m(s.Sign(ctx, Unit(envBur), o.ID))
	m(s.RequestExtension(ctx, Unit(envBur), o.ID, ask))
	o = m(s.Reply(ctx, Unit(envBur), o.ID, "已处理"))
	if o.Pending != nil {
		t.Fatalf("pending after the reply: %+v", o.Pending)
	}
	m(s.RejectReply(ctx, centre, o.ID, "未处理到位"))
	_, err := s.ApproveExtension(ctx, centre, o.ID, "")
	wantErr(t, err, ErrNoExtensionPending)

	// Suspended, the request stays.
	o = handling(t, s, draft())
	m(s.RequestExtension(ctx, Unit(cityMgmt), o.ID, ask))
	m(s.Suspend(ctx, Unit(cityMgmt), o.ID, "等待检测结果"))
	m(s.Resume(ctx, Unit(cityMgmt), o.ID, ""))
	m(s.ApproveExtension(ctx, centre, o.ID, ""))
}

// TestAssessmentSignDueByUnit dispatches an order to a unit whose own
// policy gives three working days to sign, then to another unit on the
// default policy: the first unit's record keeps the sign deadline of its
// own policy.
func TestAssessmentSignDueByUnit(t *testing.T) {
	ctx := context.Background()
	var ps []sla.Policy
	for _, p := range sla.DefaultPolicies().Policies() {
		ps = append(ps, p)
		if p.Category == hotline.CategoryComplaint && p.Unit == "" && p.Region == "" {
			own := p
			own.Name, own.Unit = p.Name+"-城管", cityMgmt
			own.Targets = append([]sla.Target(nil), p.Targets...)
			for i := range own.Targets {
				if own.Targets[i].Name == sla.TargetSign {
					own.Targets[i].Amount = sla.Amount{Days: 3}
					own.Targets[i].Clock = sla.ClockWorkingDays
				}
			}
			ps = append(ps, own)
		}
	}
	set, err := sla.NewPolicySet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	s, clk := newService(t, func(c *Config) { c.Policies = set })
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	o = m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	rs, err := s.Deadlines(o, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	var live time.Time
	for _, r := range rs {
		if r.Name == sla.TargetSign {
			live = r.Due
		}
	}
	clk.Advance(time.Hour)
	o = m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	recs, err := s.AssessmentRecords(o, history(t, s, o.ID), clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Unit != cityMgmt {
		t.Fatalf("records %+v", recs)
	}
	if live.IsZero() || !recs[0].SignDue.Equal(live) {
		t.Errorf("城管办's SignDue %v, want %v as its dispatch set it", recs[0].SignDue, live)
	}
}

// TestAssessmentMerged merges an order that was dispatched: its unit is
// not judged on finishing it, the master's records count the work.
func TestAssessmentMerged(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	m := must(t)
	kid := m(s.Accept(ctx, centre, draft()))
	m(s.Dispatch(ctx, centre, kid.ID, Assignment{Lead: envBur}))
	master := m(s.Accept(ctx, centre, draft()))
	kid = m(s.Merge(ctx, centre, kid.ID, master.ID, "重复"))
	clk.Advance(60 * 24 * time.Hour)
	recs, err := s.AssessmentRecords(kid, history(t, s, kid.ID), clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || !recs[0].Due.IsZero() || !strings.Contains(recs[0].Unit, "环保") {
		t.Errorf("records of the merged order: %+v; want one for 环保分局 without a Due", recs)
	}
}

// mergedPair accepts two orders and merges the first into the second.
func mergedPair(t *testing.T, s *Service) (kid, master *Order) {
	t.Helper()
	ctx := context.Background()
	kid = must(t)(s.Accept(ctx, centre, draft()))
	master = must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Merge(ctx, centre, kid.ID, master.ID, ""))
	return kid, master
}
