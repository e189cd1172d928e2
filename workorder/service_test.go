package workorder

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
)

// wantErr fails t unless err matches every target.
func wantErr(t *testing.T, err error, targets ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", targets)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Fatalf("error %q does not match %v", err, target)
		}
	}
}

// wantForbidden fails t unless err is a ForbiddenError for actor a and step.
func wantForbidden(t *testing.T, err error, a Actor, step Step) {
	t.Helper()
	var fe *ForbiddenError
	if !errors.As(err, &fe) || !errors.Is(err, ErrForbidden) || fe.Actor != a || fe.Step != step {
		t.Fatalf("error %v, want ErrForbidden for %s taking %s", err, a, step)
	}
}

// wantHidden fails t unless err is the error for an order that does not
// exist, as a unit gets for an order it may not see.
func wantHidden(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
		t.Fatalf("error %v, want ErrNotFound only", err)
	}
}

// wantTransition fails t unless err is a TransitionError for state and step.
func wantTransition(t *testing.T, err error, s State, step Step) {
	t.Helper()
	var te *TransitionError
	if !errors.As(err, &te) || !errors.Is(err, ErrInvalidTransition) || te.State != s || te.Step != step {
		t.Fatalf("error %v, want ErrInvalidTransition for %s in %s", err, step, s)
	}
}

func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.Format(time.RFC3339), want.Format(time.RFC3339))
	}
}

func history(t *testing.T, s *Service, id string) []Record {
	t.Helper()
	rs, err := s.History(context.Background(), centre, id)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// steps lists the steps of a history.
func steps(rs []Record) string {
	var b []string
	for _, r := range rs {
		b = append(b, r.Step.String())
	}
	return strings.Join(b, " ")
}

// TestHappyPath takes a complaint from receipt to closing and checks each
// state, version and deadline. Monday 2025-09-15 is an ordinary week.
func TestHappyPath(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	if o.ID != "WO000001" || o.State != StateReceived || o.Version != 1 {
		t.Fatalf("accepted %s in %s at version %d", o.ID, o.State, o.Version)
	}
	if o.Caller.Phone != "13812345678" {
		t.Errorf("phone kept as %q, want it normalised", o.Caller.Phone)
	}
	// Finish: 5 working days after Monday, the end of Monday 22nd.
	sameTime(t, "due after acceptance", o.Due, at(2025, 9, 23, 0, 0))
	if o.Created.Location() != shanghai && o.Created.Location().String() != "Asia/Shanghai" {
		t.Errorf("times in %v, want the calendar's zone", o.Created.Location())
	}

	clk.Advance(5 * time.Minute)
	o = m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Remark: "属地管理"}))
	if o.State != StateDispatched || o.Lead != cityMgmt {
		t.Fatalf("dispatched: %s to %q", o.State, o.Lead)
	}
	// Sign: by the close of work of the next working day.
	sameTime(t, "due after dispatch", o.Due, at(2025, 9, 16, 17, 30))

	clk.Advance(time.Hour)
	o = m(s.Sign(ctx, Unit(cityMgmt), o.ID))
	sameTime(t, "due after signing", o.Due, at(2025, 9, 23, 0, 0))

	clk.Advance(24 * time.Hour)
	o = m(s.Reply(ctx, Unit(cityMgmt), o.ID, "已责令工地夜间停工，并处罚款。"))
	if o.State != StateReplied || !o.Due.IsZero() {
		t.Errorf("replied: %s, due %v (want no open deadline)", o.State, o.Due)
	}
	o = m(s.ApproveReply(ctx, centre, o.ID, ""))
	o = m(s.Callback(ctx, centre, o.ID, hotline.Satisfied, "来电人表示满意"))
	o = m(s.Close(ctx, centre, o.ID, ""))
	if o.State != StateClosed || o.Version != 7 || o.Satisfaction != hotline.Satisfied || o.Reply == "" || o.Overdue {
		t.Errorf("closed order: %+v", o)
	}
	rs := history(t, s, o.ID)
	if got := steps(rs); got != "accept dispatch sign reply approve_reply callback close" {
		t.Errorf("history %q", got)
	}
	for i, r := range rs {
		if r.Seq != int64(i+1) || (i > 0 && r.From != rs[i-1].To) {
			t.Errorf("record %d: seq %d from %s", i+1, r.Seq, r.From)
		}
	}
	if v, _ := rs[1].Value("lead"); v != cityMgmt || rs[1].Remark != "属地管理" || rs[1].Actor != centre {
		t.Errorf("dispatch record: %+v", rs[1])
	}
	if v, _ := rs[5].Value("satisfaction"); v != "satisfied" {
		t.Errorf("callback record data %q", rs[5].Data)
	}
	sameTime(t, "sign record time", rs[2].At, at(2025, 9, 15, 11, 5))
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

// TestDeadlineAcrossNationalDay: a complaint received Friday 2025-09-26
// 10:00 is due by the end of 2025-10-10: the make-up Sunday 28 September
// counts, 1-8 October do not.
func TestDeadlineAcrossNationalDay(t *testing.T) {
	s, clk := newService(t)
	clk.Set(at(2025, 9, 26, 10, 0))
	o := must(t)(s.Accept(context.Background(), centre, draft()))
	sameTime(t, "due", o.Due, at(2025, 10, 11, 0, 0))
}

func TestAcceptRefusals(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	_, err := s.Accept(ctx, Unit(cityMgmt), draft())
	wantForbidden(t, err, Unit(cityMgmt), StepAccept)
	_, err = s.Accept(ctx, super, draft())
	wantForbidden(t, err, super, StepAccept)
	_, err = s.Accept(ctx, Actor{}, draft())
	wantErr(t, err, ErrForbidden)

	d := draft()
	d.Text = ""
	_, err = s.Accept(ctx, centre, d)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "text" {
		t.Fatalf("empty text: %v", err)
	}
	d = draft()
	d.Caller.Phone = "1234567"
	_, err = s.Accept(ctx, centre, d)
	wantErr(t, err, ErrInvalidOrder, ErrInvalidPhone)
	_, err = s.Accept(ctx, centre, nil)
	wantErr(t, err, ErrInvalidArgument)

	// An id of the caller's own is kept, once.
	d = draft()
	d.ID = "EXT-9"
	o := must(t)(s.Accept(ctx, System(), d))
	if o.ID != "EXT-9" {
		t.Errorf("id %q", o.ID)
	}
	_, err = s.Accept(ctx, centre, d)
	wantErr(t, err, ErrConflict)

	// Urgency defaults to normal.
	d = draft()
	d.Urgency = ""
	if o := must(t)(s.Accept(ctx, centre, d)); o.Urgency != hotline.UrgencyNormal {
		t.Errorf("urgency %q", o.Urgency)
	}

	// A category the policies do not cover.
	only, err := sla.NewPolicySet(sla.DefaultPolicies().Policies()[1]) // consultation
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := newService(t, func(c *Config) { c.Policies = only })
	_, err = s2.Accept(ctx, centre, draft())
	wantErr(t, err, sla.ErrNoPolicy)
}

func TestAcceptRetriesTakenIDs(t *testing.T) {
	n := 0
	ids := IDFunc(func(time.Time) string {
		n++
		if n <= 2 {
			return "TAKEN"
		}
		return fmt.Sprintf("NEW-%d", n)
	})
	s, _ := newService(t, func(c *Config) { c.IDs = ids })
	ctx := context.Background()
	d := draft()
	d.ID = "TAKEN"
	must(t)(s.Accept(ctx, centre, d))
	o := must(t)(s.Accept(ctx, centre, draft()))
	if o.ID != "NEW-3" || o.Version != 1 || len(o.Timeline) != 1 {
		t.Errorf("after two taken ids: %s at version %d with %d events", o.ID, o.Version, len(o.Timeline))
	}
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
}

func TestDispatchRefusals(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	_, err := s.Dispatch(ctx, Unit(cityMgmt), o.ID, Assignment{Lead: cityMgmt})
	wantHidden(t, err)
	_, err = s.Dispatch(ctx, centre, o.ID, Assignment{})
	wantErr(t, err, ErrNoRouter)
	for _, as := range []Assignment{
		{Lead: " " + cityMgmt},
		{Lead: "城管办,环保局"},
		{Lead: cityMgmt, Assist: []string{envBur, cityMgmt}},
		{Lead: cityMgmt, Assist: []string{envBur, envBur}},
		{Lead: cityMgmt, Assist: []string{""}},
	} {
		_, err = s.Dispatch(ctx, centre, o.ID, as)
		wantErr(t, err, ErrInvalidArgument)
	}
	_, err = s.Dispatch(ctx, centre, "WO-none", Assignment{Lead: cityMgmt})
	wantErr(t, err, ErrNotFound)
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	_, err = s.Dispatch(ctx, centre, o.ID, Assignment{Lead: envBur})
	wantTransition(t, err, StateDispatched, StepDispatch)
	if got := history(t, s, o.ID); len(got) != 2 {
		t.Errorf("refused steps left records: %s", steps(got))
	}
}

func TestDispatchByRouter(t *testing.T) {
	var got *routing.Request
	router := RouterFunc(func(ctx context.Context, r *routing.Request) (routing.Decision, error) {
		got = r
		if strings.Contains(r.Text, "无人管") {
			return routing.Decision{}, errors.New("no rule")
		}
		return routing.Decision{Lead: cityMgmt, Assist: []string{envBur}, Reason: "规则: 噪音"}, nil
	})
	s, _ := newService(t, func(c *Config) { c.Router = router })
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{}))
	if o.Lead != cityMgmt || len(o.Assists) != 1 || o.Assists[0].Unit != envBur {
		t.Errorf("routed to %q with %+v", o.Lead, o.Assists)
	}
	if got.ID != o.ID || got.Category != hotline.CategoryComplaint || got.Region != "清溪镇/三中村" || got.Tags[0] != "噪音" {
		t.Errorf("router was asked %+v", got)
	}
	if rs := history(t, s, o.ID); rs[1].Remark != "规则: 噪音" {
		t.Errorf("dispatch remark %q, want the router's reason", rs[1].Remark)
	}
	d := draft()
	d.Text = "这事无人管"
	o = must(t)(s.Accept(ctx, centre, d))
	_, err := s.Dispatch(ctx, centre, o.ID, Assignment{})
	if err == nil || !strings.Contains(err.Error(), "no rule") {
		t.Errorf("router error: %v", err)
	}
}

func TestSignRefusals(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	// Not yet dispatched: the unit is not the lead, so for it the order
	// does not exist.
	_, err := s.Sign(ctx, Unit(cityMgmt), o.ID)
	wantHidden(t, err)
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{envBur}}))
	_, err = s.Sign(ctx, Unit(envBur), o.ID)
	wantForbidden(t, err, Unit(envBur), StepSign)
	_, err = s.Sign(ctx, Unit(police), o.ID)
	wantHidden(t, err)
	_, err = s.Sign(ctx, centre, o.ID)
	wantForbidden(t, err, centre, StepSign)
	_, err = s.Sign(ctx, Unit(""), o.ID)
	wantErr(t, err, ErrForbidden)
	must(t)(s.Sign(ctx, Unit(cityMgmt), o.ID))
	_, err = s.Sign(ctx, Unit(cityMgmt), o.ID)
	wantTransition(t, err, StateHandling, StepSign)
}

// TestReturnsAndFallback: two instant returns inside the window, then
// only the fallback unit can be designated, and it cannot return.
func TestReturnsAndFallback(t *testing.T) {
	s, clk := newService(t, func(c *Config) { c.InstantReturn = true })
	ctx := context.Background()
	m := must(t)
	o := m(s.Accept(ctx, centre, draft()))
	m(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))

	_, err := s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: " "})
	wantErr(t, err, classify.ErrTextRequired)
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.Return(ctx, Unit(envBur), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不归我管"})
	wantHidden(t, err)
	o = m(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不属于城管职责"}))
	if o.State != StateReturned || o.Returns != 1 {
		t.Fatalf("after a return: %s, %d returns", o.State, o.Returns)
	}
	_, err = s.Sign(ctx, Unit(cityMgmt), o.ID)
	wantTransition(t, err, StateReturned, StepSign)

	o = m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur, Remark: "改派环保"}))
	m(s.Sign(ctx, Unit(envBur), o.ID))
	o = m(s.Return(ctx, Unit(envBur), o.ID, ReturnRequest{Code: "not_our_duty", Text: "噪音属于施工管理"}))
	if o.Returns != 2 {
		t.Fatalf("returns %d", o.Returns)
	}
	_, err = s.Redispatch(ctx, centre, o.ID, Assignment{Lead: police})
	wantErr(t, err, ErrReturnLimit)

	clk.Advance(time.Minute)
	o = m(s.Designate(ctx, centre, o.ID, "", "两次退单，兜底办理"))
	if o.Lead != fallback || !o.Fallback || o.State != StateDispatched {
		t.Fatalf("designated: %q fallback %v in %s", o.Lead, o.Fallback, o.State)
	}
	_, err = s.Return(ctx, Unit(fallback), o.ID, ReturnRequest{Code: "not_our_duty", Text: "也不归我管"})
	wantForbidden(t, err, Unit(fallback), StepReturn)
	m(s.Sign(ctx, Unit(fallback), o.ID))
	_, err = s.Return(ctx, Unit(fallback), o.ID, ReturnRequest{Code: "not_our_duty", Text: "也不归我管"})
	wantForbidden(t, err, Unit(fallback), StepReturn)
	// The old leads lost the order.
	_, err = s.Get(ctx, Unit(cityMgmt), o.ID)
	wantHidden(t, err)
	rs := history(t, s, o.ID)
	if got := steps(rs); got != "accept dispatch return redispatch sign return designate sign" {
		t.Errorf("history %q", got)
	}
	if v, _ := rs[5].Value("returns"); v != "2" {
		t.Errorf("second return data %q", rs[5].Data)
	}

	// Redispatching an order being handled, by the centre's choice, is
	// not limited by returns.
	m(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: police}))
	if o := m(s.Get(ctx, centre, o.ID)); o.Fallback || o.Lead != police {
		t.Errorf("after redispatch: lead %q fallback %v", o.Lead, o.Fallback)
	}
	// A unit that has used up the returns cannot return again.
	_, err = s.Return(ctx, Unit(police), o.ID, ReturnRequest{Code: "not_our_duty", Text: "第三次"})
	wantErr(t, err, ErrReturnLimit)
}

func TestReturnWindow(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	// The window closes at the close of work of the next working day:
	// Tuesday 17:30.
	clk.Set(at(2025, 9, 16, 17, 31))
	_, err := s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不属于城管职责"})
	wantErr(t, err, ErrReturnWindowClosed)
	if err == nil || !strings.Contains(err.Error(), "closed at 2025-09-16 17:30 Tue") {
		t.Errorf("message %q does not say when the window closed", err)
	}
	clk.Set(at(2025, 9, 16, 17, 30))
	must(t)(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不属于城管职责"}))

	// A policy without a return window puts no limit on returns.
	var ps []sla.Policy
	for _, p := range sla.DefaultPolicies().Policies() {
		var keep []sla.Target
		for _, tg := range p.Targets {
			if tg.Name != sla.TargetReturn {
				keep = append(keep, tg)
			}
		}
		p.Targets = keep
		ps = append(ps, p)
	}
	set, err := sla.NewPolicySet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	s2, clk2 := newService(t, func(c *Config) { c.Policies = set })
	o = must(t)(s2.Accept(ctx, centre, draft()))
	must(t)(s2.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	clk2.Advance(30 * 24 * time.Hour)
	must(t)(s2.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "不属于城管职责"}))
}

func TestDesignateNeedsAUnit(t *testing.T) {
	s, _ := newService(t, func(c *Config) { c.Units = nil })
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	_, err := s.Designate(ctx, centre, o.ID, "", "")
	wantErr(t, err, ErrInvalidArgument)
	o = must(t)(s.Designate(ctx, centre, must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt})).ID, village, ""))
	if o.Lead != village || !o.Fallback {
		t.Errorf("designated %q, fallback %v", o.Lead, o.Fallback)
	}
	_, err = s.Designate(ctx, Unit(village), o.ID, police, "")
	wantForbidden(t, err, Unit(village), StepDesignate)
}

// TestExtension: the complaint policy allows one extension of up to 10
// working days.
func TestExtension(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	o := handling(t, s, draft())
	lead := Unit(cityMgmt)
	_, err := s.ApproveExtension(ctx, centre, o.ID, "")
	wantErr(t, err, ErrNoExtensionPending)
	_, err = s.RequestExtension(ctx, Unit(envBur), o.ID, ExtensionRequest{Amount: sla.Amount{Days: 3}, Reason: "x"})
	wantHidden(t, err)
	_, err = s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 3}})
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 11}, Reason: "工程量大"})
	wantErr(t, err, ErrExtensionRefused, sla.ErrExtensionLimit)
	_, err = s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Duration: time.Hour}, Reason: "工程量大"})
	wantErr(t, err, ErrExtensionRefused, sla.ErrInvalidAmount)
	_, err = s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Target: "nope", Amount: sla.Amount{Days: 1}, Reason: "x"})
	wantErr(t, err, ErrExtensionRefused, sla.ErrUnknownTarget)

	o = m(s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 3}, Reason: "需协调施工方"}))
	if o.Pending == nil || o.Pending.Target != sla.TargetFinish || o.Pending.Amount.Days != 3 {
		t.Fatalf("pending %+v", o.Pending)
	}
	_, err = s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 1}, Reason: "再要一天"})
	wantErr(t, err, ErrExtensionPending)
	_, err = s.ApproveExtension(ctx, lead, o.ID, "")
	wantForbidden(t, err, lead, StepApproveExtension)
	_, err = s.RefuseExtension(ctx, centre, o.ID, "")
	wantErr(t, err, ErrInvalidArgument)
	o = m(s.RefuseExtension(ctx, centre, o.ID, "理由不足"))
	if o.Pending != nil || o.Extensions != 0 {
		t.Fatalf("refused: pending %+v, %d extensions", o.Pending, o.Extensions)
	}
	sameTime(t, "due after the refusal", o.Due, at(2025, 9, 23, 0, 0))

	m(s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 3}, Reason: "需协调施工方"}))
	o = m(s.ApproveExtension(ctx, centre, o.ID, "同意"))
	if o.Pending != nil || o.Extensions != 1 {
		t.Fatalf("approved: pending %+v, %d extensions", o.Pending, o.Extensions)
	}
	// Three more working days: 23, 24, 25 September.
	sameTime(t, "due after the extension", o.Due, at(2025, 9, 26, 0, 0))
	// One extension only.
	_, err = s.RequestExtension(ctx, lead, o.ID, ExtensionRequest{Amount: sla.Amount{Days: 1}, Reason: "再要一天"})
	wantErr(t, err, ErrExtensionRefused, sla.ErrExtensionLimit)
	rs := history(t, s, o.ID)
	if v, _ := rs[len(rs)-1].Value("amount"); v != "3 working days" {
		t.Errorf("approval data %q", rs[len(rs)-1].Data)
	}
	_, err = s.RefuseExtension(ctx, centre, o.ID, "无")
	wantErr(t, err, ErrNoExtensionPending)
}

// TestSuspendPausesFinish: a suspension from Tuesday 10:00 to 14:30 holds
// 2.5 working hours (lunch 12:00-14:00 does not count), so the finish
// deadline moves from the end of Monday 22nd to Tuesday 23rd 11:00.
func TestSuspendPausesFinish(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	o := handling(t, s, draft())
	lead := Unit(cityMgmt)
	clk.Set(at(2025, 9, 16, 10, 0))
	_, err := s.Suspend(ctx, lead, o.ID, "")
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.Suspend(ctx, Unit(envBur), o.ID, "等待")
	wantHidden(t, err)
	o = must(t)(s.Suspend(ctx, lead, o.ID, "等待环保检测"))
	if o.State != StateSuspended || !o.Due.IsZero() {
		t.Errorf("suspended: %s, due %v (want the paused target left out)", o.State, o.Due)
	}
	_, err = s.Reply(ctx, lead, o.ID, "已处理")
	wantTransition(t, err, StateSuspended, StepReply)
	_, err = s.Suspend(ctx, lead, o.ID, "再挂起")
	wantTransition(t, err, StateSuspended, StepSuspend)
	clk.Set(at(2025, 9, 16, 14, 30))
	o = must(t)(s.Resume(ctx, System(), o.ID, "检测完成"))
	sameTime(t, "due after the suspension", o.Due, at(2025, 9, 23, 11, 0))
	_, err = s.Resume(ctx, lead, o.ID, "")
	wantTransition(t, err, StateHandling, StepResume)
	_, err = s.Resume(ctx, super, o.ID, "")
	wantForbidden(t, err, super, StepResume)
	// The centre may suspend too.
	must(t)(s.Suspend(ctx, centre, o.ID, "来电人出差"))
}

// TestEmergency: an emergency received Monday 10:00 must be contacted by
// 10:30, arrived at by 11:00, finished by 24:00 and reported back by the
// end of Wednesday.
func TestEmergency(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	d := draft()
	d.Urgency, d.Category, d.Text = hotline.UrgencyEmergency, hotline.CategoryHelp, "三中村仓库起火，有人被困。"
	o := must(t)(s.Accept(ctx, centre, d))
	sameTime(t, "contact due", o.Due, at(2025, 9, 15, 10, 30))
	clk.Advance(2 * time.Minute)
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: police}))
	_, err := s.Contact(ctx, Unit(police), o.ID, "")
	wantTransition(t, err, StateDispatched, StepContact)
	clk.Advance(3 * time.Minute)
	must(t)(s.Sign(ctx, Unit(police), o.ID))
	_, err = s.Contact(ctx, Unit(cityMgmt), o.ID, "")
	wantHidden(t, err)
	clk.Advance(5 * time.Minute)
	o = must(t)(s.Contact(ctx, Unit(police), o.ID, "已电话联系"))
	sameTime(t, "arrive due", o.Due, at(2025, 9, 15, 11, 0))
	_, err = s.Contact(ctx, Unit(police), o.ID, "")
	wantErr(t, err, ErrAlreadyDone)
	clk.Advance(20 * time.Minute)
	o = must(t)(s.Arrive(ctx, Unit(police), o.ID, "已到场"))
	sameTime(t, "finish due", o.Due, at(2025, 9, 16, 0, 0))
	_, err = s.Arrive(ctx, Unit(police), o.ID, "")
	wantErr(t, err, ErrAlreadyDone)
	o = must(t)(s.Reply(ctx, Unit(police), o.ID, "火已扑灭，无人员伤亡。"))
	// Still open: the feedback to the caller, 2 working days.
	if o.Due.IsZero() {
		t.Fatal("feedback target lost")
	}
	must(t)(s.ApproveReply(ctx, centre, o.ID, ""))
	o = must(t)(s.Callback(ctx, centre, o.ID, hotline.Satisfied, ""))
	if !o.Due.IsZero() || o.Overdue {
		t.Errorf("after the callback: due %v overdue %v", o.Due, o.Overdue)
	}
}

// TestJointHandling: the lead cannot reply before the assisting units
// have given their opinions or been waived; each assisting unit has its
// own deadline, 3 working days.
func TestJointHandling(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	o := handling(t, s, draft(), envBur, village)
	for _, a := range o.Assists {
		sameTime(t, a.Unit+" due", a.Due, at(2025, 9, 19, 0, 0))
		if a.Status != AssistPending {
			t.Errorf("%s is %s", a.Unit, a.Status)
		}
	}
	_, err := s.Reply(ctx, Unit(cityMgmt), o.ID, "已处理")
	wantErr(t, err, ErrOpinionsPending)
	if !strings.Contains(err.Error(), envBur) || !strings.Contains(err.Error(), village) {
		t.Errorf("%q does not name the pending units", err)
	}
	_, err = s.SubmitOpinion(ctx, Unit(cityMgmt), o.ID, "我来")
	wantForbidden(t, err, Unit(cityMgmt), StepSubmitOpinion)
	_, err = s.SubmitOpinion(ctx, Unit(police), o.ID, "无")
	wantHidden(t, err)
	_, err = s.SubmitOpinion(ctx, Unit(envBur), o.ID, "")
	wantErr(t, err, ErrInvalidArgument)
	o = m(s.SubmitOpinion(ctx, Unit(envBur), o.ID, "夜间噪音 72 分贝，超标"))
	if a := o.Assists[0]; a.Status != AssistSubmitted || a.Opinion == "" || a.At.IsZero() {
		t.Errorf("opinion recorded as %+v", a)
	}
	_, err = s.SubmitOpinion(ctx, Unit(envBur), o.ID, "再说一次")
	wantErr(t, err, ErrAlreadyDone)
	// An assisting unit can read the order and its history, but not lead.
	m(s.Get(ctx, Unit(envBur), o.ID))
	_, err = s.Reply(ctx, Unit(envBur), o.ID, "已处理")
	wantForbidden(t, err, Unit(envBur), StepReply)

	_, err = s.WaiveOpinion(ctx, Unit(cityMgmt), o.ID, village, "无需")
	wantForbidden(t, err, Unit(cityMgmt), StepWaiveOpinion)
	_, err = s.WaiveOpinion(ctx, centre, o.ID, police, "无需")
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.WaiveOpinion(ctx, centre, o.ID, village, "")
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.WaiveOpinion(ctx, centre, o.ID, envBur, "无需")
	wantErr(t, err, ErrAlreadyDone)
	o = m(s.WaiveOpinion(ctx, centre, o.ID, village, "村委会已在现场协调"))
	if a := o.Assists[1]; a.Status != AssistWaived || a.Opinion != "村委会已在现场协调" {
		t.Errorf("waiver recorded as %+v", a)
	}
	o = m(s.Reply(ctx, Unit(cityMgmt), o.ID, "已责令停工"))
	if o.State != StateReplied {
		t.Errorf("state %s", o.State)
	}
	rs := history(t, s, o.ID)
	if got := steps(rs); got != "accept dispatch sign submit_opinion waive_opinion reply" {
		t.Errorf("history %q", got)
	}
	if v, _ := rs[1].Value("assist"); v != envBur+","+village {
		t.Errorf("dispatch data %q", rs[1].Data)
	}
	if v, _ := rs[4].Value("unit"); v != village || rs[4].Remark != "村委会已在现场协调" {
		t.Errorf("waiver record %+v", rs[4])
	}
}

func TestRedispatchKeepsOrReplacesAssists(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := handling(t, s, draft(), envBur, village)
	must(t)(s.SubmitOpinion(ctx, Unit(envBur), o.ID, "超标"))
	// nil keeps the assisting units; the new lead stops assisting.
	o = must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	if len(o.Assists) != 1 || o.Assists[0].Unit != village {
		t.Errorf("assists after moving the lead to an assisting unit: %+v", o.Assists)
	}
	// A list replaces them, keeping what a unit already gave.
	o = must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{village, police}}))
	if len(o.Assists) != 2 || o.Assists[0].Unit != village || o.Assists[1].Unit != police || o.Assists[1].Status != AssistPending {
		t.Errorf("assists %+v", o.Assists)
	}
	o = must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{}}))
	if len(o.Assists) != 0 {
		t.Errorf("an empty list left %+v", o.Assists)
	}
}

func TestReviewCallbackReopen(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	m := must(t)
	o := handling(t, s, draft())
	lead := Unit(cityMgmt)
	m(s.Reply(ctx, lead, o.ID, "已处理"))
	_, err := s.ApproveReply(ctx, lead, o.ID, "")
	wantForbidden(t, err, lead, StepApproveReply)
	_, err = s.Callback(ctx, centre, o.ID, hotline.Satisfied, "")
	wantTransition(t, err, StateReplied, StepCallback)
	_, err = s.RejectReply(ctx, centre, o.ID, "")
	wantErr(t, err, ErrInvalidArgument)
	o = m(s.RejectReply(ctx, centre, o.ID, "答复过于简单"))
	if o.State != StateHandling || o.Reply != "" {
		t.Fatalf("rejected: %s with reply %q", o.State, o.Reply)
	}
	m(s.Reply(ctx, lead, o.ID, "已责令停工并罚款五千元"))
	m(s.ApproveReply(ctx, centre, o.ID, ""))
	_, err = s.Close(ctx, centre, o.ID, "")
	wantTransition(t, err, StateReviewed, StepClose)
	_, err = s.Callback(ctx, centre, o.ID, 0, "")
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.Callback(ctx, lead, o.ID, hotline.Satisfied, "")
	wantForbidden(t, err, lead, StepCallback)
	m(s.Callback(ctx, centre, o.ID, hotline.BasicallySatisfied, ""))
	_, err = s.Reopen(ctx, centre, o.ID, "来电人要求重办")
	wantErr(t, err, ErrNotDissatisfied)
	_, err = s.Close(ctx, lead, o.ID, "")
	wantForbidden(t, err, lead, StepClose)
	_, err = s.Close(ctx, System(), o.ID, "")
	wantForbidden(t, err, System(), StepClose)

	// A second order, dissatisfied: reopened, the finish target restarts.
	o2 := handling(t, s, draft())
	m(s.Reply(ctx, lead, o2.ID, "已处理"))
	m(s.ApproveReply(ctx, centre, o2.ID, ""))
	m(s.Callback(ctx, centre, o2.ID, hotline.Dissatisfied, "仍有噪音"))
	_, err = s.Reopen(ctx, centre, o2.ID, "")
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.Reopen(ctx, lead, o2.ID, "仍有噪音")
	wantForbidden(t, err, lead, StepReopen)
	clk.Set(at(2025, 9, 17, 9, 0))
	o2 = m(s.Reopen(ctx, centre, o2.ID, "仍有噪音"))
	if o2.State != StateHandling || o2.Reopenings != 1 || o2.Reply != "" || o2.Satisfaction != 0 {
		t.Fatalf("reopened: %+v", o2)
	}
	// Five working days after Wednesday 17th: the end of Wednesday 24th.
	sameTime(t, "due after reopening", o2.Due, at(2025, 9, 25, 0, 0))
	m(s.Reply(ctx, lead, o2.ID, "已彻底整改"))
	m(s.ApproveReply(ctx, centre, o2.ID, ""))
	m(s.Callback(ctx, centre, o2.ID, hotline.Satisfied, ""))
	o2 = m(s.Close(ctx, centre, o2.ID, ""))
	if o2.State != StateClosed || o2.Reply != "已彻底整改" || o2.Satisfaction != hotline.Satisfied {
		t.Errorf("closed: %+v", o2)
	}
	_, err = s.Reopen(ctx, centre, o2.ID, "again")
	wantErr(t, err, ErrReopenWindowClosed) // no window by default
}

func TestUrgeAndSupervise(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	o := handling(t, s, draft())
	_, err := s.Urge(ctx, Unit(cityMgmt), o.ID, "")
	wantForbidden(t, err, Unit(cityMgmt), StepUrge)
	_, err = s.Supervise(ctx, centre, o.ID, "")
	wantForbidden(t, err, centre, StepSupervise)
	m(s.Urge(ctx, super, o.ID, "请加快"))
	m(s.Urge(ctx, centre, o.ID, "来电人催促"))
	m(s.Supervise(ctx, super, o.ID, "列入督办"))
	o = m(s.Supervise(ctx, super, o.ID, "升级督办"))
	if o.Urges != 2 || o.Supervision != 2 || o.State != StateHandling {
		t.Errorf("urges %d supervision %d state %s", o.Urges, o.Supervision, o.State)
	}
	rs := history(t, s, o.ID)
	if v, _ := rs[len(rs)-1].Value("level"); v != "2" {
		t.Errorf("supervision record %q", rs[len(rs)-1].Data)
	}
	// Unit can see the supervision on its order.
	if g := m(s.Get(ctx, Unit(cityMgmt), o.ID)); g.Supervision != 2 {
		t.Errorf("unit sees supervision %d", g.Supervision)
	}
	c := m(s.Accept(ctx, centre, draft()))
	m(s.Cancel(ctx, centre, c.ID, CodedReason{Code: "duplicate", Text: "重复来电"}))
	_, err = s.Urge(ctx, super, c.ID, "")
	wantTransition(t, err, StateCancelled, StepUrge)
}

func TestMerge(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	master := handling(t, s, draft())
	kid1 := m(s.Accept(ctx, centre, draft()))
	kid2 := m(s.Accept(ctx, centre, draft()))
	m(s.Dispatch(ctx, centre, kid2.ID, Assignment{Lead: cityMgmt}))

	_, err := s.Merge(ctx, centre, kid1.ID, kid1.ID, "")
	wantErr(t, err, ErrBadMaster)
	_, err = s.Merge(ctx, centre, kid1.ID, "WO-none", "")
	wantErr(t, err, ErrBadMaster, ErrNotFound)
	_, err = s.Merge(ctx, Unit(cityMgmt), kid1.ID, master.ID, "")
	wantHidden(t, err)
	_, err = s.Merge(ctx, centre, master.ID, kid1.ID, "")
	wantTransition(t, err, StateHandling, StepMerge)

	k := m(s.Merge(ctx, centre, kid1.ID, master.ID, "重复来电"))
	if k.State != StateMerged || k.MergedInto != master.ID || !k.Due.IsZero() {
		t.Fatalf("merged: %s into %q, due %v", k.State, k.MergedInto, k.Due)
	}
	m(s.Merge(ctx, centre, kid2.ID, master.ID, "重复来电"))
	_, err = s.Merge(ctx, centre, m(s.Accept(ctx, centre, draft())).ID, kid1.ID, "")
	wantErr(t, err, ErrBadMaster)
	_, err = s.Urge(ctx, super, kid1.ID, "")
	wantTransition(t, err, StateMerged, StepUrge)
	// The system closes a merged order only with its master.
	_, err = s.Close(ctx, System(), kid1.ID, "")
	wantErr(t, err, ErrBadMaster)

	m(s.Reply(ctx, Unit(cityMgmt), master.ID, "已统一处理"))
	m(s.ApproveReply(ctx, centre, master.ID, ""))
	m(s.Callback(ctx, centre, master.ID, hotline.Satisfied, ""))
	m(s.Close(ctx, centre, master.ID, "办结"))
	for _, id := range []string{kid1.ID, kid2.ID} {
		k := m(s.Get(ctx, centre, id))
		if k.State != StateClosed || k.Reply != "已统一处理" || k.Satisfaction != hotline.Satisfied {
			t.Errorf("child %s: %s reply %q verdict %s", id, k.State, k.Reply, k.Satisfaction)
		}
		rs := history(t, s, id)
		last := rs[len(rs)-1]
		if last.Step != StepClose || last.Actor != System() || last.From != StateMerged || !strings.Contains(last.Remark, master.ID) {
			t.Errorf("child %s closing record %+v", id, last)
		}
		if err := s.Verify(ctx, id); err != nil {
			t.Error(err)
		}
	}
	// Merging into a closed master is refused.
	_, err = s.Merge(ctx, centre, m(s.Accept(ctx, centre, draft())).ID, master.ID, "")
	wantErr(t, err, ErrBadMaster)
}

func TestCancel(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	_, err := s.Cancel(ctx, centre, o.ID, CodedReason{})
	wantErr(t, err, ErrInvalidArgument)
	_, err = s.Cancel(ctx, super, o.ID, CodedReason{Code: "entry_error"})
	wantForbidden(t, err, super, StepCancel)
	o = must(t)(s.Cancel(ctx, centre, o.ID, CodedReason{Code: "other", Text: "骚扰电话"}))
	if o.State != StateCancelled || !o.Due.IsZero() {
		t.Errorf("cancelled: %s due %v", o.State, o.Due)
	}
	_, err = s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt})
	wantTransition(t, err, StateCancelled, StepDispatch)
	r := handling(t, s, draft())
	must(t)(s.Reply(ctx, Unit(cityMgmt), r.ID, "已处理"))
	_, err = s.Cancel(ctx, centre, r.ID, CodedReason{Code: "entry_error"})
	wantTransition(t, err, StateReplied, StepCancel)
}

// TestConfidentiality: the caller of a report is hidden from the units
// handling it, unless the policy allows.
func TestConfidentiality(t *testing.T) {
	allow := func(o *Order, unit string) bool { return unit == police }
	s, _ := newService(t, func(c *Config) { c.RevealCaller = allow })
	ctx := context.Background()
	d := draft()
	d.Category = hotline.CategoryReport
	d.Text = "举报三中村工地偷排污水。"
	o := must(t)(s.Accept(ctx, centre, d))
	o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{police}}))
	if o.Caller.Name != "李女士" {
		t.Errorf("the centre sees caller %+v", o.Caller)
	}
	signed := must(t)(s.Sign(ctx, Unit(cityMgmt), o.ID))
	if signed.Caller.Name != "" || signed.Caller.Phone != "" {
		t.Errorf("the lead's step returned the caller %+v", signed.Caller)
	}
	for _, tc := range []struct {
		a       Actor
		visible bool
	}{
		{centre, true}, {super, true}, {System(), true},
		{Unit(cityMgmt), false}, {Unit(police), true},
	} {
		g, err := s.Get(ctx, tc.a, o.ID)
		if err != nil {
			t.Fatalf("%s: %v", tc.a, err)
		}
		if got := g.Caller.Name != "" && g.Caller.Phone != ""; got != tc.visible {
			t.Errorf("%s sees caller %+v", tc.a, g.Caller)
		}
	}
	// The store keeps the identity.
	if raw, _ := s.Store().Get(ctx, o.ID); raw.Caller.Phone != "13812345678" {
		t.Errorf("store lost the caller: %+v", raw.Caller)
	}
	_, err := s.Get(ctx, Unit(envBur), o.ID)
	wantHidden(t, err)
	_, err = s.History(ctx, Unit(envBur), o.ID)
	wantHidden(t, err)
	_, err = s.Get(ctx, Actor{}, o.ID)
	wantErr(t, err, ErrForbidden)
	for _, r := range history(t, s, o.ID) {
		if strings.Contains(r.Data+r.Remark, "李女士") || strings.Contains(r.Data+r.Remark, "13812345678") {
			t.Errorf("record %d carries the caller: %+v", r.Seq, r)
		}
	}
	// A complaint marked confidential is hidden as well.
	d = draft()
	d.Caller.Confidential = true
	c := handling(t, s, d)
	if c.Caller.Name != "" {
		t.Errorf("confidential complaint shows %+v", c.Caller)
	}
	// An ordinary complaint is not.
	p := handling(t, s, draft())
	if p.Caller.Name != "李女士" {
		t.Errorf("ordinary complaint hides %+v", p.Caller)
	}
}

func TestList(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	a := handling(t, s, draft())
	d := draft()
	d.Category = hotline.CategoryReport
	b := handling(t, s, d)
	must(t)(s.Accept(ctx, centre, draft()))
	got, err := s.List(ctx, Unit(cityMgmt), Filter{Unit: envBur})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Fatalf("unit lists %v", ids(got))
	}
	if got[1].Caller.Name != "" {
		t.Error("List shows a unit the caller of a report")
	}
	all, _ := s.List(ctx, centre, Filter{})
	if len(all) != 3 {
		t.Errorf("centre lists %v", ids(all))
	}
	_, err = s.List(ctx, Unit(""), Filter{})
	wantErr(t, err, ErrForbidden)
	_, err = s.List(ctx, Actor{}, Filter{})
	wantErr(t, err, ErrForbidden)
}

func ids(os []*Order) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

// conflictStore fails the first n updates with ErrConflict.
type conflictStore struct {
	Store
	mu sync.Mutex
	n  int
}

func (c *conflictStore) Update(ctx context.Context, o *Order, v int64, rs []Record) error {
	c.mu.Lock()
	fail := c.n > 0
	c.n--
	c.mu.Unlock()
	if fail {
		return fmt.Errorf("injected: %w", ErrConflict)
	}
	return c.Store.Update(ctx, o, v, rs)
}

func TestRetryOnConflict(t *testing.T) {
	cs := &conflictStore{Store: NewMemStore()}
	s, _ := newService(t, func(c *Config) { c.Store = cs; c.Retries = 2 })
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	cs.n = 2
	o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	if o.Version != 2 {
		t.Errorf("version %d after retries", o.Version)
	}
	cs.n = 3
	_, err := s.Sign(ctx, Unit(cityMgmt), o.ID)
	wantErr(t, err, ErrConflict)
	if g := must(t)(s.Get(ctx, centre, o.ID)); g.Version != 2 || g.State != StateDispatched {
		t.Errorf("a failed step changed the order: %s v%d", g.State, g.Version)
	}
}

// TestClockBackwards: a clock that steps back does not disorder the
// timeline or the audit trail.
func TestClockBackwards(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	clk.Advance(-time.Hour)
	o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	rs := history(t, s, o.ID)
	if rs[1].At.Before(rs[0].At) || o.Timeline[1].At.Before(o.Timeline[0].At) {
		t.Errorf("time went backwards: %v then %v", rs[0].At, rs[1].At)
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	o := handling(t, s, draft())
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	ms := s.Store().(*MemStore)
	// Change the first record's actor id.
	ms.m[o.ID].records[0].Actor.ID = "Agent-7"
	err := s.Verify(ctx, o.ID)
	var te *TamperError
	if !errors.As(err, &te) || te.Seq != 1 {
		t.Errorf("Verify after tampering: %v", err)
	}
	wantErr(t, s.Verify(ctx, "WO-none"), ErrNotFound)
}

func TestObserverAndAlerts(t *testing.T) {
	var mu sync.Mutex
	var events []string
	obs := ObserverFuncs{
		OnStep: func(ctx context.Context, o *Order, r Record) {
			mu.Lock()
			events = append(events, fmt.Sprintf("step %s v%d", r.Step, o.Version))
			mu.Unlock()
		},
		OnWarning: func(ctx context.Context, o *Order, r sla.Result) {
			mu.Lock()
			events = append(events, "warning "+r.Name+" "+r.Due.Format("01-02 15:04"))
			mu.Unlock()
		},
		OnOverdue: func(ctx context.Context, o *Order, r sla.Result) {
			mu.Lock()
			events = append(events, fmt.Sprintf("overdue %s v%d overdue=%v", r.Name, o.Version, o.Overdue))
			mu.Unlock()
		},
	}
	s, clk := newService(t, func(c *Config) { c.Observer = obs; c.Watch = true })
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	if s.Watched() != 1 {
		t.Errorf("watching %d orders", s.Watched())
	}
	// The sign target warns 2 working hours before Tuesday 17:30.
	clk.Set(at(2025, 9, 16, 15, 29))
	if n := s.Fire(ctx); n != 0 {
		t.Errorf("%d alerts before the warning", n)
	}
	clk.Set(at(2025, 9, 16, 15, 30))
	if n := s.Fire(ctx); n != 1 {
		t.Errorf("%d alerts at the warning", n)
	}
	clk.Set(at(2025, 9, 16, 17, 31))
	if n := s.Fire(ctx); n != 1 {
		t.Errorf("%d alerts after the due instant", n)
	}
	g := must(t)(s.Get(ctx, centre, o.ID))
	if !g.Overdue || g.Urges != 1 || g.Version != 3 {
		t.Errorf("after the overdue alert: overdue %v urges %d version %d", g.Overdue, g.Urges, g.Version)
	}
	rs := history(t, s, o.ID)
	last := rs[len(rs)-1]
	if last.Step != StepUrge || last.Actor != System() || last.Remark != "超期: sign" {
		t.Errorf("overdue record %+v", last)
	}
	if v, _ := last.Value("level"); v != "overdue" {
		t.Errorf("overdue record data %q", last.Data)
	}
	late, _ := s.List(ctx, centre, Filter{Overdue: true})
	if len(late) != 1 || late[0].ID != o.ID {
		t.Errorf("overdue filter: %v", ids(late))
	}
	must(t)(s.Cancel(ctx, centre, o.ID, CodedReason{Code: "entry_error", Text: "测试"}))
	if s.Watched() != 0 {
		t.Errorf("a cancelled order is still watched")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"step accept v1", "step dispatch v2", "warning sign 09-16 17:30", "step urge v3", "overdue sign v3 overdue=true", "step cancel v4"}
	if strings.Join(events, "; ") != strings.Join(want, "; ") {
		t.Errorf("observed\n%s\nwant\n%s", strings.Join(events, "\n"), strings.Join(want, "\n"))
	}
}

func TestWatchOpenAndRun(t *testing.T) {
	store := NewMemStore()
	s1, _ := newService(t, func(c *Config) { c.Store = store })
	ctx := context.Background()
	handling(t, s1, draft())
	must(t)(s1.Accept(ctx, centre, draft()))
	closed := must(t)(s1.Accept(ctx, centre, draft()))
	must(t)(s1.Cancel(ctx, centre, closed.ID, CodedReason{Code: "entry_error"}))
	wantErr(t, s1.Run(ctx), ErrInvalidConfig)
	// A restarted service with Watch picks up the two open orders.
	s2, _ := newService(t, func(c *Config) { c.Store = store; c.Watch = true })
	n, err := s2.WatchOpen(ctx)
	if err != nil || n != 2 || s2.Watched() != 2 {
		t.Errorf("WatchOpen = %d, %v; watching %d", n, err, s2.Watched())
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s2.Run(cctx); err != nil {
		t.Errorf("Run with a done context: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	base := func() Config {
		s, _ := newService(t)
		return s.cfg
	}
	cases := []struct {
		field string
		bend  func(c *Config)
	}{
		{"Store", func(c *Config) { c.Store = nil }},
		{"Calendar", func(c *Config) { c.Calendar = nil }},
		{"AssistTarget", func(c *Config) { c.AssistTarget = sla.Target{Name: "x", Clock: sla.ClockNatural} }},
	}
	for _, tc := range cases {
		c := base()
		tc.bend(&c)
		_, err := NewService(c)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != tc.field || !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v", tc.field, err)
		}
	}
	s, err := NewService(Config{Store: NewMemStore(), Calendar: base().Calendar})
	if err != nil {
		t.Fatal(err)
	}
	if s.cfg.MaxReturns != MaxReturnsDefault || s.cfg.Retries != RetriesDefault || s.cfg.ExtendTarget != sla.TargetFinish {
		t.Errorf("defaults not filled: %+v", s.cfg)
	}
	o, err := s.Accept(context.Background(), centre, draft())
	if err != nil || len(o.ID) != len("20250915-")+8 {
		t.Errorf("default id %q, %v", o.ID, err)
	}
}

// TestLateStepsMarkOverdue: without a monitor, a step taken after a
// deadline marks the order overdue, and the mark stays.
func TestLateStepsMarkOverdue(t *testing.T) {
	s, clk := newService(t)
	ctx := context.Background()
	o := must(t)(s.Accept(ctx, centre, draft()))
	o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	sameTime(t, "sign due", o.Due, at(2025, 9, 16, 17, 30))
	clk.Set(at(2025, 9, 16, 17, 30))
	if o = must(t)(s.Urge(ctx, super, o.ID, "")); o.Overdue {
		t.Error("overdue at the due instant itself")
	}
	clk.Set(at(2025, 9, 17, 9, 0))
	o = must(t)(s.Urge(ctx, super, o.ID, "已超时"))
	if !o.Overdue || o.Level != sla.LevelOverdue {
		t.Errorf("urged after the sign deadline: overdue %v level %v", o.Overdue, o.Level)
	}
	o = must(t)(s.Sign(ctx, Unit(cityMgmt), o.ID))
	if !o.Overdue || o.Level != sla.LevelNormal {
		t.Errorf("signed late: overdue %v level %v (want the mark kept, finish on time)", o.Overdue, o.Level)
	}
	got, _ := s.List(ctx, centre, Filter{Overdue: true})
	if len(got) != 1 {
		t.Errorf("overdue filter: %v", ids(got))
	}

	// A redispatch restarts the sign deadline: Wednesday 10:00 gives the
	// close of work on Thursday.
	clk.Set(at(2025, 9, 17, 10, 0))
	o = must(t)(s.Redispatch(ctx, centre, o.ID, Assignment{Lead: envBur}))
	sameTime(t, "sign due after redispatch", o.Due, at(2025, 9, 18, 17, 30))

	// Replying after the finish deadline: a second order, on time until
	// it replies late.
	clk.Set(at(2025, 9, 15, 10, 0))
	p := handling(t, s, draft())
	if p.Overdue {
		t.Fatal("fresh order overdue")
	}
	clk.Set(at(2025, 9, 23, 0, 1))
	p = must(t)(s.Reply(ctx, Unit(cityMgmt), p.ID, "迟到的答复"))
	if !p.Overdue {
		t.Error("late reply not marked overdue")
	}
}

// TestDispatchKeepsRouting: a *routing.Router is the service's Router; its
// decision is kept on the order and in the dispatch's hashed record, a
// dispatch naming its lead keeps it, and lists select joint and repeat
// orders. With the store as its history, the router finds the earlier
// order in the store.
func TestDispatchKeepsRouting(t *testing.T) {
	rules, _, err := routing.Compile(&routing.Config{
		Centre: "政务服务中心", Fallback: fallback,
		Rules: []routing.RuleSpec{{Name: "噪音, 扰民", Priority: 50, Any: []string{"噪音"}, Lead: cityMgmt, Assist: []string{envBur}}},
		Joint: routing.JointConfig{Repeat: &routing.RepeatConfig{Count: 2}},
	}, routing.Options{Language: language.English})
	if err != nil {
		t.Fatal(err)
	}
	router := routing.NewRouter(rules)
	store := NewMemStore()
	router.SetHistory(store)
	s, clk := newService(t, func(c *Config) { c.Store, c.Router = store, router })
	ctx := context.Background()
	m := must(t)
	first := m(s.Accept(ctx, centre, draft()))
	first = m(s.Dispatch(ctx, centre, first.ID, Assignment{}))
	if r := first.Routing; r == nil || r.Repeat || !r.Joint || r.RepeatKey == "" {
		t.Fatalf("first order routed %+v", r)
	}
	clk.Set(clk.Now().Add(time.Hour))
	second := m(s.Accept(ctx, centre, draft()))
	second = m(s.Dispatch(ctx, centre, second.ID, Assignment{}))
	want := &Routing{
		Lead: cityMgmt, Assist: []string{envBur}, Joint: true, Coordinator: "政务服务中心",
		Repeat: true, RepeatOf: []string{first.ID}, RepeatKey: first.Routing.RepeatKey,
		Rules: []string{"噪音, 扰民"}, LeadBy: routing.ByRule, Reason: second.Routing.Reason,
	}
	if !reflect.DeepEqual(second.Routing, want) || !strings.Contains(want.Reason, "repeat: request 2") {
		t.Errorf("second order routed\n %+v\nwant %+v", second.Routing, want)
	}
	rs := history(t, s, second.ID)
	wantData := "lead=" + cityMgmt + "&assist=" + envBur + "&lead_by=rule&joint=1&coordinator=政务服务中心&repeat_of=" +
		first.ID + "&rules=噪音, 扰民"
	if rs[1].Data != wantData || rs[1].Remark != want.Reason {
		t.Errorf("dispatch record data\n %q\nwant %q", rs[1].Data, wantData)
	}
	if err := s.Verify(ctx, second.ID); err != nil {
		t.Error(err)
	}

	// A redispatch naming its lead keeps what the router decided.
	m(s.Sign(ctx, Unit(cityMgmt), second.ID))
	moved := m(s.Redispatch(ctx, centre, second.ID, Assignment{Lead: police}))
	if moved.Lead != police || !reflect.DeepEqual(moved.Routing, want) {
		t.Errorf("after a redispatch to %s: lead %s, routing %+v", police, moved.Lead, moved.Routing)
	}
	if rs := history(t, s, second.ID); rs[len(rs)-1].Data != "lead="+police+"&assist="+envBur {
		t.Errorf("redispatch record data %q", rs[len(rs)-1].Data)
	}
	// A dispatch with a remark of its own keeps the router's reason in
	// the record's data.
	third := m(s.Accept(ctx, centre, draft()))
	third = m(s.Dispatch(ctx, centre, third.ID, Assignment{Remark: "加急"}))
	if rs := history(t, s, third.ID); rs[1].Remark != "加急" {
		t.Errorf("dispatch remark %q", rs[1].Remark)
	} else if v, _ := rs[1].Value("reason"); v != third.Routing.Reason || v == "" {
		t.Errorf("dispatch data %q lacks the reason %q", rs[1].Data, third.Routing.Reason)
	}

	for _, tc := range []struct {
		f    Filter
		want []string
	}{
		{Filter{Joint: true}, []string{first.ID, second.ID, "WO000003"}},
		{Filter{Repeat: true}, []string{second.ID, "WO000003"}},
		{Filter{Repeat: true, Unit: cityMgmt}, []string{"WO000003"}}, // second moved to police
	} {
		list, err := s.List(ctx, centre, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, o := range list {
			got = append(got, o.ID)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("List(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
}

// The five-level scale's worst verdict reopens an order as 不满意 does;
// the best does not, and neither does an unreachable caller.
func TestReopenVeryDissatisfied(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	m := must(t)
	lead := Unit(cityMgmt)
	for _, tc := range []struct {
		verdict hotline.Satisfaction
		reopen  bool
	}{{hotline.VeryDissatisfied, true}, {hotline.VerySatisfied, false}, {hotline.Unreachable, false}} {
		o := handling(t, s, draft())
		m(s.Reply(ctx, lead, o.ID, "已处理"))
		m(s.ApproveReply(ctx, centre, o.ID, ""))
		o = m(s.Callback(ctx, centre, o.ID, tc.verdict, ""))
		if o.Satisfaction != tc.verdict {
			t.Fatalf("%s: verdict kept as %s", tc.verdict, o.Satisfaction)
		}
		_, err := s.Reopen(ctx, centre, o.ID, "仍有噪音")
		if tc.reopen {
			if err != nil {
				t.Errorf("%s: %v", tc.verdict, err)
			}
			continue
		}
		wantErr(t, err, ErrNotDissatisfied)
	}
}

// stepsIgnored is an observer that says whether it observes steps.
type stepsIgnored struct {
	ObserverFuncs
	observes bool
}

func (o stepsIgnored) ObservesSteps() bool { return o.observes }

// TestObservesSteps checks when the service copies an order for
// Observer.StepTaken: not for an ObserverFuncs without OnStep, nor for
// an observer whose ObservesSteps says it ignores them.
func TestObservesSteps(t *testing.T) {
	onStep := func(context.Context, *Order, Record) {}
	for _, c := range []struct {
		name string
		obs  Observer
		want bool
	}{
		{"none", nil, false},
		{"funcs without OnStep", ObserverFuncs{OnWarning: func(context.Context, *Order, sla.Result) {}}, false},
		{"funcs with OnStep", ObserverFuncs{OnStep: onStep}, true},
		{"pointer without OnStep", &ObserverFuncs{}, false},
		{"pointer with OnStep", &ObserverFuncs{OnStep: onStep}, true},
		{"nil pointer", (*ObserverFuncs)(nil), false},
		{"embedded, maybe with its own StepTaken", struct{ ObserverFuncs }{}, true},
		{"saying it ignores steps", stepsIgnored{}, false},
		{"saying it observes steps", stepsIgnored{observes: true}, true},
		{"nil pointer saying", (*stepsIgnored)(nil), false},
	} {
		if got := observesSteps(c.obs); got != c.want {
			t.Errorf("%s: observesSteps = %v, want %v", c.name, got, c.want)
		}
	}
}
