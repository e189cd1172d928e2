package board

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/workorder"
)

// newKBFixture is a fixture whose service and board share a knowledge
// base holding one entry on 三中村's water outage.
func newKBFixture(t *testing.T) *fixture {
	t.Helper()
	base := kb.New()
	if _, err := base.Add(kb.Entry{ID: "QX-GS-001", Title: "三中村停水", Keywords: []string{"没水"},
		Answer: "三中村管网检修，预计当日18时恢复供水。"}); err != nil {
		t.Fatal(err)
	}
	return newFixtureWith(t, workorder.NewMemStore(), "", headerAuth, nil, &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, cst)},
		func(c *workorder.Config, o *Options) { c.Knowledge, o.Knowledge = base, base })
}

// postStatus posts form to order id and returns the status and the
// page's error paragraph, if any.
func postStatus(b *browser, id string, form url.Values) (int, string) {
	b.f.t.Helper()
	status, _, body := b.post("/orders/"+id, maps.Clone(form))
	_, e, _ := strings.Cut(body, `class="error"`)
	e, _, _ = strings.Cut(e, "</p>")
	return status, e
}

func TestAnswerForm(t *testing.T) {
	f := newKBFixture(t)
	o := f.accept("三中村停水了，家里没水", "", false)
	c := f.browser(centre)
	_, _, body := c.get("/orders/" + o.ID)
	for _, want := range []string{`data-step="answer"`, `<option value="QX-GS-001">QX-GS-001 · 三中村停水</option>`, "预计当日18时恢复供水", "知识库条目"} {
		if !strings.Contains(body, want) {
			t.Errorf("answer form lacks %q", want)
		}
	}
	if status, e := postStatus(c, o.ID, url.Values{"step": {"answer"}, "entry": {"QX-GS-404"}}); status != http.StatusBadRequest {
		t.Errorf("unknown entry: %d %s, want 400", status, e)
	}
	if status, e := postStatus(c, o.ID, url.Values{"step": {"answer"}, "entry": {"QX-GS-001"}, "remark": {"咨询"}}); status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", status, e)
	}
	got, _ := f.svc.Get(context.Background(), centre, o.ID)
	if got.State != workorder.StateAnswered || got.Answer == nil || got.Answer.Entry != "QX-GS-001" || got.Reply != "三中村管网检修，预计当日18时恢复供水。" {
		t.Fatalf("answered order: %v %+v %q", got.State, got.Answer, got.Reply)
	}
	_, _, body = c.get("/orders/" + o.ID)
	if !strings.Contains(body, "依据知识库条目 QX-GS-001 第 1 版") || strings.Contains(body, `data-step="answer"`) {
		t.Errorf("answered order's page lacks the entry or still offers the answer")
	}
	if _, _, body := c.get("/orders/" + o.ID + "?lang=en"); !strings.Contains(body, "from entry QX-GS-001, version 1") {
		t.Errorf("English page lacks the entry")
	}
}

// Without a knowledge base the form asks for an entry's id and the
// service's refusal is shown.
func TestAnswerWithoutKnowledge(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("三中村停水了", "", false)
	c := f.browser(centre)
	if _, _, body := c.get("/orders/" + o.ID); !strings.Contains(body, `<input name="entry" required>`) {
		t.Errorf("answer form without a knowledge base lacks the entry field")
	}
	if status, e := postStatus(c, o.ID, url.Values{"step": {"answer"}, "entry": {"QX-GS-001"}}); status != http.StatusUnprocessableEntity || !strings.Contains(e, "no knowledge base") {
		t.Errorf("answer without a knowledge base: %d %s, want 422", status, e)
	}
	// A unit is not offered the step and is refused it.
	u := f.browser(unitCGB)
	if status, _ := postStatus(u, o.ID, url.Values{"step": {"answer"}, "entry": {"QX-GS-001"}}); status != http.StatusNotFound && status != http.StatusForbidden {
		t.Errorf("unit answering: %d, want 403 or 404", status)
	}
}

func TestTransferForm(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("有人持刀在三中村闹事", "", false)
	c := f.browser(centre)
	_, _, body := c.get("/orders/" + o.ID)
	for _, want := range []string{`data-step="transfer"`, `<option value="110">110报警服务台</option>`, `name="three_way"`, "转办意见"} {
		if !strings.Contains(body, want) {
			t.Errorf("transfer form lacks %q", want)
		}
	}
	for _, bad := range []url.Values{
		{"step": {"transfer"}, "body": {"999"}, "decision": {"警情"}},
		{"step": {"transfer"}, "body": {"110"}, "decision": {""}},
	} {
		if status, e := postStatus(c, o.ID, bad); status != http.StatusBadRequest {
			t.Errorf("transfer %v: %d %s, want 400", bad, status, e)
		}
	}
	if status, e := postStatus(c, o.ID, url.Values{"step": {"transfer"}, "body": {"110"}, "decision": {"涉及治安警情"},
		"three_way": {"1"}, "reference": {"JQ20260302001"}}); status != http.StatusSeeOther {
		t.Fatalf("transfer: %d %s", status, e)
	}
	got, _ := f.svc.Get(context.Background(), centre, o.ID)
	if want := (workorder.Transfer{Body: "110", Decision: "涉及治安警情", ThreeWay: true, Reference: "JQ20260302001", At: got.Created}); got.State != workorder.StateTransferred ||
		got.Transfer == nil || got.Transfer.Body != want.Body || got.Transfer.Decision != want.Decision || !got.Transfer.ThreeWay || got.Transfer.Reference != want.Reference {
		t.Fatalf("transferred order: %v %+v", got.State, got.Transfer)
	}
	_, _, body = c.get("/orders/" + o.ID)
	for _, want := range []string{"已转办", "110报警服务台 · 三方通话 · 对方编号 JQ20260302001", "涉及治安警情"} {
		if !strings.Contains(body, want) {
			t.Errorf("transferred order's page lacks %q", want)
		}
	}
	if _, _, body := c.get("/orders/" + o.ID + "?lang=en"); !strings.Contains(body, "110 police · three-way call") {
		t.Errorf("English page lacks the body's English name")
	}
}

// calledBackDissatisfied takes an order through to a dissatisfied callback.
func calledBackDissatisfied(f *fixture) *workorder.Order {
	f.t.Helper()
	ctx := context.Background()
	o := f.accept("工地夜间施工噪音", "清溪镇城管办", false)
	for _, step := range []func() error{
		func() error { _, err := f.svc.Sign(ctx, unitCGB, o.ID); return err },
		func() error { _, err := f.svc.Reply(ctx, unitCGB, o.ID, "已责令工地夜间停工。"); return err },
		func() error { _, err := f.svc.ApproveReply(ctx, centre, o.ID, ""); return err },
		func() error {
			_, err := f.svc.Callback(ctx, centre, o.ID, hotline.Dissatisfied, "要求永久停工")
			return err
		},
	} {
		if err := step(); err != nil {
			f.t.Fatal(err)
		}
	}
	return o
}

func TestExemptForm(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := calledBackDissatisfied(f)
	sup, c := f.browser(workorder.Supervisor("督查室")), f.browser(centre)
	_, _, body := sup.get("/orders/" + o.ID)
	for _, want := range []string{`data-step="exempt"`, `<option value="malicious">恶意来电</option>`, `<option value="verdict">评价不纳入考核</option>`, `name="requested_by" required`} {
		if !strings.Contains(body, want) {
			t.Errorf("exempt form lacks %q", want)
		}
	}
	if _, _, body := sup.get("/orders/" + o.ID + "?lang=en"); !strings.Contains(body, `<option value="malicious">malicious (恶意来电)</option>`) {
		t.Errorf("English exempt form lacks the reason's code")
	}
	if _, _, body := c.get("/orders/" + o.ID); strings.Contains(body, `data-step="exempt"`) {
		t.Errorf("the centre is offered the exemption")
	}
	ask := url.Values{"step": {"exempt"}, "scope": {"verdict"}, "code": {assess.ExemptUnreasonable}, "requested_by": {"agent-7"}, "remark": {"要求永久停工，超出合理诉求"}}
	if status, _ := postStatus(c, o.ID, ask); status != http.StatusForbidden {
		t.Errorf("centre exempting: %d, want 403", status)
	}
	bad := url.Values{}
	for k, v := range ask {
		bad[k] = v
	}
	bad.Set("scope", "everything")
	if status, e := postStatus(sup, o.ID, bad); status != http.StatusBadRequest || !strings.Contains(e, "scope") {
		t.Errorf("unknown scope: %d %s, want 400", status, e)
	}
	bad.Set("scope", "order")
	bad.Set("code", "bribed")
	if status, e := postStatus(sup, o.ID, bad); status != http.StatusBadRequest {
		t.Errorf("unknown reason: %d %s, want 400", status, e)
	}
	if status, e := postStatus(sup, o.ID, ask); status != http.StatusSeeOther {
		t.Fatalf("exempt: %d %s", status, e)
	}
	hist, _ := f.svc.History(context.Background(), centre, o.ID)
	last := hist[len(hist)-1]
	if r, _ := last.Value("reason"); last.Step != workorder.StepExempt || r != assess.ExemptUnreasonable {
		t.Errorf("last record: %v reason %q", last.Step, r)
	}
	if status, _ := postStatus(sup, o.ID, ask); status != http.StatusUnprocessableEntity {
		t.Errorf("exempting twice: %d, want 422", status)
	}
}

// The exemption form offers the reasons the board is given.
func TestExemptReasonsOption(t *testing.T) {
	f := newFixtureWith(t, workorder.NewMemStore(), "", headerAuth, nil, &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, cst)},
		func(c *workorder.Config, o *Options) {
			rs := []assess.ExemptReason{{Code: "force_majeure", Name: "不可抗力"}}
			c.ExemptReasons, o.ExemptReasons = rs, rs
		})
	o := calledBackDissatisfied(f)
	_, _, body := f.browser(workorder.Supervisor("督查室")).get("/orders/" + o.ID)
	if !strings.Contains(body, `<option value="force_majeure">不可抗力</option>`) || strings.Contains(body, `value="malicious"`) {
		t.Errorf("exempt form does not offer the given reasons")
	}
}

func TestCodeFilter(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	ctx := context.Background()
	accept := func(text string, code classify.Code) string {
		o, err := f.svc.Accept(ctx, centre, &workorder.Order{Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
			Text: text, Code: code, Caller: workorder.Caller{Name: "李秀英", Phone: "13812345678"}})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	noise, road, none := accept("夜间噪音", "01.02.03"), accept("路面坑洼", "01.01.01"), accept("咨询社保", "")
	c := f.browser(centre)
	for _, tc := range []struct {
		query    string
		in, out  []string
		contains string
	}{
		{"code=01.02", []string{noise}, []string{road, none}, `<option value="01.02" selected>`},
		{"code=01.02.03", []string{noise}, []string{road, none}, "01.02.03 噪音扰民"},
		{"code=01", []string{noise, road}, []string{none}, `title="城乡建设 &gt; 市政设施 &gt; 道路破损"`},
		{"", []string{noise, road, none}, nil, "01.01.01 道路破损"},
		{"code=01.02&lang=en", []string{noise}, []string{road}, "01.02.03 Noise nuisance"},
	} {
		status, _, body := c.get("/?" + tc.query)
		if status != http.StatusOK {
			t.Errorf("%s: %d", tc.query, status)
			continue
		}
		for _, id := range tc.in {
			if !strings.Contains(body, `data-id="`+id+`"`) {
				t.Errorf("%s: %s not listed", tc.query, id)
			}
		}
		for _, id := range tc.out {
			if strings.Contains(body, `data-id="`+id+`"`) {
				t.Errorf("%s: %s listed", tc.query, id)
			}
		}
		if !strings.Contains(body, tc.contains) {
			t.Errorf("%s: page lacks %q", tc.query, tc.contains)
		}
	}
	if status, _, _ := c.get("/?code=01..02"); status != http.StatusBadRequest {
		t.Errorf("malformed code: %d, want 400", status)
	}
	// The filter's links keep the code.
	if got := (query{Code: "01.02"}).url("", "x"); got != "/?after=x&code=01.02" {
		t.Errorf("url: %q", got)
	}
	_, _, body := c.get("/orders/" + noise + "?lang=zh")
	if !strings.Contains(body, "01.02.03 城乡建设 &gt; 市容环境 &gt; 噪音扰民") {
		t.Errorf("order page lacks the code's path")
	}
}

func TestTrailPersonsAndAttachments(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("井盖缺失", "清溪镇城管办", false)
	photo := workorder.Attachment{Name: "井盖.jpg", MediaType: "image/jpeg", Size: 2048, SHA256: sha256.Sum256([]byte("photo")), Key: "2026/03/QX1/1.jpg"}
	if _, err := f.svc.Sign(workorder.WithAttachments(context.Background(), photo), workorder.Person("清溪镇城管办", "王五", "执法队"), o.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Contact(context.Background(), workorder.UnitLeader("清溪镇城管办", "陈镇长", "镇长"), o.ID, "约见来电人"); err != nil {
		t.Fatal(err)
	}
	_, _, body := f.browser(centre).get("/orders/" + o.ID)
	sum := sha256.Sum256([]byte("photo"))
	for _, want := range []string{`<span class="person">陈镇长</span> (镇长) · 领导领办 陈镇长`, `<span class="person">王五</span> (执法队)`, `<span class="fname">井盖.jpg</span> · image/jpeg · 2.0 KiB`, hex.EncodeToString(sum[:])[:12] + "…"} {
		if !strings.Contains(body, want) {
			t.Errorf("trail lacks %q", want)
		}
	}
}

func TestByteSize(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {2560, "2.5 KiB"}, {3 << 20, "3.0 MiB"}, {5 << 30, "5.0 GiB"},
	} {
		if got := byteSize(c.n); got != c.want {
			t.Errorf("byteSize(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// The new steps are offered by role and state: answer and transfer to the
// centre, exempt to a supervisor on a late or dissatisfied order only.
func TestNewStepsOffered(t *testing.T) {
	sup := workorder.Supervisor("督查室")
	has := func(as []action, key string) bool {
		for _, a := range as {
			if a.Key == key {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		name string
		o    workorder.Order
		a    workorder.Actor
		key  string
		want bool
	}{
		{"centre answers a received order", workorder.Order{State: workorder.StateReceived}, centre, "answer", true},
		{"centre cannot answer a dispatched order", workorder.Order{State: workorder.StateDispatched, Lead: "清溪镇城管办"}, centre, "answer", false},
		{"supervisor does not answer", workorder.Order{State: workorder.StateReceived}, sup, "answer", false},
		{"centre transfers a received order", workorder.Order{State: workorder.StateReceived}, centre, "transfer", true},
		{"centre transfers a returned order", workorder.Order{State: workorder.StateReturned}, centre, "transfer", true},
		{"unit does not transfer", workorder.Order{State: workorder.StateReturned, Lead: "清溪镇城管办"}, unitCGB, "transfer", false},
		{"dissatisfied, called back", workorder.Order{State: workorder.StateCalledBack, Satisfaction: hotline.Dissatisfied}, sup, "exempt", true},
		{"very dissatisfied, closed", workorder.Order{State: workorder.StateClosed, Satisfaction: hotline.VeryDissatisfied}, sup, "exempt", true},
		{"late, satisfied, closed", workorder.Order{State: workorder.StateClosed, Satisfaction: hotline.Satisfied, Overdue: true}, sup, "exempt", true},
		{"on time and satisfied", workorder.Order{State: workorder.StateClosed, Satisfaction: hotline.Satisfied}, sup, "exempt", false},
		{"centre does not exempt", workorder.Order{State: workorder.StateClosed, Satisfaction: hotline.Dissatisfied}, centre, "exempt", false},
		{"not called back yet", workorder.Order{State: workorder.StateReplied, Overdue: true}, sup, "exempt", false},
	} {
		if got := has(actionsFor(&c.o, c.a), c.key); got != c.want {
			t.Errorf("%s: %s offered %v, want %v", c.name, c.key, got, c.want)
		}
	}
}

// Each coded-reason form names its own reasons: a received order offers
// the centre cancel and decline, each with its label and its codes.
func TestReasonLabels(t *testing.T) {
	f := newFixture(t, workorder.NewMemStore(), "")
	o := f.accept("三中村停水了", "", false)
	_, _, body := f.browser(centre).get("/orders/" + o.ID)
	for _, want := range []string{"撤单原因", "不予受理原因", `value="caller_withdrew"`, `value="out_of_scope"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the received order's page lacks %s", want)
		}
	}
	if strings.Contains(body, "退单原因") {
		t.Error("a cancel or decline form is labelled as a return")
	}
}
