package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/workorder"
)

// Defaults for Options fields left zero.
const (
	// PrefixDefault is the path the handler is mounted under.
	PrefixDefault = "/api"
	// MaxBodyDefault is the largest request body accepted, in bytes:
	// room for a draft whose text has workorder.MaxTextLen Chinese
	// characters, several times over.
	MaxBodyDefault = 256 << 10
	// PageDefault and PageMax are the default and largest number of
	// orders in one page of a listing (the "limit" query parameter).
	PageDefault = 50
	PageMax     = 500
)

// Options configure the handler. Auth is required; every other field left
// zero takes the default its comment names.
type Options struct {
	// Auth decides who makes each request; required. The API takes the
	// actor from it alone and never from a request's body or query.
	Auth auth.Authenticator
	// Prefix is the path the handler is mounted under, without a trailing
	// slash; "" means PrefixDefault ("/api"). The handler sees the full
	// path: mount it with mux.Handle(prefix+"/", h), not under
	// http.StripPrefix.
	Prefix string
	// Logger receives one record per request; nil means slog.Default().
	Logger *slog.Logger
	// Observe, when set, is called after every step request with the
	// step's name (such as "sign"; "accept" for a new order), its error
	// (nil on success) and how long the request took. It is called on
	// the request's goroutine and must be safe for concurrent use.
	Observe func(r *http.Request, step string, err error, took time.Duration)
	// MaxBody is the largest request body accepted, in bytes; 0 means
	// MaxBodyDefault. A larger body is answered with 413.
	MaxBody int64
	// Challenge is the WWW-Authenticate header sent with a 401, naming
	// the scheme Auth takes, such as `Bearer realm="hotline"`; "" sends
	// none (RFC 9110 asks for one; a browser session has no scheme of
	// its own).
	Challenge string
	// Clock gives the instant GET …/deadlines evaluates at when the
	// request names none; nil means the system clock.
	Clock workorder.Clock
	// ClientKey names the client of a progress lookup (GET
	// /lookup/{id}), whose wrong query codes the service's guess limiter
	// counts (workorder.Service.Lookup); "" puts no limit on the client,
	// only on the order. nil means RemoteHost, the host of r.RemoteAddr.
	// Behind a reverse proxy every request comes from the proxy's
	// address: set ClientKey to read the client's address from the
	// header the proxy sets (such as the last address of
	// X-Forwarded-For), and only from a proxy you trust, as a client can
	// send the header itself. It must be safe for concurrent use.
	ClientKey func(r *http.Request) string
	// LookupRetry is the Retry-After of a lookup refused for too many
	// wrong codes (429), rounded down to whole seconds; 0 means
	// workorder.GuessEveryDefault, the time the default limiter takes to
	// allow one more guess.
	LookupRetry time.Duration
}

// ErrOptions is wrapped by the errors New returns for bad Options; the
// message names the field.
var ErrOptions = errors.New("api: bad options")

// New returns the API handler for svc: the routes listed in the package
// documentation, under opts.Prefix. It fails with an error wrapping
// ErrOptions when svc or opts.Auth is nil or the prefix is malformed.
// The handler is safe for concurrent use.
func New(svc *workorder.Service, opts Options) (http.Handler, error) {
	bad := func(field, why string) (http.Handler, error) {
		return nil, fmt.Errorf("%w: %s: %s", ErrOptions, field, why)
	}
	if svc == nil {
		return bad("svc", "nil service")
	}
	if opts.Auth == nil {
		return bad("Auth", "required")
	}
	if opts.Prefix == "" {
		opts.Prefix = PrefixDefault
	}
	if !strings.HasPrefix(opts.Prefix, "/") || strings.HasSuffix(opts.Prefix, "/") || strings.ContainsAny(opts.Prefix, "{}?# ") {
		return bad("Prefix", fmt.Sprintf("%q: want a path starting and not ending with a slash, such as /api", opts.Prefix))
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = MaxBodyDefault
	}
	if opts.Clock == nil {
		opts.Clock = workorder.ClockFunc(time.Now)
	}
	if opts.ClientKey == nil {
		opts.ClientKey = RemoteHost
	}
	if opts.LookupRetry < time.Second {
		opts.LookupRetry = workorder.GuessEveryDefault
	}
	h := &handler{svc: svc, opts: opts, mux: http.NewServeMux()}
	doc, err := buildDoc(opts.Prefix)
	if err != nil {
		return nil, err
	}
	h.doc = doc
	h.routes()
	return h, nil
}

// handler serves the API; see New.
type handler struct {
	svc  *workorder.Service
	opts Options
	mux  *http.ServeMux
	doc  []byte // the OpenAPI document
	// patterns are the routes, such as "GET /orders/{id}", without the
	// prefix.
	patterns []string
}

// call is one request being served: what the log record and Observe
// need. It also turns the mux's own answers (404 for an unknown path, 405
// for a method the path does not take) into problem details.
type call struct {
	http.ResponseWriter
	status  int
	handled bool // a route of ours answers
	swallow bool // the mux's text is dropped: a problem was written instead
	step    string
	id      string
	actor   workorder.Actor
	authed  bool
	err     error // the error answered, logged and observed
	// challenge is Options.Challenge, for a 401.
	challenge string
}

func (c *call) WriteHeader(status int) {
	if c.status != 0 {
		return
	}
	c.status = status
	if !c.handled && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) {
		c.swallow = true
		p := &Problem{Type: TypeNotFound, Title: "No such route", Status: status, Detail: "no route for this path"}
		if status == http.StatusMethodNotAllowed {
			p.Type, p.Title, p.Detail = TypeMethod, "Method not allowed", "allowed: "+c.Header().Get("Allow")
		}
		writeProblemTo(c.ResponseWriter, p)
		return
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *call) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.swallow {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}

// ServeHTTP answers r, writing one log record and, for a step, calling
// Observe.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	c := &call{ResponseWriter: w, challenge: h.opts.Challenge}
	h.mux.ServeHTTP(c, r)
	took := time.Since(start)
	step := c.step
	if step != "" && h.opts.Observe != nil {
		h.opts.Observe(r, step, c.err, took)
	}
	h.log(r, c, step, took)
}

// log writes the request's record: at Error for a 500, else at Info.
func (h *handler) log(r *http.Request, c *call, step string, took time.Duration) {
	level := slog.LevelInfo
	if c.status >= 500 {
		level = slog.LevelError
	}
	ctx := r.Context()
	if !h.opts.Logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", c.status),
		slog.Duration("duration", took))
	if c.id != "" {
		attrs = append(attrs, slog.String("order", c.id))
	}
	if step != "" {
		attrs = append(attrs, slog.String("step", step))
	}
	if c.authed {
		attrs = append(attrs, slog.String("actor", c.actor.String()))
	}
	if c.err != nil {
		attrs = append(attrs, slog.String("error", c.err.Error()))
	}
	h.opts.Logger.LogAttrs(ctx, level, "api request", attrs...)
}
