package board

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hotline12345/hotline/assess"
	"github.com/hotline12345/hotline/auth"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/kb"
	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

// Options configure the board. Auth is required; every other field may be
// left zero.
type Options struct {
	// Auth decides who makes each request; required.
	Auth auth.Authenticator
	// Prefix is the path the board is mounted under, such as "/board";
	// "" means "/". Requests outside it are answered 404.
	Prefix string
	// LoginURL is where an unauthenticated browser is sent, with the page
	// it asked for in the query parameter next; "" means "/login".
	LoginURL string
	// Hub carries steps to the live pages; it must be the service's
	// observer (or one of them). nil means a hub of the board's own that
	// hears nothing, so pages do not update by themselves.
	Hub *Hub
	// Units and Router, when set, name units and suggest dispatches: the
	// dispatch form offers the directory's active units and preselects
	// the Router's choice, with its reason.
	Units  *unit.Directory
	Router *routing.Router
	// Reasons are the coded reasons a return form offers; nil means
	// classify.DefaultReasons(). Give the service's Config.Reasons.
	Reasons *classify.Reasons
	// Knowledge, when set, is the knowledge base the centre answers
	// orders from directly: the answer form offers the entries that match
	// the order. Give the service's Config.Knowledge; nil means the form
	// asks for an entry's id.
	Knowledge *kb.Base
	// ExemptReasons are the coded reasons a supervisor's exemption form
	// offers; nil means assess.ExemptReasonsDefault(). Give the service's
	// Config.ExemptReasons.
	ExemptReasons []assess.ExemptReason
	// Classes names the orders' classification codes (诉求分类) and lists
	// them in the list's code filter; nil means classify.Default(). Give
	// the service's Config.Classes.
	Classes *classify.Tree
	// Now reads the clock for deadlines and countdowns; nil means
	// time.Now.
	Now func() time.Time
	// Logger hears of failures the browser is only told were internal;
	// nil means slog.Default().
	Logger *slog.Logger
}

// ErrOptions is wrapped by the errors New returns for unusable options.
var ErrOptions = errors.New("board: bad options")

// pageSize is how many orders a list page shows.
const pageSize = 50

// New returns the board for svc: an http.Handler serving, under
// opts.Prefix,
//
//	GET  /                 the orders: a unit's own queue, or every order with filters
//	GET  /orders/{id}      an order: timeline, audit trail, deadlines, opinions, actions
//	POST /orders/{id}      take a step (form field step and the step's fields)
//	POST /batch/urge       urge every overdue order of a unit (field unit)
//	GET  /charts           the year's and month's figures (centre and supervisors)
//	GET  /charts/data      those figures as JSON
//	GET  /events           server-sent events from opts.Hub
//	GET  /static/…         styles, scripts and the vendored ECharts
//
// opts.Auth decides every request but those for static files; a browser
// not signed in is sent to opts.LoginURL. Every form carries a CSRF token
// checked against a cookie, and every step form a key of its page, so
// that a form posted twice (a double click, a browser's retry) takes its
// step once; a step whose outcome is unknown answers 503 with the same
// key in its form, to send again. Every page carries a Content-Security-Policy allowing
// scripts from the board only, and every text is escaped. Pages are in
// Chinese unless the lang cookie or the query parameter lang says "en".
// Errors match ErrOptions.
func New(svc *workorder.Service, opts Options) (http.Handler, error) {
	if svc == nil {
		return nil, fmt.Errorf("%w: nil service", ErrOptions)
	}
	if opts.Auth == nil {
		return nil, fmt.Errorf("%w: Auth is required", ErrOptions)
	}
	p := strings.TrimRight(opts.Prefix, "/")
	if p != "" && !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("%w: Prefix %q: want a path starting with /", ErrOptions, opts.Prefix)
	}
	opts.Prefix = p
	if opts.LoginURL == "" {
		opts.LoginURL = "/login"
	}
	if opts.Hub == nil {
		opts.Hub = NewHub()
	}
	if opts.Reasons == nil {
		opts.Reasons = classify.DefaultReasons()
	}
	if opts.ExemptReasons == nil {
		opts.ExemptReasons = assess.ExemptReasonsDefault()
	}
	if opts.Classes == nil {
		opts.Classes = classify.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	sub, _ := fs.Sub(staticFS, "static")
	s := &server{svc: svc, opts: opts, static: http.StripPrefix(p+"/static/", http.FileServerFS(sub))}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

//go:embed static
var staticFS embed.FS

//go:embed templates
var templateFS embed.FS

type server struct {
	svc    *workorder.Service
	opts   Options
	static http.Handler
	pages  map[string]*template.Template
}

func parsePages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("board: templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"list", "order", "charts", "error"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("board: templates: %w", err)
		}
		pages[name] = t
	}
	return pages, nil
}

// csp allows scripts, styles, images and connections from the board only.
// Styles may also be inline: ECharts writes style attributes into its
// tooltips. No script is ever inline.
const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

const (
	csrfCookie = "hotline_csrf"
	langCookie = "lang"
)

// call is one request as the board sees it.
type call struct {
	w     http.ResponseWriter
	r     *http.Request
	actor workorder.Actor
	lang  i18n.Lang
	csrf  string
	path  string // below the prefix, starting with /
	// formKey is the key the page's forms carry: the one a failed post
	// came with, so that sending it again is a retry, or a new one.
	formKey string
}

// formKeyLen is the length of a form key, as crypto/rand.Text makes one:
// 128 random bits in base32.
const formKeyLen = 26

// stepKey returns the idempotency key of a step taken by posting a form
// with form key key on order id, so that a double submit or a browser's
// retry of the same form takes the step once; ok is false for a key that
// no page of the board gave, and an empty key gives an empty one (the
// service then makes up its own).
func stepKey(key string, step workorder.Step, id string) (k string, ok bool) {
	if key == "" {
		return "", true
	}
	if len(key) != formKeyLen || strings.Trim(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		return "", false
	}
	h := sha256.Sum256([]byte(key + "\x00" + step.String() + "\x00" + id))
	return "board:" + base64.RawURLEncoding.EncodeToString(h[:18]), true
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if s.opts.Prefix != "" {
		if path == s.opts.Prefix {
			path = "/"
		} else if rest, ok := strings.CutPrefix(path, s.opts.Prefix+"/"); ok {
			path = "/" + rest
		} else {
			http.NotFound(w, r)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if strings.HasPrefix(path, "/static/") {
		h.Set("Cache-Control", "public, max-age=3600")
		s.static.ServeHTTP(w, r)
		return
	}
	h.Set("Cache-Control", "no-store")
	c := &call{w: w, r: r, path: path, lang: s.language(w, r)}
	a, err := s.opts.Auth.Authenticate(r)
	switch {
	case errors.Is(err, auth.ErrUnauthenticated):
		if r.Method == http.MethodGet && path != "/events" && path != "/charts/data" {
			http.Redirect(w, r, s.opts.LoginURL+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		http.Error(w, "not signed in", http.StatusUnauthorized)
		return
	case err != nil:
		s.opts.Logger.Error("board: authenticate", "err", err)
		http.Error(w, "authentication failed", http.StatusInternalServerError)
		return
	case a.Role == 0 || a.Role == workorder.RoleSystem || strings.TrimSpace(a.ID) == "":
		c.actor = a
		s.fail(c, http.StatusForbidden, text(c.lang, "forbidden"))
		return
	}
	c.actor = a
	c.csrf = s.csrfToken(w, r)
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			var me *http.MaxBytesError
			if errors.As(err, &me) {
				s.fail(c, http.StatusRequestEntityTooLarge, text(c.lang, "toolarge"))
				return
			}
			s.fail(c, http.StatusBadRequest, s.view(c, "").Tf("badrequest", "form"))
			return
		}
		if !s.checkCSRF(c) {
			s.fail(c, http.StatusForbidden, text(c.lang, "csrf"))
			return
		}
	}
	s.route(c)
}

func (s *server) route(c *call) {
	get, post := c.r.Method == http.MethodGet || c.r.Method == http.MethodHead, c.r.Method == http.MethodPost
	switch p := c.path; {
	case p == "/" && get:
		s.list(c)
	case strings.HasPrefix(p, "/orders/") && (get || post):
		// From the escaped path, so that an id holding an escaped slash
		// is refused rather than cut.
		id, err := url.PathUnescape(strings.TrimPrefix(c.r.URL.EscapedPath(), (&url.URL{Path: s.opts.Prefix}).EscapedPath()+"/orders/"))
		if err != nil || id == "" || strings.Contains(id, "/") {
			s.fail(c, http.StatusNotFound, text(c.lang, "notfound"))
			return
		}
		if get {
			s.order(c, id, nil)
		} else {
			s.act(c, id)
		}
	case p == "/batch/urge" && post:
		s.batchUrge(c)
	case p == "/charts" && get:
		s.charts(c)
	case p == "/charts/data" && get:
		s.chartData(c)
	case p == "/events" && get:
		s.events(c)
	case p == "/" || p == "/batch/urge" || p == "/charts" || p == "/charts/data" || p == "/events":
		c.w.Header().Set("Allow", map[bool]string{true: "POST", false: "GET, HEAD"}[p == "/batch/urge"])
		http.Error(c.w, "method not allowed", http.StatusMethodNotAllowed)
	default:
		s.fail(c, http.StatusNotFound, text(c.lang, "notfound"))
	}
}

// language returns the page language: the query parameter lang (kept in a
// cookie), else the cookie, else Chinese.
func (s *server) language(w http.ResponseWriter, r *http.Request) i18n.Lang {
	q := r.URL.Query().Get("lang")
	if q == "en" || q == "zh" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: q, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	} else if ck, err := r.Cookie(langCookie); err == nil {
		q = ck.Value
	}
	if q == "en" {
		return i18n.English
	}
	return i18n.Chinese
}

// csrfToken returns the browser's CSRF token, setting a new one when it
// has none. Forms send it back in the field csrf; it must equal the cookie
// (double submit), which other sites can neither read nor set.
func (s *server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= csrfLen {
		return ck.Value
	}
	var b [24]byte
	_, _ = rand.Read(b[:]) // never fails
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	path := (&url.URL{Path: s.opts.Prefix}).EscapedPath() + "/"
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: path, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	return tok
}

// checkCSRF reports whether a form post carries the browser's token and,
// when the browser names the origin, comes from this site.
func (s *server) checkCSRF(c *call) bool {
	if o := c.r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != c.r.Host {
			return false
		}
	}
	ck, err := c.r.Cookie(csrfCookie)
	if err != nil || len(ck.Value) < csrfLen {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(ck.Value), []byte(c.r.PostForm.Get("csrf"))) == 1
}

// csrfLen is the shortest CSRF token csrfToken gives; a shorter cookie,
// the empty one included, was not set by the board.
const csrfLen = 22

// maxForm is the largest form body, in bytes: a text of
// workorder.MaxTextLen Chinese characters, URL-encoded, with room.
const maxForm = 256 << 10

// render writes page name with data and status.
func (s *server) render(c *call, status int, name string, data any) {
	c.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	if err := s.pages[name].ExecuteTemplate(&b, "layout.html", data); err != nil {
		s.opts.Logger.Error("board: render", "page", name, "err", err)
		http.Error(c.w, "internal error", http.StatusInternalServerError)
		return
	}
	c.w.WriteHeader(status)
	if c.r.Method != http.MethodHead {
		_, _ = c.w.Write([]byte(b.String()))
	}
}

// fail shows an error page.
func (s *server) fail(c *call, status int, msg string) {
	v := s.view(c, "")
	v.Error = msg
	s.render(c, status, "error", v)
}

// internal logs err and shows a page saying something failed.
func (s *server) internal(c *call, err error) {
	s.opts.Logger.Error("board", "path", c.path, "actor", c.actor.String(), "err", err)
	s.fail(c, http.StatusInternalServerError, "internal error")
}
