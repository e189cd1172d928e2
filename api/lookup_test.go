package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// lookupFixture is a fixture whose service issues query codes and allows
// three wrong codes per order and client, then one an hour; the client
// is the X-Client header.
func lookupFixture(t *testing.T) *fixture {
	return newFixture(t,
		func(c *workorder.Config) {
			c.QueryKey = []byte("a secret key of 32 bytes or so..")
			c.Guesses = workorder.NewGuessLimiter(3, time.Hour)
		},
		func(o *Options) {
			o.ClientKey = func(r *http.Request) string { return r.Header.Get("X-Client") }
			o.LookupRetry = time.Hour
		})
}

// acceptWithCode takes in draftJSON with a query code and returns the
// order's id and the code.
func (f *fixture) acceptWithCode() (string, string) {
	f.t.Helper()
	r := f.must(http.StatusCreated, centre, "POST", "/api/orders?query_code=true", draftJSON)
	m := r.json()
	code, _ := m["query_code"].(string)
	if !regexp.MustCompile(`^[0-9]{8}$`).MatchString(code) || m["id"] == nil || m["caller"] == nil {
		f.t.Fatalf("answer with code: %s", r.body)
	}
	return m["id"].(string), code
}

// A caller with the code sees the progress, and nothing about the
// caller, the request's text or the remarks; no sign-in is needed.
func TestLookup(t *testing.T) {
	f := lookupFixture(t)
	id, code := f.acceptWithCode()
	const remark = "内部备注：来电人情绪激动"
	f.step(centre, id, "urge", `{"remark":"`+remark+`"}`)

	r := f.must(http.StatusOK, "", "GET", "/api/lookup/"+id+"?code="+code, "")
	p := r.json()
	if p["id"] != id || p["state"] != "received" || p["category"] != "complaint" || p["units"] != nil || p["reply"] != nil ||
		p["due"] != "2025-09-22T16:00:00Z" || len(p["deadlines"].([]any)) != 1 {
		t.Fatalf("received: %s", r.body)
	}
	if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers %v", r.header)
	}
	f.step(centre, id, "dispatch", `{"lead":"`+cityMgmt+`"}`)
	f.step(lead, id, "sign", "")
	f.step(lead, id, "reply", `{"reply":"已责令工地夜间停工"}`)
	// Spaces, hyphens and full-width digits are allowed in the code.
	typed := code[:4] + "-" + code[4:]
	if full := []rune(typed); true {
		full[0] = full[0] - '0' + '０'
		typed = string(full)
	}
	r = f.must(http.StatusOK, "", "GET", "/api/lookup/"+id+"?code="+typed, "")
	p = r.json()
	if p["state"] != "replied" || p["reply"] != nil || len(p["units"].([]any)) != 1 {
		t.Fatalf("replied: %s", r.body)
	}
	f.step(centre, id, "approve_reply", `{"remark":"`+remark+`"}`)
	r = f.must(http.StatusOK, "", "GET", "/api/lookup/"+id+"?code="+code, "")
	if p = r.json(); p["reply"] != "已责令工地夜间停工" {
		t.Fatalf("reviewed: %s", r.body)
	}
	for _, secret := range []string{"李女士", "138", "5678", remark, "凌晨两点", "夜间施工噪音", "工业路", "agent-7", code} {
		if bytes.Contains(r.body, []byte(secret)) {
			t.Errorf("the progress holds %q: %s", secret, r.body)
		}
	}
	// An actor's header changes nothing: the route does not authenticate.
	f.must(http.StatusOK, "broken", "GET", "/api/lookup/"+id+"?code="+code, "")
	// The log has the path, not the code.
	if !strings.Contains(f.logs.String(), "/api/lookup/"+id) || strings.Contains(f.logs.String(), code) {
		t.Errorf("log: %s", f.logs)
	}
}

// An unknown id and a wrong code get the same 404, word for word; bad
// input is a 400 naming it.
func TestLookupRefused(t *testing.T) {
	f := lookupFixture(t)
	id, code := f.acceptWithCode()
	other, otherCode := f.acceptWithCode()
	wrong := "00000000"
	if code == wrong {
		wrong = "00000001"
	}
	var first []byte
	for i, path := range []string{
		"/api/lookup/" + id + "?code=" + wrong,
		"/api/lookup/WO999999?code=" + code,
		"/api/lookup/" + id + "?code=" + otherCode,
		"/api/lookup/" + other + "?code=1234567", // too short
	} {
		r := f.do("", "GET", path, "", "X-Client", "client-"+itoa(i))
		if r.status != http.StatusNotFound {
			t.Fatalf("%s: status %d: %s", path, r.status, r.body)
		}
		if first == nil {
			first = r.body
		} else if !bytes.Equal(r.body, first) {
			t.Errorf("%s: %s, want the same as %s", path, r.body, first)
		}
	}
	for _, c := range []struct{ path, field string }{
		{"/api/lookup/" + id, "code"},
		{"/api/lookup/" + id + "?code=%20", "code"},
		{"/api/lookup/" + id + "?code=" + strings.Repeat("1", 65), "code"},
		{"/api/lookup/" + id + "?code=" + code + "&name=x", "name"},
		{"/api/lookup/" + strings.Repeat("W", 65) + "?code=" + code, "id"},
		{"/api/lookup/WO%01?code=" + code, "id"},
	} {
		r := f.must(http.StatusBadRequest, "", "GET", c.path, "")
		if p := r.problem(t); p.Field != c.field {
			t.Errorf("%s: field %q, want %q", c.path, p.Field, c.field)
		}
	}
}

// Too many wrong codes for an order, or from a client, get 429 with
// Retry-After, even with the right code; the limit lifts with time.
func TestLookupGuesses(t *testing.T) {
	f := lookupFixture(t)
	id, code := f.acceptWithCode()
	other, otherCode := f.acceptWithCode()
	wrong := func(c string) string {
		if c == "11111111" {
			return "22222222"
		}
		return "11111111"
	}
	get := func(want int, client, id, code string) *response {
		t.Helper()
		r := f.do("", "GET", "/api/lookup/"+id+"?code="+code, "", "X-Client", client)
		if r.status != want {
			t.Fatalf("%s %s %s: status %d, want %d: %s", client, id, code, r.status, want, r.body)
		}
		return r
	}
	// Three wrong codes for id, each from another client.
	for _, c := range []string{"a", "b", "c"} {
		get(http.StatusNotFound, c, id, wrong(code))
	}
	r := get(http.StatusTooManyRequests, "d", id, code)
	if p := r.problem(t); p.Type != TypeTooManyGuesses || r.header.Get("Retry-After") != "3600" {
		t.Fatalf("429: %v %s", r.header, r.body)
	}
	get(http.StatusOK, "d", other, otherCode) // the other order is not limited
	// Three wrong codes from client e, for orders that do not exist.
	for _, n := range []string{"WO900001", "WO900002", "WO900003"} {
		get(http.StatusNotFound, "e", n, code)
	}
	get(http.StatusTooManyRequests, "e", other, otherCode)
	get(http.StatusOK, "f", other, otherCode)
	f.clock.Advance(time.Hour)
	get(http.StatusOK, "e", other, otherCode)
	get(http.StatusOK, "d", id, code)
}

// A service without a query key refuses codes with 422.
func TestLookupOff(t *testing.T) {
	f := newFixture(t)
	r := f.must(http.StatusUnprocessableEntity, centre, "POST", "/api/orders?query_code=true", draftJSON)
	if p := r.problem(t); p.Field != "query_code" || p.Type != TypeRefused {
		t.Errorf("accept: %s", r.body)
	}
	id := f.accept(draftJSON)
	f.must(http.StatusUnprocessableEntity, "", "GET", "/api/lookup/"+id+"?code=12345678", "")
}

// The query of POST /orders: query_code alone, a boolean; repeated with
// its Idempotency-Key it answers the same order and code.
func TestAcceptQuery(t *testing.T) {
	f := lookupFixture(t)
	var answers []string
	for _, c := range []struct {
		query string
		want  int
		code  bool
	}{
		{"", http.StatusCreated, false},
		{"?query_code=false", http.StatusCreated, false},
		{"?query_code=1", http.StatusCreated, true},
		{"?query_code=yes", http.StatusBadRequest, false},
		{"?query_code=true&query_code=false", http.StatusBadRequest, false},
		{"?code=true", http.StatusBadRequest, false},
		{"?query_code=true&key=k1", http.StatusCreated, true},
		{"?query_code=true&key=k1", http.StatusCreated, true},
	} {
		query, key, _ := strings.Cut(c.query, "&key=")
		var headers []string
		if key != "" {
			headers = []string{"Idempotency-Key", key}
		}
		r := f.must(c.want, centre, "POST", "/api/orders"+query, draftJSON, headers...)
		code, has := r.json()["query_code"]
		if has != c.code {
			t.Errorf("%q: %s", c.query, r.body)
		}
		if key != "" {
			answers = append(answers, fmt.Sprint(r.json()["id"], code))
		}
	}
	if len(answers) != 2 || answers[0] != answers[1] {
		t.Errorf("a request repeated with its key answered %v, want the same order and code twice", answers)
	}
}

// RemoteHost is the host of the remote address.
func TestRemoteHost(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"unix-socket", "unix-socket"},
		{"", ""},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.addr
		if got := RemoteHost(r); got != c.want {
			t.Errorf("%q: %q, want %q", c.addr, got, c.want)
		}
	}
}
