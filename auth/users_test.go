package auth

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// testHash is the bcrypt hash of "secret-1" at the minimum cost, so that
// tests run fast.
const testHash = "$2a$04$gV/zpCNjk8lT6S4JS/oE6eS7wUyhv.TxtmW4bDjJ1ZgCfbaL71Jqq"

const testFile = `
session_key: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
session_hours: 2
users:
  - id: agent7
    role: centre
    actor: agent-7
    hash: "` + testHash + `"
  - id: cgb
    role: 承办单位
    actor: 清溪镇城管办
    hash: "` + testHash + `"
  - id: lead
    role: supervisor
    hash: "` + testHash + `"
`

func testUsers(t *testing.T) *Users {
	t.Helper()
	u, err := ParseUsers([]byte(testFile))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParseUsers(t *testing.T) {
	u := testUsers(t)
	for _, c := range []struct {
		id   string
		want workorder.Actor
	}{
		{"agent7", workorder.Centre("agent-7")},
		{"cgb", workorder.Unit("清溪镇城管办")},
		{"lead", workorder.Supervisor("lead")},
	} {
		got, err := u.Check(c.id, "secret-1")
		if err != nil || got != c.want {
			t.Errorf("Check(%q) = %v, %v; want %v", c.id, got, err, c.want)
		}
	}
	if _, err := u.Check("agent7", "wrong"); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := u.Check("nobody", "secret-1"); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("unknown user: %v", err)
	}
	if u.ttl != 2*time.Hour {
		t.Errorf("ttl = %v", u.ttl)
	}
}

func TestParseUsersErrors(t *testing.T) {
	user := func(id, role, hash string) string {
		return "users:\n  - id: " + id + "\n    role: " + role + "\n    hash: \"" + hash + "\"\n"
	}
	for _, c := range []struct{ name, file, want string }{
		{"role", user("a", "mayor", testHash), `role "mayor"`},
		{"system", user("a", "system", testHash), `role "system"`},
		{"hash", user("a", "centre", "secret-1"), "not a bcrypt hash"},
		{"id", user("", "centre", testHash), "id"},
		{"dot", user("a.b", "centre", testHash), `id "a.b"`},
		{"twice", user("a", "centre", testHash) + "  - id: a\n    role: centre\n    hash: \"" + testHash + "\"\n", "listed twice"},
		{"key", "session_key: abcd\n" + user("a", "centre", testHash), "session_key"},
		{"hours", "session_hours: -1\n" + user("a", "centre", testHash), "session_hours"},
		{"unknown field", "users:\n  - id: a\n    password: x\n", "password"},
		{"yaml", "users: [", ""},
	} {
		_, err := ParseUsers([]byte(c.file))
		if !errors.Is(err, ErrBadUsers) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want ErrBadUsers naming %q", c.name, err, c.want)
		}
	}
}

func TestLoadUsers(t *testing.T) {
	p := filepath.Join(t.TempDir(), "users.yaml")
	if err := os.WriteFile(p, []byte(testFile), 0o600); err != nil {
		t.Fatal(err)
	}
	u, err := LoadUsers(p)
	if err != nil || len(u.users) != 3 {
		t.Fatalf("LoadUsers = %v, %v", u, err)
	}
	if _, err := LoadUsers(p + ".missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	u, err := ParseUsers([]byte("users:\n  - id: x\n    role: centre\n    hash: \"" + h + "\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Check("x", "correct horse"); err != nil {
		t.Error(err)
	}
	if _, err := HashPassword(""); err == nil {
		t.Error("empty password hashed")
	}
	if _, err := HashPassword(strings.Repeat("x", 73)); err == nil {
		t.Error("73-byte password hashed")
	}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn goes through the sign-in page and form as a browser would and
// returns the response to the form.
func signIn(t *testing.T, h http.Handler, id, password, next string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	m := csrfRE.FindStringSubmatch(rec.Body.String())
	if rec.Code != 200 || m == nil {
		t.Fatalf("sign-in page: %d %s", rec.Code, rec.Body)
	}
	form := url.Values{"id": {id}, "password": {password}, "csrf": {m[1]}, "next": {next}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range rec.Result().Cookies() {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func session(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie {
			return c
		}
	}
	return nil
}

func TestSignIn(t *testing.T) {
	u := testUsers(t)
	h := u.Handler()
	resp := signIn(t, h, "cgb", "secret-1", "/orders/QX1?x=1")
	c := session(resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/orders/QX1?x=1" || c == nil {
		t.Fatalf("sign in: %d to %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), c)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Path=/", c)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(c)
	if a, err := u.Authenticate(req); err != nil || a != workorder.Unit("清溪镇城管办") {
		t.Errorf("Authenticate = %v, %v", a, err)
	}

	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil", "", "/\t/evil.example/", "/\n/evil.example/", "/\x7f/x"} {
		if loc := signIn(t, h, "cgb", "secret-1", next).Header.Get("Location"); loc != "/" {
			t.Errorf("next %q: sent to %q, want /", next, loc)
		}
	}

	resp = signIn(t, h, "cgb", "wrong", "/")
	if resp.StatusCode != http.StatusUnauthorized || session(resp) != nil {
		t.Errorf("wrong password: %d, cookie %v", resp.StatusCode, session(resp))
	}
}

func TestSignInCSRF(t *testing.T) {
	h := testUsers(t).Handler()
	form := url.Values{"id": {"cgb"}, "password": {"secret-1"}, "csrf": {"forged"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: "other"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || session(rec.Result()) != nil {
		t.Errorf("forged csrf: %d", rec.Code)
	}
}

func TestSignInThrottled(t *testing.T) {
	u := testUsers(t)
	h := u.Handler()
	for range maxFails {
		signIn(t, h, "agent7", "wrong", "/")
	}
	if resp := signIn(t, h, "agent7", "secret-1", "/"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after %d failures: %d", maxFails, resp.StatusCode)
	}
}

func TestAuthenticateRefuses(t *testing.T) {
	u := testUsers(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u.now = func() time.Time { return now }
	good := u.seal("agent7", now.Add(time.Hour))
	other, _ := ParseUsers([]byte(strings.Replace(testFile, "000102", "ff0102", 1)))
	for _, c := range []struct {
		name, value string
	}{
		{"expired", u.seal("agent7", now)},
		{"tampered id", strings.Replace(good, good[:4], "Y2di", 1)},
		{"other key", other.seal("agent7", now.Add(time.Hour))},
		{"gone user", u.seal("ghost", now.Add(time.Hour))},
		{"garbage", "not.a.token"},
		{"empty", ""},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: SessionCookie, Value: c.value})
		if _, err := u.Authenticate(req); !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("%s: err = %v, want ErrUnauthenticated", c.name, err)
		}
	}
	req := httptest.NewRequest("GET", "/", nil)
	if _, err := u.Authenticate(req); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("no cookie: %v", err)
	}
	req.AddCookie(&http.Cookie{Name: SessionCookie, Value: good})
	if a, err := u.Authenticate(req); err != nil || a != workorder.Centre("agent-7") {
		t.Errorf("good: %v, %v", a, err)
	}
	var zero Users
	if _, err := zero.Authenticate(req); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("zero Users: %v", err)
	}
}

func TestLogout(t *testing.T) {
	h := testUsers(t).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/logout", nil))
	c := session(rec.Result())
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" || c == nil || c.MaxAge >= 0 {
		t.Errorf("logout: %d to %q, cookie %v", rec.Code, rec.Header().Get("Location"), c)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/logout", nil))
	if rec.Code != http.StatusMethodNotAllowed || session(rec.Result()) != nil {
		t.Errorf("GET /logout: %d, cookie %v", rec.Code, session(rec.Result()))
	}
	// A form of another site does not sign out.
	for _, h2 := range [][2]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		req := httptest.NewRequest("POST", "/logout", nil)
		req.Header.Set(h2[0], h2[1])
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || session(rec.Result()) != nil {
			t.Errorf("cross-origin logout (%s): %d, cookie %v", h2[0], rec.Code, session(rec.Result()))
		}
	}
}

func TestLoginPage(t *testing.T) {
	h := testUsers(t).Handler()
	for _, c := range []struct{ url, want string }{
		{"/login", "用户名"},
		{"/login?lang=en", "Sign in"},
		{"/login?next=/%22%3E%3Cscript%3E", "/&#34;&gt;&lt;script&gt;"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", c.url, nil))
		if !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%s: no %q in page", c.url, c.want)
		}
		if strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("%s: unescaped script", c.url)
		}
		if rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no CSP", c.url)
		}
	}
}

func FuzzParseUsers(f *testing.F) {
	f.Add([]byte(testFile))
	f.Add([]byte("users:\n  - id: a\n    role: centre\n    hash: x\n"))
	f.Add([]byte("session_key: zz\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := ParseUsers(b)
		if err != nil {
			if !errors.Is(err, ErrBadUsers) {
				t.Fatalf("error %v does not match ErrBadUsers", err)
			}
			return
		}
		for id, e := range u.users {
			if id == "" || e.actor.Role == 0 || e.actor.ID == "" {
				t.Fatalf("user %q accepted as %v", id, e.actor)
			}
		}
	})
}
