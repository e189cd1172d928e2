package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/workorder"
)

// errCase is a request that must fail: setup makes the orders (the
// handling order WO000001 exists before it), then actor sends the request.
type errCase struct {
	name    string
	setup   func(f *fixture)
	actor   string
	method  string
	path    string
	body    string
	headers []string
	status  int
	typ     string
	field   string // for a 400
	detail  string // a part of the detail, when set
}

var errCases = []errCase{
	// 400: bad input, naming the field.
	{name: "role in the body", actor: lead, method: "POST", path: "/api/orders/WO000001/reply",
		body: `{"reply":"已处理","actor":{"role":"centre","id":"x"}}`, status: 400, typ: TypeBadRequest, field: "actor"},
	{name: "unknown key", actor: centre, method: "POST", path: "/api/orders/WO000001/urge", body: `{"remarks":"快"}`,
		status: 400, typ: TypeBadRequest, field: "remarks"},
	{name: "malformed JSON", actor: centre, method: "POST", path: "/api/orders/WO000001/urge", body: `{"remark":`,
		status: 400, typ: TypeBadRequest, field: "body"},
	{name: "syntax error", actor: centre, method: "POST", path: "/api/orders/WO000001/urge", body: `{"remark" "x"}`,
		status: 400, typ: TypeBadRequest, field: "body", detail: "byte"},
	{name: "wrong type", actor: lead, method: "POST", path: "/api/orders/WO000001/reply", body: `{"reply":42}`,
		status: 400, typ: TypeBadRequest, field: "reply", detail: "want a string"},
	{name: "nested wrong type", actor: lead, method: "POST", path: "/api/orders/WO000001/request_extension",
		body: `{"amount":{"days":"two"},"reason":"忙"}`, status: 400, typ: TypeBadRequest, field: "amount.days"},
	{name: "an array", actor: centre, method: "POST", path: "/api/orders/WO000001/urge", body: `[]`,
		status: 400, typ: TypeBadRequest, field: "body"},
	{name: "data after the object", actor: centre, method: "POST", path: "/api/orders/WO000001/urge", body: `{} {}`,
		status: 400, typ: TypeBadRequest, field: "body"},
	{name: "blank reason", actor: lead, method: "POST", path: "/api/orders/WO000001/suspend", body: `{"reason":"  　"}`,
		status: 400, typ: TypeBadRequest, field: "reason", detail: "required"},
	{name: "missing reason", actor: lead, method: "POST", path: "/api/orders/WO000001/suspend", body: ``,
		status: 400, typ: TypeBadRequest, field: "reason"},
	{name: "NUL in text", actor: lead, method: "POST", path: "/api/orders/WO000001/reply", body: `{"reply":"a\u0000b"}`,
		status: 400, typ: TypeBadRequest, field: "reply", detail: "NUL"},
	{name: "text too long", actor: lead, method: "POST", path: "/api/orders/WO000001/reply",
		body: `{"reply":"` + strings.Repeat("长", workorder.MaxTextLen+1) + `"}`, status: 400, typ: TypeBadRequest, field: "reply", detail: "longer"},
	{name: "unit name too long", actor: centre, method: "POST", path: "/api/orders/WO000001/redispatch",
		body: `{"lead":"` + strings.Repeat("局", workorder.MaxFieldLen+1) + `"}`, status: 400, typ: TypeBadRequest, field: "lead"},
	{name: "blank assisting unit", actor: centre, method: "POST", path: "/api/orders/WO000001/redispatch",
		body: `{"lead":"` + village + `","assist":[" "]}`, status: 400, typ: TypeBadRequest, field: "assist[0]"},
	{name: "unknown lead unit", actor: centre, method: "POST", path: "/api/orders/WO000001/redispatch",
		body: `{"lead":"不存在的局"}`, status: 400, typ: TypeBadRequest, field: "lead"},
	{name: "bad duration", actor: lead, method: "POST", path: "/api/orders/WO000001/request_extension",
		body: `{"amount":{"duration":"two days"},"reason":"忙"}`, status: 400, typ: TypeBadRequest, field: "amount.duration"},
	{name: "no amount", actor: lead, method: "POST", path: "/api/orders/WO000001/request_extension",
		body: `{"reason":"忙"}`, status: 400, typ: TypeBadRequest, field: "amount"},
	{name: "unknown verdict", actor: centre, method: "POST", path: "/api/orders/WO000001/callback",
		body: `{"satisfaction":"thrilled"}`, status: 400, typ: TypeBadRequest, field: "satisfaction"},
	{name: "unknown return reason", actor: lead, method: "POST", path: "/api/orders/WO000001/return",
		body: `{"code":"no_such_reason"}`, status: 400, typ: TypeBadRequest, field: "code"},
	{name: "return without its explanation", actor: lead, method: "POST", path: "/api/orders/WO000001/return",
		body: `{"code":"not_our_duty"}`, status: 400, typ: TypeBadRequest, field: "text"},
	{name: "bad idempotency key", actor: centre, method: "POST", path: "/api/orders/WO000001/urge",
		headers: []string{"Idempotency-Key", "has space"}, status: 400, typ: TypeBadRequest, field: "Idempotency-Key"},
	{name: "not JSON", actor: centre, method: "POST", path: "/api/orders/WO000001/urge", body: `remark=x`,
		headers: []string{"Content-Type", "application/x-www-form-urlencoded"}, status: 400, typ: TypeBadRequest, field: "Content-Type"},
	{name: "draft with a bad phone", actor: centre, method: "POST", path: "/api/orders",
		body: strings.Replace(draftJSON, "138 1234 5678", "12", 1), status: 400, typ: TypeBadRequest, field: "caller.phone"},
	{name: "draft with an unknown category", actor: centre, method: "POST", path: "/api/orders",
		body: strings.Replace(draftJSON, `"complaint"`, `"rant"`, 1), status: 400, typ: TypeBadRequest, field: "category"},
	{name: "draft with a state", actor: centre, method: "POST", path: "/api/orders",
		body: strings.Replace(draftJSON, `"channel"`, `"state":"closed","channel"`, 1), status: 400, typ: TypeBadRequest, field: "state"},
	{name: "draft with an unknown nested key", actor: centre, method: "POST", path: "/api/orders",
		body: strings.Replace(draftJSON, `"name":"李女士"`, `"name":"李女士","role":"centre"`, 1), status: 400, typ: TypeBadRequest, field: "caller.role"},
	{name: "unknown key in the amount", actor: lead, method: "POST", path: "/api/orders/WO000001/request_extension",
		body: `{"amount":{"days":1,"weeks":1},"reason":"忙"}`, status: 400, typ: TypeBadRequest, field: "amount.weeks"},
	{name: "draft without text", actor: centre, method: "POST", path: "/api/orders",
		body: `{"channel":"phone","category":"complaint"}`, status: 400, typ: TypeBadRequest, field: "text"},
	{name: "unknown query parameter", actor: centre, method: "GET", path: "/api/orders?colour=red",
		status: 400, typ: TypeBadRequest, field: "colour"},
	{name: "bad state", actor: centre, method: "GET", path: "/api/orders?state=asleep", status: 400, typ: TypeBadRequest, field: "state"},
	{name: "bad limit", actor: centre, method: "GET", path: "/api/orders?limit=100000", status: 400, typ: TypeBadRequest, field: "limit"},
	{name: "bad cursor", actor: centre, method: "GET", path: "/api/orders?after=!!", status: 400, typ: TypeBadRequest, field: "after"},
	{name: "cursor of another sort", actor: centre, method: "GET",
		path:   "/api/orders?sort=newest&after=" + workorder.Cursor{Sort: workorder.SortID, ID: "WO000001"}.String(),
		status: 400, typ: TypeBadRequest, field: "after"},
	{name: "parameter twice", actor: centre, method: "GET", path: "/api/orders?unit=a&unit=b", status: 400, typ: TypeBadRequest, field: "unit"},
	{name: "bad instant", actor: centre, method: "GET", path: "/api/orders/WO000001/deadlines?at=tomorrow", status: 400, typ: TypeBadRequest, field: "at"},
	{name: "bad id", actor: centre, method: "GET", path: "/api/orders/WO%01", status: 400, typ: TypeBadRequest, field: "id"},
	{name: "instant too far ahead", actor: centre, method: "GET", path: "/api/orders/WO000001/deadlines?at=9999-12-31T23:59:59Z",
		status: 400, typ: TypeBadRequest, field: "at", detail: "10 years"},
	{name: "instant too far back", actor: centre, method: "GET", path: "/api/orders/WO000001/deadlines?at=1990-01-01T00:00:00Z",
		status: 400, typ: TypeBadRequest, field: "at"},
	{name: "malformed query", actor: centre, method: "GET", path: "/api/orders?state=%zz", status: 400, typ: TypeBadRequest, field: "query"},
	{name: "query with a semicolon", actor: centre, method: "GET", path: "/api/orders?state=closed;x=1", status: 400, typ: TypeBadRequest, field: "query"},
	{name: "query on an order", actor: centre, method: "GET", path: "/api/orders/WO000001?fields=all", status: 400, typ: TypeBadRequest, field: "fields"},
	{name: "query on a history", actor: centre, method: "GET", path: "/api/orders/WO000001/history?x=1", status: 400, typ: TypeBadRequest, field: "x"},
	{name: "query on a step", actor: centre, method: "POST", path: "/api/orders/WO000001/urge?bogus=1", status: 400, typ: TypeBadRequest, field: "bogus"},
	{name: "body not UTF-8", actor: lead, method: "POST", path: "/api/orders/WO000001/suspend", body: "{\"reason\":\"\xff\xfe 坏\"}",
		status: 400, typ: TypeBadRequest, field: "body", detail: "UTF-8"},
	{name: "draft not UTF-8", actor: centre, method: "POST", path: "/api/orders",
		body: strings.Replace(draftJSON, "夜间施工噪音", "夜间\xff施工", 1), status: 400, typ: TypeBadRequest, field: "body"},

	// 401, 403, 404.
	{name: "not signed in", method: "GET", path: "/api/orders/WO000001", status: 401, typ: TypeUnauth},
	{name: "not signed in, with a bad id", method: "GET", path: "/api/orders/WO%01", status: 401, typ: TypeUnauth},
	{name: "not signed in for a step", method: "POST", path: "/api/orders/WO000001/urge", status: 401, typ: TypeUnauth},
	{name: "unit dispatching", actor: lead, method: "POST", path: "/api/orders/WO000001/redispatch", body: `{"lead":"` + village + `"}`,
		status: 403, typ: TypeForbidden},
	{name: "supervisor replying", actor: super, method: "POST", path: "/api/orders/WO000001/reply", body: `{"reply":"x"}`,
		status: 403, typ: TypeForbidden},
	{name: "actor without id", actor: "centre:", method: "GET", path: "/api/orders", status: 403, typ: TypeForbidden},
	{name: "no such order", actor: centre, method: "GET", path: "/api/orders/WO999999", status: 404, typ: TypeNotFound},
	{name: "another unit's order", actor: other, method: "GET", path: "/api/orders/WO000001", status: 404, typ: TypeNotFound},
	{name: "another unit's history", actor: other, method: "GET", path: "/api/orders/WO000001/history", status: 404, typ: TypeNotFound},
	{name: "another unit's step", actor: other, method: "POST", path: "/api/orders/WO000001/reply", body: `{"reply":"x"}`,
		status: 404, typ: TypeNotFound},
	{name: "no such route", actor: centre, method: "GET", path: "/api/widgets", status: 404, typ: TypeNotFound},
	{name: "no such step", actor: centre, method: "POST", path: "/api/orders/WO000001/teleport", status: 404, typ: TypeNotFound},
	{name: "wrong method", actor: centre, method: "DELETE", path: "/api/orders/WO000001", status: 405, typ: TypeMethod},

	// 409: conflicts and invalid transitions, naming the allowed steps.
	{name: "sign twice", actor: lead, method: "POST", path: "/api/orders/WO000001/sign", status: 409, typ: TypeTransition},
	{name: "existing id", actor: centre, method: "POST", path: "/api/orders",
		body: strings.Replace(draftJSON, `"channel"`, `"id":"WO000001","channel"`, 1), status: 409, typ: TypeConflict},

	// 413.
	{name: "body too large", actor: lead, method: "POST", path: "/api/orders/WO000001/reply",
		body: `{"reply":"` + strings.Repeat("x", MaxBodyDefault) + `"}`, status: 413, typ: TypeTooLarge},

	// 422: refused by policy.
	{name: "reply with opinions pending", setup: func(f *fixture) { f.handling(envBur) }, actor: lead, method: "POST",
		path: "/api/orders/WO000002/reply", body: `{"reply":"x"}`, status: 422, typ: TypeRefused, detail: envBur},
	{name: "contact twice", setup: func(f *fixture) { f.step(lead, "WO000001", "contact", "") }, actor: lead, method: "POST",
		path: "/api/orders/WO000001/contact", status: 422, typ: TypeRefused},
	{name: "no extension pending", actor: centre, method: "POST", path: "/api/orders/WO000001/approve_extension",
		status: 422, typ: TypeRefused},
	{name: "extension beyond the limits", actor: lead, method: "POST", path: "/api/orders/WO000001/request_extension",
		body: `{"amount":{"days":400},"reason":"忙"}`, status: 422, typ: TypeRefused},
	{name: "merge into itself", setup: func(f *fixture) { f.accept(draftJSON) }, actor: centre, method: "POST",
		path: "/api/orders/WO000002/merge", body: `{"master":"WO000002"}`, status: 422, typ: TypeRefused},
	{name: "return window closed", setup: func(f *fixture) { f.clock.Advance(30 * 24 * time.Hour) }, actor: lead, method: "POST",
		path: "/api/orders/WO000001/return", body: `{"code":"not_our_duty","text":"不属本单位"}`, status: 422, typ: TypeRefused},
	{name: "dispatch without a lead or a router", setup: func(f *fixture) { f.accept(draftJSON) }, actor: centre, method: "POST",
		path: "/api/orders/WO000002/dispatch", body: `{}`, status: 422, typ: TypeRefused},

	// 500, saying nothing of the cause.
	{name: "authenticator failing", actor: "broken", method: "GET", path: "/api/orders", status: 500, typ: TypeInternal},
}

func TestErrors(t *testing.T) {
	for _, c := range errCases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			f.handling()
			if c.setup != nil {
				c.setup(f)
			}
			r := f.must(c.status, c.actor, c.method, c.path, c.body, c.headers...)
			if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("content type %q", ct)
			}
			p := r.problem(t)
			if p.Type != c.typ || p.Status != c.status || p.Title == "" {
				t.Fatalf("problem %+v, want type %s", p, c.typ)
			}
			if p.Field != c.field {
				t.Fatalf("field %q, want %q: %s", p.Field, c.field, p.Detail)
			}
			if !strings.Contains(p.Detail, c.detail) {
				t.Fatalf("detail %q lacks %q", p.Detail, c.detail)
			}
			if strings.Contains(string(r.body), "10.0.0.7") {
				t.Fatalf("the answer leaks the cause: %s", r.body)
			}
		})
	}
}

// The mux's redirect of an unclean path stays a redirect.
func TestRedirectKept(t *testing.T) {
	f := newFixture(t)
	r := httpDo(f.h, centre, "GET", "/api//orders", "")
	if r.Code/100 != 3 || r.Header().Get("Location") != "/api/orders" {
		t.Fatalf("status %d location %q", r.Code, r.Header().Get("Location"))
	}
}

// A 401 carries the challenge of Options.Challenge.
func TestChallenge(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Challenge = `Bearer realm="hotline"` })
	r := f.must(http.StatusUnauthorized, "", "GET", "/api/orders", "")
	if got := r.header.Get("WWW-Authenticate"); got != `Bearer realm="hotline"` {
		t.Fatalf("WWW-Authenticate %q", got)
	}
	if got := f.must(http.StatusOK, centre, "GET", "/api/orders", "").header.Get("WWW-Authenticate"); got != "" {
		t.Fatalf("WWW-Authenticate %q on a 200", got)
	}
}

// An invalid transition names the state and the steps it allows.
func TestTransitionAllowed(t *testing.T) {
	f := newFixture(t)
	id := f.accept(draftJSON)
	p := f.must(http.StatusConflict, centre, "POST", "/api/orders/"+id+"/approve_reply", "").problem(t)
	var want []string
	for _, s := range workorder.StepsFrom(workorder.StateReceived) {
		want = append(want, s.String())
	}
	if p.State != "received" || !slices.Equal(p.Allowed, want) || p.Order != id || len(want) == 0 {
		t.Fatalf("problem %+v, want allowed %v", p, want)
	}
	f.step(centre, id, "cancel", `{"code":"other","text":"无效来电"}`)
	p = f.must(http.StatusConflict, centre, "POST", "/api/orders/"+id+"/urge", "").problem(t)
	if p.State != "cancelled" || p.Allowed == nil || len(p.Allowed) != 0 {
		t.Fatalf("problem %+v: a final state allows no step", p)
	}
}

// failingStore fails every call with a driver's error holding secrets.
type failingStore struct{ workorder.Store }

var errDriver = errors.New(`pq: password authentication failed for user "hotline" at db.internal:5432`)

func (failingStore) Get(context.Context, string) (*workorder.Order, error) { return nil, errDriver }
func (failingStore) List(context.Context, workorder.Filter) ([]*workorder.Order, error) {
	return nil, errDriver
}
func (failingStore) Create(context.Context, *workorder.Order, []workorder.Record) error {
	return errDriver
}

// A store's failure is a 500 that says nothing of it; the log has it.
func TestInternalError(t *testing.T) {
	f := newFixture(t, func(c *workorder.Config) { c.Store = failingStore{workorder.NewMemStore()} })
	for _, r := range []*response{
		f.must(http.StatusInternalServerError, centre, "GET", "/api/orders/WO000001", ""),
		f.must(http.StatusInternalServerError, centre, "GET", "/api/orders", ""),
		f.must(http.StatusInternalServerError, centre, "POST", "/api/orders", draftJSON),
		f.must(http.StatusInternalServerError, centre, "POST", "/api/orders/WO000001/urge", ""),
	} {
		if p := r.problem(t); p.Type != TypeInternal || strings.Contains(string(r.body), "password") || strings.Contains(string(r.body), "db.internal") {
			t.Fatalf("answer %s", r.body)
		}
	}
	if !strings.Contains(f.logs.String(), "db.internal") || !strings.Contains(f.logs.String(), `"level":"ERROR"`) {
		t.Fatalf("the log lacks the cause: %s", f.logs)
	}
}

// Closing a master whose merged orders cannot all be closed answers 409
// naming them.
func TestCloseChildrenOpen(t *testing.T) {
	p := ProblemFor(&workorder.ChildrenError{ID: "WO1", Open: []string{"WO2"}, Errs: []error{workorder.ErrConflict}})
	if p.Status != http.StatusConflict || p.Type != TypeChildrenOpen || !slices.Equal(p.Open, []string{"WO2"}) || p.Order != "WO1" {
		t.Fatalf("problem %+v", p)
	}
	// Unlisted children: the cause decides.
	p = ProblemFor(&workorder.ChildrenError{ID: "WO1", Errs: []error{errDriver}})
	if p.Status != http.StatusInternalServerError {
		t.Fatalf("problem %+v", p)
	}
}

// The router's decisions reach the listing's joint and repeat filters;
// a dispatch naming no lead asks it.
func routerConfig(c *workorder.Config) {
	c.Router = workorder.RouterFunc(func(_ context.Context, req *routing.Request) (routing.Decision, error) {
		d := routing.Decision{Lead: cityMgmt, Reason: "规则: 噪音"}
		if strings.Contains(req.Text, "联合") {
			d.Assist, d.Joint, d.Coordinator = []string{envBur}, true, "centre"
		}
		if strings.Contains(req.Text, "再次") {
			d.Repeat, d.RepeatOf = true, []string{"WO000001"}
		}
		return d, nil
	})
}

// badStateStore hands out an order in a state without a name.
type badStateStore struct{ workorder.Store }

func (s badStateStore) Get(ctx context.Context, id string) (*workorder.Order, error) {
	o, err := s.Store.Get(ctx, id)
	if o != nil {
		o.State = 99
	}
	return o, err
}

// An order the library cannot write is the server's fault: a 500, though
// the error matches hotline.ErrUnknownName, which input errors match too.
func TestUnwritableOrder(t *testing.T) {
	mem := workorder.NewMemStore()
	f := newFixture(t, func(c *workorder.Config) { c.Store = mem })
	id := f.accept(draftJSON)
	g := newFixture(t, func(c *workorder.Config) { c.Store = badStateStore{mem} })
	p := g.must(http.StatusInternalServerError, centre, "GET", "/api/orders/"+id, "").problem(t)
	if p.Type != TypeInternal {
		t.Fatalf("problem %+v", p)
	}
}

// Whatever the body, a step answers with an order or a problem the
// document describes, and never with a 500.
func FuzzStepBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"remark":"x"}`, `{"reason":"\u0000"}`, `{"amount":{"days":1},"reason":"r"}`,
		`{"amount":{"duration":"-1h"},"reason":"r"}`, `{"lead":"` + village + `","assist":[]}`, `{"satisfaction":"满意"}`,
		`{"unit":"x","reason":"y"}`, `[1]`, `{"a":{"b":1}}`, `{"caller":{"x":1}}`, `null`} {
		for _, step := range []string{"urge", "request_extension", "redispatch", "callback", "waive_opinion"} {
			f.Add(step, s)
		}
	}
	fx := newFixture(f, func(o *Options) { o.Logger = slog.New(slog.DiscardHandler) })
	id := fx.handling(envBur)
	f.Fuzz(func(t *testing.T, step, body string) {
		if !slices.ContainsFunc(steps, func(sr stepRoute) bool { return sr.name == step }) {
			return
		}
		r := httpDo(fx.h, centre, "POST", "/api/orders/"+id+"/"+step, body)
		if r.Code == http.StatusInternalServerError {
			t.Fatalf("%s %q: 500: %s", step, body, r.Body)
		}
		res := &response{status: r.Code, header: r.Result().Header, body: r.Body.Bytes()}
		checkExchange(t, "POST", "/api/orders/"+id+"/"+step, "", res)
	})
}

// outcomeStore fails every update as a store does when its connection
// drops during a commit.
type outcomeStore struct{ workorder.Store }

func (outcomeStore) Update(context.Context, *workorder.Order, int64, []workorder.Record) error {
	return fmt.Errorf("sqlitestore: update: %w: %w", workorder.ErrOutcomeUnknown, errDriver)
}

// A key of another step is a
// 422 naming the header, and a step of unknown outcome a 503 to retry,
// saying nothing of the store.
func TestKeyErrors(t *testing.T) {
	p := ProblemFor(fmt.Errorf("workorder: order %q: sign: %w", "WO1", workorder.ErrKeyReused))
	if p.Status != http.StatusUnprocessableEntity || p.Type != TypeKeyReused || p.Field != "Idempotency-Key" {
		t.Fatalf("key reused: %+v", p)
	}
	mem := workorder.NewMemStore()
	f := newFixture(t, func(c *workorder.Config) { c.Store = mem })
	id := f.accept(draftJSON)
	g := newFixture(t, func(c *workorder.Config) { c.Store = outcomeStore{mem} })
	r := g.must(http.StatusServiceUnavailable, centre, "POST", "/api/orders/"+id+"/urge", "", "Idempotency-Key", "k-1")
	if p := r.problem(t); p.Type != TypeOutcomeUnknown || strings.Contains(string(r.body), "db.internal") || r.header.Get("Retry-After") == "" {
		t.Fatalf("outcome unknown: %s %v", r.body, r.header)
	}
}

// lostAnswers stores each write and then, while lose is set, reports
// its outcome as unknown, its key lookups failing too: a database whose
// connection dropped as it acknowledged the commit.
type lostAnswers struct {
	workorder.Store
	lose atomic.Bool
}

func (s *lostAnswers) lost(err error) error {
	if err == nil && s.lose.Load() {
		return fmt.Errorf("sqlitestore: %w: %w", workorder.ErrOutcomeUnknown, errDriver)
	}
	return err
}

func (s *lostAnswers) Create(ctx context.Context, o *workorder.Order, recs []workorder.Record) error {
	return s.lost(s.Store.Create(ctx, o, recs))
}

func (s *lostAnswers) Update(ctx context.Context, o *workorder.Order, v int64, recs []workorder.Record) error {
	return s.lost(s.Store.Update(ctx, o, v, recs))
}

func (s *lostAnswers) RecordByKey(ctx context.Context, key string) (workorder.Record, error) {
	if s.lose.Load() {
		return workorder.Record{}, fmt.Errorf("sqlitestore: %w", errDriver)
	}
	return s.Store.RecordByKey(ctx, key)
}

// TestOutcomeUnknownWithoutKey sends requests without an Idempotency-Key
// whose commits happen but whose answers are lost: the 503 carries the
// key the service made up, and sending the request again with it
// applies the step once.
func TestOutcomeUnknownWithoutKey(t *testing.T) {
	mem := workorder.NewMemStore()
	store := &lostAnswers{Store: mem}
	f := newFixture(t, func(c *workorder.Config) { c.Store = store })

	store.lose.Store(true)
	r := f.must(http.StatusServiceUnavailable, centre, "POST", "/api/orders", draftJSON)
	key := r.header.Get("Idempotency-Key")
	if key == "" {
		t.Fatalf("503 without an Idempotency-Key: %v %s", r.header, r.body)
	}
	store.lose.Store(false)
	o := f.must(http.StatusCreated, centre, "POST", "/api/orders", draftJSON, "Idempotency-Key", key).order(t)
	all, err := mem.List(t.Context(), workorder.Filter{})
	if err != nil || len(all) != 1 || all[0].ID != o.ID {
		t.Fatalf("orders stored: %d, %v; want only %s", len(all), err, o.ID)
	}

	store.lose.Store(true)
	r = f.must(http.StatusServiceUnavailable, centre, "POST", "/api/orders/"+o.ID+"/urge", "")
	key = r.header.Get("Idempotency-Key")
	store.lose.Store(false)
	f.must(http.StatusOK, centre, "POST", "/api/orders/"+o.ID+"/urge", "", "Idempotency-Key", key)
	h, err := mem.History(t.Context(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	urges := 0
	for _, rec := range h {
		if rec.Step == workorder.StepUrge {
			urges++
		}
	}
	if urges != 1 {
		t.Fatalf("%d urges stored, want 1", urges)
	}
}

func TestProblemForNil(t *testing.T) {
	if p := ProblemFor(nil); p != nil {
		t.Fatalf("ProblemFor(nil) = %+v", p)
	}
	if p := ProblemFor(workorder.NotFound("WO1")); p.Status != http.StatusNotFound {
		t.Fatalf("not found: %+v", p)
	}
}
