package board

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// action is a step the actor may take on the order now, with what its
// form asks.
type action struct {
	Step workorder.Step
	Key  string // the step's key, the form's step field
	// Fields the form shows.
	Remark, Reason, Lead, Assist, Code, Days, Opinion, Reply, Callback, WaiveUnit bool
	// Entry asks for a knowledge-base entry (answer), Transfer for a body
	// and its decision (transfer), Exempt for a scope, a reason and the
	// requester (exempt).
	Entry, Transfer, Exempt bool
	Required                bool // the text field is required
	Danger                  bool
	// Codes are the reasons offered when Code is set, under the text
	// CodeLabel names.
	Codes     []classify.Reason
	CodeLabel string
	// Entries are the knowledge base's entries matching the order, when
	// Entry is set and the board has one; none means a field for the id.
	Entries []kb.Hit
	// Bodies are the transfer bodies offered when Transfer is set.
	Bodies []option
	// Exempts are the exemption reasons offered when Exempt is set.
	Exempts []option
}

type orderPage struct {
	view
	O         *workorder.Order
	History   []histRow
	Verified  bool
	VerifyErr string
	Deadlines []sla.Result
	Actions   []action
	// Suggestion is the Router's choice for a dispatch, when asked.
	Suggestion *routing.Decision
	Units      []option
	Sats       []hotline.Satisfaction
	Ress       []hotline.Resolution
	Pending    []string // assisting units whose opinion is pending
	Hidden     bool     // the caller's identity is hidden from this actor
	// Body is the name of the body the order was transferred to, in the
	// page's language, or its key when the service no longer knows it.
	Body string
}

// histRow is a record of the audit trail with the person who took the
// step and its attachments.
type histRow struct {
	workorder.Record
	// Person and Post are the unit's person who took the step (经办人) and
	// their post; Leader the unit leader leading the order (领办) from
	// this step on; "" when the record names none.
	Person, Post, Leader string
	Files                []file
	// FilesErr is why the attachments could not be read, or "".
	FilesErr string
}

// file is an attachment as the trail shows it.
type file struct {
	Name, Type, Size, Hash string
}

// hashShown is how many hexadecimal digits of an attachment's SHA-256
// the trail shows: enough to compare by eye.
const hashShown = 12

// histRows pairs each record with its attachments.
func histRows(rs []workorder.Record) []histRow {
	out := make([]histRow, len(rs))
	for i := range rs {
		out[i].Record = rs[i]
		out[i].Person, out[i].Post, out[i].Leader = rs[i].Person(), rs[i].Post(), rs[i].Leader()
		as, err := rs[i].Attachments()
		if err != nil {
			out[i].FilesErr = err.Error()
			continue
		}
		for _, a := range as {
			out[i].Files = append(out[i].Files, file{
				Name: a.Name, Type: a.MediaType, Size: byteSize(a.Size), Hash: hex.EncodeToString(a.SHA256[:])[:hashShown],
			})
		}
	}
	return out
}

// byteSize writes n bytes for people: "812 B", "2.4 KiB", "3.0 MiB".
func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	case n < 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
}

// order shows order id; actErr, when set, is why a step just failed.
func (s *server) order(c *call, id string, actErr error) {
	ctx := c.r.Context()
	o, err := s.svc.Get(ctx, c.actor, id)
	switch {
	case errors.Is(err, workorder.ErrNotFound):
		s.fail(c, http.StatusNotFound, text(c.lang, "notfound"))
		return
	case errors.Is(err, workorder.ErrForbidden):
		s.fail(c, http.StatusForbidden, text(c.lang, "forbidden"))
		return
	case err != nil:
		s.internal(c, err)
		return
	}
	p := &orderPage{view: s.view(c, "order"), O: o}
	rs, err := s.svc.History(ctx, c.actor, id)
	if err != nil {
		s.internal(c, err)
		return
	}
	p.History = histRows(rs)
	if o.Transfer != nil {
		p.Body = o.Transfer.Body
		if b, ok := s.svc.Body(o.Transfer.Body); ok {
			p.Body = b.Title(p.tag())
		}
	}
	if err := s.svc.Verify(ctx, id); err != nil {
		p.VerifyErr = err.Error()
	} else {
		p.Verified = true
	}
	if p.Deadlines, err = s.svc.Deadlines(o, p.Now); err != nil {
		p.Deadlines = nil
		s.opts.Logger.Warn("board: deadlines", "order", id, "err", err)
	}
	p.Hidden = c.actor.Role == workorder.RoleUnit && o.Confidential() && o.Caller.Name == "" && o.Caller.Phone == ""
	for _, a := range o.Assists {
		if a.Status == workorder.AssistPending {
			p.Pending = append(p.Pending, a.Unit)
		}
	}
	p.Actions = actionsFor(o, c.actor)
	for i, a := range p.Actions {
		switch {
		case a.Lead && p.Suggestion == nil:
			p.Suggestion = s.suggest(ctx, o)
			lead := ""
			if p.Suggestion != nil {
				lead = p.Suggestion.Lead
			}
			p.Units = s.unitOptions(lead)
		case a.Code:
			p.Actions[i].Codes = s.opts.Reasons.List(reasonKind(a.Step))
			p.Actions[i].CodeLabel = reasonLabel(a.Step)
		case a.Callback:
			p.Sats, p.Ress = hotline.Satisfactions(), hotline.Resolutions()
		case a.Entry:
			p.Actions[i].Entries = s.entries(o, p.Now)
		case a.Transfer:
			for _, b := range s.svc.Bodies() {
				p.Actions[i].Bodies = append(p.Actions[i].Bodies, option{b.Key, b.Title(p.tag()), false})
			}
		case a.Exempt:
			for _, r := range s.opts.ExemptReasons {
				p.Actions[i].Exempts = append(p.Actions[i].Exempts, option{r.Code, exemptLabel(r, p.L), false})
			}
		}
	}
	q := c.r.URL.Query()
	if d := q.Get("done"); d != "" {
		if st, err := workorder.ParseStep(d); err == nil {
			p.Flash = p.Tf("done", p.Step(st))
		}
	}
	status := http.StatusOK
	switch {
	case errors.Is(actErr, workorder.ErrOutcomeUnknown):
		status, p.Error = statusOf(actErr), p.T("unknown")
	case actErr != nil:
		status, p.Error = statusOf(actErr), p.Tf("error", actErr.Error())
	}
	s.render(c, status, "order", p)
}

// entriesShown is how many knowledge-base entries the answer form offers.
const entriesShown = 8

// entries returns the knowledge base's entries that best match o's title
// and text and apply to it at now, or nil without a knowledge base.
func (s *server) entries(o *workorder.Order, now time.Time) []kb.Hit {
	if s.opts.Knowledge == nil {
		return nil
	}
	return s.opts.Knowledge.Search(o.Title+" "+o.Text, kb.SearchOptions{
		At: now, Region: o.Location.Region, Category: o.Category, Limit: entriesShown,
	})
}

// exemptLabel is how an exemption reason is offered in l: its Chinese
// name, after its code in English.
func exemptLabel(r assess.ExemptReason, l i18n.Lang) string {
	if l == i18n.Chinese || r.Name == "" {
		return cmp.Or(r.Name, r.Code)
	}
	return r.Code + " (" + r.Name + ")"
}

// suggest asks the Router where o should go, or returns nil.
func (s *server) suggest(ctx context.Context, o *workorder.Order) *routing.Decision {
	if s.opts.Router == nil {
		return nil
	}
	d, err := s.opts.Router.Route(ctx, &routing.Request{
		ID: o.ID, Category: o.Category, Urgency: o.Urgency, Text: o.Text,
		Region: o.Location.Region, Address: o.Location.Address, Tags: o.Tags, At: o.Created,
	})
	if err != nil {
		s.opts.Logger.Warn("board: route", "order", o.ID, "err", err)
		return nil
	}
	return &d
}

// actionsFor lists the steps a may take on o now: allowed to its role and
// its relation to the order, and by the lifecycle from o's state. The
// service checks again when the step is taken.
func actionsFor(o *workorder.Order, a workorder.Actor) []action {
	lead := a.Role == workorder.RoleUnit && a.ID == o.Lead
	assistPending := false
	for _, x := range o.Assists {
		if x.Unit == a.ID && x.Status == workorder.AssistPending {
			assistPending = a.Role == workorder.RoleUnit
		}
	}
	var out []action
	add := func(st workorder.Step, ok bool, ac action) {
		if !ok || !workorder.Can(o.State, st) {
			return
		}
		ac.Step, ac.Key = st, st.String()
		out = append(out, ac)
	}
	centre, sup := a.Role == workorder.RoleCentre, a.Role == workorder.RoleSupervisor
	pending := o.Pending != nil
	add(workorder.StepAnswer, centre, action{Entry: true, Reply: true, Remark: true})
	add(workorder.StepTransfer, centre, action{Transfer: true, Remark: true})
	add(workorder.StepDispatch, centre, action{Lead: true, Assist: true, Remark: true})
	add(workorder.StepRedispatch, centre, action{Lead: true, Assist: true, Remark: true})
	add(workorder.StepSign, lead, action{})
	add(workorder.StepContact, lead, action{Remark: true})
	add(workorder.StepArrive, lead, action{Remark: true})
	add(workorder.StepReply, lead, action{Reply: true, Required: true})
	add(workorder.StepSubmitOpinion, assistPending, action{Opinion: true, Required: true})
	add(workorder.StepRequestExtension, lead && !pending, action{Days: true, Reason: true, Required: true})
	// One return form: Service.Return applies at once or asks the centre,
	// as the service is configured (Config.InstantReturn).
	add(workorder.StepRequestReturn, lead && !o.Fallback, action{Code: true, Reason: true})
	add(workorder.StepSuspend, lead || centre, action{Reason: true, Required: true})
	add(workorder.StepResume, lead || centre, action{Remark: true})
	add(workorder.StepApproveReturn, centre, action{Remark: true})
	add(workorder.StepRefuseReturn, centre, action{Reason: true, Required: true, Danger: true})
	add(workorder.StepApproveExtension, centre && pending, action{Remark: true})
	add(workorder.StepRefuseExtension, centre && pending, action{Reason: true, Required: true, Danger: true})
	add(workorder.StepApproveReply, centre, action{Remark: true})
	add(workorder.StepRejectReply, centre, action{Reason: true, Required: true, Danger: true})
	add(workorder.StepWaiveOpinion, centre && hasPending(o), action{WaiveUnit: true, Reason: true, Required: true})
	add(workorder.StepCallback, centre, action{Callback: true, Remark: true})
	add(workorder.StepClose, centre, action{Remark: true})
	add(workorder.StepReopen, centre, action{Reason: true, Required: true})
	add(workorder.StepUrge, (centre || sup) && o.State.Open(), action{Remark: true})
	add(workorder.StepSupervise, sup, action{Remark: true})
	add(workorder.StepDesignate, centre, action{Remark: true})
	// An exemption needs a late order or a dissatisfied verdict; the
	// service also refuses one given already.
	exemptable := o.Overdue || o.Satisfaction == hotline.Dissatisfied || o.Satisfaction == hotline.VeryDissatisfied
	add(workorder.StepExempt, sup && exemptable, action{Exempt: true, Remark: true, Required: true})
	add(workorder.StepCancel, centre, action{Code: true, Reason: true, Danger: true})
	add(workorder.StepDecline, centre, action{Code: true, Reason: true, Danger: true})
	return out
}

// reasonLabel is the key of the text naming the coded reason a step
// takes.
func reasonLabel(st workorder.Step) string {
	switch st {
	case workorder.StepCancel:
		return "cancelcode"
	case workorder.StepDecline:
		return "declinecode"
	}
	return "code"
}

// reasonKind is the kind of coded reason a step takes.
func reasonKind(st workorder.Step) classify.ReasonKind {
	switch st {
	case workorder.StepCancel:
		return classify.ReasonCancel
	case workorder.StepDecline:
		return classify.ReasonNotAccepted
	}
	return classify.ReasonReturn
}

func hasPending(o *workorder.Order) bool {
	return slices.ContainsFunc(o.Assists, func(a workorder.Assist) bool { return a.Status == workorder.AssistPending })
}

// act takes the step the form names on order id, then shows the order.
func (s *server) act(c *call, id string) {
	ctx, f, a := c.r.Context(), c.r.PostForm, c.actor
	st, err := workorder.ParseStep(f.Get("step"))
	if err != nil {
		s.order(c, id, err)
		return
	}
	key, ok := stepKey(f.Get("key"), st, id)
	if !ok {
		s.fail(c, http.StatusBadRequest, s.view(c, "").Tf("badrequest", "key"))
		return
	}
	if key != "" {
		ctx = workorder.WithKey(ctx, key)
		// A page shown for a failed post keeps its key: sending the form
		// again is a retry of the same step.
		c.formKey = f.Get("key")
	}
	val := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	remark, reason := val("remark"), val("reason")
	switch st {
	case workorder.StepDispatch, workorder.StepRedispatch:
		as := workorder.Assignment{Lead: val("lead"), Remark: remark}
		for _, u := range strings.FieldsFunc(val("assist"), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == '\n' }) {
			if u = strings.TrimSpace(u); u != "" {
				as.Assist = append(as.Assist, u)
			}
		}
		if st == workorder.StepDispatch {
			_, err = s.svc.Dispatch(ctx, a, id, as)
		} else {
			_, err = s.svc.Redispatch(ctx, a, id, as)
		}
	case workorder.StepAnswer:
		_, err = s.svc.AnswerDirectly(ctx, a, id, workorder.DirectReply{Entry: val("entry"), Reply: val("reply"), Remark: remark})
	case workorder.StepTransfer:
		_, err = s.svc.Transfer(ctx, a, id, workorder.TransferRequest{
			Body: val("body"), Decision: val("decision"), ThreeWay: f.Get("three_way") == "1", Reference: val("reference"), Remark: remark,
		})
	case workorder.StepExempt:
		var scope assess.Exemption
		if scope, err = assess.ParseExemption(val("scope")); err != nil {
			err = &workorder.ValidationError{Field: "scope", Reason: "want verdict or order", Err: workorder.ErrInvalidArgument}
			break
		}
		_, err = s.svc.Exempt(ctx, a, id, workorder.Exemption{Scope: scope, Reason: val("code"), RequestedBy: val("requested_by"), Remark: remark})
	case workorder.StepDesignate:
		_, err = s.svc.Designate(ctx, a, id, val("lead"), remark)
	case workorder.StepSign:
		_, err = s.svc.Sign(ctx, a, id)
	case workorder.StepReturn, workorder.StepRequestReturn:
		_, err = s.svc.Return(ctx, a, id, workorder.ReturnRequest{Code: val("code"), Text: reason})
	case workorder.StepApproveReturn:
		_, err = s.svc.ApproveReturn(ctx, a, id, remark)
	case workorder.StepRefuseReturn:
		_, err = s.svc.RefuseReturn(ctx, a, id, reason)
	case workorder.StepRequestExtension:
		days, perr := strconv.Atoi(val("days"))
		if perr != nil || days < 1 || days > 365 {
			err = &workorder.ValidationError{Field: "days", Reason: "want a number of working days from 1 to 365", Err: workorder.ErrInvalidArgument}
			break
		}
		_, err = s.svc.RequestExtension(ctx, a, id, workorder.ExtensionRequest{Amount: sla.Amount{Days: days}, Reason: reason})
	case workorder.StepApproveExtension:
		_, err = s.svc.ApproveExtension(ctx, a, id, remark)
	case workorder.StepRefuseExtension:
		_, err = s.svc.RefuseExtension(ctx, a, id, reason)
	case workorder.StepSuspend:
		_, err = s.svc.Suspend(ctx, a, id, reason)
	case workorder.StepResume:
		_, err = s.svc.Resume(ctx, a, id, remark)
	case workorder.StepContact:
		_, err = s.svc.Contact(ctx, a, id, remark)
	case workorder.StepArrive:
		_, err = s.svc.Arrive(ctx, a, id, remark)
	case workorder.StepSubmitOpinion:
		_, err = s.svc.SubmitOpinion(ctx, a, id, val("opinion"))
	case workorder.StepWaiveOpinion:
		_, err = s.svc.WaiveOpinion(ctx, a, id, val("unit"), reason)
	case workorder.StepReply:
		_, err = s.svc.Reply(ctx, a, id, val("reply"))
	case workorder.StepApproveReply:
		_, err = s.svc.ApproveReply(ctx, a, id, remark)
	case workorder.StepRejectReply:
		_, err = s.svc.RejectReply(ctx, a, id, reason)
	case workorder.StepCallback:
		var ans workorder.CallbackAnswer
		ans.Remark = remark
		if ans.Satisfaction, err = hotline.ParseSatisfaction(val("satisfaction")); err != nil {
			break
		}
		if r := val("resolution"); r != "" {
			if ans.Resolution, err = hotline.ParseResolution(r); err != nil {
				break
			}
		}
		_, err = s.svc.CallbackWith(ctx, a, id, ans)
	case workorder.StepClose:
		_, err = s.svc.Close(ctx, a, id, remark)
	case workorder.StepReopen:
		_, err = s.svc.Reopen(ctx, a, id, reason)
	case workorder.StepUrge:
		_, err = s.svc.Urge(ctx, a, id, remark)
	case workorder.StepSupervise:
		_, err = s.svc.Supervise(ctx, a, id, remark)
	case workorder.StepCancel:
		_, err = s.svc.Cancel(ctx, a, id, workorder.CodedReason{Code: val("code"), Text: reason})
	case workorder.StepDecline:
		_, err = s.svc.Decline(ctx, a, id, workorder.CodedReason{Code: val("code"), Text: reason})
	default:
		err = &workorder.ValidationError{Field: "step", Reason: "not a step the board takes", Err: workorder.ErrInvalidArgument}
	}
	if err != nil {
		if statusOf(err) == http.StatusInternalServerError {
			s.internal(c, err)
			return
		}
		s.order(c, id, err)
		return
	}
	http.Redirect(c.w, c.r, s.opts.Prefix+"/orders/"+url.PathEscape(id)+"?done="+st.String(), http.StatusSeeOther)
}

// statusOf maps the library's errors to HTTP statuses.
func statusOf(err error) int {
	switch {
	case errors.Is(err, workorder.ErrOutcomeUnknown):
		return http.StatusServiceUnavailable
	case errors.Is(err, workorder.ErrKeyReused):
		return http.StatusUnprocessableEntity
	case errors.Is(err, workorder.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, workorder.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, workorder.ErrInvalidTransition), errors.Is(err, workorder.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, workorder.ErrInvalidArgument), errors.Is(err, hotline.ErrUnknownName):
		return http.StatusBadRequest
	case errors.Is(err, workorder.ErrReturnWindowClosed), errors.Is(err, workorder.ErrReturnLimit),
		errors.Is(err, workorder.ErrOpinionsPending), errors.Is(err, workorder.ErrExtensionPending),
		errors.Is(err, workorder.ErrNoExtensionPending), errors.Is(err, workorder.ErrExtensionRefused),
		errors.Is(err, workorder.ErrNotDissatisfied), errors.Is(err, workorder.ErrAlreadyDone),
		errors.Is(err, workorder.ErrBadMaster), errors.Is(err, workorder.ErrNoRouter), errors.Is(err, workorder.ErrInvalidOrder),
		errors.Is(err, workorder.ErrNoKnowledge), errors.Is(err, workorder.ErrEntryNotApplicable), errors.Is(err, workorder.ErrNotExemptable),
		errors.Is(err, workorder.ErrNoLeadUnit):
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}
