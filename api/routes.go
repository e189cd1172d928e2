package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// stepRoute is the route of one step: POST {prefix}/orders/{id}/{name},
// with a JSON body of type body. Adding a step to the API is adding one
// entry to steps; the OpenAPI document follows from it.
type stepRoute struct {
	name    string // the path's last segment: the step's English key
	summary string
	body    reflect.Type // a struct; its fields are the body's keys
	take    func(ctx context.Context, s *workorder.Service, a workorder.Actor, id string, body any) (*workorder.Order, error)
}

// step makes the route of st from take, which is given the decoded body.
func step[B any](st workorder.Step, summary string, take func(ctx context.Context, s *workorder.Service, a workorder.Actor, id string, b *B) (*workorder.Order, error)) stepRoute {
	return stepRoute{name: st.String(), summary: summary, body: reflect.TypeFor[B](),
		take: func(ctx context.Context, s *workorder.Service, a workorder.Actor, id string, b any) (*workorder.Order, error) {
			return take(ctx, s, a, id, b.(*B))
		}}
}

type svc = workorder.Service

type actor = workorder.Actor

type order = workorder.Order

// steps are the step routes, in the order of the lifecycle.
var steps = []stepRoute{
	step(workorder.StepDispatch, "Send the order to its lead unit and any assisting units (派单); with no lead the router chooses",
		func(ctx context.Context, s *svc, a actor, id string, b *assignBody) (*order, error) {
			return s.Dispatch(ctx, a, id, b.assignment())
		}),
	step(workorder.StepSign, "Sign for the order as its lead unit (签收)",
		func(ctx context.Context, s *svc, a actor, id string, _ *emptyBody) (*order, error) {
			return s.Sign(ctx, a, id)
		}),
	step(workorder.StepReturn, "Return the order with a coded reason (退单): an application the centre reviews, or at once when the service is so configured",
		func(ctx context.Context, s *svc, a actor, id string, b *codedBody) (*order, error) {
			return s.Return(ctx, a, id, workorder.ReturnRequest{Code: b.Code, Text: b.Text})
		}),
	step(workorder.StepApproveReturn, "Approve the lead's return application (退单审核通过)",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.ApproveReturn(ctx, a, id, b.Remark)
		}),
	step(workorder.StepRefuseReturn, "Refuse the lead's return application (退单审核不通过), with a reason",
		func(ctx context.Context, s *svc, a actor, id string, b *reasonBody) (*order, error) {
			return s.RefuseReturn(ctx, a, id, b.Reason)
		}),
	step(workorder.StepRedispatch, "Send the order to another lead unit (改派); assist absent keeps the assisting units, [] removes them",
		func(ctx context.Context, s *svc, a actor, id string, b *assignBody) (*order, error) {
			return s.Redispatch(ctx, a, id, b.assignment())
		}),
	step(workorder.StepDesignate, "Designate the fallback unit (兜底); unit absent means the directory's fallback unit",
		func(ctx context.Context, s *svc, a actor, id string, b *designateBody) (*order, error) {
			return s.Designate(ctx, a, id, b.Unit, b.Remark)
		}),
	step(workorder.StepRequestExtension, "Ask for more time (申请延期)",
		func(ctx context.Context, s *svc, a actor, id string, b *extensionBody) (*order, error) {
			amt, err := b.Amount.amount()
			if err != nil {
				return nil, err
			}
			return s.RequestExtension(ctx, a, id, workorder.ExtensionRequest{Target: b.Target, Amount: amt, Reason: b.Reason})
		}),
	step(workorder.StepApproveExtension, "Grant the pending extension request (批准延期)",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.ApproveExtension(ctx, a, id, b.Remark)
		}),
	step(workorder.StepRefuseExtension, "Refuse the pending extension request (驳回延期), with a reason",
		func(ctx context.Context, s *svc, a actor, id string, b *reasonBody) (*order, error) {
			return s.RefuseExtension(ctx, a, id, b.Reason)
		}),
	step(workorder.StepSuspend, "Pause handling (挂起), with a reason",
		func(ctx context.Context, s *svc, a actor, id string, b *reasonBody) (*order, error) {
			return s.Suspend(ctx, a, id, b.Reason)
		}),
	step(workorder.StepResume, "End a suspension (恢复)",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.Resume(ctx, a, id, b.Remark)
		}),
	step(workorder.StepContact, "Record that the lead unit reached the caller (联系), once",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.Contact(ctx, a, id, b.Remark)
		}),
	step(workorder.StepArrive, "Record that the lead unit arrived on site (到场), once",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.Arrive(ctx, a, id, b.Remark)
		}),
	step(workorder.StepSubmitOpinion, "Submit an assisting unit's opinion (协办意见), once",
		func(ctx context.Context, s *svc, a actor, id string, b *opinionBody) (*order, error) {
			return s.SubmitOpinion(ctx, a, id, b.Opinion)
		}),
	step(workorder.StepWaiveOpinion, "Let the lead reply without an assisting unit's opinion (免协办意见), with a reason",
		func(ctx context.Context, s *svc, a actor, id string, b *waiveBody) (*order, error) {
			return s.WaiveOpinion(ctx, a, id, b.Unit, b.Reason)
		}),
	step(workorder.StepReply, "Answer as the lead unit (回复)",
		func(ctx context.Context, s *svc, a actor, id string, b *replyBody) (*order, error) {
			return s.Reply(ctx, a, id, b.Reply)
		}),
	step(workorder.StepApproveReply, "Approve the lead's reply (审核通过)",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.ApproveReply(ctx, a, id, b.Remark)
		}),
	step(workorder.StepRejectReply, "Send the reply back for more handling (审核退回), with a reason",
		func(ctx context.Context, s *svc, a actor, id string, b *reasonBody) (*order, error) {
			return s.RejectReply(ctx, a, id, b.Reason)
		}),
	step(workorder.StepCallback, "Record the call back to the caller (回访): the verdict and, when asked, whether the matter was resolved",
		func(ctx context.Context, s *svc, a actor, id string, b *callbackBody) (*order, error) {
			ans, err := b.answer()
			if err != nil {
				return nil, err
			}
			return s.CallbackWith(ctx, a, id, ans)
		}),
	step(workorder.StepClose, "Close the order (办结) and the orders merged into it",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.Close(ctx, a, id, b.Remark)
		}),
	step(workorder.StepReopen, "Send a dissatisfied order back to its lead (重办), with a reason",
		func(ctx context.Context, s *svc, a actor, id string, b *reasonBody) (*order, error) {
			return s.Reopen(ctx, a, id, b.Reason)
		}),
	step(workorder.StepUrge, "Press the handling unit (催办)",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.Urge(ctx, a, id, b.Remark)
		}),
	step(workorder.StepSupervise, "Raise the order's supervision level (督办)",
		func(ctx context.Context, s *svc, a actor, id string, b *remarkBody) (*order, error) {
			return s.Supervise(ctx, a, id, b.Remark)
		}),
	step(workorder.StepMerge, "Merge a repeated order into a master (并单)",
		func(ctx context.Context, s *svc, a actor, id string, b *mergeBody) (*order, error) {
			return s.Merge(ctx, a, id, b.Master, b.Remark)
		}),
	step(workorder.StepCancel, "Cancel an invalid order (撤单) with a coded reason",
		func(ctx context.Context, s *svc, a actor, id string, b *codedBody) (*order, error) {
			return s.Cancel(ctx, a, id, workorder.CodedReason{Code: b.Code, Text: b.Text})
		}),
	step(workorder.StepAnswer, "Answer a received order from the knowledge base (直接答复), with no unit involved",
		func(ctx context.Context, s *svc, a actor, id string, b *answerBody) (*order, error) {
			return s.AnswerDirectly(ctx, a, id, workorder.DirectReply{Entry: b.Entry, Reply: b.Reply, Remark: b.Remark})
		}),
	step(workorder.StepTransfer, "Hand the order over to another body (转办), such as 110",
		func(ctx context.Context, s *svc, a actor, id string, b *transferBody) (*order, error) {
			return s.Transfer(ctx, a, id, workorder.TransferRequest{Body: b.Body, Decision: b.Decision, ThreeWay: b.ThreeWay, Reference: b.Reference, Remark: b.Remark})
		}),
	step(workorder.StepExempt, "Approve, as a supervisor, the centre's request to leave a dissatisfied verdict or a failed order out of assessment (差评甄别, 不纳入考核)",
		func(ctx context.Context, s *svc, a actor, id string, b *exemptBody) (*order, error) {
			scope, err := assess.ParseExemption(b.Scope)
			if err != nil {
				return nil, &badInput{field: "scope", why: err.Error(), err: err}
			}
			return s.Exempt(ctx, a, id, workorder.Exemption{Scope: scope, Reason: b.Reason, RequestedBy: b.RequestedBy, Remark: b.Remark})
		}),
	step(workorder.StepDecline, "Decline to accept a received order (不予受理) with a coded reason",
		func(ctx context.Context, s *svc, a actor, id string, b *codedBody) (*order, error) {
			return s.Decline(ctx, a, id, workorder.CodedReason{Code: b.Code, Text: b.Text})
		}),
}

// The bodies of the steps. Tag api:"required" marks a key that must be
// present and not blank; api:"short" limits a text to
// workorder.MaxFieldLen characters instead of workorder.MaxTextLen.
type (
	emptyBody  struct{}
	remarkBody struct {
		Remark string `json:"remark,omitempty"`
	}
	reasonBody struct {
		Reason string `json:"reason" api:"required"`
	}
	assignBody struct {
		Lead   string   `json:"lead,omitempty" api:"short"`
		Assist []string `json:"assist,omitempty" api:"short"`
		Remark string   `json:"remark,omitempty"`
	}
	designateBody struct {
		Unit   string `json:"unit,omitempty" api:"short"`
		Remark string `json:"remark,omitempty"`
	}
	codedBody struct {
		Code string `json:"code" api:"required,short"`
		Text string `json:"text,omitempty"`
	}
	extensionBody struct {
		Target string     `json:"target,omitempty" api:"short"`
		Amount amountBody `json:"amount" api:"required"`
		Reason string     `json:"reason" api:"required"`
	}
	amountBody struct {
		Days     int    `json:"days,omitempty"`
		Duration string `json:"duration,omitempty" api:"short"`
	}
	opinionBody struct {
		Opinion string `json:"opinion" api:"required"`
	}
	waiveBody struct {
		Unit   string `json:"unit" api:"required,short"`
		Reason string `json:"reason" api:"required"`
	}
	replyBody struct {
		Reply string `json:"reply" api:"required"`
	}
	callbackBody struct {
		Satisfaction string `json:"satisfaction" api:"required,short"`
		Resolution   string `json:"resolution,omitempty" api:"short"`
		Remark       string `json:"remark,omitempty"`
	}
	answerBody struct {
		Entry  string `json:"entry" api:"required,short"`
		Reply  string `json:"reply,omitempty"`
		Remark string `json:"remark,omitempty"`
	}
	transferBody struct {
		Body      string `json:"body" api:"required,short"`
		Decision  string `json:"decision" api:"required"`
		ThreeWay  bool   `json:"three_way,omitempty"`
		Reference string `json:"reference,omitempty" api:"short"`
		Remark    string `json:"remark,omitempty"`
	}
	exemptBody struct {
		Scope       string `json:"scope" api:"required,short"`
		Reason      string `json:"reason" api:"required,short"`
		RequestedBy string `json:"requested_by" api:"required,short"`
		Remark      string `json:"remark" api:"required"`
	}
	mergeBody struct {
		Master string `json:"master" api:"required,short"`
		Remark string `json:"remark,omitempty"`
	}
	// draftBody is the body of POST /orders: the keys of the public JSON
	// form of orders that a new order takes. The service ignores the
	// others, so the API refuses them.
	draftBody struct {
		ID       string             `json:"id,omitempty"`
		Channel  hotline.Channel    `json:"channel"`
		Category hotline.Category   `json:"category"`
		Urgency  hotline.Urgency    `json:"urgency,omitempty"`
		Title    string             `json:"title,omitempty"`
		Text     string             `json:"text"`
		Caller   workorder.Caller   `json:"caller,omitzero"`
		Location workorder.Location `json:"location,omitzero"`
		Tags     []string           `json:"tags,omitempty"`
		Code     classify.Code      `json:"code,omitempty"`
	}
)

func (b *assignBody) assignment() workorder.Assignment {
	return workorder.Assignment{Lead: b.Lead, Assist: b.Assist, Remark: b.Remark}
}

func (b *amountBody) amount() (sla.Amount, error) {
	var a sla.Amount
	a.Days = b.Days
	if b.Duration != "" {
		d, err := time.ParseDuration(b.Duration)
		if err != nil {
			return a, bad("amount.duration", "want a duration such as 1h30m")
		}
		a.Duration = d
	}
	if b.Days < 0 || a.Duration < 0 || (b.Days == 0) == (a.Duration == 0) {
		return a, bad("amount", "want a positive number of days or a positive duration, not both")
	}
	return a, nil
}

func (b *callbackBody) answer() (workorder.CallbackAnswer, error) {
	s, err := hotline.ParseSatisfaction(b.Satisfaction)
	if err != nil {
		return workorder.CallbackAnswer{}, &badInput{field: "satisfaction", why: err.Error(), err: err}
	}
	ans := workorder.CallbackAnswer{Satisfaction: s, Remark: b.Remark}
	if b.Resolution != "" {
		r, err := hotline.ParseResolution(b.Resolution)
		if err != nil {
			return workorder.CallbackAnswer{}, &badInput{field: "resolution", why: err.Error(), err: err}
		}
		ans.Resolution = r
	}
	return ans, nil
}

// routes registers every route on h.mux and lists their patterns, without
// the prefix, in h.patterns.
func (h *handler) routes() {
	handle := func(method, path string, f func(c *call, r *http.Request)) {
		h.patterns = append(h.patterns, method+" "+path)
		h.mux.HandleFunc(method+" "+h.opts.Prefix+path, func(w http.ResponseWriter, r *http.Request) { f(w.(*call), r) })
	}
	handle("GET", "/openapi.json", h.openapi)
	handle("GET", "/orders", h.list)
	handle("POST", "/orders", h.accept)
	handle("GET", "/orders/{id}", h.get)
	handle("GET", "/orders/{id}/history", h.history)
	handle("GET", "/orders/{id}/deadlines", h.deadlines)
	handle("GET", "/lookup/{id}", h.lookup)
	for i := range steps {
		sr := &steps[i]
		handle("POST", "/orders/{id}/"+sr.name, func(c *call, r *http.Request) { h.step(c, r, sr) })
	}
}

// begin starts answering a route of ours: it authenticates the request
// and, when the route has one, checks the order id of the path.
func (h *handler) begin(c *call, r *http.Request, withID bool) bool {
	c.handled = true
	if withID {
		c.id = r.PathValue("id")
	}
	a, err := h.opts.Auth.Authenticate(r)
	if err != nil {
		fail(c, err)
		return false
	}
	c.actor, c.authed = a, true
	if withID && (c.id == "" || len(c.id) > workorder.MaxFieldLen || !utf8.ValidString(c.id) ||
		strings.ContainsFunc(c.id, func(r rune) bool { return r < ' ' || r == 0x7f })) {
		fail(c, bad("id", "want an order id without control characters"))
		return false
	}
	return true
}

// parseQuery returns r's query parameters, answering c with a 400 when
// the query string is malformed: url.Values would drop the pairs it
// cannot read, and a listing would then be wider than asked.
func parseQuery(c *call, r *http.Request) (url.Values, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		fail(c, bad("query", "malformed query string"))
		return nil, false
	}
	return q, true
}

// onlyQuery is parseQuery for a route that takes no query parameters but
// those allowed: any other is a 400 naming it.
func onlyQuery(c *call, r *http.Request, allowed ...string) (url.Values, bool) {
	q, ok := parseQuery(c, r)
	if !ok {
		return nil, false
	}
	for k := range q {
		if !slices.Contains(allowed, k) {
			fail(c, bad(k, "unknown query parameter"))
			return nil, false
		}
	}
	return q, true
}

// stepContext is r's context carrying the Idempotency-Key header, if any.
func stepContext(r *http.Request) (context.Context, error) {
	ctx := r.Context()
	k := r.Header.Get("Idempotency-Key")
	if k == "" {
		return ctx, nil
	}
	if len(k) > workorder.MaxKeyLen || strings.ContainsFunc(k, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		return nil, bad("Idempotency-Key", "want 1 to "+strconv.Itoa(workorder.MaxKeyLen)+" printable ASCII characters without spaces")
	}
	return workorder.WithKey(ctx, k), nil
}

func (h *handler) step(c *call, r *http.Request, sr *stepRoute) {
	c.step = sr.name
	if !h.begin(c, r, true) {
		return
	}
	if _, ok := onlyQuery(c, r); !ok {
		return
	}
	ctx, err := stepContext(r)
	if err != nil {
		fail(c, err)
		return
	}
	body := reflect.New(sr.body)
	atts, err := h.decode(c, r, body.Interface())
	if err != nil {
		fail(c, err)
		return
	}
	if err := checkBody(body.Elem(), ""); err != nil {
		fail(c, err)
		return
	}
	o, err := sr.take(workorder.WithAttachments(ctx, atts...), h.svc, c.actor, c.id, body.Interface())
	if err != nil {
		p := ProblemFor(err)
		if p.Status == http.StatusBadRequest && p.Field == "" {
			p.Field = fieldOf(err, sr.body)
		}
		failWith(c, err, p)
		return
	}
	writeJSON(c, http.StatusOK, o)
}

func (h *handler) accept(c *call, r *http.Request) {
	c.step = workorder.StepAccept.String()
	if !h.begin(c, r, false) {
		return
	}
	ctx, err := stepContext(r)
	if err != nil {
		fail(c, err)
		return
	}
	q, ok := parseQuery(c, r)
	if !ok {
		return
	}
	withCode, err := wantsCode(q)
	if err != nil {
		fail(c, err)
		return
	}
	var d draftBody
	atts, err := h.decode(c, r, &d)
	if err != nil {
		fail(c, err)
		return
	}
	draft := &workorder.Order{ID: d.ID, Channel: d.Channel, Category: d.Category, Urgency: d.Urgency,
		Title: d.Title, Text: d.Text, Caller: d.Caller, Location: d.Location, Tags: d.Tags, Code: d.Code}
	var (
		o    *workorder.Order
		code string
	)
	if withCode {
		o, code, err = h.svc.AcceptWithCode(workorder.WithAttachments(ctx, atts...), c.actor, draft)
	} else {
		o, err = h.svc.Accept(workorder.WithAttachments(ctx, atts...), c.actor, draft)
	}
	if err != nil {
		p := ProblemFor(err)
		if errors.Is(err, workorder.ErrQueryCodesOff) {
			p.Field = "query_code"
		}
		failWith(c, err, p)
		return
	}
	c.id = o.ID
	c.Header().Set("Location", h.opts.Prefix+"/orders/"+url.PathEscape(o.ID))
	if withCode {
		writeJSON(c, http.StatusCreated, orderWithCode{order: o, code: code})
		return
	}
	writeJSON(c, http.StatusCreated, o)
}

func (h *handler) get(c *call, r *http.Request) {
	if !h.begin(c, r, true) {
		return
	}
	if _, ok := onlyQuery(c, r); !ok {
		return
	}
	o, err := h.svc.Get(r.Context(), c.actor, c.id)
	if err != nil {
		fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, o)
}

// historyJSON is the answer of GET /orders/{id}/history.
type historyJSON struct {
	Records []workorder.Record `json:"records"`
}

func (h *handler) history(c *call, r *http.Request) {
	if !h.begin(c, r, true) {
		return
	}
	if _, ok := onlyQuery(c, r); !ok {
		return
	}
	rs, err := h.svc.History(r.Context(), c.actor, c.id)
	if err != nil {
		fail(c, err)
		return
	}
	if rs == nil {
		rs = []workorder.Record{}
	}
	writeJSON(c, http.StatusOK, historyJSON{Records: rs})
}

// deadlinesYears bounds the instant GET /orders/{id}/deadlines evaluates
// at, in years before or after now.
const deadlinesYears = 10

func (h *handler) deadlines(c *call, r *http.Request) {
	if !h.begin(c, r, true) {
		return
	}
	q, ok := onlyQuery(c, r, "at")
	if !ok {
		return
	}
	now := h.opts.Clock.Now()
	at := now
	if s := q.Get("at"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			fail(c, bad("at", "want an RFC 3339 time such as 2025-09-15T10:00:00+08:00"))
			return
		}
		// Evaluating far from now costs in proportion to the distance
		// (the working days walked): bounded, so that no request can keep
		// the processors busy.
		if t.Before(now.AddDate(-deadlinesYears, 0, 0)) || t.After(now.AddDate(deadlinesYears, 0, 0)) {
			fail(c, bad("at", "want an instant within "+strconv.Itoa(deadlinesYears)+" years of now"))
			return
		}
		at = t
	}
	o, err := h.svc.Get(r.Context(), c.actor, c.id)
	if err != nil {
		fail(c, err)
		return
	}
	rs, err := h.svc.Deadlines(o, at)
	if err != nil {
		fail(c, err)
		return
	}
	out := deadlinesJSON{Order: o.ID, At: at.UTC(), Deadlines: make([]deadlineJSON, len(rs))}
	for i := range rs {
		out.Deadlines[i] = toDeadline(&rs[i])
	}
	writeJSON(c, http.StatusOK, out)
}

func (h *handler) openapi(c *call, r *http.Request) {
	c.handled = true
	c.Header().Set("Content-Type", "application/json")
	c.WriteHeader(http.StatusOK)
	_, _ = c.Write(h.doc)
}

// writeJSON answers with v as JSON. An order or record the library cannot
// write (hotline.ErrUnknownName) is a 500.
func writeJSON(c *call, status int, v any) {
	b, err := marshal(v)
	if err != nil {
		// The library wrote something it cannot write: ours to fix, not the
		// caller's, whatever the error matches.
		c.err = err
		writeProblem(c, ProblemFor(errInternal))
		return
	}
	c.Header().Set("Content-Type", "application/json")
	c.Header().Set("Cache-Control", "no-store")
	c.WriteHeader(status)
	b = append(b, '\n')
	_, _ = c.Write(b)
}

// marshal is json.Marshal, calling the MarshalJSON of orders and records
// itself: json.Marshal would check and compact what they write, a sixth
// of a step's time in the handler.
func marshal(v any) ([]byte, error) {
	switch v := v.(type) {
	case *workorder.Order:
		return v.MarshalJSON()
	case pageJSON:
		b := append(make([]byte, 0, 1024*(len(v.Orders)+1)), `{"orders":[`...)
		for i, o := range v.Orders {
			ob, err := o.MarshalJSON()
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, ob...)
		}
		b = append(b, ']')
		if v.Next != "" {
			b = append(b, `,"next":`...)
			b = strconv.AppendQuote(b, v.Next) // a cursor is URL-safe ASCII
		}
		return append(b, '}'), nil
	case orderWithCode:
		return v.marshal()
	case historyJSON:
		b := append(make([]byte, 0, 512*(len(v.Records)+1)), `{"records":[`...)
		for i, r := range v.Records {
			rb, err := r.MarshalJSON()
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, rb...)
		}
		return append(b, "]}"...), nil
	}
	return json.Marshal(v)
}

// decode reads r's JSON body into dst, a pointer to a struct, refusing
// unknown keys, more than Options.MaxBody bytes and anything after the
// value, and returns the attachments of the key "attachments", checked
// (see splitAttachments). An empty body leaves dst zero.
func (h *handler) decode(c *call, r *http.Request, dst any) ([]workorder.Attachment, error) {
	b, err := h.readBody(c, r)
	if err != nil {
		return nil, err
	}
	b, atts, err := splitAttachments(b)
	if err != nil {
		return nil, err
	}
	return atts, decodeJSON(b, dst)
}

// readBody reads r's body, refusing a content type other than JSON, more
// than Options.MaxBody bytes and bytes that are not UTF-8.
func (h *handler) readBody(c *call, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !isJSON(ct) {
		c.err = errors.New("api: content type " + strconv.Quote(ct))
		return nil, bad("Content-Type", "want application/json")
	}
	// The server's own writer, so that it closes a connection whose body
	// was too large.
	b, err := io.ReadAll(http.MaxBytesReader(c.ResponseWriter, r.Body, h.opts.MaxBody))
	if err != nil {
		var me *http.MaxBytesError
		if errors.As(err, &me) {
			return nil, err
		}
		return nil, bad("body", "cannot be read")
	}
	// encoding/json would read bad UTF-8 as U+FFFD, and the text checks
	// after it would never see it.
	if !utf8.Valid(b) {
		return nil, bad("body", "not UTF-8")
	}
	return b, nil
}

// decodeJSON decodes the JSON object b into dst strictly: no unknown
// keys, nothing after the value; an empty b leaves dst zero.
func decodeJSON(b []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		err = jsonError(err)
		if bi, ok := err.(*badInput); ok && bi.why == "unknown field" {
			bi.field = unknownKey(b, reflect.TypeOf(dst).Elem(), "")
		}
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return bad("body", "data after the JSON object")
	}
	return nil
}

// unknownKey returns the path of the first key, in sorted order, of the
// JSON object b that struct type t has no field for, such as
// "caller.nam"; "body" when it finds none.
func unknownKey(b []byte, t reflect.Type, prefix string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return "body"
	}
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		fields[jsonName(t.Field(i))] = t.Field(i).Type
	}
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys {
		if _, ok := fields[k]; !ok {
			return prefix + k
		}
	}
	for _, k := range keys {
		if ft := fields[k]; ft.Kind() == reflect.Struct && len(m[k]) > 0 && m[k][0] == '{' {
			if p := unknownKey(m[k], ft, prefix+k+"."); p != "body" {
				return p
			}
		}
	}
	return "body"
}

func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// jsonError names the field of a decoding error.
func jsonError(err error) error {
	var (
		se *json.SyntaxError
		te *json.UnmarshalTypeError
		me *http.MaxBytesError
		ne *hotline.NameError
	)
	switch {
	case errors.As(err, &me):
		return err
	case errors.As(err, &ne):
		return &badInput{field: ne.Kind, why: ne.Error(), err: err}
	case errors.As(err, &se):
		return bad("body", "malformed JSON at byte "+strconv.FormatInt(se.Offset, 10))
	case errors.As(err, &te):
		f := te.Field
		if f == "" {
			f = "body"
		}
		return bad(f, "want "+kindName(te.Type))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bad("body", "JSON ends early")
	}
	if k, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if u, err := strconv.Unquote(k); err == nil {
			k = u
		}
		return bad(k, "unknown field")
	}
	return bad("body", "not a JSON object of the expected form")
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint8:
		return "an integer"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}

// checkBody checks the text of the body v (a struct) as the library
// checks text: valid UTF-8 without NUL, at most workorder.MaxTextLen
// characters (workorder.MaxFieldLen for keys tagged short), and not blank
// when required. Its errors name the key.
func checkBody(v reflect.Value, prefix string) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("api")
		name := prefix + jsonName(f)
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.String:
			if err := checkText(name, fv.String(), tag); err != nil {
				return err
			}
		case reflect.Slice:
			if fv.Len() > workorder.MaxAssists {
				return bad(name, "more than "+strconv.Itoa(workorder.MaxAssists)+" items")
			}
			for j := range fv.Len() {
				if err := checkText(name+"["+strconv.Itoa(j)+"]", fv.Index(j).String(), tag+",required"); err != nil {
					return err
				}
			}
		case reflect.Struct:
			if strings.Contains(tag, "required") && fv.IsZero() {
				return bad(name, "required")
			}
			if err := checkBody(fv, name+"."); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkText(field, s, tag string) error {
	if strings.Contains(tag, "required") && strings.TrimFunc(s, unicode.IsSpace) == "" {
		return bad(field, "required")
	}
	if !utf8.ValidString(s) {
		return bad(field, "not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return bad(field, "contains a NUL character (U+0000)")
	}
	limit := workorder.MaxTextLen
	if strings.Contains(tag, "short") {
		limit = workorder.MaxFieldLen
	}
	if len(s) > limit && utf8.RuneCountInString(s) > limit {
		return bad(field, "longer than "+strconv.Itoa(limit)+" characters")
	}
	return nil
}

// fieldOf names the key of body (a struct type) that the service's
// error err is about, or returns "". The service names the argument it
// refuses in its message after the step ("…: suspend: reason is
// required: invalid argument"); a return's reason codes are told by
// their sentinels.
func fieldOf(err error, body reflect.Type) string {
	switch {
	case errors.Is(err, classify.ErrTextRequired):
		return "text"
	case errors.Is(err, classify.ErrUnknownReason):
		return "code"
	}
	msg := err.Error()
	best, at := "", len(msg)
	for i := range body.NumField() {
		k := jsonName(body.Field(i))
		for _, sep := range []string{" ", ":"} {
			if j := strings.Index(msg, ": "+k+sep); j >= 0 && j < at {
				best, at = k, j
			}
		}
	}
	if best == "" && strings.Contains(msg, ": remark ") {
		return "remark"
	}
	return best
}

// jsonName is the key of struct field f.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}
