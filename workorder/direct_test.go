package workorder

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/kb"
)

// testKB returns a knowledge base of four entries: KB-WATER (any
// category, 清溪镇), KB-OLD (expired on 2025-08-31), KB-SOON (valid from
// 2025-10-01), KB-TOWN (for 其他镇 only) and KB-HELP (help only); KB-WATER
// has two versions.
func testKB(t testing.TB) *kb.Base {
	t.Helper()
	b, err := newTestKB()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newTestKB builds the base of testKB.
func newTestKB() (*kb.Base, error) {
	b := kb.New()
	for _, e := range []kb.Entry{
		{ID: "KB-WATER", Title: "停水通知在哪里查询", Answer: "停水通知见镇政府网站。", Regions: []string{"清溪镇"}},
		{ID: "KB-OLD", Title: "旧的办事指南", Answer: "已废止。", ValidUntil: calendar.D(2025, 8, 31)},
		{ID: "KB-SOON", Title: "新的办事指南", Answer: "十月起施行。", ValidFrom: calendar.D(2025, 10, 1)},
		{ID: "KB-TOWN", Title: "外镇事项", Answer: "请向其他镇咨询。", Regions: []string{"其他镇"}},
		{ID: "KB-HELP", Title: "求助事项", Answer: "请拨打求助电话。", Category: hotline.CategoryHelp},
	} {
		if _, err := b.Add(e); err != nil {
			return nil, err
		}
	}
	_, err := b.Edit(kb.Entry{ID: "KB-WATER", Version: 1, Title: "停水通知在哪里查询", Answer: "停水通知见镇政府网站和自来水公司公众号。", Regions: []string{"清溪镇"}})
	return b, err
}

// consultation returns a valid consultation draft.
func consultation() *Order {
	d := draft()
	d.Category, d.Title, d.Text, d.Code = hotline.CategoryConsultation, "停水查询", "请问明天三中村停水吗？在哪里能查到停水通知？", "02.01.01"
	return d
}

func TestAnswerDirectlyPath(t *testing.T) {
	ctx := context.Background()
	var steps []Step
	s, clk := newService(t, func(c *Config) {
		c.Knowledge = testKB(t)
		c.Observer = ObserverFuncs{OnStep: func(_ context.Context, _ *Order, r Record) { steps = append(steps, r.Step) }}
	})
	o := must(t)(s.Accept(ctx, centre, consultation()))
	clk.Advance(3 * time.Minute)
	o = must(t)(s.AnswerDirectly(ctx, centre, o.ID, DirectReply{Entry: "KB-WATER", Remark: "知识库答复"}))
	if o.State != StateAnswered || o.Lead != "" {
		t.Fatalf("state %s, lead %q", o.State, o.Lead)
	}
	want := DirectAnswer{Entry: "KB-WATER", Version: 2, At: at(2025, 9, 15, 10, 3)}
	if o.Answer == nil || o.Answer.Entry != want.Entry || o.Answer.Version != want.Version || !o.Answer.At.Equal(want.At) {
		t.Fatalf("answer %+v, want %+v", o.Answer, want)
	}
	if o.Reply != "停水通知见镇政府网站和自来水公司公众号。" {
		t.Errorf("reply %q", o.Reply)
	}
	if !o.Due.IsZero() {
		rs, _ := s.Deadlines(o, o.Updated)
		t.Errorf("due %s after the answer: %+v", o.Due, rs)
	}
	must(t)(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	o = must(t)(s.Close(ctx, centre, o.ID, ""))
	if o.State != StateClosed || o.Answer == nil {
		t.Fatalf("closed: %+v", o)
	}
	hist, err := s.History(ctx, centre, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := hist[1]
	for k, v := range map[string]string{"entry": "KB-WATER", "version": "2", "reply": o.Reply} {
		if got, _ := r.Value(k); got != v {
			t.Errorf("record %s=%q, want %q", k, got, v)
		}
	}
	if r.Remark != "知识库答复" || r.From != StateReceived || r.To != StateAnswered {
		t.Errorf("record %+v", r)
	}
	if want := []Step{StepAccept, StepAnswer, StepCallback, StepClose}; !equalSteps(steps, want) {
		t.Errorf("observer heard %v, want %v", steps, want)
	}
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
	// The version answered stays readable after later edits.
	if e, ok := s.cfg.Knowledge.Version(o.Answer.Entry, o.Answer.Version); !ok || e.Answer != o.Reply {
		t.Errorf("version %d: %+v %v", o.Answer.Version, e, ok)
	}
}

func equalSteps(a, b []Step) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAnswerDirectlyOwnReply(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, func(c *Config) { c.Knowledge = testKB(t) })
	o := must(t)(s.Accept(ctx, centre, consultation()))
	o = must(t)(s.AnswerDirectly(ctx, centre, o.ID, DirectReply{Entry: "KB-WATER", Reply: "已告知来电人查询渠道。"}))
	if o.Reply != "已告知来电人查询渠道。" || o.Answer.Version != 2 {
		t.Errorf("reply %q, answer %+v", o.Reply, o.Answer)
	}
}

func TestAnswerDirectlyRefused(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		noKB  bool
		actor Actor
		prep  func(t *testing.T, s *Service, id string)
		draft func(d *Order)
		reply DirectReply
		want  []error
	}{
		// A unit cannot see an order no unit handles.
		{name: "unit", actor: Unit(cityMgmt), reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrNotFound}},
		{name: "nobody", actor: Actor{Role: RoleCentre}, reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrForbidden}},
		{name: "supervisor", actor: super, reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrForbidden}},
		{name: "system", actor: System(), reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrForbidden}},
		{name: "no knowledge base", noKB: true, reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrNoKnowledge}},
		{name: "no entry", reply: DirectReply{}, want: []error{ErrInvalidArgument}},
		{name: "unknown entry", reply: DirectReply{Entry: "KB-NONE"}, want: []error{ErrInvalidArgument, kb.ErrNotFound}},
		{name: "expired entry", reply: DirectReply{Entry: "KB-OLD"}, want: []error{ErrEntryNotApplicable}},
		{name: "entry not yet valid", reply: DirectReply{Entry: "KB-SOON"}, want: []error{ErrEntryNotApplicable}},
		{name: "entry of another region", reply: DirectReply{Entry: "KB-TOWN"}, want: []error{ErrEntryNotApplicable}},
		{name: "entry of another category", reply: DirectReply{Entry: "KB-HELP"}, want: []error{ErrEntryNotApplicable}},
		{name: "reply too long", reply: DirectReply{Entry: "KB-WATER", Reply: string(make([]rune, MaxTextLen+1))}, want: []error{ErrInvalidArgument}},
		{name: "blank reply", reply: DirectReply{Entry: "KB-WATER", Reply: "  "}, want: []error{ErrInvalidArgument}},
		{name: "dispatched", reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Dispatch(context.Background(), centre, id, Assignment{Lead: cityMgmt}))
			}},
		{name: "answered twice", reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.AnswerDirectly(context.Background(), centre, id, DirectReply{Entry: "KB-WATER"}))
			}},
		{name: "transferred", reply: DirectReply{Entry: "KB-WATER"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Transfer(context.Background(), centre, id, TransferRequest{Body: BodyPolice, Decision: "警情"}))
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newService(t, func(c *Config) {
				if !tc.noKB {
					c.Knowledge = testKB(t)
				}
			})
			o := must(t)(s.Accept(ctx, centre, consultation()))
			if tc.prep != nil {
				tc.prep(t, s, o.ID)
			}
			before, _ := s.Store().Get(ctx, o.ID)
			a := tc.actor
			if a == (Actor{}) {
				a = centre
			}
			_, err := s.AnswerDirectly(ctx, a, o.ID, tc.reply)
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want %v", err, w)
				}
			}
			after, _ := s.Store().Get(ctx, o.ID)
			if after.Version != before.Version {
				t.Errorf("refused step changed the order: version %d -> %d", before.Version, after.Version)
			}
		})
	}
}

func TestAnsweredOrderCannotBeReopened(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, func(c *Config) { c.Knowledge = testKB(t) })
	o := must(t)(s.Accept(ctx, centre, consultation()))
	must(t)(s.AnswerDirectly(ctx, centre, o.ID, DirectReply{Entry: "KB-WATER"}))
	must(t)(s.Callback(ctx, centre, o.ID, hotline.Dissatisfied, "不满意"))
	_, err := s.Reopen(ctx, centre, o.ID, "回访不满意")
	if !errors.Is(err, ErrInvalidTransition) {
		t.Fatalf("reopen: %v, want ErrInvalidTransition", err)
	}
	o = must(t)(s.Close(ctx, centre, o.ID, "直接答复件办结"))
	if o.State != StateClosed || o.Satisfaction != hotline.Dissatisfied {
		t.Errorf("closed %s with %s", o.State, o.Satisfaction)
	}
	// Units cannot see it: none handled it.
	if _, err := s.Get(ctx, Unit(cityMgmt), o.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("unit get: %v", err)
	}
}

func TestDirectAnswerAssessment(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t, func(c *Config) { c.Knowledge = testKB(t) })
	// Answered directly, called back and closed: no unit record.
	a := must(t)(s.Accept(ctx, centre, consultation()))
	must(t)(s.AnswerDirectly(ctx, centre, a.ID, DirectReply{Entry: "KB-WATER"}))
	must(t)(s.Callback(ctx, centre, a.ID, hotline.Satisfied, ""))
	must(t)(s.Close(ctx, centre, a.ID, ""))
	// Handled by a unit.
	b := handling(t, s, consultation())
	// Transferred to 110 at intake.
	dc := draft()
	dc.Code = "01.02.03"
	c := must(t)(s.Accept(ctx, centre, dc))
	must(t)(s.Transfer(ctx, centre, c.ID, TransferRequest{Body: BodyPolice, Decision: "打架斗殴，转110处置", ThreeWay: true}))
	// Cancelled.
	d := must(t)(s.Accept(ctx, centre, consultation()))
	must(t)(s.Cancel(ctx, centre, d.ID, CodedReason{Code: "duplicate"}))
	clk.Advance(time.Hour)

	for _, id := range []string{a.ID, c.ID} {
		o, _ := s.Store().Get(ctx, id)
		trail, _ := s.Store().History(ctx, id)
		recs, err := s.AssessmentRecords(o, trail, clk.Now())
		if err != nil || len(recs) != 0 {
			t.Errorf("%s: unit records %+v, %v", id, recs, err)
		}
	}
	p := assessPeriod()
	ins, p, err := s.Intake(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 4 {
		t.Fatalf("%d intakes: %+v", len(ins), ins)
	}
	byID := map[string]int{}
	for i, in := range ins {
		byID[in.OrderID] = i
	}
	if in := ins[byID[a.ID]]; in.Answered.IsZero() || in.Code != "02.01.01" || in.Category != "consultation" {
		t.Errorf("answered intake %+v", in)
	}
	if in := ins[byID[b.ID]]; !in.Answered.IsZero() || !in.Transferred.IsZero() || !in.Withdrawn.IsZero() {
		t.Errorf("handled intake %+v", in)
	}
	if in := ins[byID[c.ID]]; in.Transferred.IsZero() || in.Body != BodyPolice {
		t.Errorf("transferred intake %+v", in)
	}
	if in := ins[byID[d.ID]]; in.Withdrawn.IsZero() {
		t.Errorf("cancelled intake %+v", in)
	}
	rep, err := computeIntake(ins, p)
	if err != nil {
		t.Fatal(err)
	}
	// a of a and b: c is counted apart, d withdrawn.
	if r := rep.Total.DirectAnswer; r.Num != 1 || r.Den != 2 {
		t.Errorf("direct-answer rate %d/%d, want 1/2", r.Num, r.Den)
	}
	if rep.Total.Transferred != 1 || rep.Total.Bodies[BodyPolice] != 1 || rep.Total.Withdrawn != 1 {
		t.Errorf("total %+v", rep.Total)
	}
	if r := rep.Row("02.01.01"); r == nil || r.DirectAnswer.Num != 1 || r.DirectAnswer.Den != 2 {
		t.Errorf("row 02.01.01: %+v", r)
	}
}

func TestIntakeRecordRefuses(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	clk.Advance(time.Minute)
	must(t)(s.Transfer(ctx, centre, o.ID, TransferRequest{Body: BodyHigherPlatform, Decision: "省级事项"}))
	o, _ = s.Store().Get(ctx, o.ID)
	trail, _ := s.Store().History(ctx, o.ID)
	if _, err := s.IntakeRecord(nil, trail, clk.Now()); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("nil order: %v", err)
	}
	other := *o
	other.ID = "WO-OTHER"
	if _, err := s.IntakeRecord(&other, trail, clk.Now()); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("another order's trail: %v", err)
	}
	if _, err := s.IntakeRecord(o, trail[1:], clk.Now()); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("trail without acceptance: %v", err)
	}
	cut := []Record{trail[0], trail[1]}
	cut[1].Data = "three_way=false"
	if _, err := s.IntakeRecord(o, cut, clk.Now()); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("transfer without body: %v", err)
	}
	// A trail read before the transfer: not transferred yet.
	in, err := s.IntakeRecord(o, trail, trail[0].At)
	if err != nil || !in.Transferred.IsZero() {
		t.Errorf("as of the acceptance: %+v, %v", in, err)
	}
}

// assessPeriod is September 2025 in Shanghai, the month of newService's
// clock.
func assessPeriod() assess.Period { return assess.Month(2025, time.September, shanghai) }

func computeIntake(ins []assess.Intake, p assess.Period) (*assess.IntakeReport, error) {
	return assess.ComputeIntake(ins, p, assess.ByCode)
}

func TestIntakeDeclined(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, consultation()))
	clk.Advance(time.Minute)
	must(t)(s.Decline(ctx, centre, o.ID, CodedReason{Code: "out_of_scope"}))
	clk.Advance(time.Minute)
	ins, _, err := s.Intake(ctx, assessPeriod())
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 || ins[0].Withdrawn.IsZero() || !ins[0].Answered.IsZero() {
		t.Errorf("declined intake %+v", ins)
	}
}
