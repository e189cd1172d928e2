package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/bcrypt"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// hotlineCmd runs the command with args and stdin, and returns its output
// and status.
func hotlineCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errs)
	return out.String(), errs.String(), code
}

func TestCommands(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"no command", nil, 2, "", "usage: hotline <command>"},
		{"help", []string{"help"}, 0, "hash-password", ""},
		{"-h", []string{"-h"}, 0, "usage: hotline <command>", ""},
		{"unknown command", []string{"launch"}, 2, "", `unknown command "launch"`},
		{"serve -h", []string{"serve", "-h"}, 0, "centre      password centre-demo", ""},
		{"hash-password -h", []string{"hash-password", "-h"}, 0, "bcrypt hash", ""},
		{"serve bad addr", []string{"serve", "-addr", "8080"}, 2, "", `-addr "8080": want host:port`},
		{"serve unknown flag", []string{"serve", "-port", "8080"}, 2, "", "flag provided but not defined: -port"},
		{"serve argument", []string{"serve", "now"}, 2, "", `unexpected argument "now"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := hotlineCmd(t, "", tt.args...)
			assert.Equal(t, tt.code, code, "stderr: %s", errs)
			if tt.out != "" {
				assert.Contains(t, out, tt.out)
			}
			if tt.err != "" {
				assert.Contains(t, errs, tt.err)
			}
		})
	}
}

func TestParseServe(t *testing.T) {
	env := func(dsn string) func(string) string {
		return func(k string) string {
			if k == "DATABASE_URL" {
				return dsn
			}
			return ""
		}
	}
	for _, tt := range []struct {
		name  string
		args  []string
		dsn   string // DATABASE_URL
		want  string // error, "" for none
		check func(t *testing.T, c *serveConfig)
	}{
		{name: "defaults", check: func(t *testing.T, c *serveConfig) {
			assert.Equal(t, "127.0.0.1:8080", c.addr)
			assert.Equal(t, "hotline.db", c.db)
			assert.Empty(t, c.postgres)
			assert.Equal(t, 2917, c.seed)
			assert.Equal(t, time.Now().Year(), c.seedYear)
			assert.Equal(t, 30*time.Second, c.grace)
			assert.Equal(t, slog.LevelInfo, c.logLevel)
		}},
		{name: "DATABASE_URL", dsn: "postgres://localhost/h", check: func(t *testing.T, c *serveConfig) {
			assert.Equal(t, "postgres://localhost/h", c.postgres)
		}},
		{name: "flag over DATABASE_URL", args: []string{"-postgres", "postgres://db/x"}, dsn: "postgres://localhost/h",
			check: func(t *testing.T, c *serveConfig) { assert.Equal(t, "postgres://db/x", c.postgres) }},
		{name: "any port", args: []string{"-addr", ":0", "-log-level", "debug", "-seed", "0"}, check: func(t *testing.T, c *serveConfig) {
			assert.Equal(t, ":0", c.addr)
			assert.Equal(t, slog.LevelDebug, c.logLevel)
			assert.Zero(t, c.seed)
		}},
		{name: "no port", args: []string{"-addr", "localhost"}, want: `-addr "localhost": want host:port`},
		{name: "port not a number", args: []string{"-addr", "localhost:http8"}, want: `port "http8"`},
		{name: "port too big", args: []string{"-addr", "localhost:70000"}, want: `port "70000"`},
		{name: "two stores", args: []string{"-db", "x.db", "-postgres", "postgres://db/x"}, want: "give one store"},
		{name: "empty db", args: []string{"-db", ""}, want: "-db: want a file name"},
		{name: "empty postgres", args: []string{"-postgres", ""}, want: "-postgres: want a DSN"},
		{name: "negative seed", args: []string{"-seed", "-1"}, want: "-seed -1: want 0 or more"},
		{name: "seed year", args: []string{"-seed-year", "10000"}, want: "-seed-year 10000: want"},
		{name: "no seed, any year", args: []string{"-seed", "0", "-seed-year", "10000"}},
		{name: "grace", args: []string{"-grace", "0s"}, want: "-grace 0s: want a positive duration"},
		{name: "log level", args: []string{"-log-level", "loud"}, want: `-log-level "loud"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServe(tt.args, env(tt.dsn), io.Discard, io.Discard)
			if tt.want != "" {
				var fe *flagError
				require.ErrorAs(t, err, &fe)
				assert.Contains(t, err.Error(), tt.want)
				return
			}
			require.NoError(t, err)
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
	_, err := parseServe([]string{"-h"}, env(""), io.Discard, io.Discard)
	assert.ErrorIs(t, err, flag.ErrHelp)
}

func TestHashPassword(t *testing.T) {
	out, errs, code := hotlineCmd(t, "s3cret pass\n", "hash-password")
	require.Equal(t, 0, code, errs)
	hash := strings.TrimSpace(out)
	assert.NoError(t, bcrypt.CompareHashAndPassword([]byte(hash), []byte("s3cret pass")))
	assert.Error(t, bcrypt.CompareHashAndPassword([]byte(hash), []byte("s3cret pass\n")))

	_, errs, code = hotlineCmd(t, "\n", "hash-password")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "empty password")
	_, errs, code = hotlineCmd(t, strings.Repeat("x", 73), "hash-password")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "at most 72")
	_, errs, code = hotlineCmd(t, "", "hash-password", "secret")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "read from standard input")
}

// TestDemoUsers checks that the demo users' passwords are the ones the
// help gives.
func TestDemoUsers(t *testing.T) {
	var f struct {
		Users []struct {
			ID, Role, Actor, Hash string
		}
	}
	require.NoError(t, yaml.Unmarshal(demoUsers, &f))
	want := map[string]string{"centre": "centre-demo", "cgb": "unit-demo", "sanzhong": "unit-demo", "supervisor": "supervisor-demo"}
	require.Len(t, f.Users, len(want))
	for _, u := range f.Users {
		pw, ok := want[u.ID]
		require.True(t, ok, u.ID)
		assert.NoError(t, bcrypt.CompareHashAndPassword([]byte(u.Hash), []byte(pw)), u.ID)
		assert.Contains(t, serveUsage, u.ID)
		assert.Contains(t, serveUsage, pw)
	}
}

// testServer opens a server on a SQLite file in a temporary directory,
// seeded with orders of the simulated year, logging to logs.
func testServer(t *testing.T, path string, orders int, logs io.Writer, args ...string) *server {
	t.Helper()
	args = append([]string{"-db", path, "-seed", strconv.Itoa(orders)}, args...)
	cfg, err := parseServe(args, func(string) string { return "" }, io.Discard, io.Discard)
	require.NoError(t, err)
	s, err := newServer(context.Background(), cfg, slog.New(slog.NewTextHandler(logs, nil)))
	require.NoError(t, err)
	t.Cleanup(s.close)
	return s
}

func count(t *testing.T, s *server) int {
	t.Helper()
	os, err := s.store.List(context.Background(), workorder.Filter{})
	require.NoError(t, err)
	return len(os)
}

// TestSeedEmpty seeds an empty SQLite file once: a second start on the
// same file adds nothing.
func TestSeedEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hotline.db")
	var logs bytes.Buffer
	s := testServer(t, path, 12, &logs, "-seed-year", "2025")
	assert.Equal(t, 12, count(t, s))
	assert.Contains(t, logs.String(), "seeded")
	o, err := s.store.Get(context.Background(), "QX2025-00001")
	require.NoError(t, err)
	assert.Equal(t, workorder.StateClosed, o.State)
	s.close()

	logs.Reset()
	s = testServer(t, path, 12, &logs, "-seed-year", "2025")
	assert.Equal(t, 12, count(t, s))
	assert.NotContains(t, logs.String(), "seeded")
	s.close()

	s = testServer(t, filepath.Join(t.TempDir(), "empty.db"), 0, io.Discard)
	assert.Zero(t, count(t, s))
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func TestHealthAndReady(t *testing.T) {
	s := testServer(t, filepath.Join(t.TempDir(), "h.db"), 0, io.Discard)
	code, body := get(t, s.handler, "/healthz")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok\n", body)
	code, body = get(t, s.handler, "/readyz")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ready\n", body)

	// A closed store does not answer: not ready, but still alive.
	s.close()
	code, body = get(t, s.handler, "/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, "store unreachable\n", body)
	code, _ = get(t, s.handler, "/healthz")
	assert.Equal(t, http.StatusOK, code)
}

// TestMetricsAfterStep takes a step as the API reports it (its Observe
// hook) and raises an overdue alert as the service does, then reads
// /metrics.
func TestMetricsAfterStep(t *testing.T) {
	var logs bytes.Buffer
	s := testServer(t, filepath.Join(t.TempDir(), "m.db"), 0, &logs)
	ctx := context.Background()
	o, err := s.svc.Accept(ctx, workorder.Centre("话务组"), &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint, Urgency: hotline.UrgencyNormal,
		Text: "三中村工地凌晨仍在施工，噪音扰民。", Location: workorder.Location{Region: "清溪镇/三中村"},
	})
	require.NoError(t, err)

	// The dispatch as the board or the API takes it, then as the API
	// reports it.
	_, err = s.svc.Dispatch(ctx, workorder.Centre("话务组"), o.ID, workorder.Assignment{})
	require.NoError(t, err)
	observe := s.observe(nil)
	r := httptest.NewRequest(http.MethodPost, "/api/orders/"+o.ID+"/dispatch", nil)
	observe(r, "dispatch", nil, 3*time.Millisecond)
	observe(r, "dispatch", workorder.ErrConflict, time.Millisecond)
	observe(r, "sign", workorder.ErrForbidden, time.Millisecond)
	s.metrics.Observer().Overdue(ctx, o, sla.Result{Name: sla.TargetFinish, Level: sla.LevelOverdue})
	s.metrics.Observer().Warning(ctx, o, sla.Result{Name: sla.TargetSign, Level: sla.LevelWarning})

	code, body := get(t, s.handler, "/metrics")
	require.Equal(t, http.StatusOK, code)
	for _, want := range []string{
		`hotline_steps_total{outcome="ok",step="accept"} 1`,
		`hotline_steps_total{outcome="ok",step="dispatch"} 1`,
		`hotline_steps_total{outcome="conflict",step="dispatch"} 1`,
		`hotline_steps_total{outcome="forbidden",step="sign"} 1`,
		`hotline_step_duration_seconds_bucket{step="dispatch",le="0.005"} 2`,
		`hotline_step_duration_seconds_count{step="dispatch"} 2`,
		`hotline_alerts_total{level="overdue"} 1`,
		`hotline_alerts_total{level="warning"} 1`,
		`hotline_breaches_total{target="finish"} 1`,
		`hotline_open_orders{level="normal"} 1`,
		`hotline_open_orders{level="overdue"} 0`,
	} {
		assert.Contains(t, body, want)
	}
	assert.NotContains(t, body, `hotline_breaches_total{target="sign"}`)
	assert.Contains(t, logs.String(), "msg=step order="+o.ID+" step=dispatch outcome=ok")
	assert.Contains(t, logs.String(), `msg="step refused" order=`+o.ID+" step=sign outcome=forbidden")
}

func TestOrderID(t *testing.T) {
	for path, want := range map[string]string{
		"/api/orders/QX2025-00001/dispatch": "QX2025-00001",
		"/api/orders/QX2025-00001":          "QX2025-00001",
		"/api/orders":                       "",
		"/orders/QX2025-00001":              "",
	} {
		assert.Equal(t, want, orderID(path), path)
	}
}

// TestGracefulShutdown stops the server while a request is in flight: the
// request completes, the monitor stops, and serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	s := testServer(t, filepath.Join(t.TempDir(), "g.db"), 0, io.Discard)
	entered, release := make(chan struct{}), make(chan struct{})
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "step taken")
	})
	monitorStopped := make(chan struct{})
	s.monitor = func(ctx context.Context) error {
		<-ctx.Done()
		close(monitorStopped)
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.serve(ctx, ln) }()

	type answer struct {
		body string
		err  error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.Post("http://"+ln.Addr().String()+"/api/orders/x/sign", "application/json", nil)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		answered <- answer{string(b), err}
	}()
	<-entered
	cancel()
	// The server is shutting down: new connections are refused while the
	// request in flight goes on.
	require.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	}, 5*time.Second, 10*time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("serve returned %v with a request in flight", err)
	case <-monitorStopped:
		t.Fatal("the monitor stopped with a request in flight")
	default:
	}
	close(release)
	a := <-answered
	require.NoError(t, a.err)
	assert.Equal(t, "step taken", a.body)
	assert.NoError(t, <-served)
	<-monitorStopped
}

// TestKnowledgeBase starts a server with -kb: the centre answers an order
// directly from an entry; a file that is not a knowledge base stops the
// start with the file named.
func TestKnowledgeBase(t *testing.T) {
	s := testServer(t, filepath.Join(t.TempDir(), "kb.db"), 0, io.Discard, "-kb", "../../kb/testdata/qingxi.yaml")
	ctx := context.Background()
	centre := workorder.Centre("agent-1")
	o, err := s.svc.Accept(ctx, centre, &workorder.Order{Channel: hotline.ChannelPhone, Category: hotline.CategoryConsultation,
		Text: "请问停水通知在哪里查询？", Location: workorder.Location{Region: "清溪镇"}})
	require.NoError(t, err)
	o, err = s.svc.AnswerDirectly(ctx, centre, o.ID, workorder.DirectReply{Entry: firstEntry(t)})
	require.NoError(t, err)
	assert.Equal(t, workorder.StateAnswered, o.State)

	cfg, err := parseServe([]string{"-db", filepath.Join(t.TempDir(), "x.db"), "-kb", "../../examples/qingxi/units.yaml"},
		func(string) string { return "" }, io.Discard, io.Discard)
	require.NoError(t, err)
	_, err = newServer(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.ErrorContains(t, err, "knowledge base")
}

// firstEntry is the id of the first entry of the example knowledge base.
func firstEntry(t *testing.T) string {
	b, err := kb.LoadFile("../../kb/testdata/qingxi.yaml")
	require.NoError(t, err)
	return b.IDs()[0]
}

// TestAPICrossOrigin posts to the API as a browser would from a page of
// another origin: refused before it reaches the API, while a request
// from the same origin, and one without the browser's headers, get the
// API's own answer (401: not signed in).
func TestAPICrossOrigin(t *testing.T) {
	s := testServer(t, filepath.Join(t.TempDir(), "x.db"), 0, io.Discard)
	post := func(headers ...string) int {
		req := httptest.NewRequest(http.MethodPost, "/api/orders/QX2025-00001/urge", nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusForbidden, post("Sec-Fetch-Site", "cross-site"))
	assert.Equal(t, http.StatusForbidden, post("Sec-Fetch-Site", "same-site"), "another subdomain of the city's site")
	assert.Equal(t, http.StatusForbidden, post("Origin", "https://evil.example"))
	assert.Equal(t, http.StatusUnauthorized, post("Sec-Fetch-Site", "same-origin"))
	assert.Equal(t, http.StatusUnauthorized, post())
}

// TestShutdownWithLivePage stops the server while a signed-in board page
// holds its event stream open: the stream ends and serve returns nil
// well within the grace.
func TestShutdownWithLivePage(t *testing.T) {
	s := testServer(t, filepath.Join(t.TempDir(), "l.db"), 0, io.Discard, "-grace", "5s")
	s.monitor = func(ctx context.Context) error { <-ctx.Done(); return nil }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.serve(ctx, ln) }()

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(base + "/login")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	require.NotNil(t, m, "no CSRF token on the sign-in page")
	resp, err = client.PostForm(base+"/login", url.Values{"id": {"centre"}, "password": {"centre-demo"}, "csrf": {string(m[1])}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "sign-in")

	stream, err := client.Get(base + "/events")
	require.NoError(t, err)
	defer stream.Body.Close()
	require.Equal(t, http.StatusOK, stream.StatusCode)
	require.Eventually(t, func() bool { return s.hub.Listeners() == 1 }, 5*time.Second, 10*time.Millisecond)

	start := time.Now()
	cancel()
	select {
	case err := <-served:
		require.NoError(t, err)
	case <-time.After(4 * time.Second):
		t.Fatal("serve still running 4 s after the shutdown began, with a live page open")
	}
	assert.Less(t, time.Since(start), 4*time.Second)
	assert.Zero(t, s.hub.Listeners())
}
