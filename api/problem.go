package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// Problem is an error answer in the form of RFC 9457 (problem details),
// sent as application/problem+json. Type is one of the Type… constants;
// Title is short and fixed per type; Detail says what went wrong with
// this request and never carries a driver's or the server's internals.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Field names the bad input of a 400: a key of the body ("reason",
	// "caller.phone", "assist[1]"), a query parameter or a header.
	Field string `json:"field,omitempty"`
	// Order is the order concerned, when known.
	Order string `json:"order,omitempty"`
	// State and Allowed, for an invalid transition (409), are the
	// order's state and the steps it allows there.
	State   string   `json:"state,omitempty"`
	Allowed []string `json:"allowed,omitzero"`
	// Open, when closing an order left some orders merged into it open
	// (409), lists them; closing the order again closes them.
	Open []string `json:"open,omitzero"`
}

// The problem types (Problem.Type), URNs that need not be dereferenced.
const (
	TypeBadRequest     = "urn:hotline:problem:bad-request"        // 400: bad input; Field names it
	TypeUnauth         = "urn:hotline:problem:unauthenticated"    // 401: not signed in
	TypeForbidden      = "urn:hotline:problem:forbidden"          // 403: the actor may not
	TypeNotFound       = "urn:hotline:problem:not-found"          // 404: no such order (or one the unit may not see), or no such route
	TypeMethod         = "urn:hotline:problem:method-not-allowed" // 405: the path does not take the method
	TypeConflict       = "urn:hotline:problem:conflict"           // 409: the order changed meanwhile, or its id exists
	TypeTransition     = "urn:hotline:problem:invalid-transition" // 409: the state does not allow the step; Allowed lists those it does
	TypeChildrenOpen   = "urn:hotline:problem:merged-orders-open" // 409: closed, but merged orders stay open (Open)
	TypeTooLarge       = "urn:hotline:problem:body-too-large"     // 413: over Options.MaxBody
	TypeRefused        = "urn:hotline:problem:refused"            // 422: refused by policy
	TypeKeyReused      = "urn:hotline:problem:key-reused"         // 422: the Idempotency-Key belongs to another step
	TypeTooManyGuesses = "urn:hotline:problem:too-many-guesses"   // 429: too many wrong query codes lately; Retry-After says when to try again
	TypeInternal       = "urn:hotline:problem:internal"           // 500: the server failed
	TypeOutcomeUnknown = "urn:hotline:problem:outcome-unknown"    // 503: the step may or may not be stored; retry with the same key
)

// badInput is a 400 naming the field.
type badInput struct {
	field string
	why   string
	err   error // the cause, or nil
}

func (e *badInput) Error() string { return "api: " + e.field + ": " + e.why }
func (e *badInput) Unwrap() error { return e.err }

func bad(field, why string) error { return &badInput{field: field, why: why} }

// errInternal stands for a failure of the server that no mapping must
// take for the caller's.
var errInternal = errors.New("api: internal error")

// refusals are the service's errors for a step the policy or the order's
// data refuses (422): the request was well formed and allowed, but
// cannot be done now.
var refusals = []error{
	workorder.ErrReturnWindowClosed, workorder.ErrReturnLimit, workorder.ErrOpinionsPending,
	workorder.ErrExtensionPending, workorder.ErrNoExtensionPending, workorder.ErrExtensionRefused,
	workorder.ErrNotDissatisfied, workorder.ErrAlreadyDone, workorder.ErrBadMaster, workorder.ErrNoRouter,
	sla.ErrNoPolicy, workorder.ErrQueryCodesOff, workorder.ErrNoLeadUnit,
}

// ProblemFor returns the problem the API answers err with, a new value
// each call, or nil for a nil err: for Observe's callers that label
// outcomes by status, and for other front ends that want the same
// mapping. The detail of a 400, 403, 404 or 422 is the error's text,
// which the library writes from the request's own data; anything the
// mapping does not know is a 500 with a fixed detail.
func ProblemFor(err error) *Problem {
	if err == nil {
		return nil
	}
	var (
		bi *badInput
		te *workorder.TransitionError
		ve *workorder.ValidationError
		ne *hotline.NameError
		ce *workorder.ChildrenError
		me *http.MaxBytesError
	)
	switch {
	case errors.As(err, &bi):
		return &Problem{Type: TypeBadRequest, Title: "Bad request", Status: http.StatusBadRequest, Field: bi.field, Detail: bi.why}
	case errors.As(err, &me):
		return &Problem{Type: TypeTooLarge, Title: "Request body too large", Status: http.StatusRequestEntityTooLarge,
			Detail: "the body is larger than " + strconv.FormatInt(me.Limit, 10) + " bytes"}
	case errors.Is(err, auth.ErrUnauthenticated):
		return &Problem{Type: TypeUnauth, Title: "Not signed in", Status: http.StatusUnauthorized, Detail: "sign in to use the API"}
	case errors.As(err, &ce) && ce.Open != nil:
		return &Problem{Type: TypeChildrenOpen, Title: "Merged orders stay open", Status: http.StatusConflict, Order: ce.ID, Open: ce.Open,
			Detail: "the order is closed but some orders merged into it stay open; close it again to close them"}
	case errors.Is(err, workorder.ErrKeyReused):
		return &Problem{Type: TypeKeyReused, Title: "Idempotency key used for another step", Status: http.StatusUnprocessableEntity,
			Field: "Idempotency-Key", Detail: "the key belongs to another step (another order, step or actor); choose a new key for a new step"}
	case errors.Is(err, workorder.ErrOutcomeUnknown):
		return &Problem{Type: TypeOutcomeUnknown, Title: "Outcome unknown", Status: http.StatusServiceUnavailable,
			Detail: "the store failed while saving the step, which may or may not be stored; send the same request again with the Idempotency-Key of this answer"}
	case errors.As(err, &te):
		p := &Problem{Type: TypeTransition, Title: "Step not allowed in this state", Status: http.StatusConflict,
			Detail: err.Error(), Order: te.ID, State: te.State.String(), Allowed: []string{}}
		for _, s := range te.Allowed() {
			p.Allowed = append(p.Allowed, s.String())
		}
		return p
	case errors.Is(err, workorder.ErrLookupRefused):
		// One text for an unknown id and a wrong code, whatever the error
		// says: the answer must not tell them apart.
		return &Problem{Type: TypeNotFound, Title: "Order not found", Status: http.StatusNotFound,
			Detail: "no order with this id and query code"}
	case errors.Is(err, workorder.ErrTooManyGuesses):
		return &Problem{Type: TypeTooManyGuesses, Title: "Too many wrong query codes", Status: http.StatusTooManyRequests,
			Detail: "too many wrong query codes were given for this order or from this client lately; try again later"}
	case errors.Is(err, workorder.ErrForbidden):
		return &Problem{Type: TypeForbidden, Title: "Forbidden", Status: http.StatusForbidden, Detail: err.Error()}
	case errors.Is(err, workorder.ErrNotFound):
		return &Problem{Type: TypeNotFound, Title: "Order not found", Status: http.StatusNotFound, Detail: err.Error()}
	case errors.Is(err, workorder.ErrConflict):
		// The store's words would name the store: say it plainly.
		return &Problem{Type: TypeConflict, Title: "Conflict", Status: http.StatusConflict,
			Detail: "the order changed while the step was taken, or an order with this id exists; read it again and retry"}
	case isRefusal(err):
		return &Problem{Type: TypeRefused, Title: "Refused", Status: http.StatusUnprocessableEntity, Detail: err.Error()}
	case errors.As(err, &ve):
		return &Problem{Type: TypeBadRequest, Title: "Bad request", Status: http.StatusBadRequest, Field: ve.Field, Detail: err.Error()}
	case errors.As(err, &ne):
		return &Problem{Type: TypeBadRequest, Title: "Bad request", Status: http.StatusBadRequest, Field: ne.Kind, Detail: ne.Error()}
	case errors.Is(err, workorder.ErrInvalidArgument), errors.Is(err, workorder.ErrInvalidOrder),
		errors.Is(err, workorder.ErrInvalidPhone):
		return &Problem{Type: TypeBadRequest, Title: "Bad request", Status: http.StatusBadRequest, Detail: err.Error()}
	}
	return &Problem{Type: TypeInternal, Title: "Internal error", Status: http.StatusInternalServerError,
		Detail: "the server failed; the error is in its log"}
}

func isRefusal(err error) bool {
	for _, r := range refusals {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}

// fail answers c with the problem for err and keeps err for the log. A
// step of unknown outcome answers with its idempotency key, the caller's
// or the one the service made up for a request that sent none, so that
// the request can be sent again safely.
func fail(c *call, err error) { failWith(c, err, ProblemFor(err)) }

// failWith is fail with the problem p made for err.
func failWith(c *call, err error, p *Problem) {
	c.err = err
	var oe *workorder.OutcomeError
	if errors.As(err, &oe) && oe.Key != "" {
		c.Header().Set("Idempotency-Key", oe.Key)
	}
	writeProblem(c, p)
}

func writeProblem(c *call, p *Problem) {
	c.handled = true
	if p.Status == http.StatusUnauthorized && c.challenge != "" {
		c.Header().Set("WWW-Authenticate", c.challenge)
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Header().Set("Retry-After", "1")
	}
	writeProblemTo(c, p)
}

func writeProblemTo(w http.ResponseWriter, p *Problem) {
	b, err := json.Marshal(p)
	if err != nil { // cannot happen: every field is a string or a number
		b = []byte(`{"type":"` + TypeInternal + `","title":"Internal error","status":500}`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_, _ = w.Write(b)
}
