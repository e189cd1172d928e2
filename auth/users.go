package auth

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/bcrypt"

	"github.com/hotline12345/hotline/workorder"
)

// Defaults of a users file.
const (
	// SessionTTLDefault is how long a sign-in lasts when the users file
	// sets no session_hours.
	SessionTTLDefault = 12 * time.Hour
	// SessionCookie is the name of the session cookie.
	SessionCookie = "hotline_session"
	// MinKeyLen is the shortest session key, in bytes, a users file may set.
	MinKeyLen = 32
)

// ErrBadUsers is wrapped by every error LoadUsers and ParseUsers return for
// a users file that is malformed; the message names the user and field.
var ErrBadUsers = errors.New("auth: bad users file")

// User is one entry of a users file.
type User struct {
	// ID is the sign-in name.
	ID string `yaml:"id"`
	// Role is a workorder role key or name ("centre", "unit",
	// "supervisor").
	Role string `yaml:"role"`
	// Actor is the actor id the user acts as: the unit's name for a unit,
	// the operator id for the others. Empty means ID.
	Actor string `yaml:"actor"`
	// Hash is the bcrypt hash of the password (see HashPassword).
	Hash string `yaml:"hash"`
}

type usersFile struct {
	// Key is the session signing key, hex, at least MinKeyLen bytes;
	// empty means a random key made at load, so sessions end at restart.
	Key          string `yaml:"session_key"`
	SessionHours int    `yaml:"session_hours"`
	Users        []User `yaml:"users"`
}

// Users is a demo Authenticator for trying a hotline out: a users file
// with bcrypt-hashed passwords and roles, and sessions kept in signed
// cookies (HMAC-SHA256, HttpOnly, SameSite=Lax, Secure over TLS). A
// session names the user and its expiry; the user is looked up again on
// every request, so removing a user from the file (and reloading) ends its
// sessions.
//
// A users file in YAML:
//
//	session_key: 3f9c…          # hex, ≥32 bytes; omit for a random one
//	session_hours: 12
//	users:
//	  - id: agent7
//	    role: centre
//	    actor: agent-7
//	    hash: $2a$10$…          # auth.HashPassword("…")
//	  - id: cgb
//	    role: unit
//	    actor: 清溪镇城管办
//	    hash: $2a$10$…
//
// A Users is safe for concurrent use. The zero value has no users and
// refuses every request; use LoadUsers or ParseUsers.
type Users struct {
	key   []byte
	ttl   time.Duration
	users map[string]userEntry
	now   func() time.Time

	failMu sync.Mutex
	fails  map[string]int // failed sign-ins per id, reset on success
}

type userEntry struct {
	actor workorder.Actor
	hash  []byte
}

// LoadUsers reads the users file at path (see Users for its form). Errors
// match ErrBadUsers for a malformed file, or are the file system's.
func LoadUsers(path string) (*Users, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: users file: %w", err)
	}
	u, err := ParseUsers(b)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return u, nil
}

// ParseUsers reads a users file's content (see Users). Errors match
// ErrBadUsers and name the user and field.
func ParseUsers(data []byte) (*Users, error) {
	var f usersFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadUsers, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadUsers}, args...)...)
	}
	u := &Users{ttl: SessionTTLDefault, users: make(map[string]userEntry, len(f.Users)), now: time.Now, fails: map[string]int{}}
	switch {
	case f.SessionHours < 0:
		return nil, bad("session_hours %d: want a positive number", f.SessionHours)
	case f.SessionHours > 0:
		u.ttl = time.Duration(f.SessionHours) * time.Hour
	}
	if f.Key == "" {
		u.key = make([]byte, MinKeyLen)
		_, _ = rand.Read(u.key) // never fails
	} else {
		k, err := hex.DecodeString(f.Key)
		if err != nil || len(k) < MinKeyLen {
			return nil, bad("session_key: want at least %d bytes in hex", MinKeyLen)
		}
		u.key = k
	}
	for i, e := range f.Users {
		if strings.TrimSpace(e.ID) == "" || strings.ContainsAny(e.ID, ".\x00") {
			return nil, bad("user %d: id %q: want a name without dots", i+1, e.ID)
		}
		if _, dup := u.users[e.ID]; dup {
			return nil, bad("user %q: listed twice", e.ID)
		}
		role, err := workorder.ParseRole(e.Role)
		if err != nil || role == workorder.RoleSystem {
			return nil, bad("user %q: role %q: want centre, unit or supervisor", e.ID, e.Role)
		}
		if _, err := bcrypt.Cost([]byte(e.Hash)); err != nil {
			return nil, bad("user %q: hash: not a bcrypt hash (make one with auth.HashPassword)", e.ID)
		}
		id := e.Actor
		if id == "" {
			id = e.ID
		}
		u.users[e.ID] = userEntry{actor: workorder.Actor{Role: role, ID: id}, hash: []byte(e.Hash)}
	}
	return u, nil
}

// HashPassword returns the bcrypt hash of password, at bcrypt's default
// cost, for the hash field of a users file. It fails for a password
// longer than 72 bytes or an empty one.
func HashPassword(password string) (string, error) {
	if password == "" {
		return "", errors.New("auth: empty password")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// Check returns the actor of user id when password is its password, or an
// error matching ErrUnauthenticated. Unknown users take as long as known
// ones, so that timing does not tell which ids exist.
func (u *Users) Check(id, password string) (workorder.Actor, error) {
	e, ok := u.users[id]
	hash := e.hash
	if !ok {
		hash = dummyHash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !ok {
		return workorder.Actor{}, fmt.Errorf("auth: user %q: wrong name or password: %w", id, ErrUnauthenticated)
	}
	return e.actor, nil
}

// dummyHash is compared against when the user is unknown.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such user"), bcrypt.DefaultCost)

// Authenticate implements Authenticator from the session cookie: the
// actor of the user it names, or an error matching ErrUnauthenticated
// when there is no cookie, it is forged or expired, or its user is gone.
func (u *Users) Authenticate(r *http.Request) (workorder.Actor, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return workorder.Actor{}, fmt.Errorf("auth: no session: %w", ErrUnauthenticated)
	}
	id, ok := u.open(c.Value)
	if !ok {
		return workorder.Actor{}, fmt.Errorf("auth: invalid or expired session: %w", ErrUnauthenticated)
	}
	e, ok := u.users[id]
	if !ok {
		return workorder.Actor{}, fmt.Errorf("auth: user %q is gone: %w", id, ErrUnauthenticated)
	}
	return e.actor, nil
}

// seal returns a session token for user id: id (base64), expiry (Unix
// seconds) and the HMAC of both.
func (u *Users) seal(id string, exp time.Time) string {
	p := base64.RawURLEncoding.EncodeToString([]byte(id)) + "." + strconv.FormatInt(exp.Unix(), 10)
	return p + "." + u.mac(p)
}

func (u *Users) mac(p string) string {
	m := hmac.New(sha256.New, u.key)
	m.Write([]byte(p))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// open returns the user id of a token sealed by seal and not expired.
func (u *Users) open(tok string) (string, bool) {
	i := strings.LastIndexByte(tok, '.')
	if i < 0 || len(u.key) == 0 || !hmac.Equal([]byte(tok[i+1:]), []byte(u.mac(tok[:i]))) {
		return "", false
	}
	idPart, expPart, ok := strings.Cut(tok[:i], ".")
	if !ok {
		return "", false
	}
	exp, err := strconv.ParseInt(expPart, 10, 64)
	if err != nil || u.now().Unix() >= exp {
		return "", false
	}
	id, err := base64.RawURLEncoding.DecodeString(idPart)
	if err != nil {
		return "", false
	}
	return string(id), true
}

// Handler serves the sign-in page (GET …/login), the sign-in form (POST
// …/login, fields id, password, next and csrf) and sign-out (POST
// …/logout, refused from a page of another origin), for any path ending so: mount it at "/login" and "/logout".
// After signing in the browser goes to next when it is a path on this
// site, else to "/". The sign-in form carries a CSRF token checked
// against a cookie; a wrong name or password answers 401 with the form
// again. The page is Chinese unless the lang cookie or ?lang= says "en".
func (u *Users) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		switch {
		case strings.HasSuffix(r.URL.Path, "/logout") && r.Method != http.MethodPost:
			// Only a form signs out, so that a link on another site cannot.
			w.Header().Set("Allow", "POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		case strings.HasSuffix(r.URL.Path, "/logout") && crossOrigin.Check(r) != nil:
			// Nor a form of another site.
			http.Error(w, "cross-origin request", http.StatusForbidden)
		case strings.HasSuffix(r.URL.Path, "/logout"):
			http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
			http.Redirect(w, r, loginPath(r.URL.Path), http.StatusSeeOther)
		case strings.HasSuffix(r.URL.Path, "/login") && r.Method == http.MethodPost:
			u.signIn(w, r)
		case strings.HasSuffix(r.URL.Path, "/login") && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			u.page(w, r, http.StatusOK, "", r.URL.Query().Get("next"))
		case strings.HasSuffix(r.URL.Path, "/login"):
			w.Header().Set("Allow", "GET, HEAD, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		default:
			http.NotFound(w, r)
		}
	})
}

// crossOrigin refuses a browser's request from a page of another origin.
var crossOrigin = http.NewCrossOriginProtection()

func loginPath(logout string) string { return strings.TrimSuffix(logout, "/logout") + "/login" }

const csrfCookie = "hotline_login_csrf"

func (u *Users) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	next := r.PostForm.Get("next")
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("csrf"))) != 1 {
		u.page(w, r, http.StatusForbidden, "csrf", next)
		return
	}
	id := strings.TrimSpace(r.PostForm.Get("id"))
	if u.throttled(id) {
		u.page(w, r, http.StatusTooManyRequests, "throttled", next)
		return
	}
	if _, err := u.Check(id, r.PostForm.Get("password")); err != nil {
		u.failed(id, true)
		u.page(w, r, http.StatusUnauthorized, "wrong", next)
		return
	}
	u.failed(id, false)
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: u.seal(id, u.now().Add(u.ttl)), Path: "/",
		MaxAge: int(u.ttl / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
	})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// maxFails is how many wrong passwords in a row a known id may give;
// then its sign-in is refused until the process restarts (a demo
// authenticator's crude guard against guessing).
const maxFails = 20

func (u *Users) throttled(id string) bool {
	u.failMu.Lock()
	defer u.failMu.Unlock()
	return u.fails != nil && u.fails[id] >= maxFails
}

func (u *Users) failed(id string, bad bool) {
	u.failMu.Lock()
	defer u.failMu.Unlock()
	if u.fails == nil {
		u.fails = map[string]int{}
	}
	if bad {
		if _, known := u.users[id]; known {
			u.fails[id]++
		}
	} else {
		delete(u.fails, id)
	}
}

// safeNext returns next when it is a path on this site, else "/". A
// control character is refused anywhere: browsers drop tabs and newlines
// from a URL, so "/\t/evil.example" would lead to another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "/"
	}
	return next
}

var loginTmpl = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="{{.Static}}/board.css"></head>
<body class="login"><main class="login-box">
<h1>{{.T.Title}}</h1>
{{if .Msg}}<p class="error" role="alert">{{.Msg}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="csrf" value="{{.CSRF}}"><input type="hidden" name="next" value="{{.Next}}">
<label>{{.T.User}} <input name="id" autocomplete="username" required autofocus></label>
<label>{{.T.Password}} <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">{{.T.Submit}}</button>
</form>
<p class="switch"><a href="?lang={{.Other}}&amp;next={{.Next}}">{{.T.Switch}}</a></p>
</main></body></html>`))

type loginText struct{ Title, User, Password, Submit, Switch, Wrong, CSRF, Throttled string }

var loginTexts = map[string]loginText{
	"zh": {"12345 热线工单看板 · 登录", "用户名", "密码", "登录", "English", "用户名或密码错误。", "表单已过期，请重试。", "失败次数过多，请稍后再试。"},
	"en": {"12345 hotline board · Sign in", "User", "Password", "Sign in", "中文", "Wrong user name or password.", "The form expired; please try again.", "Too many failed attempts; try again later."},
}

func (u *Users) page(w http.ResponseWriter, r *http.Request, status int, msg, next string) {
	lang := "zh"
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		lang = l
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", SameSite: http.SameSiteLaxMode, HttpOnly: true})
	} else if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		lang = "en"
	}
	t := loginTexts[lang]
	other := map[string]string{"zh": "en", "en": "zh"}[lang]
	var tok [18]byte
	_, _ = rand.Read(tok[:])
	csrf := base64.RawURLEncoding.EncodeToString(tok[:])
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: csrf, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	m := map[string]string{"wrong": t.Wrong, "csrf": t.CSRF, "throttled": t.Throttled}[msg]
	base := strings.TrimSuffix(r.URL.Path, "/login")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = loginTmpl.Execute(w, map[string]any{
		"Lang": lang, "T": t, "Msg": m, "CSRF": csrf, "Next": safeNext(next), "Other": other,
		"Action": r.URL.Path, "Static": base + "/static",
	})
}
