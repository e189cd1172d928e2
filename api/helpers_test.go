package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/hotline12345/hotline/kb"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// at returns a time in Shanghai.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

// Units used across the tests.
const (
	cityMgmt = "清溪镇城管办"
	envBur   = "清溪镇环保分局"
	village  = "三中村委会"
	fallback = "清溪镇综合办"
)

var testUnits = func() *unit.Directory {
	var us []unit.Unit
	for _, id := range []string{cityMgmt, envBur, village, fallback} {
		us = append(us, unit.Unit{ID: id, Name: id, Kind: unit.KindDepartment, Regions: []string{"清溪镇"}})
	}
	d, err := unit.New(us, fallback)
	if err != nil {
		panic(err)
	}
	return d
}()

// testClock is a clock tests move by hand; safe for concurrent use.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// headerAuth takes the actor from the X-Actor header, "role:id": a test
// stand-in for an application's sign-on. No header is not signed in;
// "broken" is a failure of the authenticator itself.
var headerAuth = auth.Func(func(r *http.Request) (workorder.Actor, error) {
	h := r.Header.Get("X-Actor")
	switch h {
	case "":
		return workorder.Actor{}, auth.ErrUnauthenticated
	case "broken":
		return workorder.Actor{}, errors.New("token service unreachable at 10.0.0.7")
	}
	role, id, _ := strings.Cut(h, ":")
	r2, err := workorder.ParseRole(role)
	if err != nil {
		return workorder.Actor{}, err
	}
	return workorder.Actor{Role: r2, ID: id}, nil
})

// Actors as the X-Actor header gives them.
const (
	centre = "centre:agent-7"
	super  = "supervisor:督查室"
	lead   = "unit:" + cityMgmt
	helper = "unit:" + envBur
	other  = "unit:" + village
)

// fixture is an API on a fresh service.
type fixture struct {
	t     testing.TB
	svc   *workorder.Service
	clock *testClock
	h     http.Handler
	logs  *bytes.Buffer
}

// newFixture returns an API on a MemStore, its clock at Monday
// 2025-09-15 10:00 in Shanghai, ids WO000001 …; mods change the service's
// Config and then the Options.
func newFixture(t testing.TB, mods ...any) *fixture {
	t.Helper()
	clk := &testClock{t: at(2025, 9, 15, 10, 0)}
	cfg := workorder.Config{Store: workorder.NewMemStore(), Calendar: cn.Calendar(), Clock: clk,
		IDs: workorder.Sequence("WO"), Units: testUnits, Knowledge: testKB(t)}
	logs := new(bytes.Buffer)
	opts := Options{Auth: headerAuth, Clock: clk, Logger: slog.New(slog.NewJSONHandler(logs, nil))}
	for _, m := range mods {
		switch m := m.(type) {
		case func(*workorder.Config):
			m(&cfg)
		case func(*Options):
			m(&opts)
		default:
			t.Fatalf("bad mod %T", m)
		}
	}
	svc, err := workorder.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(svc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, svc: svc, clock: clk, h: h, logs: logs}
}

// response is an answer, its body decoded loosely.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic map.
func (r *response) json() map[string]any {
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		panic("body is not a JSON object: " + string(r.body))
	}
	return m
}

// order decodes the body as an order.
func (r *response) order(t testing.TB) *workorder.Order {
	t.Helper()
	var o workorder.Order
	if err := json.Unmarshal(r.body, &o); err != nil {
		t.Fatalf("body is not an order: %v: %s", err, r.body)
	}
	return &o
}

// problem decodes the body as a problem.
func (r *response) problem(t testing.TB) Problem {
	t.Helper()
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("body is not a problem: %v: %s", err, r.body)
	}
	return p
}

// do sends a request as actor ("" for none) with body ("" for none) and
// headers as name, value pairs, and checks the exchange against the
// OpenAPI document: the answer's body against the schema documented for
// the route and status, and the request's body, when the step was taken,
// against the request's schema.
func (f *fixture) do(actor, method, path, body string, headers ...string) *response {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if actor != "" {
		req.Header.Set("X-Actor", actor)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	res := &response{status: w.Code, header: w.Result().Header, body: w.Body.Bytes()}
	checkExchange(f.t, method, path, body, res)
	return res
}

// must sends a request that must answer want, and returns the answer.
func (f *fixture) must(want int, actor, method, path, body string, headers ...string) *response {
	f.t.Helper()
	r := f.do(actor, method, path, body, headers...)
	if r.status != want {
		f.t.Fatalf("%s %s %s: status %d, want %d: %s", actor, method, path, r.status, want, r.body)
	}
	return r
}

const draftJSON = `{"channel":"phone","category":"complaint","title":"夜间施工噪音",
"text":"三中村工业路工地凌晨两点仍在施工，噪音很大，无法入睡。",
"caller":{"name":"李女士","phone":"138 1234 5678"},
"location":{"region":"清溪镇/三中村","address":"工业路8号"},"tags":["噪音"]}`

// accept takes in the draft and returns the new order's id.
func (f *fixture) accept(draft string) string {
	f.t.Helper()
	return f.must(http.StatusCreated, centre, "POST", "/api/orders", draft).order(f.t).ID
}

// step takes a step that must succeed and returns the order.
func (f *fixture) step(actor, id, step, body string) *workorder.Order {
	f.t.Helper()
	return f.must(http.StatusOK, actor, "POST", "/api/orders/"+id+"/"+step, body).order(f.t)
}

// handling returns a new order dispatched to cityMgmt, with assisting
// units, and signed.
func (f *fixture) handling(assist ...string) string {
	f.t.Helper()
	id := f.accept(draftJSON)
	body := `{"lead":"` + cityMgmt + `"}`
	if len(assist) > 0 {
		as, _ := json.Marshal(assist)
		body = `{"lead":"` + cityMgmt + `","assist":` + string(as) + `}`
	}
	f.step(centre, id, "dispatch", body)
	f.step(lead, id, "sign", "")
	return id
}

// The OpenAPI document, compiled once for the checks of do.
var (
	docOnce sync.Once
	docMap  map[string]any
	docComp *jsonschema.Compiler
	docErr  error
	docMu   sync.Mutex
	docSch  = map[string]*jsonschema.Schema{}
)

func loadDoc(t testing.TB) map[string]any {
	t.Helper()
	docOnce.Do(func() {
		b, err := buildDoc("/api")
		if err != nil {
			docErr = err
			return
		}
		if err := json.Unmarshal(b, &docMap); err != nil {
			docErr = err
			return
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			docErr = err
			return
		}
		docComp = jsonschema.NewCompiler()
		docComp.DefaultDraft(jsonschema.Draft2020)
		docComp.AssertFormat()
		docErr = docComp.AddResource("openapi.json", v)
	})
	if docErr != nil {
		t.Fatal(docErr)
	}
	return docMap
}

// schema compiles the schema at the JSON pointer ptr of the document.
func schema(t testing.TB, ptr string) *jsonschema.Schema {
	t.Helper()
	loadDoc(t)
	docMu.Lock()
	defer docMu.Unlock()
	if s, ok := docSch[ptr]; ok {
		return s
	}
	s, err := docComp.Compile("openapi.json#" + ptr)
	if err != nil {
		t.Fatalf("compile %s: %v", ptr, err)
	}
	docSch[ptr] = s
	return s
}

// route returns the documented path template matching path (under
// /api), or "".
func route(doc map[string]any, path string) string {
	path = strings.TrimPrefix(path, "/api")
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for tmpl := range doc["paths"].(map[string]any) {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if ts[i] != segs[i] && !(strings.HasPrefix(ts[i], "{") && segs[i] != "") {
				ok = false
				break
			}
		}
		if ok {
			return tmpl
		}
	}
	return ""
}

func escape(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1") }

// checkExchange checks a request and its answer against the document.
func checkExchange(t testing.TB, method, path, body string, res *response) {
	t.Helper()
	doc := loadDoc(t)
	tmpl := route(doc, path)
	if tmpl == "" {
		if res.status != http.StatusNotFound {
			t.Fatalf("%s %s: undocumented path answered %d", method, path, res.status)
		}
		return
	}
	op, _ := doc["paths"].(map[string]any)[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if op == nil {
		if res.status != http.StatusMethodNotAllowed {
			t.Fatalf("%s %s: undocumented method answered %d", method, path, res.status)
		}
		return
	}
	opPtr := "/paths/" + escape(tmpl) + "/" + strings.ToLower(method)
	resp, ok := op["responses"].(map[string]any)[itoa(res.status)].(map[string]any)
	if !ok {
		t.Fatalf("%s %s: status %d is not documented: %s", method, path, res.status, res.body)
	}
	respPtr := opPtr + "/responses/" + itoa(res.status)
	if ref, ok := resp["$ref"].(string); ok {
		respPtr = strings.TrimPrefix(ref, "#")
		resp = doc["components"].(map[string]any)["responses"].(map[string]any)[strings.TrimPrefix(ref, "#/components/responses/")].(map[string]any)
	}
	ct, _, _ := strings.Cut(res.header.Get("Content-Type"), ";")
	if _, ok := resp["content"].(map[string]any)[ct]; !ok {
		t.Fatalf("%s %s: content type %q is not documented for %d", method, path, ct, res.status)
	}
	validate(t, schema(t, respPtr+"/content/"+escape(ct)+"/schema"), res.body, method+" "+path+" answer")
	if res.status < 300 && body != "" {
		validate(t, schema(t, opPtr+"/requestBody/content/application~1json/schema"), []byte(body), method+" "+path+" request")
	}
}

func validate(t testing.TB, s *jsonschema.Schema, b []byte, what string) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not JSON: %v: %s", what, err, b)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("%s does not follow the document: %v\n%s", what, err, b)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// httpDo sends a request without checking it against the document.
func httpDo(h http.Handler, actor, method, path, body string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if actor != "" {
		req.Header.Set("X-Actor", actor)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// testKB is a knowledge base of one entry, for any category and region.
func testKB(t testing.TB) *kb.Base {
	b := kb.New()
	if _, err := b.Add(kb.Entry{ID: "KB-NOISE", Title: "夜间施工噪音怎么投诉", Answer: "夜间施工须有许可，可向镇综合执法办反映。"}); err != nil {
		t.Fatal(err)
	}
	return b
}
