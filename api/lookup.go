package api

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hotline12345/hotline/workorder"
)

// The callers' progress lookup (查询码, see workorder.Service.Lookup):
// POST /orders?query_code=true issues the new order's query code, and
// GET /lookup/{id}?code=… answers anyone who gives it, without Auth:
// callers are not users of the API.

// maxCodeLen is the most bytes of a code the lookup reads: a query code
// with room for the spaces, hyphens and full-width digits callers type.
const maxCodeLen = 64

// RemoteHost is the client key of the lookup when Options.ClientKey is
// nil: the host of r.RemoteAddr, without the port; the whole RemoteAddr
// when it has none.
func RemoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// orderWithCode is the answer of POST /orders?query_code=true: the order
// with its query code.
type orderWithCode struct {
	order *workorder.Order
	code  string
}

// marshal writes the order's JSON with "query_code" first.
func (o orderWithCode) marshal() ([]byte, error) {
	b, err := o.order.MarshalJSON()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+32)
	out = append(out, `{"query_code":`...)
	out = strconv.AppendQuote(out, o.code) // decimal digits
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// wantsCode reads the query of POST /orders: query_code, a boolean, is
// the only parameter.
func wantsCode(q url.Values) (bool, error) {
	want := false
	for k, vs := range q {
		if k != "query_code" {
			return false, bad(k, "unknown query parameter")
		}
		b, err := strconv.ParseBool(vs[0])
		if err != nil || len(vs) > 1 {
			return false, bad(k, "want true or false, once")
		}
		want = b
	}
	return want, nil
}

// progressJSON is the answer of GET /lookup/{id}: the Progress with its
// times in UTC, as every answer of the API gives them.
func progressJSON(p *workorder.Progress) *workorder.Progress {
	p.Accepted, p.Updated = p.Accepted.UTC(), p.Updated.UTC()
	if !p.Due.IsZero() {
		p.Due = p.Due.UTC()
	}
	for i := range p.Deadlines {
		p.Deadlines[i].Due = p.Deadlines[i].Due.UTC()
	}
	return p
}

// lookup answers GET /lookup/{id}?code=…: the order's Progress to whoever
// gives its query code, without Auth. A wrong code and an unknown id get
// the same 404; too many wrong codes for the order or the client, a 429.
func (h *handler) lookup(c *call, r *http.Request) {
	c.handled = true
	c.id = r.PathValue("id")
	// No cache, and no Referer carrying the code to other sites.
	c.Header().Set("Referrer-Policy", "no-referrer")
	if c.id == "" || len(c.id) > workorder.MaxIDLen || !utf8.ValidString(c.id) ||
		strings.ContainsFunc(c.id, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		fail(c, bad("id", "want an order id without control characters"))
		return
	}
	q, ok := onlyQuery(c, r, "code")
	if !ok {
		return
	}
	code := q.Get("code")
	switch {
	case strings.TrimSpace(code) == "":
		fail(c, bad("code", "required"))
		return
	case len(code) > maxCodeLen || !utf8.ValidString(code):
		fail(c, bad("code", "want the order's query code of "+strconv.Itoa(workorder.QueryCodeLen)+" digits"))
		return
	}
	p, err := h.svc.Lookup(r.Context(), c.id, code, h.opts.ClientKey(r))
	if err != nil {
		c.err = err
		pr := ProblemFor(err)
		if errors.Is(err, workorder.ErrTooManyGuesses) {
			c.Header().Set("Retry-After", strconv.Itoa(int(h.opts.LookupRetry.Seconds())))
		}
		writeProblem(c, pr)
		return
	}
	writeJSON(c, http.StatusOK, progressJSON(p))
}
