package workorder_test

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

// exampleUnits returns the directory of the units the examples use, with
// 清溪镇综合办 as the fallback unit.
func exampleUnits() *unit.Directory {
	var us []unit.Unit
	for _, id := range []string{"清溪镇政务服务中心", "清溪镇城管办", "清溪镇环保分局", "清溪派出所", "三中村委会", "清溪镇综合办"} {
		us = append(us, unit.Unit{ID: id, Name: id, Kind: unit.KindDepartment, Regions: []string{"清溪镇"}})
	}
	d, err := unit.New(us, "清溪镇综合办")
	if err != nil {
		panic(err)
	}
	return d
}

// exampleService returns a service on a MemStore whose clock reads *now.
func exampleService(now *time.Time, mods ...func(*workorder.Config)) *workorder.Service {
	cfg := workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cn.Calendar(),
		Clock:    workorder.ClockFunc(func() time.Time { return *now }),
		IDs:      workorder.Sequence("QX"),
		Units:    exampleUnits(),
	}
	for _, m := range mods {
		m(&cfg)
	}
	s, err := workorder.NewService(cfg)
	if err != nil {
		panic(err)
	}
	return s
}

func complaint() *workorder.Order {
	return &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Text:     "三中村工地凌晨仍在施工，噪音扰民。",
		Caller:   workorder.Caller{Name: "李女士", Phone: "+86 138 1234 5678"},
		Location: workorder.Location{Region: "清溪镇/三中村"},
	}
}

// An order from acceptance to closing, each step by the party allowed to
// take it.
func Example() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now)
	ctx := context.Background()
	centre, unit := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")

	o, _ := s.Accept(ctx, centre, complaint())
	fmt.Println(o.ID, o.State.Name(language.Chinese), "due", o.Due.Format("2006-01-02 15:04"))
	o, _ = s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
	fmt.Println(o.State.Name(language.Chinese), "due", o.Due.Format("2006-01-02 15:04"))
	now = now.Add(time.Hour)
	o, _ = s.Sign(ctx, unit, o.ID)
	o, _ = s.Reply(ctx, unit, o.ID, "已责令工地夜间停工。")
	o, _ = s.ApproveReply(ctx, centre, o.ID, "")
	o, _ = s.Callback(ctx, centre, o.ID, hotline.Satisfied, "")
	o, _ = s.Close(ctx, centre, o.ID, "")
	fmt.Println(o.State.Name(language.Chinese), o.State, "version", o.Version)

	rs, _ := s.History(ctx, centre, o.ID)
	for _, r := range rs {
		fmt.Printf("%d %s %-13s %s -> %s\n", r.Seq, r.At.Format("15:04"), r.Step, r.From, r.To)
	}
	fmt.Println("verified:", s.Verify(ctx, o.ID) == nil)
	// Output:
	// QX000001 受理 due 2025-09-23 00:00
	// 派单 due 2025-09-16 17:30
	// 办结 closed version 7
	// 1 10:00 accept        new -> received
	// 2 10:00 dispatch      received -> dispatched
	// 3 11:00 sign          dispatched -> handling
	// 4 11:00 reply         handling -> replied
	// 5 11:00 approve_reply replied -> reviewed
	// 6 11:00 callback      reviewed -> called_back
	// 7 11:00 close         called_back -> closed
	// verified: true
}

// After the second return only the fallback unit (兜底) can be designated,
// and it cannot return the order.
func ExampleService_Designate() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
	s.Return(ctx, workorder.Unit("清溪镇城管办"), o.ID, workorder.ReturnRequest{Code: "not_our_duty", Text: "属于环保职责"})
	s.ApproveReturn(ctx, centre, o.ID, "")
	s.Redispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇环保分局"})
	s.Return(ctx, workorder.Unit("清溪镇环保分局"), o.ID, workorder.ReturnRequest{Code: "not_our_duty", Text: "属于施工管理"})
	o, _ = s.ApproveReturn(ctx, centre, o.ID, "")
	fmt.Println(o.State, "after", o.Returns, "returns")

	_, err := s.Redispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪派出所"})
	fmt.Println(err)
	o, _ = s.Designate(ctx, centre, o.ID, "", "兜底办理")
	fmt.Println(o.Lead, o.Fallback)
	_, err = s.Return(ctx, workorder.Unit(o.Lead), o.ID, workorder.ReturnRequest{Code: "not_our_duty", Text: "也不归我"})
	fmt.Println(err)
	// Output:
	// returned after 2 returns
	// workorder: order "QX000001": redispatch: 2 returns: return limit reached
	// 清溪镇综合办 true
	// workorder: order "QX000001": unit:清溪镇综合办 may not request_return: the fallback unit cannot return an order
}

// A unit handling a report (举报) does not see who made it.
func ExampleService_Get() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	d := complaint()
	d.Category, d.Text = hotline.CategoryReport, "举报工地偷排污水。"
	o, _ := s.Accept(ctx, centre, d)
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇环保分局"})

	c, _ := s.Get(ctx, centre, o.ID)
	u, _ := s.Get(ctx, workorder.Unit("清溪镇环保分局"), o.ID)
	_, err := s.Get(ctx, workorder.Unit("清溪镇城管办"), o.ID)
	fmt.Printf("centre: %q %q\n", c.Caller.Name, c.Caller.Phone)
	fmt.Printf("unit:   %q %q\n", u.Caller.Name, u.Caller.Phone)
	fmt.Println(err)
	// Output:
	// centre: "李女士" "13812345678"
	// unit:   "" ""
	// workorder: order "QX000001": order not found
}

// The lead of a jointly handled order (联办) waits for its assisting units.
func ExampleService_SubmitOpinion() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre, lead := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead.ID, Assist: []string{"清溪镇环保分局", "三中村委会"}})
	s.Sign(ctx, lead, o.ID)

	_, err := s.Reply(ctx, lead, o.ID, "已处理")
	fmt.Println(err)
	s.SubmitOpinion(ctx, workorder.Unit("清溪镇环保分局"), o.ID, "夜间噪音 72 分贝，超标")
	o, _ = s.WaiveOpinion(ctx, centre, o.ID, "三中村委会", "村委会已在现场")
	for _, a := range o.Assists {
		fmt.Println(a.Unit, a.Status.Name(language.Chinese), a.Opinion)
	}
	o, _ = s.Reply(ctx, lead, o.ID, "已责令停工")
	fmt.Println(o.State)
	// Output:
	// workorder: order "QX000001": reply: 清溪镇环保分局, 三中村委会: assisting opinions pending
	// 清溪镇环保分局 已反馈 夜间噪音 72 分贝，超标
	// 三中村委会 已免除 村委会已在现场
	// replied
}

// The callback records whether the matter was resolved (是否解决) beside the
// verdict, on the order and in the record's data.
func ExampleService_CallbackWith() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre, lead := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead.ID})
	s.Sign(ctx, lead, o.ID)
	s.Reply(ctx, lead, o.ID, "已约谈施工方")
	s.ApproveReply(ctx, centre, o.ID, "")
	o, _ = s.CallbackWith(ctx, centre, o.ID, workorder.CallbackAnswer{
		Satisfaction: hotline.BasicallySatisfied, Resolution: hotline.Unresolved, Remark: "态度好，但仍有噪音",
	})
	fmt.Println(o.Satisfaction.Name(language.Chinese), o.Resolution.Name(language.Chinese))
	rs, _ := s.History(ctx, centre, o.ID)
	fmt.Println(rs[len(rs)-1].Data)
	// Output:
	// 基本满意 未解决
	// satisfaction=basically_satisfied&resolution=unresolved
}

// Deadlines lists what the service evaluates for an order: its policy's
// targets, then each pending assisting unit's own.
func ExampleService_Deadlines() {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, shanghai)
	s := exampleService(&now)
	ctx := context.Background()
	centre, lead := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead.ID, Assist: []string{"清溪镇环保分局"}})
	now = now.Add(time.Hour)
	o, _ = s.Sign(ctx, lead, o.ID)

	rs, _ := s.Deadlines(o, o.Updated)
	for _, r := range rs {
		state := "open"
		switch {
		case r.Window:
			state = "window"
		case r.Met:
			state = "met"
		}
		fmt.Printf("%-20s %-6s %s\n", r.Name, state, r.Due.Format("2006-01-02 15:04"))
	}
	fmt.Println("order due", o.Due.Format("2006-01-02 15:04"))
	// Output:
	// sign                 met    2025-09-16 17:30
	// return               window 2025-09-16 17:30
	// finish               open   2025-09-23 00:00
	// 清溪镇环保分局/assist       open   2025-09-19 00:00
	// order due 2025-09-19 00:00
}

func ExampleNormalizePhone() {
	for _, s := range []string{"138 1234 5678", "+86 769 2212 3456", "(010) 6512 3456", "12345", "１３８１２３４５６７８", "22123456"} {
		n, err := workorder.NormalizePhone(s)
		fmt.Printf("%-18q %q %v\n", s, n, err != nil)
	}
	_, err := workorder.NormalizePhone("22123456")
	fmt.Println(err)
	// Output:
	// "138 1234 5678"    "13812345678" false
	// "+86 769 2212 3456" "0769-22123456" false
	// "(010) 6512 3456"  "010-65123456" false
	// "12345"            "12345" false
	// "１３８１２３４５６７８"      "13812345678" false
	// "22123456"         "" true
	// workorder: phone "22123456": 8 digits without an area code: invalid phone number
}

// Editing any record breaks the hash chain from that record on.
func ExampleVerify() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre := workorder.Centre("agent-7")
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: "清溪镇城管办"})
	s.Urge(ctx, centre, o.ID, "来电人催促")

	rs, _ := s.History(ctx, centre, o.ID)
	fmt.Println(workorder.Verify(o.ID, rs))
	rs[1].Remark = "派给别的单位"
	fmt.Println(workorder.Verify(o.ID, rs))
	// Output:
	// <nil>
	// workorder: order "QX000001": record 2: hash mismatch
}

func ExampleNext() {
	to, err := workorder.Next(workorder.StateHandling, workorder.StepReply)
	fmt.Println(to, err)
	_, err = workorder.Next(workorder.StateReceived, workorder.StepReply)
	fmt.Println(err)
	for _, st := range workorder.StepsFrom(workorder.StateCalledBack) {
		fmt.Print(st.Name(language.Chinese), " ")
	}
	fmt.Println()
	// Output:
	// replied <nil>
	// workorder: step reply not allowed in state received, which allows dispatch, urge, supervise, merge, cancel, decline, answer, transfer
	// 办结 重办 催办 督办 不纳入考核
}

// A *routing.Router is a Router: what it decided stays on the order and
// in the dispatch's audit record.
func ExampleRouter() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	// The rules name the directory's units and take its fallback unit.
	rules, _, err := routing.Compile(&routing.Config{
		Centre: "清溪镇政务服务中心",
		Rules: []routing.RuleSpec{{
			Name: "噪音扰民", Priority: 50, Categories: []hotline.Category{hotline.CategoryComplaint},
			Any: []string{"噪音"}, Lead: "清溪镇城管办", Assist: []string{"清溪镇环保分局"},
		}},
	}, routing.Options{Language: language.Chinese, Units: exampleUnits()})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := exampleService(&now, func(c *workorder.Config) { c.Router = routing.NewRouter(rules) })
	ctx := context.Background()
	o, _ := s.Accept(ctx, workorder.System(), complaint())
	o, _ = s.Dispatch(ctx, workorder.Centre("agent-7"), o.ID, workorder.Assignment{})
	rs, _ := s.History(ctx, workorder.System(), o.ID)
	fmt.Println(o.Lead, o.Assists[0].Unit)
	fmt.Println(o.Routing.Joint, o.Routing.Coordinator, o.Routing.Rules)
	fmt.Println(rs[1].Value("rules"))
	fmt.Println(rs[1].Remark)
	// Output:
	// 清溪镇城管办 清溪镇环保分局
	// true 清溪镇政务服务中心 [噪音扰民]
	// 噪音扰民 true
	// 命中规则「噪音扰民」(优先级50)，由清溪镇城管办主办；协办：清溪镇环保分局；因有协办单位转联合办理，由清溪镇政务服务中心协调。
}

func ExampleState_Name() {
	for _, s := range []workorder.State{workorder.StateReceived, workorder.StateHandling, workorder.StateCalledBack, workorder.StateMerged} {
		fmt.Println(s.Name(language.English), s.Name(language.SimplifiedChinese))
	}
	// Output:
	// received 受理
	// handling 签收办理
	// called_back 回访
	// merged 并单
}

// A unit's return is an application the centre reviews (退单审核): refused,
// the order goes back to the unit where it was, and the refusal counts as
// an improper return (不当退单); approved, the order waits to be
// redispatched.
func ExampleService_RefuseReturn() {
	now := time.Date(2025, 9, 15, 10, 0, 0, 0, time.UTC)
	s := exampleService(&now)
	ctx := context.Background()
	centre, city := workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办")
	o, _ := s.Accept(ctx, centre, complaint())
	s.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: city.ID})
	s.Sign(ctx, city, o.ID)

	o, _ = s.Return(ctx, city, o.ID, workorder.ReturnRequest{Code: "outside_area"})
	fmt.Println(o.State)
	o, _ = s.RefuseReturn(ctx, centre, o.ID, "工业路在本镇辖区")
	fmt.Println(o.State, o.Lead, "improper returns:", o.ImproperReturns)

	_, err := s.Return(ctx, city, o.ID, workorder.ReturnRequest{Code: "other"})
	fmt.Println(err)
	s.Return(ctx, city, o.ID, workorder.ReturnRequest{Code: "not_our_duty", Text: "夜间施工噪音由环保分局查处"})
	o, _ = s.ApproveReturn(ctx, centre, o.ID, "")
	fmt.Println(o.State, "returns:", o.Returns)
	// Output:
	// return_requested_signed
	// handling 清溪镇城管办 improper returns: 1
	// workorder: order "QX000001": request_return: classify: return reason "other": explanation required: invalid argument
	// returned returns: 1
}
