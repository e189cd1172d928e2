package board

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

var cst = time.FixedZone("CST", 8*3600)

const testRules = `
centre: 清溪镇综合办
fallback: 清溪镇综合办
rules:
  - name: 噪音扰民
    priority: 50
    any: [噪音, 噪声]
    lead: 清溪镇环保分局
  - name: 道路破损
    priority: 40
    any: [坑洼]
    lead: 清溪镇城管办
`

var testUnitIDs = []string{"清溪镇综合办", "清溪镇城管办", "清溪镇环保分局", "三中村委会"}

func testUnits(t testing.TB) *unit.Directory {
	var us []unit.Unit
	for _, id := range testUnitIDs {
		us = append(us, unit.Unit{ID: id, Name: id, Kind: unit.KindDepartment, Regions: []string{"清溪镇"}})
	}
	d, err := unit.New(us, "清溪镇综合办")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testRouter(t testing.TB) *routing.Router {
	cfg, err := routing.Parse(strings.NewReader(testRules))
	if err != nil {
		t.Fatal(err)
	}
	rs, _, err := routing.Compile(cfg, routing.Options{Language: language.Chinese})
	if err != nil {
		t.Fatal(err)
	}
	return routing.NewRouter(rs)
}

// clock is a settable clock for the service and the board.
// With real set it reads the system clock moved by off.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	real bool
	off  time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.real {
		return time.Now().Add(c.off).In(cst)
	}
	return c.t
}

func (c *clock) shift(off time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off = off
}
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// headerAuth takes the actor from the X-Actor header, "role:id"; no
// header is not signed in.
var headerAuth = auth.Func(func(r *http.Request) (workorder.Actor, error) {
	h := r.Header.Get("X-Actor")
	if h == "" {
		return workorder.Actor{}, auth.ErrUnauthenticated
	}
	role, id, _ := strings.Cut(h, ":")
	ro, err := workorder.ParseRole(role)
	if err != nil {
		return workorder.Actor{}, err
	}
	return workorder.Actor{Role: ro, ID: id}, nil
})

// fixture is a service on a store, its board and a test server.
type fixture struct {
	t     testing.TB
	svc   *workorder.Service
	hub   *Hub
	clock *clock
	srv   *httptest.Server
	h     http.Handler
}

func newFixture(t testing.TB, store workorder.Store, prefix string) *fixture {
	return newFixtureAuth(t, store, prefix, headerAuth, nil, &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, cst)})
}

// newFixtureAuth serves the board with a, and under /login and /logout
// login when set.
func newFixtureAuth(t testing.TB, store workorder.Store, prefix string, a auth.Authenticator, login http.Handler, clk *clock) *fixture {
	t.Helper()
	return newFixtureWith(t, store, prefix, a, login, clk, nil)
}

// newFixtureWith is newFixtureAuth with set, when not nil, changing the
// service's config and the board's options before both are made.
func newFixtureWith(t testing.TB, store workorder.Store, prefix string, a auth.Authenticator, login http.Handler, clk *clock,
	set func(*workorder.Config, *Options)) *fixture {
	t.Helper()
	f := &fixture{t: t, hub: NewHub(), clock: clk}
	units, router := testUnits(t), testRouter(t)
	cfg := workorder.Config{
		Store: store, Calendar: cn.Calendar(), Clock: f.clock, IDs: workorder.Sequence("QX"),
		Units: units, Router: router, Observer: f.hub,
	}
	opts := Options{Auth: a, Prefix: prefix, Hub: f.hub, Units: units, Router: router, Now: f.clock.Now}
	if set != nil {
		set(&cfg, &opts)
	}
	svc, err := workorder.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.svc = svc
	f.h, err = New(svc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if login != nil {
		mux := http.NewServeMux()
		mux.Handle("/login", login)
		mux.Handle("/logout", login)
		mux.Handle("/", f.h)
		f.srv = httptest.NewServer(mux)
	} else {
		f.srv = httptest.NewServer(f.h)
	}
	t.Cleanup(func() { f.hub.Close(); f.srv.Close() })
	return f
}

var centre, unitCGB, unitHB = workorder.Centre("agent-7"), workorder.Unit("清溪镇城管办"), workorder.Unit("清溪镇环保分局")

// accept accepts an order with text and, when lead is set, dispatches it.
func (f *fixture) accept(text, lead string, confidential bool) *workorder.Order {
	f.t.Helper()
	ctx := context.Background()
	o, err := f.svc.Accept(ctx, centre, &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Text: text,
		Caller:   workorder.Caller{Name: "李秀英", Phone: "13812345678", Confidential: confidential},
		Location: workorder.Location{Region: "清溪镇/三中村", Address: "三中村工业路 8 号"},
	})
	if err != nil {
		f.t.Fatal(err)
	}
	if lead != "" {
		if o, err = f.svc.Dispatch(ctx, centre, o.ID, workorder.Assignment{Lead: lead}); err != nil {
			f.t.Fatal(err)
		}
	}
	return o
}

// browser is one signed-in person: an actor, a cookie jar, and the last
// CSRF token seen.
type browser struct {
	f     *fixture
	actor workorder.Actor
	c     *http.Client
	csrf  string
}

func (f *fixture) browser(a workorder.Actor) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{f: f, actor: a, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) (int, http.Header, string) {
	b.f.t.Helper()
	if b.actor.Role != 0 {
		req.Header.Set("X-Actor", b.actor.String())
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, resp.Header, string(body)
}

func (b *browser) get(path string) (int, http.Header, string) {
	b.f.t.Helper()
	req, _ := http.NewRequest("GET", b.f.srv.URL+path, nil)
	return b.do(req)
}

// post sends form with the browser's CSRF token unless form sets one.
func (b *browser) post(path string, form url.Values) (int, http.Header, string) {
	b.f.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}
