package board

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// query is the list page's filters, as read from the URL.
type query struct {
	Unit, Region, Category, Code, State, Level, Sort string
	Overdue, Joint, Repeat                           bool
	After                                            string
}

func readQuery(v url.Values) query {
	return query{
		Unit: strings.TrimSpace(v.Get("unit")), Region: strings.TrimSpace(v.Get("region")),
		Category: v.Get("category"), Code: strings.TrimSpace(v.Get("code")), State: v.Get("state"), Level: v.Get("level"), Sort: v.Get("sort"),
		Overdue: v.Get("overdue") == "1", Joint: v.Get("joint") == "1", Repeat: v.Get("repeat") == "1",
		After: v.Get("after"),
	}
}

// filter returns q as a workorder.Filter and the level it asks for (-1:
// any), or an error naming the bad parameter.
func (q query) filter() (workorder.Filter, int, error) {
	f := workorder.Filter{Unit: q.Unit, Region: q.Region, Overdue: q.Overdue, Joint: q.Joint, Repeat: q.Repeat, Limit: pageSize}
	switch q.State {
	case "":
		f.Open = true
	case "all":
	default:
		st, err := workorder.ParseState(q.State)
		if err != nil {
			return f, 0, errors.New("state")
		}
		f.State = st
	}
	if q.Category != "" {
		c := hotline.Category(q.Category)
		if !c.Valid() {
			return f, 0, errors.New("category")
		}
		f.Category = c
	}
	if q.Code != "" {
		c := classify.Code(q.Code)
		if !c.Valid() {
			return f, 0, errors.New("code")
		}
		f.Code = c
	}
	level := -1
	if q.Level != "" {
		found := false
		for l := sla.LevelNormal; l <= sla.LevelOverdue; l++ {
			if l.String() == q.Level {
				level, found = int(l), true
			}
		}
		if !found {
			return f, 0, errors.New("level")
		}
	}
	switch q.Sort {
	case "":
		// A work queue by deadline; without open-only, newest first, as
		// closed orders have no deadline.
		if !f.Open {
			f.Sort = workorder.SortNewest
		} else {
			f.Sort = workorder.SortDue
		}
	default:
		st, err := workorder.ParseSort(q.Sort)
		if err != nil {
			return f, 0, errors.New("sort")
		}
		f.Sort = st
	}
	if q.After != "" {
		c, err := workorder.ParseCursor(q.After)
		if err != nil || c.Sort != f.Sort {
			return f, 0, errors.New("after")
		}
		f.After = &c
	}
	return f, level, nil
}

// url returns the list's link with q, the cursor replaced by after.
func (q query) url(prefix, after string) string {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("unit", q.Unit)
	set("region", q.Region)
	set("category", q.Category)
	set("code", q.Code)
	set("state", q.State)
	set("level", q.Level)
	set("sort", q.Sort)
	for k, b := range map[string]bool{"overdue": q.Overdue, "joint": q.Joint, "repeat": q.Repeat} {
		if b {
			v.Set(k, "1")
		}
	}
	set("after", after)
	if len(v) == 0 {
		return prefix + "/"
	}
	return prefix + "/?" + v.Encode()
}

type option struct {
	Value, Label string
	Selected     bool
}

// row is an order of the list with its level now: the stored Level is
// that of its last step or alert, and time has passed since.
type row struct {
	*workorder.Order
	Live sla.Level
	// WarnAt is the earliest warning instant still ahead of an open
	// target, for the page to turn the row amber by itself; zero if none.
	WarnAt time.Time
}

type listPage struct {
	view
	Q          query
	Orders     []row
	Next       string
	First      string
	Units      []option
	Categories []option
	Codes      []option
	States     []option
	Levels     []option
	Sorts      []option
}

// scanLimit bounds how many pages a level filter reads to fill one page.
const scanLimit = 20

// list shows the orders the actor may see, filtered and paged.
func (s *server) list(c *call) {
	q := readQuery(c.r.URL.Query())
	if c.actor.Role == workorder.RoleUnit {
		q.Unit = "" // the service narrows a unit to its own orders
	}
	f, level, err := q.filter()
	if err != nil {
		s.fail(c, http.StatusBadRequest, s.view(c, "").Tf("badrequest", err.Error()))
		return
	}
	now := s.opts.Now()
	var rows []row
	for range scanLimit {
		page, err := s.svc.List(c.r.Context(), c.actor, f)
		if err != nil {
			if errors.Is(err, workorder.ErrInvalidArgument) {
				s.fail(c, http.StatusBadRequest, s.view(c, "").Tf("badrequest", err.Error()))
				return
			}
			s.internal(c, err)
			return
		}
		for _, o := range page {
			if r := s.row(o, now); level < 0 || int(r.Live) == level {
				rows = append(rows, r)
			}
		}
		if len(page) < f.Limit || len(rows) >= pageSize {
			if len(page) == f.Limit || len(rows) > pageSize {
				// More may follow.
				rows = rows[:min(len(rows), pageSize)]
				cur := workorder.CursorAfter(rows[len(rows)-1].Order, f.Sort)
				f.After = &cur
			} else {
				f.After = nil
			}
			break
		}
		cur := workorder.CursorAfter(page[len(page)-1], f.Sort)
		f.After = &cur
	}
	p := &listPage{view: s.view(c, "list"), Q: q, Orders: rows}
	if f.After != nil {
		p.Next = q.url(s.opts.Prefix, f.After.String())
	}
	if q.After != "" {
		p.First = q.url(s.opts.Prefix, "")
	}
	if u := c.r.URL.Query().Get("urged"); u != "" {
		n, _ := strconv.Atoi(u)
		p.Flash = p.Tf("batchdone", n, q.Unit)
		if bad, _ := strconv.Atoi(c.r.URL.Query().Get("failed")); bad > 0 {
			p.Flash += " " + p.Tf("batchfailed", bad)
		}
	}
	p.Units = s.unitOptions(q.Unit)
	for _, cat := range hotline.Categories() {
		p.Categories = append(p.Categories, option{string(cat), p.Category(cat), string(cat) == q.Category})
	}
	for n := range s.opts.Classes.Walk {
		indent := strings.Repeat("　", n.Code.Depth()-1)
		p.Codes = append(p.Codes, option{string(n.Code), indent + string(n.Code) + " " + n.Name(p.tag()), string(n.Code) == q.Code})
	}
	p.States = []option{{"", p.T("open"), q.State == ""}, {"all", p.T("all"), q.State == "all"}}
	for _, st := range workorder.States()[1:] {
		p.States = append(p.States, option{st.String(), p.State(st), st.String() == q.State})
	}
	for l := sla.LevelNormal; l <= sla.LevelOverdue; l++ {
		p.Levels = append(p.Levels, option{l.String(), p.Level(l), l.String() == q.Level})
	}
	for _, so := range []string{"", "due", "newest", "id"} {
		label := p.T("any")
		if so != "" {
			label = p.T("sort." + so)
		}
		p.Sorts = append(p.Sorts, option{so, label, so == q.Sort})
	}
	s.render(c, http.StatusOK, "list", p)
}

// row evaluates o's deadlines at now.
func (s *server) row(o *workorder.Order, now time.Time) row {
	r := row{Order: o, Live: o.Level}
	if !o.State.Open() {
		return r
	}
	rs, err := s.svc.Deadlines(o, now)
	if err != nil {
		return r
	}
	r.Live = sla.LevelNormal
	for i := range rs {
		if !rs[i].Open() {
			continue
		}
		r.Live = max(r.Live, rs[i].Level)
		if w := rs[i].WarnAt; rs[i].Level == sla.LevelNormal && !w.IsZero() && (r.WarnAt.IsZero() || w.Before(r.WarnAt)) {
			r.WarnAt = w
		}
	}
	return r
}

// unitOptions lists the directory's units, selected marking one.
func (s *server) unitOptions(selected string) []option {
	if s.opts.Units == nil {
		return nil
	}
	var os []option
	for _, u := range s.opts.Units.Units() {
		if !u.Inactive {
			os = append(os, option{u.ID, u.Name, u.ID == selected})
		}
	}
	return os
}

// batchUrge urges every overdue open order of a unit, then shows them.
func (s *server) batchUrge(c *call) {
	if c.actor.Role != workorder.RoleCentre && c.actor.Role != workorder.RoleSupervisor {
		s.fail(c, http.StatusForbidden, text(c.lang, "forbidden"))
		return
	}
	u := strings.TrimSpace(c.r.PostForm.Get("unit"))
	if u == "" {
		s.fail(c, http.StatusBadRequest, s.view(c, "").Tf("badrequest", "unit"))
		return
	}
	remark := strings.TrimSpace(c.r.PostForm.Get("remark"))
	form := c.r.PostForm.Get("key")
	if _, ok := stepKey(form, workorder.StepUrge, ""); !ok {
		s.fail(c, http.StatusBadRequest, s.view(c, "").Tf("badrequest", "key"))
		return
	}
	f := workorder.Filter{Unit: u, Open: true, Overdue: true, Sort: workorder.SortID, Limit: 200}
	var ids []string
	for {
		page, err := s.svc.List(c.r.Context(), c.actor, f)
		if err != nil {
			s.internal(c, err)
			return
		}
		for _, o := range page {
			ids = append(ids, o.ID)
		}
		if len(page) < f.Limit {
			break
		}
		cur := workorder.CursorAfter(page[len(page)-1], f.Sort)
		f.After = &cur
	}
	done, failed := 0, 0
	for _, id := range ids {
		// Each order's urge has its own key from the form's, so that the
		// form sent twice urges each order once.
		ctx := c.r.Context()
		if key, _ := stepKey(form, workorder.StepUrge, id); key != "" {
			ctx = workorder.WithKey(ctx, key)
		}
		if _, err := s.svc.Urge(ctx, c.actor, id, remark); err != nil {
			failed++
			s.opts.Logger.Warn("board: batch urge", "order", id, "actor", c.actor.String(), "err", err)
			continue
		}
		done++
	}
	q := query{Unit: u, Overdue: true}
	to := q.url(s.opts.Prefix, "") + "&urged=" + strconv.Itoa(done) + "&failed=" + strconv.Itoa(failed)
	http.Redirect(c.w, c.r, to, http.StatusSeeOther)
}
