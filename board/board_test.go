package board

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

func TestNewOptions(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	for _, c := range []struct {
		name string
		svc  *workorder.Service
		opts Options
	}{
		{"no service", nil, Options{Auth: headerAuth}},
		{"no auth", f.svc, Options{}},
		{"prefix", f.svc, Options{Auth: headerAuth, Prefix: "board"}},
	} {
		if _, err := New(c.svc, c.opts); !errors.Is(err, ErrOptions) {
			t.Errorf("%s: err = %v, want ErrOptions", c.name, err)
		}
	}
}

func TestSignInRequired(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "/board")
	b := f.browser(workorder.Actor{})
	for _, c := range []struct {
		path   string
		status int
		loc    string
	}{
		{"/board/", http.StatusSeeOther, "/login?next=%2Fboard%2F"},
		{"/board/orders/QX000001?x=1", http.StatusSeeOther, "/login?next=%2Fboard%2Forders%2FQX000001%3Fx%3D1"},
		{"/board/events", http.StatusUnauthorized, ""},
		{"/board/charts/data", http.StatusUnauthorized, ""},
		{"/board/static/board.css", http.StatusOK, ""},
		{"/elsewhere", http.StatusNotFound, ""},
	} {
		status, h, _ := b.get(c.path)
		if status != c.status || h.Get("Location") != c.loc {
			t.Errorf("GET %s = %d to %q, want %d to %q", c.path, status, h.Get("Location"), c.status, c.loc)
		}
	}
	if status, _, _ := b.post("/board/batch/urge", url.Values{"unit": {"清溪镇城管办"}}); status != http.StatusUnauthorized {
		t.Errorf("POST not signed in = %d", status)
	}
	// The system actor and actors without an id are refused.
	for _, a := range []workorder.Actor{workorder.System(), {Role: workorder.RoleCentre, ID: " "}} {
		if status, _, _ := f.browser(a).get("/board/"); status != http.StatusForbidden {
			t.Errorf("%v: %d, want 403", a, status)
		}
	}
}

var inlineScript = regexp.MustCompile(`<script(\s[^>]*)?>`)

func TestSecurityHeadersAndEscaping(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept(`<script>alert("x")</script> 路面坑洼`, "", false)
	b := f.browser(centre)
	for _, path := range []string{"/", "/orders/" + o.ID, "/charts", "/nope"} {
		_, h, body := b.get(path)
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for _, m := range inlineScript.FindAllStringSubmatch(body, -1) {
			if !strings.Contains(m[1], "src=") {
				t.Errorf("%s: inline script %q", path, m[0])
			}
		}
		if strings.Contains(body, `<script>alert`) {
			t.Errorf("%s: order text not escaped", path)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
	}
	_, _, body := b.get("/orders/" + o.ID)
	if !strings.Contains(body, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`) {
		t.Errorf("order page does not show the text escaped")
	}
}

func TestCSRF(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("路面坑洼，车辆颠簸", "", false)
	b := f.browser(centre)
	b.get("/orders/" + o.ID)
	for _, c := range []struct {
		name string
		form url.Values
	}{
		{"missing", url.Values{"step": {"dispatch"}, "csrf": {""}}},
		{"forged", url.Values{"step": {"dispatch"}, "csrf": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}},
	} {
		if status, _, _ := b.post("/orders/"+o.ID, c.form); status != http.StatusForbidden {
			t.Errorf("%s token: %d, want 403", c.name, status)
		}
	}
	// A form from another site, even with the token, is refused.
	req, _ := http.NewRequest("POST", f.srv.URL+"/orders/"+o.ID, strings.NewReader(url.Values{"step": {"dispatch"}, "csrf": {b.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if status, _, _ := b.do(req); status != http.StatusForbidden {
		t.Errorf("cross-origin post: %d, want 403", status)
	}
	got, _ := f.svc.Get(context.Background(), centre, o.ID)
	if got.State != workorder.StateReceived {
		t.Errorf("state %v after refused posts", got.State)
	}
}

func TestDispatchWithSuggestion(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("夜间噪音扰民", "", false)
	b := f.browser(centre)
	_, _, body := b.get("/orders/" + o.ID)
	if !strings.Contains(body, "路由建议 清溪镇环保分局") || !strings.Contains(body, `<option value="清溪镇环保分局" selected>`) {
		t.Errorf("dispatch form lacks the router's suggestion:\n%s", body)
	}
	status, h, _ := b.post("/orders/"+o.ID, url.Values{"step": {"dispatch"}, "lead": {"清溪镇环保分局"}, "remark": {"请尽快处理"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/orders/"+o.ID+"?done=dispatch" {
		t.Fatalf("dispatch: %d to %q", status, h.Get("Location"))
	}
	_, _, body = b.get(h.Get("Location"))
	if !strings.Contains(body, "已办理：派单") || !strings.Contains(body, "已校验") {
		t.Errorf("after dispatch the page lacks the flash or the verified trail")
	}
	got, _ := f.svc.Get(context.Background(), centre, o.ID)
	if got.State != workorder.StateDispatched || got.Lead != "清溪镇环保分局" {
		t.Errorf("order %v led by %q", got.State, got.Lead)
	}
}

func TestUnitQueueAndSteps(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	mine := f.accept("路面坑洼，保密来电", "清溪镇城管办", true)
	other := f.accept("夜间噪音", "清溪镇环保分局", false)
	b := f.browser(unitCGB)
	_, _, body := b.get("/")
	if !strings.Contains(body, mine.ID) || strings.Contains(body, other.ID) {
		t.Errorf("unit queue: want %s only", mine.ID)
	}
	if status, _, _ := b.get("/orders/" + other.ID); status != http.StatusNotFound {
		t.Errorf("another unit's order: %d, want 404", status)
	}
	// ?unit= cannot widen a unit's queue.
	if _, _, body := b.get("/?unit=" + url.QueryEscape("清溪镇环保分局")); strings.Contains(body, other.ID) {
		t.Errorf("unit listed another unit's order through ?unit=")
	}
	status, _, body := b.get("/orders/" + mine.ID)
	if status != http.StatusOK || strings.Contains(body, "李秀英") || strings.Contains(body, "13812345678") || !strings.Contains(body, "已隐藏") {
		t.Errorf("confidential caller reaches the unit's page (status %d)", status)
	}
	if status, _, _ := b.post("/orders/"+mine.ID, url.Values{"step": {"sign"}}); status != http.StatusSeeOther {
		t.Fatalf("sign: %d", status)
	}
	// A step the unit may not take is refused with the service's words.
	if status, _, body := b.post("/orders/"+mine.ID, url.Values{"step": {"close"}}); status != http.StatusForbidden || !strings.Contains(body, "未办理") {
		t.Errorf("unit closing: %d", status)
	}
	if status, _, body := b.post("/orders/"+mine.ID, url.Values{"step": {"reply"}, "reply": {""}}); status != http.StatusBadRequest {
		t.Errorf("empty reply: %d\n%s", status, body)
	}
	if status, _, _ := b.post("/orders/"+mine.ID, url.Values{"step": {"reply"}, "reply": {"已修复路面。"}}); status != http.StatusSeeOther {
		t.Fatalf("reply: %d", status)
	}
	got, _ := f.svc.Get(context.Background(), centre, mine.ID)
	if got.State != workorder.StateReplied || got.Reply != "已修复路面。" {
		t.Errorf("after reply: %v %q", got.State, got.Reply)
	}
	// The centre sees the caller.
	if _, _, body := f.browser(centre).get("/orders/" + mine.ID); !strings.Contains(body, "李秀英") {
		t.Errorf("the centre does not see the caller")
	}
	if status, _, _ := b.get("/charts"); status != http.StatusForbidden {
		t.Errorf("unit on charts: %d", status)
	}
}

func TestActionsByRoleAndState(t *testing.T) {
	o := &workorder.Order{State: workorder.StateDispatched, Lead: "清溪镇城管办"}
	keys := func(as []action) string {
		var ks []string
		for _, a := range as {
			ks = append(ks, a.Key)
		}
		return strings.Join(ks, ",")
	}
	for _, c := range []struct {
		a    workorder.Actor
		want string
	}{
		{unitCGB, "sign,request_return"},
		{unitHB, ""},
		{workorder.Supervisor("s1"), "urge,supervise"},
	} {
		if got := keys(actionsFor(o, c.a)); got != c.want {
			t.Errorf("%v: %q, want %q", c.a, got, c.want)
		}
	}
	if got := keys(actionsFor(o, centre)); got != "redispatch,urge,designate,cancel" {
		t.Errorf("centre: %q", got)
	}
}

func TestListFiltersAndPaging(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	for i := range 120 {
		lead := "清溪镇城管办"
		if i%3 == 0 {
			lead = "清溪镇环保分局"
		}
		f.accept("路面坑洼", lead, false)
		f.clock.add(time.Minute)
	}
	b := f.browser(centre)
	seen := map[string]bool{}
	idRE := regexp.MustCompile(`<tr class="lv-[a-z]+" data-id="([^"]+)"`)
	path, pages := "/?sort=id", 0
	for path != "" {
		status, _, body := b.get(path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		for _, m := range idRE.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s listed twice", m[1])
			}
			seen[m[1]] = true
		}
		pages++
		path = ""
		if m := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(body); m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	if len(seen) != 120 || pages != 3 {
		t.Errorf("paged through %d orders in %d pages, want 120 in 3", len(seen), pages)
	}
	_, _, body := b.get("/?unit=" + url.QueryEscape("清溪镇环保分局") + "&state=dispatched")
	if n := len(idRE.FindAllString(body, -1)); n != 40 {
		t.Errorf("unit filter: %d rows, want 40", n)
	}
	if _, _, body := b.get("/?level=overdue"); len(idRE.FindAllString(body, -1)) != 0 {
		t.Errorf("level filter: overdue rows on a fresh board")
	}
	for _, q := range []string{"state=nope", "level=red", "sort=size", "category=x", "after=zzz"} {
		if status, _, _ := b.get("/?" + q); status != http.StatusBadRequest {
			t.Errorf("?%s: %d, want 400", q, status)
		}
	}
}

func TestBatchUrge(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	for range 3 {
		f.accept("路面坑洼", "清溪镇城管办", false)
	}
	f.accept("夜间噪音", "清溪镇环保分局", false)
	f.clock.add(60 * 24 * time.Hour) // everything is overdue
	ctx := context.Background()
	os, _ := f.svc.List(ctx, centre, workorder.Filter{})
	for _, o := range os { // the monitor is off: mark them overdue by a step
		if _, err := f.svc.Urge(ctx, centre, o.ID, "到期"); err != nil {
			t.Fatal(err)
		}
	}
	b := f.browser(centre)
	b.get("/?unit=" + url.QueryEscape("清溪镇城管办"))
	status, h, _ := b.post("/batch/urge", url.Values{"unit": {"清溪镇城管办"}})
	if status != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "urged=3&failed=0") {
		t.Fatalf("batch urge: %d to %q", status, h.Get("Location"))
	}
	_, _, body := b.get(h.Get("Location"))
	if !strings.Contains(body, "已催办 清溪镇城管办 的 3 件超时工单") {
		t.Errorf("no flash after batch urge")
	}
	for _, o := range os {
		got, _ := f.svc.Get(ctx, centre, o.ID)
		want := 2
		if got.Lead != "清溪镇城管办" {
			want = 1
		}
		if got.Urges != want {
			t.Errorf("%s (%s): %d urges, want %d", o.ID, got.Lead, got.Urges, want)
		}
	}
	if status, _, _ := f.browser(unitCGB).post("/batch/urge", url.Values{"unit": {"清溪镇城管办"}}); status != http.StatusForbidden {
		t.Errorf("unit batch urge: %d", status)
	}
}

func TestChartData(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	f.accept("路面坑洼", "清溪镇城管办", false)
	f.accept("夜间噪音", "清溪镇环保分局", false)
	b := f.browser(workorder.Supervisor("leader"))
	status, h, body := b.get("/charts/data?year=2026&month=3")
	if status != http.StatusOK || h.Get("Content-Type") != "application/json" {
		t.Fatalf("chart data: %d %s", status, h.Get("Content-Type"))
	}
	var fig figures
	if err := json.Unmarshal([]byte(body), &fig); err != nil {
		t.Fatal(err)
	}
	if fig.Total != 2 || fig.MonthTotal != 2 || len(fig.Units) != 2 || len(fig.Hotspots) != 1 || fig.Hotspots[0].Value != 2 {
		t.Errorf("figures: %+v", fig)
	}
	if len(fig.Volume) != 1 || fig.Volume[0].Data[2] != 2 {
		t.Errorf("volume: %+v", fig.Volume)
	}
	if _, _, body := b.get("/charts/data?year=2025"); !strings.Contains(body, `"Total":0`) {
		t.Errorf("2025 figures: %s", body)
	}
	if status, _, _ := b.get("/charts/data?month=13"); status != http.StatusBadRequest {
		t.Errorf("month 13: %d", status)
	}
	if _, _, body := b.get("/charts"); !strings.Contains(body, "/static/vendor/echarts/echarts.min.js") {
		t.Errorf("charts page does not load ECharts")
	}
}

func TestEnglish(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	b := f.browser(centre)
	if _, _, body := b.get("/"); !strings.Contains(body, "工单看板") || !strings.Contains(body, `lang="zh-CN"`) {
		t.Errorf("not Chinese by default")
	}
	if _, _, body := b.get("/?lang=en"); !strings.Contains(body, "hotline board") {
		t.Errorf("?lang=en not English")
	}
	if _, _, body := b.get("/"); !strings.Contains(body, "hotline board") {
		t.Errorf("English not kept")
	}
}

// readEvent reads the next step event from an event stream.
func readEvent(t *testing.T, r *bufio.Reader) event {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var e event
			if err := json.Unmarshal([]byte(data), &e); err != nil {
				t.Fatal(err)
			}
			return e
		}
	}
}

func TestEvents(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	open := func(a workorder.Actor) (*bufio.Reader, func()) {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/events", nil)
		req.Header.Set("X-Actor", a.String())
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("events: %v %v", resp, err)
		}
		return bufio.NewReader(resp.Body), func() { cancel(); resp.Body.Close() }
	}
	cr, cclose := open(centre)
	defer cclose()
	ur, uclose := open(unitCGB)
	defer uclose()
	for f.hub.Listeners() < 2 {
		time.Sleep(time.Millisecond)
	}
	other := f.accept("夜间噪音", "清溪镇环保分局", false)
	mine := f.accept("路面坑洼", "清溪镇城管办", false)
	for _, want := range []string{other.ID + " accept", other.ID + " dispatch", mine.ID + " accept", mine.ID + " dispatch"} {
		if e := readEvent(t, cr); e.ID+" "+e.Step != want {
			t.Errorf("centre heard %s %s, want %s", e.ID, e.Step, want)
		}
	}
	// The unit hears nothing of the other unit's order: its first event
	// is its own order's dispatch (the accept was before it led it).
	if e := readEvent(t, ur); e.ID != mine.ID || e.Step != "dispatch" || e.State != "dispatched" || e.StepName != "派单" || e.StateName != "派单" {
		t.Errorf("unit heard %+v", e)
	}
	f.hub.Close()
	if _, err := cr.ReadString('\n'); err == nil {
		for {
			if _, err := cr.ReadString('\n'); err != nil {
				break
			}
		}
	}
	if status, _, _ := f.browser(centre).get("/events"); status != http.StatusServiceUnavailable {
		t.Errorf("events after Close: %d", status)
	}
}

// TestForms takes, through the board's forms, the steps the other tests
// do not: an assisting unit's opinion, an extension asked and granted, a
// return asked and approved, a redispatch, and the callback and close.
func TestForms(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	ctx := context.Background()
	o := f.accept("路面坑洼", "", false)
	c, lead, assist := f.browser(centre), f.browser(unitCGB), f.browser(workorder.Unit("三中村委会"))
	c.get("/orders/" + o.ID)
	lead.get("/orders/" + o.ID)
	assist.get("/")
	state := func() *workorder.Order {
		got, err := f.svc.Get(ctx, centre, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	post := func(b *browser, form url.Values) {
		t.Helper()
		if status, _, body := b.post("/orders/"+o.ID, form); status != http.StatusSeeOther {
			t.Fatalf("%v %s: %d\n%s", b.actor, form.Get("step"), status, regexp.MustCompile(`(?s)<p class="error".*?</p>`).FindString(body))
		}
	}
	post(c, url.Values{"step": {"dispatch"}, "lead": {"清溪镇城管办"}, "assist": {"三中村委会"}})
	if got := state(); got.Lead != "清溪镇城管办" || len(got.Assists) != 1 || got.Assists[0].Unit != "三中村委会" {
		t.Fatalf("dispatch with an assisting unit: %+v", got)
	}
	// The assisting unit sees the order and only its opinion form.
	_, _, body := assist.get("/orders/" + o.ID)
	if !strings.Contains(body, `data-step="submit_opinion"`) || strings.Contains(body, `data-step="sign"`) {
		t.Errorf("assisting unit's forms are wrong")
	}
	post(assist, url.Values{"step": {"submit_opinion"}, "opinion": {"村委会配合现场围挡。"}})
	post(lead, url.Values{"step": {"request_return"}, "code": {"not_our_duty"}, "reason": {"属公路部门管辖"}})
	_, _, body = c.get("/orders/" + o.ID)
	if !strings.Contains(body, `data-step="approve_return"`) {
		t.Fatalf("centre has no approve_return form after a return request:\n%s", body)
	}
	post(c, url.Values{"step": {"refuse_return"}, "reason": {"属本单位职责"}})
	post(lead, url.Values{"step": {"sign"}})
	post(lead, url.Values{"step": {"request_extension"}, "days": {"3"}, "reason": {"需协调施工队"}})
	if got := state(); got.Pending == nil || got.Pending.Amount.Days != 3 {
		t.Fatalf("extension not pending: %+v", got.Pending)
	}
	if _, _, body := c.get("/orders/" + o.ID); !strings.Contains(body, "延期申请") {
		t.Errorf("the pending extension is not shown")
	}
	post(c, url.Values{"step": {"approve_extension"}})
	if status, _, _ := lead.post("/orders/"+o.ID, url.Values{"step": {"request_extension"}, "days": {"0"}, "reason": {"x"}}); status != http.StatusBadRequest {
		t.Errorf("0 days: %d, want 400", status)
	}
	post(lead, url.Values{"step": {"reply"}, "reply": {"已修复。"}})
	post(c, url.Values{"step": {"approve_reply"}})
	post(c, url.Values{"step": {"callback"}, "satisfaction": {"satisfied"}, "resolution": {"resolved"}})
	post(c, url.Values{"step": {"close"}})
	got := state()
	if got.State != workorder.StateClosed || got.Extensions != 1 || got.ImproperReturns != 1 || got.Assists[0].Opinion != "村委会配合现场围挡。" {
		t.Errorf("closed order: %v, %d extensions, %d improper returns, opinion %q", got.State, got.Extensions, got.ImproperReturns, got.Assists[0].Opinion)
	}
	_, _, body = c.get("/orders/" + o.ID)
	for _, want := range []string{"村委会配合现场围挡。", "已校验", "满意", "办结"} {
		if !strings.Contains(body, want) {
			t.Errorf("closed order's page lacks %q", want)
		}
	}
	if status, _, _ := c.post("/orders/"+o.ID, url.Values{"step": {"close"}}); status != http.StatusConflict {
		t.Errorf("closing twice: %d, want 409", status)
	}
	if status, _, _ := c.post("/orders/"+o.ID, url.Values{"step": {"fly"}}); status != http.StatusBadRequest {
		t.Errorf("unknown step: %d, want 400", status)
	}
}

// The list colours each order by its level now, not as of its last step.
func TestListLiveLevel(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("路面坑洼", "清溪镇城管办", false)
	b := f.browser(centre)
	rowOf := regexp.MustCompile(`<tr class="(lv-[a-z]+)" data-id="` + o.ID + `"`)
	level := func() string {
		_, _, body := b.get("/")
		m := rowOf.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no row for %s", o.ID)
		}
		return m[1]
	}
	if got := level(); got != "lv-normal" {
		t.Errorf("fresh order: %s", got)
	}
	f.clock.add(30 * 24 * time.Hour)
	if got := level(); got != "lv-overdue" {
		t.Errorf("a month later: %s, want lv-overdue", got)
	}
	if _, _, body := b.get("/?level=overdue"); !rowOf.MatchString(body) {
		t.Errorf("level filter does not use the level now")
	}
	if _, _, body := b.get("/?level=normal"); rowOf.MatchString(body) {
		t.Errorf("level=normal lists an overdue order")
	}
}

var keyRE = regexp.MustCompile(`name="key" value="([^"]+)"`)

// TestDoubleSubmit posts the same step form twice, as a double click or a
// browser's retry would: the step is taken once and the second post
// answers as the first did. A form from a newer page takes it again, and
// the batch urge form sent twice urges each order once.
func TestDoubleSubmit(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	ctx := context.Background()
	o := f.accept("路面坑洼，车辆颠簸", "清溪镇城管办", false)
	b := f.browser(centre)
	_, _, page := b.get("/orders/" + o.ID)
	m := keyRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no form key on the order page")
	}
	form := url.Values{"step": {"urge"}, "key": {m[1]}, "remark": {"尽快"}}
	for i := range 2 {
		if status, _, body := b.post("/orders/"+o.ID, form); status != http.StatusSeeOther {
			t.Fatalf("post %d: %d %s", i+1, status, body)
		}
	}
	if got, _ := f.svc.Get(ctx, centre, o.ID); got.Urges != 1 {
		t.Fatalf("%d urges after the same form twice, want 1", got.Urges)
	}
	_, _, page = b.get("/orders/" + o.ID)
	if m2 := keyRE.FindStringSubmatch(page); m2 == nil || m2[1] == m[1] {
		t.Fatal("the next page has the same form key")
	} else if status, _, _ := b.post("/orders/"+o.ID, url.Values{"step": {"urge"}, "key": {m2[1]}}); status != http.StatusSeeOther {
		t.Fatalf("urge from the next page: %d", status)
	}
	if got, _ := f.svc.Get(ctx, centre, o.ID); got.Urges != 2 {
		t.Fatalf("%d urges after a form of a newer page, want 2", got.Urges)
	}
	if status, _, _ := b.post("/orders/"+o.ID, url.Values{"step": {"urge"}, "key": {"not-a-key"}}); status != http.StatusBadRequest {
		t.Errorf("a key no page gave: %d, want 400", status)
	}

	// A unit replying twice: the second post is not refused as a step
	// the state no longer allows.
	u := f.browser(unitCGB)
	u.get("/orders/" + o.ID)
	if status, _, _ := u.post("/orders/"+o.ID, url.Values{"step": {"sign"}}); status != http.StatusSeeOther {
		t.Fatalf("sign: %d", status)
	}
	_, _, page = u.get("/orders/" + o.ID)
	reply := url.Values{"step": {"reply"}, "key": {keyRE.FindStringSubmatch(page)[1]}, "reply": {"已修补路面"}}
	for i := range 2 {
		if status, _, body := u.post("/orders/"+o.ID, reply); status != http.StatusSeeOther {
			t.Fatalf("reply %d: %d %s", i+1, status, body)
		}
	}

	other := f.accept("夜间噪音", "清溪镇城管办", false)
	f.clock.add(60 * 24 * time.Hour) // overdue, which the next step records
	if _, err := f.svc.Urge(ctx, centre, other.ID, "到期"); err != nil {
		t.Fatal(err)
	}
	_, _, page = b.get("/?unit=" + url.QueryEscape("清溪镇城管办"))
	batch := url.Values{"unit": {"清溪镇城管办"}, "key": {keyRE.FindStringSubmatch(page)[1]}}
	for range 2 {
		if status, _, _ := b.post("/batch/urge", batch); status != http.StatusSeeOther {
			t.Fatalf("batch urge: %d", status)
		}
	}
	if got, _ := f.svc.Get(ctx, centre, other.ID); got.Urges != 2 {
		t.Errorf("%d urges after one urge and the batch form twice, want 2", got.Urges)
	}
}

// TestCSRFCookieTooShort posts with a CSRF cookie the board never sets,
// the empty one and a short one, and the same value as the field.
func TestCSRFCookieTooShort(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("路面坑洼", "", false)
	for _, tok := range []string{"", "a"} {
		req, _ := http.NewRequest("POST", f.srv.URL+"/orders/"+o.ID,
			strings.NewReader(url.Values{"step": {"dispatch"}, "lead": {"清溪镇城管办"}, "csrf": {tok}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", "hotline_csrf="+tok)
		if status, _, _ := f.browser(centre).do(req); status != http.StatusForbidden {
			t.Errorf("cookie %q: %d, want 403", tok, status)
		}
	}
	if got, _ := f.svc.Get(context.Background(), centre, o.ID); got.State != workorder.StateReceived {
		t.Errorf("state %v after refused posts", got.State)
	}
}

// TestLongReply replies with as long a text as the service takes, in
// Chinese (nine bytes a character once encoded): taken; a form larger
// than the board reads is a 413, not a stale form.
func TestLongReply(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("路面坑洼", "清溪镇城管办", false)
	u := f.browser(unitCGB)
	u.get("/orders/" + o.ID)
	if status, _, _ := u.post("/orders/"+o.ID, url.Values{"step": {"sign"}}); status != http.StatusSeeOther {
		t.Fatalf("sign: %d", status)
	}
	long := strings.Repeat("修", workorder.MaxTextLen)
	if status, _, body := u.post("/orders/"+o.ID, url.Values{"step": {"reply"}, "reply": {long}}); status != http.StatusSeeOther {
		t.Fatalf("reply of %d characters: %d %.200s", workorder.MaxTextLen, status, body)
	}
	if status, _, _ := u.post("/orders/"+o.ID, url.Values{"step": {"reply"}, "reply": {strings.Repeat(long, 4)}}); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a form of 360 kB: %d, want 413", status)
	}
}

// TestPrefixNotASCII serves the board under a Chinese prefix: order
// pages are found, and the CSRF cookie's path is the escaped prefix.
func TestPrefixNotASCII(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "/看板")
	o := f.accept("路面坑洼", "", false)
	b := f.browser(centre)
	status, h, _ := b.get("/" + url.PathEscape("看板") + "/orders/" + o.ID)
	if status != http.StatusOK {
		t.Fatalf("order page under /看板: %d", status)
	}
	var path string
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == "hotline_csrf" {
			path = c.Path
		}
	}
	if want := "/%E7%9C%8B%E6%9D%BF/"; path != want {
		t.Errorf("CSRF cookie path %q, want %q", path, want)
	}
}

// lostAnswers stores each update and then, while lose is set, reports its
// outcome as unknown, its key lookups failing too.
type lostAnswers struct {
	workorder.Store
	lose atomic.Bool
}

func (s *lostAnswers) Update(ctx context.Context, o *workorder.Order, v int64, recs []workorder.Record) error {
	if err := s.Store.Update(ctx, o, v, recs); err != nil || !s.lose.Load() {
		return err
	}
	return fmt.Errorf("store: %w", workorder.ErrOutcomeUnknown)
}

func (s *lostAnswers) RecordByKey(ctx context.Context, key string) (workorder.Record, error) {
	if s.lose.Load() {
		return workorder.Record{}, errors.New("store unreachable")
	}
	return s.Store.RecordByKey(ctx, key)
}

// TestOutcomeUnknownForm posts an urge whose commit happens but whose
// answer is lost: 503, the page's form keeps the key it was posted with,
// and posting it again once the store answers takes the urge once.
func TestOutcomeUnknownForm(t *testing.T) {
	store := &lostAnswers{Store: workorder.NewMemStore()}
	f := newFixture(t, store, "")
	o := f.accept("路面坑洼", "清溪镇城管办", false)
	b := f.browser(centre)
	_, _, page := b.get("/orders/" + o.ID)
	key := keyRE.FindStringSubmatch(page)[1]
	store.lose.Store(true)
	status, _, page := b.post("/orders/"+o.ID, url.Values{"step": {"urge"}, "key": {key}})
	if status != http.StatusServiceUnavailable || !strings.Contains(page, "办理结果未知") {
		t.Fatalf("lost answer: %d", status)
	}
	if m := keyRE.FindStringSubmatch(page); m == nil || m[1] != key {
		t.Fatalf("the page after a lost answer carries key %v, want %s", m, key)
	}
	store.lose.Store(false)
	if status, _, _ := b.post("/orders/"+o.ID, url.Values{"step": {"urge"}, "key": {key}}); status != http.StatusSeeOther {
		t.Fatalf("sent again: %d", status)
	}
	if got, _ := f.svc.Get(context.Background(), centre, o.ID); got.Urges != 1 {
		t.Errorf("%d urges, want 1", got.Urges)
	}
}
