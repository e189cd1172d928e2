package workorder

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
)

func TestTransferAtIntake(t *testing.T) {
	ctx := context.Background()
	var removed bool
	s, clk := newService(t, func(c *Config) { c.Watch = true })
	d := draft()
	d.Urgency = hotline.UrgencyEmergency
	o := must(t)(s.Accept(ctx, centre, d))
	if o.Due.IsZero() {
		t.Fatal("an emergency without a deadline")
	}
	clk.Advance(2 * time.Minute)
	o = must(t)(s.Transfer(ctx, centre, o.ID, TransferRequest{
		Body: BodyPolice, Decision: "现场有人打架，属警情，转110", ThreeWay: true, Reference: "JQ20250915-0012", Remark: "三方通话转接",
	}))
	want := Transfer{Body: BodyPolice, Decision: "现场有人打架，属警情，转110", ThreeWay: true, Reference: "JQ20250915-0012", At: at(2025, 9, 15, 10, 2)}
	if o.State != StateTransferred || o.Transfer == nil || o.Transfer.Body != want.Body || o.Transfer.Decision != want.Decision ||
		!o.Transfer.ThreeWay || o.Transfer.Reference != want.Reference || !o.Transfer.At.Equal(want.At) {
		t.Fatalf("state %s, transfer %+v, want %+v", o.State, o.Transfer, want)
	}
	// Our clocks stop: no deadline, no alert, no step but none.
	if !o.Due.IsZero() || o.Level != sla.LevelNormal || o.State.Open() {
		t.Errorf("due %s, level %s, open %v", o.Due, o.Level, o.State.Open())
	}
	clk.Advance(30 * 24 * time.Hour)
	s.Fire(ctx)
	after, _ := s.Store().Get(ctx, o.ID)
	removed = after.Version == o.Version && !after.Overdue
	if !removed {
		t.Errorf("the monitor still watched the transferred order: %+v", after)
	}
	if got := StepsFrom(StateTransferred); len(got) != 0 {
		t.Errorf("steps from transferred: %v", got)
	}
	hist, _ := s.History(ctx, centre, o.ID)
	r := hist[len(hist)-1]
	for k, v := range map[string]string{"body": "110", "three_way": "true", "decision": want.Decision, "reference": want.Reference} {
		if got, _ := r.Value(k); got != v {
			t.Errorf("record %s=%q, want %q", k, got, v)
		}
	}
	if err := s.Verify(ctx, o.ID); err != nil {
		t.Error(err)
	}
}

func TestTransferAfterReturn(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	o := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt}))
	must(t)(s.Return(ctx, Unit(cityMgmt), o.ID, ReturnRequest{Code: "not_our_duty", Text: "属邻镇管辖"}))
	must(t)(s.ApproveReturn(ctx, centre, o.ID, "同意"))
	clk.Advance(time.Hour)
	o = must(t)(s.Transfer(ctx, centre, o.ID, TransferRequest{Body: BodyOtherHotline, Decision: "事发地属邻镇，转外地12345"}))
	if o.State != StateTransferred || o.Transfer.ThreeWay {
		t.Fatalf("%s %+v", o.State, o.Transfer)
	}
	trail, _ := s.Store().History(ctx, o.ID)
	recs, err := s.AssessmentRecords(o, trail, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || !recs[0].Due.IsZero() || !recs[0].Closed.IsZero() || recs[0].Returns != 1 {
		t.Errorf("unit records %+v, want one return and no deadline", recs)
	}
	if got, _ := trail[len(trail)-1].Value("reference"); got != "" {
		t.Errorf("reference %q recorded", got)
	}
}

func TestTransferRefused(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		actor  Actor
		bodies []Body
		prep   func(t *testing.T, s *Service, id string)
		req    TransferRequest
		want   []error
	}{
		{name: "supervisor", actor: super, req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrForbidden}},
		{name: "system", actor: System(), req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrForbidden}},
		{name: "lead unit", actor: Unit(cityMgmt), req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrForbidden},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Dispatch(context.Background(), centre, id, Assignment{Lead: cityMgmt}))
			}},
		{name: "unknown body", req: TransferRequest{Body: "999", Decision: "警情"}, want: []error{ErrUnknownBody, ErrInvalidArgument}},
		{name: "body not configured", bodies: []Body{{Key: "12315", Name: "12315消费者投诉"}}, req: TransferRequest{Body: BodyPolice, Decision: "警情"},
			want: []error{ErrUnknownBody}},
		{name: "no decision", req: TransferRequest{Body: BodyPolice}, want: []error{ErrInvalidArgument}},
		{name: "reference too long", req: TransferRequest{Body: BodyPolice, Decision: "警情", Reference: string(make([]rune, MaxFieldLen+1))},
			want: []error{ErrInvalidArgument}},
		{name: "remark with NUL", req: TransferRequest{Body: BodyPolice, Decision: "警情", Remark: "a\x00"}, want: []error{ErrInvalidArgument}},
		{name: "dispatched", req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Dispatch(context.Background(), centre, id, Assignment{Lead: cityMgmt}))
			}},
		{name: "handling", req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Dispatch(context.Background(), centre, id, Assignment{Lead: cityMgmt}))
				must(t)(s.Sign(context.Background(), Unit(cityMgmt), id))
			}},
		{name: "transferred twice", req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Transfer(context.Background(), centre, id, TransferRequest{Body: BodyFire, Decision: "火情"}))
			}},
		{name: "cancelled", req: TransferRequest{Body: BodyPolice, Decision: "警情"}, want: []error{ErrInvalidTransition},
			prep: func(t *testing.T, s *Service, id string) {
				must(t)(s.Cancel(context.Background(), centre, id, CodedReason{Code: "entry_error"}))
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newService(t, func(c *Config) { c.Bodies = tc.bodies })
			o := must(t)(s.Accept(ctx, centre, draft()))
			if tc.prep != nil {
				tc.prep(t, s, o.ID)
			}
			before, _ := s.Store().Get(ctx, o.ID)
			a := tc.actor
			if a == (Actor{}) {
				a = centre
			}
			_, err := s.Transfer(ctx, a, o.ID, tc.req)
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

func TestBodiesConfig(t *testing.T) {
	s, _ := newService(t)
	if got := s.Bodies(); len(got) != len(BodiesDefault()) || got[0].Key != BodyPolice {
		t.Errorf("default bodies %+v", got)
	}
	if b, ok := s.Body(BodyHigherPlatform); !ok || b.Title(language.Chinese) != "上级12345平台" || b.Title(language.English) != "the higher 12345 platform" {
		t.Errorf("Body(higher_platform) = %+v, %v", b, ok)
	}
	none, _ := newService(t, func(c *Config) { c.Bodies = []Body{} })
	if len(none.Bodies()) != 0 {
		t.Errorf("an empty list gave %v", none.Bodies())
	}
	for _, tc := range []struct {
		name   string
		bodies []Body
	}{
		{"empty key", []Body{{Name: "无"}}},
		{"key with space", []Body{{Key: "a b", Name: "无"}}},
		{"key too long", []Body{{Key: string(make([]byte, 41)), Name: "无"}}},
		{"no name", []Body{{Key: "x"}}},
		{"name with spaces", []Body{{Key: "x", Name: " 无 "}}},
		{"key twice", []Body{{Key: "x", Name: "甲"}, {Key: "x", Name: "乙"}}},
	} {
		_, err := NewService(Config{Store: NewMemStore(), Calendar: s.cal, Bodies: tc.bodies})
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Field != "Bodies" || !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// The service keeps its own copy.
	bs := []Body{{Key: "x", Name: "甲"}}
	own, _ := newService(t, func(c *Config) { c.Bodies = bs })
	bs[0].Key = "y"
	if _, ok := own.Body("x"); !ok {
		t.Error("changing the caller's slice changed the service")
	}
}

func TestAcceptCode(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	d := draft()
	d.Code = "01.02.03"
	o := must(t)(s.Accept(ctx, centre, d))
	if o.Code != "01.02.03" {
		t.Errorf("code %q", o.Code)
	}
	for _, tc := range []struct {
		code classify.Code
		want error
	}{
		{"99.99", classify.ErrUnknownCode},
		{"01.02.99", classify.ErrUnknownCode},
		{"01..02", classify.ErrInvalidCode},
		{"噪音", classify.ErrInvalidCode},
	} {
		d := draft()
		d.Code = tc.code
		_, err := s.Accept(ctx, centre, d)
		var ve *ValidationError
		if !errors.Is(err, tc.want) || !errors.Is(err, ErrInvalidOrder) || !errors.As(err, &ve) || ve.Field != "code" {
			t.Errorf("code %q: %v, want %v", tc.code, err, tc.want)
		}
	}
	// A town's own tree replaces the default one.
	own, err := classify.New([]classify.Node{{Code: "7", NameZH: "其他"}})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := newService(t, func(c *Config) { c.Classes = own })
	d = draft()
	d.Code = "01.02.03"
	if _, err := s2.Accept(ctx, centre, d); !errors.Is(err, classify.ErrUnknownCode) {
		t.Errorf("default code on a town's own tree: %v", err)
	}
	d.Code = "7"
	must(t)(s2.Accept(ctx, centre, d))
}

func TestFilterCode(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	for _, c := range []classify.Code{"01.02.03", "01.02.01", "01.01.01", "", "02.01.01"} {
		d := draft()
		d.Code = c
		must(t)(s.Accept(ctx, centre, d))
	}
	for _, tc := range []struct {
		code classify.Code
		want int
	}{
		{"", 5}, {"01", 3}, {"01.02", 2}, {"01.02.03", 1}, {"02", 1}, {"03", 0}, {"01.0", 0},
	} {
		got, err := s.List(ctx, centre, Filter{Code: tc.code})
		if err != nil || len(got) != tc.want {
			t.Errorf("code %q: %d orders, %v; want %d", tc.code, len(got), err, tc.want)
		}
	}
	if _, err := s.List(ctx, centre, Filter{Code: "a.b"}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("malformed code filter: %v", err)
	}
}

func TestRouterGetsCode(t *testing.T) {
	ctx := context.Background()
	rules, _, err := routing.Compile(&routing.Config{Centre: "中心", Fallback: fallback, Rules: []routing.RuleSpec{
		{Name: "市容环境", Codes: []string{"01.02"}, Lead: cityMgmt},
		{Name: "噪音扰民", Priority: 10, Codes: []string{"01.02.03"}, Lead: envBur},
	}}, routing.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newService(t, func(c *Config) { c.Router = routing.NewRouter(rules) })
	for _, tc := range []struct {
		code classify.Code
		lead string
	}{
		{"01.02.03", envBur}, {"01.02.01", cityMgmt}, {"", fallback}, {"02.01.01", fallback},
	} {
		d := draft()
		d.Code = tc.code
		o := must(t)(s.Accept(ctx, centre, d))
		o = must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{}))
		if o.Lead != tc.lead {
			t.Errorf("code %q: lead %s, want %s (%+v)", tc.code, o.Lead, tc.lead, o.Routing)
		}
	}
}

func TestTransferTakesMergedOrders(t *testing.T) {
	ctx := context.Background()
	s, clk := newService(t)
	master := must(t)(s.Accept(ctx, centre, draft()))
	kid := must(t)(s.Accept(ctx, centre, draft()))
	must(t)(s.Merge(ctx, centre, kid.ID, master.ID, "同一起打架"))
	// A merged order goes only with its master.
	if _, err := s.Transfer(ctx, centre, kid.ID, TransferRequest{Body: BodyPolice, Decision: "警情"}); !errors.Is(err, ErrBadMaster) {
		t.Errorf("transfer of a merged order before its master: %v", err)
	}
	if _, err := s.Transfer(ctx, System(), master.ID, TransferRequest{Body: BodyPolice, Decision: "警情"}); !errors.Is(err, ErrForbidden) {
		t.Errorf("the system transferred an order not merged: %v", err)
	}
	clk.Advance(time.Minute)
	must(t)(s.Transfer(ctx, centre, master.ID, TransferRequest{Body: BodyPolice, Decision: "警情", ThreeWay: true}))
	k, _ := s.Store().Get(ctx, kid.ID)
	if k.State != StateTransferred || k.Transfer == nil || k.Transfer.Body != BodyPolice || !k.Transfer.ThreeWay {
		t.Fatalf("merged order: %s %+v", k.State, k.Transfer)
	}
	hist, _ := s.History(ctx, centre, kid.ID)
	r := hist[len(hist)-1]
	if r.Actor != System() || r.Step != StepTransfer {
		t.Errorf("record %+v", r)
	}
	if m, _ := r.Value("master"); m != master.ID {
		t.Errorf("record names master %q", m)
	}
	// Merging into a transferred order is refused: it is not open.
	late := must(t)(s.Accept(ctx, centre, draft()))
	if _, err := s.Merge(ctx, centre, late.ID, master.ID, ""); !errors.Is(err, ErrBadMaster) {
		t.Errorf("merge into a transferred order: %v", err)
	}
	// The merged order counts as withdrawn, the master as transferred.
	clk.Advance(time.Hour)
	ins, p, err := s.Intake(ctx, assessPeriod())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := assess.ComputeIntake(ins, p, assess.ByUnit)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Transferred != 1 || rep.Total.Withdrawn != 1 || rep.Total.Received != 3 {
		t.Errorf("intake %+v", rep.Total)
	}
}
