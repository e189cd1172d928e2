package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// pageJSON is the answer of GET /orders: a page of orders and, when more
// may follow, the cursor of the next page.
type pageJSON struct {
	Orders []*workorder.Order `json:"orders"`
	Next   string             `json:"next,omitempty"`
}

// listParams are the query parameters of GET /orders, each setting the
// workorder.Filter field of the same meaning.
var listParams = []struct {
	name, desc, typ string
}{
	{"state", "orders in this state (English key or Chinese name)", "string"},
	{"open", "true: orders still open", "boolean"},
	{"unit", "orders the unit leads or assists; a unit's own listing is always narrowed to itself", "string"},
	{"category", "orders of this category", "string"},
	{"code", "orders classified under this code or inside its subtree, by whole segments", "string"},
	{"region", "orders inside this region, by whole path segments (清溪镇 covers 清溪镇/三中村)", "string"},
	{"due_before", "orders with a deadline strictly before this RFC 3339 instant", "string"},
	{"overdue", "true: orders that have been overdue", "boolean"},
	{"merged_into", "orders merged into this master", "string"},
	{"joint", "true: orders the router sent to joint handling", "boolean"},
	{"repeat", "true: orders the router found to repeat earlier ones", "boolean"},
	{"sort", "id (the default), newest (created, newest first) or due (deadline, earliest first; orders without one left out)", "string"},
	{"after", "the next cursor of the previous page; the other parameters must be the same", "string"},
	{"limit", "orders per page, 1 to " + strconv.Itoa(PageMax) + "; default " + strconv.Itoa(PageDefault), "integer"},
}

// parseFilter reads the query of GET /orders. Its errors name the
// parameter.
func parseFilter(q url.Values) (workorder.Filter, error) {
	var f workorder.Filter
	f.Limit = PageDefault
	for k, vs := range q {
		if k == "" {
			return f, bad("query", "a parameter without a name")
		}
		if len(vs) != 1 {
			return f, bad(k, "given more than once")
		}
		v := vs[0]
		if err := checkText(k, v, "short"); err != nil {
			return f, err
		}
		var err error
		switch k {
		case "state":
			f.State, err = workorder.ParseState(v)
		case "open":
			f.Open, err = strconv.ParseBool(v)
		case "unit":
			f.Unit = v
		case "category":
			f.Category, err = hotline.ParseCategory(v)
		case "code":
			f.Code, err = classify.ParseCode(v)
		case "region":
			f.Region = v
		case "due_before":
			f.DueBefore, err = time.Parse(time.RFC3339Nano, v)
		case "overdue":
			f.Overdue, err = strconv.ParseBool(v)
		case "merged_into":
			f.MergedInto = v
		case "joint":
			f.Joint, err = strconv.ParseBool(v)
		case "repeat":
			f.Repeat, err = strconv.ParseBool(v)
		case "sort":
			f.Sort, err = workorder.ParseSort(v)
		case "after":
			var c workorder.Cursor
			c, err = workorder.ParseCursor(v)
			f.After = &c
		case "limit":
			f.Limit, err = strconv.Atoi(v)
			if err == nil && (f.Limit < 1 || f.Limit > PageMax) {
				return f, bad(k, "want 1 to "+strconv.Itoa(PageMax))
			}
		default:
			return f, bad(k, "unknown query parameter")
		}
		if err != nil {
			return f, &badInput{field: k, why: "bad value " + strconv.Quote(v), err: err}
		}
	}
	if f.After != nil && f.After.Sort != f.Sort {
		return f, bad("after", "a cursor of sort "+f.After.Sort.String()+" for a listing by "+f.Sort.String())
	}
	return f, nil
}

func (h *handler) list(c *call, r *http.Request) {
	if !h.begin(c, r, false) {
		return
	}
	q, ok := parseQuery(c, r)
	if !ok {
		return
	}
	f, err := parseFilter(q)
	if err != nil {
		fail(c, err)
		return
	}
	limit := f.Limit
	f.Limit++ // one more tells whether a next page exists
	os, err := h.svc.List(r.Context(), c.actor, f)
	if err != nil {
		fail(c, err)
		return
	}
	if err := checkOrder(os, &f); err != nil {
		fail(c, err)
		return
	}
	p := pageJSON{Orders: os}
	if len(os) > limit {
		p.Orders = os[:limit]
		p.Next = workorder.CursorAfter(os[limit-1], f.Sort).String()
	}
	if p.Orders == nil {
		p.Orders = []*workorder.Order{}
	}
	writeJSON(c, http.StatusOK, p)
}

// errStoreOrder reports a store whose List does not keep the Filter's
// sort or cursor, whose next cursors would repeat pages for ever.
var errStoreOrder = errors.New("api: the store lists out of the filter's order or before its cursor")

// checkOrder returns errStoreOrder unless os follow f.After and come in
// f.Sort's order.
func checkOrder(os []*workorder.Order, f *workorder.Filter) error {
	for i, o := range os {
		if i == 0 && f.After != nil && !f.After.Follows(o) || i > 0 && f.Sort.Compare(os[i-1], o) >= 0 {
			return fmt.Errorf("%w: %s after %s", errStoreOrder, o.ID, f.Sort)
		}
	}
	return nil
}

// deadlinesJSON is the answer of GET /orders/{id}/deadlines.
type deadlinesJSON struct {
	Order     string         `json:"order"`
	At        time.Time      `json:"at"`
	Deadlines []deadlineJSON `json:"deadlines"`
}

// deadlineJSON is one sla.Result: instants in UTC, durations written as
// time.Duration.String does ("-1h30m0s").
type deadlineJSON struct {
	Name            string     `json:"name"`
	Clock           sla.Clock  `json:"clock"`
	Window          bool       `json:"window,omitempty"`
	Started         bool       `json:"started"`
	Start           time.Time  `json:"start,omitzero"`
	Due             time.Time  `json:"due,omitzero"`
	WarnAt          time.Time  `json:"warn_at,omitzero"`
	Remaining       string     `json:"remaining,omitempty"`
	Elapsed         float64    `json:"elapsed"`
	Level           sla.Level  `json:"level"`
	Met             bool       `json:"met"`
	MetAt           time.Time  `json:"met_at,omitzero"`
	OnTime          bool       `json:"on_time"`
	Breached        bool       `json:"breached"`
	BreachedAt      time.Time  `json:"breached_at,omitzero"`
	Paused          bool       `json:"paused,omitempty"`
	PausedTime      string     `json:"paused_time,omitempty"`
	Extensions      int        `json:"extensions,omitempty"`
	Extended        *amountOut `json:"extended,omitempty"`
	WorkingTimeUsed string     `json:"working_time_used,omitempty"`
	Provisional     bool       `json:"provisional,omitempty"`
}

type amountOut struct {
	Days     int    `json:"days,omitempty"`
	Duration string `json:"duration,omitempty"`
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func dur(d time.Duration, started bool) string {
	if !started {
		return ""
	}
	return d.String()
}

func toDeadline(r *sla.Result) deadlineJSON {
	d := deadlineJSON{Name: r.Name, Clock: r.Clock, Window: r.Window, Started: r.Started, Start: utc(r.Start),
		Due: utc(r.Due), WarnAt: utc(r.WarnAt), Remaining: dur(r.Remaining, r.Started), Elapsed: r.Elapsed,
		Level: r.Level, Met: r.Met, MetAt: utc(r.MetAt), OnTime: r.OnTime, Breached: r.Breached,
		BreachedAt: utc(r.BreachedAt), Paused: r.Paused, Extensions: r.Extensions, Provisional: r.Provisional,
		WorkingTimeUsed: dur(r.WorkingTimeUsed, r.Started)}
	if r.PausedTime != 0 {
		d.PausedTime = r.PausedTime.String()
	}
	if r.Extended.Days != 0 || r.Extended.Duration != 0 {
		d.Extended = &amountOut{Days: r.Extended.Days}
		if r.Extended.Duration != 0 {
			d.Extended.Duration = r.Extended.Duration.String()
		}
	}
	return d
}
