package api

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// A whole life over HTTP: accept, dispatch with an assisting unit, sign,
// opinion, reply, review, callback, close; then the order, its history
// and its deadlines as the centre reads them.
func TestLifecycle(t *testing.T) {
	f := newFixture(t)
	r := f.must(http.StatusCreated, centre, "POST", "/api/orders", draftJSON)
	o := r.order(t)
	if o.ID != "WO000001" || o.State != workorder.StateReceived || r.header.Get("Location") != "/api/orders/WO000001" {
		t.Fatalf("accepted %s in %s at %q", o.ID, o.State, r.header.Get("Location"))
	}
	id := o.ID
	f.step(centre, id, "dispatch", `{"lead":"`+cityMgmt+`","assist":["`+envBur+`"],"remark":"噪音归城管"}`)
	f.clock.Advance(time.Hour)
	f.step(lead, id, "sign", "")
	f.step(helper, id, "submit_opinion", `{"opinion":"已协助核查"}`)
	f.step(lead, id, "reply", `{"reply":"已责令工地夜间停工"}`)
	f.step(centre, id, "approve_reply", "")
	f.step(centre, id, "callback", `{"satisfaction":"satisfied","resolution":"resolved"}`)
	o = f.step(centre, id, "close", `{"remark":"办结"}`)
	if o.State != workorder.StateClosed || o.Lead != cityMgmt || o.Version != 8 {
		t.Fatalf("closed order: state %s lead %q version %d", o.State, o.Lead, o.Version)
	}

	got := f.must(http.StatusOK, centre, "GET", "/api/orders/"+id, "").order(t)
	if got.State != workorder.StateClosed || got.Caller.Name != "李女士" || got.Reply != "已责令工地夜间停工" {
		t.Fatalf("GET: %+v", got)
	}
	h := f.must(http.StatusOK, lead, "GET", "/api/orders/"+id+"/history", "").json()
	recs := h["records"].([]any)
	var steps []string
	for _, r := range recs {
		steps = append(steps, r.(map[string]any)["step"].(string))
	}
	want := []string{"accept", "dispatch", "sign", "submit_opinion", "reply", "approve_reply", "callback", "close"}
	if !slices.Equal(steps, want) {
		t.Fatalf("history steps %v, want %v", steps, want)
	}
	if a := recs[2].(map[string]any)["actor"].(map[string]any); a["role"] != "unit" || a["id"] != cityMgmt {
		t.Fatalf("sign's actor %v: the actor comes from the authenticator", a)
	}
	if err := f.svc.Verify(context.Background(), id); err != nil {
		t.Fatal(err)
	}
}

func TestDeadlines(t *testing.T) {
	f := newFixture(t)
	id := f.handling(envBur)
	d := f.must(http.StatusOK, centre, "GET", "/api/orders/"+id+"/deadlines", "").json()
	if d["order"] != id || d["at"] != "2025-09-15T02:00:00Z" {
		t.Fatalf("deadlines of %v at %v", d["order"], d["at"])
	}
	names := map[string]map[string]any{}
	for _, x := range d["deadlines"].([]any) {
		m := x.(map[string]any)
		names[m["name"].(string)] = m
	}
	sign, ok := names["sign"]
	if !ok || sign["met"] != true || sign["on_time"] != true {
		t.Fatalf("sign target %v in %v", sign, d)
	}
	if a, ok := names[envBur+"/assist"]; !ok || a["started"] != true || a["met"] != false {
		t.Fatalf("assisting unit's target %v", a)
	}
	// At a later instant the finish target has less time left.
	later := f.must(http.StatusOK, centre, "GET", "/api/orders/"+id+"/deadlines?at=2025-09-20T10:00:00%2B08:00", "").json()
	if later["at"] != "2025-09-20T02:00:00Z" {
		t.Fatalf("at %v", later["at"])
	}
	f.must(http.StatusNotFound, other, "GET", "/api/orders/"+id+"/deadlines", "")
}

// stepCase takes one step route: setup makes the order, then actor posts
// body; the order must end in state.
type stepCase struct {
	step  string
	setup func(f *fixture) string
	actor string
	body  string
	state workorder.State
	check func(t *testing.T, o *workorder.Order)
}

func received(f *fixture) string { return f.accept(draftJSON) }

func dispatched(f *fixture) string {
	id := f.accept(draftJSON)
	f.step(centre, id, "dispatch", `{"lead":"`+cityMgmt+`"}`)
	return id
}

func handlingOrder(f *fixture) string { return f.handling() }

func withAssist(f *fixture) string { return f.handling(envBur) }

func returnRequested(f *fixture) string {
	id := dispatched(f)
	f.step(lead, id, "return", `{"code":"not_our_duty","text":"应由环保部门处理"}`)
	return id
}

func returned(f *fixture) string {
	id := returnRequested(f)
	f.step(centre, id, "approve_return", "")
	return id
}

func extensionPending(f *fixture) string {
	id := f.handling()
	f.step(lead, id, "request_extension", `{"amount":{"days":2},"reason":"需协调多部门"}`)
	return id
}

func suspended(f *fixture) string {
	id := f.handling()
	f.step(lead, id, "suspend", `{"reason":"等待检测结果"}`)
	return id
}

func replied(f *fixture) string {
	id := f.handling()
	f.step(lead, id, "reply", `{"reply":"已处理"}`)
	return id
}

func reviewed(f *fixture) string {
	id := replied(f)
	f.step(centre, id, "approve_reply", "")
	return id
}

func calledBack(verdict string) func(f *fixture) string {
	return func(f *fixture) string {
		id := reviewed(f)
		f.step(centre, id, "callback", `{"satisfaction":"`+verdict+`"}`)
		return id
	}
}

var stepCases = []stepCase{
	{step: "dispatch", setup: received, actor: centre, body: `{"lead":"` + cityMgmt + `","assist":["` + envBur + `"]}`, state: workorder.StateDispatched,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Lead != cityMgmt || len(o.Assists) != 1 || o.Assists[0].Unit != envBur {
				t.Errorf("lead %q assists %v", o.Lead, o.Assists)
			}
		}},
	{step: "sign", setup: dispatched, actor: lead, state: workorder.StateHandling},
	{step: "return", setup: dispatched, actor: lead, body: `{"code":"not_our_duty","text":"不属本单位职责"}`, state: workorder.StateReturnRequested},
	{step: "approve_return", setup: returnRequested, actor: centre, state: workorder.StateReturned},
	{step: "refuse_return", setup: returnRequested, actor: centre, body: `{"reason":"属于城管职责"}`, state: workorder.StateDispatched,
		check: func(t *testing.T, o *workorder.Order) {
			if o.ImproperReturns != 1 {
				t.Errorf("improper returns %d", o.ImproperReturns)
			}
		}},
	{step: "redispatch", setup: returned, actor: centre, body: `{"lead":"` + village + `","assist":[]}`, state: workorder.StateDispatched,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Lead != village {
				t.Errorf("lead %q", o.Lead)
			}
		}},
	{step: "designate", setup: returned, actor: centre, body: `{}`, state: workorder.StateDispatched,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Lead != fallback || !o.Fallback {
				t.Errorf("lead %q fallback %v", o.Lead, o.Fallback)
			}
		}},
	{step: "request_extension", setup: handlingOrder, actor: lead, body: `{"amount":{"days":2},"reason":"需协调多部门"}`, state: workorder.StateHandling,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Pending == nil || o.Pending.Amount.Days != 2 {
				t.Errorf("pending %+v", o.Pending)
			}
		}},
	{step: "approve_extension", setup: extensionPending, actor: centre, state: workorder.StateHandling,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Pending != nil || o.Extensions != 1 {
				t.Errorf("pending %+v extensions %d", o.Pending, o.Extensions)
			}
		}},
	{step: "refuse_extension", setup: extensionPending, actor: centre, body: `{"reason":"理由不足"}`, state: workorder.StateHandling},
	{step: "suspend", setup: handlingOrder, actor: lead, body: `{"reason":"等待检测结果"}`, state: workorder.StateSuspended},
	{step: "resume", setup: suspended, actor: centre, state: workorder.StateHandling},
	{step: "contact", setup: handlingOrder, actor: lead, body: `{"remark":"已电话联系"}`, state: workorder.StateHandling},
	{step: "arrive", setup: handlingOrder, actor: lead, state: workorder.StateHandling},
	{step: "submit_opinion", setup: withAssist, actor: helper, body: `{"opinion":"同意主办意见"}`, state: workorder.StateHandling},
	{step: "waive_opinion", setup: withAssist, actor: centre, body: `{"unit":"` + envBur + `","reason":"协办单位已撤并"}`, state: workorder.StateHandling},
	{step: "reply", setup: handlingOrder, actor: lead, body: `{"reply":"已处理"}`, state: workorder.StateReplied},
	{step: "approve_reply", setup: replied, actor: centre, state: workorder.StateReviewed},
	{step: "reject_reply", setup: replied, actor: centre, body: `{"reason":"答复不完整"}`, state: workorder.StateHandling},
	{step: "callback", setup: reviewed, actor: centre, body: `{"satisfaction":"不满意","resolution":"unresolved","remark":"仍有噪音"}`, state: workorder.StateCalledBack},
	{step: "close", setup: calledBack("satisfied"), actor: centre, state: workorder.StateClosed},
	{step: "reopen", setup: calledBack("dissatisfied"), actor: centre, body: `{"reason":"群众不满意"}`, state: workorder.StateHandling},
	{step: "urge", setup: handlingOrder, actor: super, state: workorder.StateHandling,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Urges != 1 {
				t.Errorf("urges %d", o.Urges)
			}
		}},
	{step: "supervise", setup: handlingOrder, actor: super, body: `{"remark":"挂牌督办"}`, state: workorder.StateHandling},
	{step: "merge", setup: received, actor: centre, body: `{"master":"WO000001"}`, state: workorder.StateMerged},
	{step: "cancel", setup: received, actor: centre, body: `{"code":"duplicate","text":"重复来电"}`, state: workorder.StateCancelled},
	{step: "answer", setup: received, actor: centre, body: `{"entry":"KB-NOISE"}`, state: workorder.StateAnswered,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Answer == nil || o.Answer.Entry != "KB-NOISE" || o.Answer.Version != 1 || o.Reply == "" {
				t.Errorf("answer %+v, reply %q", o.Answer, o.Reply)
			}
		}},
	{step: "transfer", setup: received, actor: centre, body: `{"body":"110","decision":"涉及治安，转110处理","three_way":true}`, state: workorder.StateTransferred,
		check: func(t *testing.T, o *workorder.Order) {
			if o.Transfer == nil || o.Transfer.Body != "110" || !o.Transfer.ThreeWay {
				t.Errorf("transfer %+v", o.Transfer)
			}
		}},
	{step: "exempt", setup: calledBack("dissatisfied"), actor: super, state: workorder.StateCalledBack,
		body: `{"scope":"verdict","reason":"unreasonable","requested_by":"agent-7","remark":"诉求超出合理范围，经甄别不纳入考核"}`},
	{step: "decline", setup: received, actor: centre, body: `{"code":"out_of_scope","text":"涉诉事项"}`, state: workorder.StateNotAccepted},
}

// Every step route, each taken once on an order in a state that allows it.
func TestEveryStep(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range stepCases {
		tested[c.step] = true
		t.Run(c.step, func(t *testing.T) {
			f := newFixture(t)
			if c.step == "merge" {
				f.accept(draftJSON) // the master, WO000001
			}
			id := c.setup(f)
			o := f.step(c.actor, id, c.step, c.body)
			if o.State != c.state {
				t.Fatalf("state %s, want %s", o.State, c.state)
			}
			if c.check != nil {
				c.check(t, o)
			}
			// The step is the last record, taken by the authenticated actor.
			h := f.must(http.StatusOK, centre, "GET", "/api/orders/"+id+"/history", "").json()["records"].([]any)
			last := h[len(h)-1].(map[string]any)
			step := last["step"].(string)
			if step != c.step && !(c.step == "return" && step == "request_return") {
				t.Fatalf("last record is %s", step)
			}
			a := last["actor"].(map[string]any)
			if a["role"].(string)+":"+a["id"].(string) != c.actor {
				t.Fatalf("last record's actor %v, want %s", a, c.actor)
			}
		})
	}
	for _, sr := range steps {
		if !tested[sr.name] {
			t.Errorf("step route %s has no case", sr.name)
		}
	}
}

// With Config.InstantReturn the return route takes the return at once.
func TestInstantReturn(t *testing.T) {
	f := newFixture(t, func(c *workorder.Config) { c.InstantReturn = true })
	id := dispatched(f)
	o := f.step(lead, id, "return", `{"code":"not_our_duty","text":"应由环保部门处理"}`)
	if o.State != workorder.StateReturned || o.Returns != 1 {
		t.Fatalf("state %s returns %d", o.State, o.Returns)
	}
}

// A redispatch without assist keeps the assisting units; [] removes them.
func TestRedispatchAssist(t *testing.T) {
	f := newFixture(t)
	id := f.handling(envBur)
	o := f.step(centre, id, "redispatch", `{"lead":"`+village+`"}`)
	if len(o.Assists) != 1 {
		t.Fatalf("assists %v after a redispatch without assist", o.Assists)
	}
	f.step(other, id, "sign", "")
	o = f.step(centre, id, "redispatch", `{"lead":"`+cityMgmt+`","assist":[]}`)
	if len(o.Assists) != 0 {
		t.Fatalf("assists %v after a redispatch with []", o.Assists)
	}
}

// A unit never sees a confidential caller's identity: not in an order,
// a listing or a step's answer. The centre does.
func TestConfidentialCaller(t *testing.T) {
	f := newFixture(t)
	report := strings.Replace(draftJSON, `"complaint"`, `"report"`, 1)
	id := f.accept(report)
	f.step(centre, id, "dispatch", `{"lead":"`+cityMgmt+`"}`)
	for _, r := range []*response{
		f.must(http.StatusOK, lead, "POST", "/api/orders/"+id+"/sign", ""),
		f.must(http.StatusOK, lead, "GET", "/api/orders/"+id, ""),
		f.must(http.StatusOK, lead, "GET", "/api/orders", ""),
		f.must(http.StatusOK, lead, "GET", "/api/orders/"+id+"/history", ""),
		f.must(http.StatusOK, lead, "POST", "/api/orders/"+id+"/reply", `{"reply":"已查处"}`),
	} {
		for _, secret := range []string{"李女士", "138", "1234", "5678"} {
			if strings.Contains(string(r.body), secret) {
				t.Fatalf("a unit's answer holds %q: %s", secret, r.body)
			}
		}
	}
	o := f.must(http.StatusOK, centre, "GET", "/api/orders/"+id, "").order(t)
	if o.Caller.Name != "李女士" || o.Caller.Phone == "" {
		t.Fatalf("the centre sees caller %+v", o.Caller)
	}
}

// The Idempotency-Key header becomes the step's key: the record keeps
// it, and a repeat is answered without taking the step again.
func TestIdempotencyKey(t *testing.T) {
	var seen []string
	f := newFixture(t, func(c *workorder.Config) {
		c.Observer = workorder.ObserverFuncs{OnStep: func(ctx context.Context, o *workorder.Order, r workorder.Record) {
			seen = append(seen, r.Step.String()+"="+r.Key)
		}}
	})
	id := f.must(http.StatusCreated, centre, "POST", "/api/orders", draftJSON, "Idempotency-Key", "k-accept-1").order(t).ID
	f.must(http.StatusOK, centre, "POST", "/api/orders/"+id+"/urge", "", "Idempotency-Key", "01J9Z3K4")
	o := f.must(http.StatusOK, centre, "POST", "/api/orders/"+id+"/urge", "", "Idempotency-Key", "01J9Z3K4").order(t)
	if o.Urges != 1 {
		t.Errorf("a repeated urge gave %d urges, want 1", o.Urges)
	}
	f.must(http.StatusOK, centre, "POST", "/api/orders/"+id+"/urge", "")
	if len(seen) != 3 || seen[0] != "accept=k-accept-1" || seen[1] != "urge=01J9Z3K4" || seen[2] == "urge=" || seen[2] == seen[1] {
		t.Fatalf("keys seen %v, want accept=k-accept-1, urge=01J9Z3K4 and an urge with a key of its own", seen)
	}
	f.must(http.StatusUnprocessableEntity, centre, "POST", "/api/orders/"+id+"/supervise", "", "Idempotency-Key", "01J9Z3K4")
}

func TestNewOptions(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		name string
		svc  *workorder.Service
		opts Options
		want string
	}{
		{"nil service", nil, Options{Auth: headerAuth}, "svc"},
		{"no auth", f.svc, Options{}, "Auth"},
		{"trailing slash", f.svc, Options{Auth: headerAuth, Prefix: "/api/"}, "Prefix"},
		{"relative", f.svc, Options{Auth: headerAuth, Prefix: "api"}, "Prefix"},
		{"pattern", f.svc, Options{Auth: headerAuth, Prefix: "/{x}"}, "Prefix"},
	} {
		_, err := New(c.svc, c.opts)
		if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrOptions naming %s", c.name, err, c.want)
		}
	}
}

// Another prefix moves every route and the document's server.
func TestPrefix(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Prefix = "/hotline/v1" })
	r := httpDo(f.h, centre, "POST", "/hotline/v1/orders", draftJSON)
	if r.Code != http.StatusCreated || r.Header().Get("Location") != "/hotline/v1/orders/WO000001" {
		t.Fatalf("status %d location %q", r.Code, r.Header().Get("Location"))
	}
	doc := httpDo(f.h, "", "GET", "/hotline/v1/openapi.json", "")
	if !strings.Contains(doc.Body.String(), `"url": "/hotline/v1"`) {
		t.Fatalf("document's server is not the prefix")
	}
	if r := httpDo(f.h, centre, "GET", "/api/orders", ""); r.Code != http.StatusNotFound {
		t.Fatalf("old prefix answered %d", r.Code)
	}
}

// An id the caller chose is escaped in the Location header and found by it.
func TestLocationEscaped(t *testing.T) {
	f := newFixture(t)
	r := f.must(http.StatusCreated, centre, "POST", "/api/orders", strings.Replace(draftJSON, `"channel"`, `"id":"清溪#7?x","channel"`, 1))
	loc := r.header.Get("Location")
	if loc != "/api/orders/%E6%B8%85%E6%BA%AA%237%3Fx" {
		t.Fatalf("Location %q", loc)
	}
	if o := f.must(http.StatusOK, centre, "GET", loc, "").order(t); o.ID != "清溪#7?x" {
		t.Fatalf("got %q", o.ID)
	}
}

// Every step of the lifecycle has a route: its own, or for accept and
// request_return the route that takes them. A step added to package
// workorder fails here until it has an entry in steps.
func TestEveryStepRouted(t *testing.T) {
	routed := map[string]bool{"accept": true, "request_return": true} // POST /orders; POST …/return
	for _, sr := range steps {
		routed[sr.name] = true
	}
	for _, s := range workorder.Steps() {
		if !routed[s.String()] {
			t.Errorf("step %s has no route", s)
		}
	}
}
