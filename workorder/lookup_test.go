package workorder

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/unit"
)

var testQueryKey = []byte("a test key of 32 bytes, not real")

// lookupService returns a service issuing query codes, with a guess
// limiter of three wrong codes, then one per ten minutes.
func lookupService(t *testing.T, mods ...func(*Config)) (*Service, *testClock) {
	return newService(t, append([]func(*Config){func(c *Config) {
		c.QueryKey, c.Guesses = testQueryKey, NewGuessLimiter(3, 10*time.Minute)
	}}, mods...)...)
}

// TestQueryCode: the code is QueryCodeLen digits, given once; the store
// keeps its HMAC and nothing from which it could be read without the key.
func TestQueryCode(t *testing.T) {
	s, _ := lookupService(t)
	ctx := context.Background()
	o, code, err := s.AcceptWithCode(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != QueryCodeLen || strings.Trim(code, "0123456789") != "" {
		t.Fatalf("code %q, want %d digits", code, QueryCodeLen)
	}
	_, code2, err := s.AcceptWithCode(ctx, centre, draft())
	if err != nil || code2 == code {
		t.Errorf("second code %q (%v), want another than %q", code2, err, code)
	}
	hist, _ := s.History(ctx, centre, o.ID)
	digest, ok := hist[0].Value("query")
	if !ok || len(digest) != 64 || digest != s.queryDigest(o.ID, code) {
		t.Errorf("accept record's data %q, want query=<HMAC of the code>", hist[0].Data)
	}
	stored, _ := s.Store().Get(ctx, o.ID)
	for _, v := range []any{stored, hist} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), code) {
			t.Errorf("the store keeps the code: %s", b)
		}
	}
	// Another key gives another digest: the key, not the store, guards it.
	other, _ := newService(t, func(c *Config) { c.QueryKey = []byte("another test key, 32 bytes long.") })
	if other.queryDigest(o.ID, code) == digest {
		t.Error("the digest does not depend on the key")
	}
}

// TestQueryCodeRepeated: accepting again with the same idempotency key
// answers the same order and the same code, which opens it; another key
// gives another code.
func TestQueryCodeRepeated(t *testing.T) {
	s, _ := lookupService(t)
	ctx := WithKey(context.Background(), "accept-req-9")
	o1, code1, err := s.AcceptWithCode(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	o2, code2, err := s.AcceptWithCode(ctx, centre, draft())
	if err != nil || o2.ID != o1.ID || code2 != code1 {
		t.Fatalf("repeated with its key: %s %q (%v), want %s %q", o2.ID, code2, err, o1.ID, code1)
	}
	if p, err := s.Lookup(context.Background(), o1.ID, code2, "caller"); err != nil || p.ID != o1.ID {
		t.Errorf("Lookup with the repeated answer's code: %v, %v", p, err)
	}
	_, code3, err := s.AcceptWithCode(WithKey(context.Background(), "accept-req-10"), centre, draft())
	if err != nil || code3 == code1 {
		t.Errorf("another key's code %q (%v), want another than %q", code3, err, code1)
	}
}

func TestQueryCodesOff(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	_, _, err := s.AcceptWithCode(ctx, centre, draft())
	wantErr(t, err, ErrQueryCodesOff)
	o := must(t)(s.Accept(ctx, centre, draft()))
	_, err = s.Lookup(ctx, o.ID, "12345678", "")
	wantErr(t, err, ErrQueryCodesOff)
	_, err = NewService(Config{Store: NewMemStore(), Calendar: s.cal, QueryKey: []byte("short")})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Field != "QueryKey" {
		t.Errorf("a 5-byte key: %v, want a ConfigError on QueryKey", err)
	}
}

// TestLookupRefusals: an unknown id, a wrong code, another order's code,
// an order without a code all give the same error, word for word.
func TestLookupRefusals(t *testing.T) {
	s, _ := lookupService(t, func(c *Config) { c.Guesses = NewGuessLimiter(100, time.Minute) })
	ctx := context.Background()
	o, code, err := s.AcceptWithCode(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	o2, code2, _ := s.AcceptWithCode(ctx, centre, draft())
	plain := must(t)(s.Accept(ctx, centre, draft()))
	wrong := "00000000"
	if code == wrong {
		wrong = "00000001"
	}
	cases := []struct{ name, id, code string }{
		{"wrong code", o.ID, wrong},
		{"unknown id", "WO999999", code},
		{"another order's code", o.ID, code2},
		{"code of the other order", o2.ID, code},
		{"order without a code", plain.ID, code},
		{"empty code", o.ID, ""},
		{"short code", o.ID, code[:7]},
		{"long code", o.ID, code + "0"},
		{"empty id", "", code},
		{"letters", o.ID, "abcdefgh"},
	}
	const want = "workorder: lookup: " + "no order with this id and query code"
	for _, tc := range cases {
		p, err := s.Lookup(ctx, tc.id, tc.code, "198.51.100.7")
		if p != nil || !errors.Is(err, ErrLookupRefused) || err.Error() != want {
			t.Errorf("%s: %+v, %v; want %q", tc.name, p, err, want)
		}
	}
	for _, c := range []string{code, code[:4] + " " + code[4:], code[:4] + "-" + code[4:], toFullWidth(code)} {
		if p, err := s.Lookup(ctx, o.ID, c, "198.51.100.7"); err != nil || p.ID != o.ID {
			t.Errorf("code written %q: %+v, %v", c, p, err)
		}
	}
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r - '0' + '０')
	}
	return b.String()
}

// TestLookupProgress follows an order through its life as the caller sees
// it: units once dispatched, deadlines while open, the reply only once
// approved, and never the caller, the text or the remarks.
func TestLookupProgress(t *testing.T) {
	s, clk := lookupService(t)
	ctx := context.Background()
	d := draft()
	d.Caller.Confidential = true
	o, code, err := s.AcceptWithCode(ctx, centre, d)
	if err != nil {
		t.Fatal(err)
	}
	look := func() *Progress {
		t.Helper()
		p, err := s.Lookup(ctx, o.ID, code, "")
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := look()
	if p.State != StateReceived || len(p.Units) != 0 || p.Reply != "" || !p.Accepted.Equal(at(2025, 9, 15, 10, 0)) || p.Category != hotline.CategoryComplaint {
		t.Errorf("received: %+v", p)
	}
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: cityMgmt, Assist: []string{envBur}, Remark: "内部备注：该商户多次被投诉"}))
	must(t)(s.Sign(ctx, Unit(cityMgmt), o.ID))
	clk.Advance(time.Hour)
	p = look()
	if p.State != StateHandling || strings.Join(p.Units, ",") != cityMgmt+","+envBur || p.Due.IsZero() {
		t.Errorf("handling: %+v", p)
	}
	var finish time.Time
	for _, d := range p.Deadlines {
		if d.Target == sla.TargetFinish {
			finish = d.Due
		}
		if d.Target == sla.TargetSign || d.Target == sla.TargetReturn {
			t.Errorf("deadline of a met target or a window: %+v", d)
		}
	}
	if finish.IsZero() || finish.Location() != shanghai && finish.Location().String() != "Asia/Shanghai" {
		t.Errorf("finish deadline %v in the calendar's zone, want one", finish)
	}
	must(t)(s.SubmitOpinion(ctx, Unit(envBur), o.ID, "同意"))
	must(t)(s.Reply(ctx, Unit(cityMgmt), o.ID, "已约谈商户，夜间停止施工"))
	if p = look(); p.State != StateReplied || p.Reply != "" {
		t.Errorf("replied, not approved: %+v", p)
	}
	must(t)(s.ApproveReply(ctx, centre, o.ID, "审核意见：同意"))
	if p = look(); p.State != StateReviewed || p.Reply != "已约谈商户，夜间停止施工" {
		t.Errorf("reviewed: %+v", p)
	}
	must(t)(s.Callback(ctx, centre, o.ID, hotline.Satisfied, "回访备注"))
	must(t)(s.Close(ctx, centre, o.ID, ""))
	p = look()
	if p.State != StateClosed || p.Reply == "" || !p.Due.IsZero() || len(p.Deadlines) != 0 {
		t.Errorf("closed: %+v", p)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"李女士", "13812345678", "三中村", "工业路", "内部备注", "审核意见", "回访备注", "同意\"", "agent-7", "夜间施工噪音"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("progress %s shows %q", b, secret)
		}
	}
	if !strings.Contains(string(b), `"state":"closed"`) || !strings.Contains(string(b), `"units":["清溪镇城管办","清溪镇环保分局"]`) {
		t.Errorf("progress JSON %s", b)
	}
}

// TestLookupGuessLimit: wrong codes are limited per order and per client,
// unknown ids count too, and time gives guesses back.
func TestLookupGuessLimit(t *testing.T) {
	s, clk := lookupService(t)
	ctx := context.Background()
	accept := func() (string, string) {
		o, code, err := s.AcceptWithCode(ctx, centre, draft())
		if err != nil {
			t.Fatal(err)
		}
		return o.ID, code
	}
	wrongFor := func(code string) string {
		if code == "99999999" {
			return "99999998"
		}
		return "99999999"
	}
	a, codeA := accept()
	b, codeB := accept()

	// Per order: three wrong codes from three clients, then even the right
	// one is refused, from anyone, until ten minutes have passed.
	for i, client := range []string{"c1", "c2", ""} {
		_, err := s.Lookup(ctx, a, wrongFor(codeA), client)
		if !errors.Is(err, ErrLookupRefused) {
			t.Fatalf("wrong guess %d: %v", i+1, err)
		}
	}
	_, err := s.Lookup(ctx, a, codeA, "c4")
	wantErr(t, err, ErrTooManyGuesses)
	if _, err := s.Lookup(ctx, b, codeB, "c1"); err != nil {
		t.Errorf("another order from a client with one wrong guess: %v", err)
	}
	clk.Advance(10 * time.Minute)
	if _, err := s.Lookup(ctx, a, codeA, "c4"); err != nil {
		t.Errorf("ten minutes later: %v", err)
	}
	_, err = s.Lookup(ctx, a, wrongFor(codeA), "c5")
	wantErr(t, err, ErrLookupRefused)
	_, err = s.Lookup(ctx, a, codeA, "c5")
	wantErr(t, err, ErrTooManyGuesses)

	// Per client: wrong codes on several orders, unknown ones included.
	for _, id := range []string{b, "WO404", "WO405"} {
		_, err := s.Lookup(ctx, id, wrongFor(codeB), "scanner")
		wantErr(t, err, ErrLookupRefused)
	}
	c, codeC := accept()
	_, err = s.Lookup(ctx, c, codeC, "scanner")
	wantErr(t, err, ErrTooManyGuesses)
	if _, err := s.Lookup(ctx, c, codeC, "caller"); err != nil {
		t.Errorf("another client: %v", err)
	}
}

// failingLimiter fails or refuses as told and records the keys it is asked.
type failingLimiter struct {
	err   error
	allow bool
	keys  []string
}

func (l *failingLimiter) Allow(_ context.Context, key string, _ time.Time) (bool, error) {
	l.keys = append(l.keys, "allow "+key)
	return l.allow, l.err
}

func (l *failingLimiter) Failed(_ context.Context, key string, _ time.Time) error {
	l.keys = append(l.keys, "failed "+key)
	return l.err
}

func TestLookupLimiter(t *testing.T) {
	ctx := context.Background()
	down := errors.New("limiter down")
	cases := []struct {
		name  string
		l     *failingLimiter
		code  bool // give the right code
		want  error
		calls string
	}{
		{"allows, right code", &failingLimiter{allow: true}, true, nil, "allow order:WO000001,allow client:c"},
		{"allows, wrong code", &failingLimiter{allow: true}, false, ErrLookupRefused, "allow order:WO000001,allow client:c,failed order:WO000001,failed client:c"},
		{"refuses", &failingLimiter{}, true, ErrTooManyGuesses, "allow order:WO000001"},
		{"fails", &failingLimiter{err: down}, true, down, "allow order:WO000001"},
	}
	long := &failingLimiter{allow: true}
	s, _ := lookupService(t, func(c *Config) { c.Guesses = long })
	_, err := s.Lookup(ctx, strings.Repeat("W", 1000), "12345678", strings.Repeat("c", 1000))
	wantErr(t, err, ErrLookupRefused)
	if want := "allow order:" + strings.Repeat("W", MaxIDLen); long.keys[0] != want || len(long.keys[1]) != len("allow client:")+128 {
		t.Errorf("limiter keys of over-long id and client: %q", long.keys)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := lookupService(t, func(c *Config) { c.Guesses = tc.l })
			o, code, err := s.AcceptWithCode(ctx, centre, draft())
			if err != nil {
				t.Fatal(err)
			}
			if !tc.code {
				code = strings.Repeat("x", QueryCodeLen)
			}
			_, err = s.Lookup(ctx, o.ID, code, "c")
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("Lookup: %v, want %v", err, tc.want)
			}
			if got := strings.Join(tc.l.keys, ","); got != tc.calls {
				t.Errorf("limiter calls %s, want %s", got, tc.calls)
			}
		})
	}
}

func TestMemGuessLimiter(t *testing.T) {
	ctx := context.Background()
	t0 := at(2025, 9, 15, 10, 0)
	l := NewGuessLimiter(2, time.Minute)
	allow := func(key string, t time.Time) bool {
		ok, _ := l.Allow(ctx, key, t)
		return ok
	}
	steps := []struct {
		at     time.Duration
		failed string // a key to count a wrong guess for, or ""
		key    string // the key to ask Allow
		want   bool
		keys   int // keys held after the step
	}{
		{0, "", "k", true, 0},
		{0, "k", "k", true, 1},
		{0, "k", "k", false, 1},
		{0, "", "j", true, 1},
		{30 * time.Second, "", "k", false, 1},
		{60 * time.Second, "", "k", true, 1},
		{60 * time.Second, "k", "k", false, 1},
		{3 * time.Minute, "", "k", true, 0}, // full again: forgotten
		{3 * time.Minute, "k", "k", true, 1},
		{2 * time.Minute, "", "k", true, 1}, // a clock going back refills nothing
	}
	for i, st := range steps {
		now := t0.Add(st.at)
		if st.failed != "" {
			if err := l.Failed(ctx, st.failed, now); err != nil {
				t.Fatal(err)
			}
		}
		if got := allow(st.key, now); got != st.want {
			t.Errorf("step %d: Allow(%s) at +%v = %v, want %v", i, st.key, st.at, got, st.want)
		}
		if n := l.Len(); n != st.keys {
			t.Errorf("step %d: %d keys held, want %d", i, n, st.keys)
		}
	}
}

// TestMemGuessLimiterForgets: keys guessed wrong long ago are dropped
// when the map grows, so a scan of many keys leaves no lasting trace.
func TestMemGuessLimiterForgets(t *testing.T) {
	ctx := context.Background()
	l := NewGuessLimiter(1, time.Minute)
	t0 := at(2025, 9, 15, 10, 0)
	for i := range 3000 {
		_ = l.Failed(ctx, "old"+string(rune('a'+i%26))+strings.Repeat("x", i/26), t0)
	}
	if n := l.Len(); n > 3000 {
		t.Fatalf("%d keys", n)
	}
	// The map is swept when it has doubled since the last sweep.
	for i := range 1200 {
		_ = l.Failed(ctx, "new"+strings.Repeat("y", i), t0.Add(time.Hour))
	}
	if n := l.Len(); n > 1200 {
		t.Errorf("%d keys held an hour later, want the old ones dropped", n)
	}
}

// TestLookupUnitNames: the caller sees the units' display names from the
// directory.
func TestLookupUnitNames(t *testing.T) {
	dir, err := unit.New([]unit.Unit{
		{ID: "cg", Name: "清溪镇城管分局", Kind: unit.KindDepartment},
		{ID: "hb", Name: "清溪镇环保分局", Kind: unit.KindDepartment},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := lookupService(t, func(c *Config) { c.Units = dir })
	ctx := context.Background()
	o, code, err := s.AcceptWithCode(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	must(t)(s.Dispatch(ctx, centre, o.ID, Assignment{Lead: "cg", Assist: []string{"hb"}}))
	p, err := s.Lookup(ctx, o.ID, code, "")
	if err != nil || strings.Join(p.Units, ",") != "清溪镇城管分局,清溪镇环保分局" {
		t.Errorf("units %v, %v; want the display names, the lead first", p, err)
	}
}
