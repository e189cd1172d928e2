package board

import (
	"crypto/rand"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// view is what every page's template has: the language, the actor, the
// links and the texts. Page data embed it.
type view struct {
	L      i18n.Lang
	Actor  workorder.Actor
	Prefix string
	CSRF   string
	// FormKey is carried by the page's step forms, so that posting one
	// twice takes its step once.
	FormKey string
	Page    string // "list", "order", "charts" or "" for the navigation
	Path    string // the request URI, for the language switch
	Now     time.Time
	Logout  string // the sign-out form's action
	Flash   string
	Error   string
	// classes names classification codes.
	classes *classify.Tree
}

func (s *server) view(c *call, page string) view {
	key := c.formKey
	if key == "" {
		key = rand.Text()
	}
	return view{L: c.lang, Actor: c.actor, Prefix: s.opts.Prefix, CSRF: c.csrf, FormKey: key, Page: page, Path: c.r.URL.RequestURI(), Now: s.opts.Now(),
		Logout: strings.TrimSuffix(s.opts.LoginURL, "/login") + "/logout", classes: s.opts.Classes}
}

func (v view) tag() language.Tag { return v.L.Tag() }

// Lang returns the page's language attribute.
func (v view) Lang() string {
	if v.L == i18n.Chinese {
		return "zh-CN"
	}
	return "en"
}

// T returns the text of key.
func (v view) T(key string) string { return text(v.L, key) }

// Tf formats the text of key with args.
func (v view) Tf(key string, args ...any) string {
	return i18n.NewPrinter(v.tag()).Sprintf(texts[key], args...)
}

// Switch returns the link that shows this page in the other language.
func (v view) Switch() string {
	u, err := url.Parse(v.Path)
	if err != nil {
		return v.Prefix + "/"
	}
	q := u.Query()
	if v.L == i18n.Chinese {
		q.Set("lang", "en")
	} else {
		q.Set("lang", "zh")
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// Home is the board's root.
func (v view) Home() string { return v.Prefix + "/" }

// OrderURL is the link to order id.
func (v view) OrderURL(id string) string { return v.Prefix + "/orders/" + url.PathEscape(id) }

// Centre, Unit and Leader tell the roles apart in templates; a leader
// (centre or supervisor) sees the figures.
func (v view) Centre() bool { return v.Actor.Role == workorder.RoleCentre }
func (v view) Unit() bool   { return v.Actor.Role == workorder.RoleUnit }
func (v view) Leader() bool {
	return v.Actor.Role == workorder.RoleCentre || v.Actor.Role == workorder.RoleSupervisor
}

// RoleName is the actor's role in the page's language.
func (v view) RoleName() string { return v.Actor.Role.Name(v.tag()) }

func (v view) State(s workorder.State) string     { return s.Name(v.tag()) }
func (v view) Step(s workorder.Step) string       { return s.Name(v.tag()) }
func (v view) Level(l sla.Level) string           { return l.Name(v.tag()) }
func (v view) Category(c hotline.Category) string { return c.Name(v.tag()) }
func (v view) Urgency(u hotline.Urgency) string   { return u.Name(v.tag()) }
func (v view) Target(name string) string          { return sla.TargetName(name, v.tag()) }
func (v view) Satisfaction(x hotline.Satisfaction) string {
	return x.Name(v.tag())
}
func (v view) Resolution(x hotline.Resolution) string { return x.Name(v.tag()) }

// CodeName is the path of class c's names in the page's language
// ("城乡建设 > 市容环境 > 噪音扰民"), "" when the classification does not
// hold it.
func (v view) CodeName(c classify.Code) string { return v.classes.PathName(c, v.tag()) }

// ClassName is the name of class c itself in the page's language, "" when
// the classification does not hold it.
func (v view) ClassName(c classify.Code) string {
	if n, ok := v.classes.Lookup(c); ok {
		return n.Name(v.tag())
	}
	return ""
}

// Deadline writes a deadline as the library does ("2025-10-10 17:30 周五").
func (v view) Deadline(t time.Time) string { return i18n.FormatDeadline(t, v.tag()) }

// Time writes an instant to the minute, in its own zone.
func (v view) Time(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04")
}

// ISO writes an instant for scripts (data-due).
func (v view) ISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// Short cuts s to n characters, adding "…".
func (v view) Short(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// levelClass is the CSS class of an sla level.
func levelClass(l sla.Level) string {
	switch l {
	case sla.LevelWarning:
		return "lv-warning"
	case sla.LevelOverdue:
		return "lv-overdue"
	}
	return "lv-normal"
}

func (v view) LevelClass(l sla.Level) string { return levelClass(l) }
