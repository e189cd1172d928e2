package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// ids returns the ids of a page and its next cursor.
func ids(t *testing.T, r *response) ([]string, string) {
	t.Helper()
	m := r.json()
	var out []string
	for _, o := range m["orders"].([]any) {
		out = append(out, o.(map[string]any)["id"].(string))
	}
	next, _ := m["next"].(string)
	return out, next
}

// listFixture has orders that differ in every filtered field:
//
//	WO000001 complaint 清溪镇/三中村, handling by cityMgmt, routed joint with envBur, later overdue
//	WO000002 help 清溪镇/四中村, code 01.01.02, received
//	WO000003 complaint, cancelled
//	WO000004 complaint, routed as a repeat, handling by cityMgmt
//	WO000005 complaint, merged into WO000004
func listFixture(t *testing.T) *fixture {
	f := newFixture(t, routerConfig)
	joint := strings.Replace(draftJSON, "噪音很大", "噪音很大，需联合处理", 1)
	f.accept(joint)
	f.step(centre, "WO000001", "dispatch", `{}`)
	f.step(lead, "WO000001", "sign", "")
	f.clock.Advance(time.Minute)
	f.accept(`{"channel":"web","category":"help","text":"路灯不亮","code":"01.01.02","location":{"region":"清溪镇/四中村"}}`)
	f.clock.Advance(time.Minute)
	f.accept(draftJSON)
	f.step(centre, "WO000003", "cancel", `{"code":"duplicate"}`)
	f.clock.Advance(time.Minute)
	f.accept(strings.Replace(draftJSON, "噪音很大", "再次投诉噪音很大", 1))
	f.step(centre, "WO000004", "dispatch", `{}`)
	f.step(lead, "WO000004", "sign", "")
	f.clock.Advance(time.Minute)
	f.accept(draftJSON)
	f.step(centre, "WO000005", "merge", `{"master":"WO000004"}`)
	// Much later, a step on WO000001 finds it overdue.
	f.clock.Advance(60 * 24 * time.Hour)
	f.step(super, "WO000001", "urge", "")
	return f
}

func TestListFilters(t *testing.T) {
	f := listFixture(t)
	for _, c := range []struct {
		actor, query string
		want         []string
	}{
		{centre, "", []string{"WO000001", "WO000002", "WO000003", "WO000004", "WO000005"}},
		{centre, "state=handling", []string{"WO000001", "WO000004"}},
		{centre, "state=撤单", []string{"WO000003"}},
		{centre, "open=true", []string{"WO000001", "WO000002", "WO000004"}},
		{centre, "unit=" + envBur, []string{"WO000001"}},
		{centre, "category=help", []string{"WO000002"}},
		{centre, "code=01.01", []string{"WO000002"}},
		{centre, "code=01.02", nil},
		{centre, "category=投诉&open=true", []string{"WO000001", "WO000004"}},
		{centre, "region=清溪镇/四中村", []string{"WO000002"}},
		{centre, "region=清溪镇", []string{"WO000001", "WO000002", "WO000003", "WO000004", "WO000005"}},
		{centre, "due_before=2026-01-01T00:00:00Z", []string{"WO000001", "WO000002", "WO000004"}},
		{centre, "due_before=2025-09-01T00:00:00Z", nil},
		{centre, "overdue=true", []string{"WO000001"}},
		{centre, "merged_into=WO000004", []string{"WO000005"}},
		{centre, "joint=true", []string{"WO000001"}},
		{centre, "repeat=true", []string{"WO000004"}},
		{centre, "sort=newest", []string{"WO000005", "WO000004", "WO000003", "WO000002", "WO000001"}},
		{centre, "sort=due&limit=2", []string{"WO000001", "WO000002"}},
		// A unit's listing is its own, whatever unit it names.
		{lead, "", []string{"WO000001", "WO000004"}},
		{lead, "unit=" + village, []string{"WO000001", "WO000004"}},
		{other, "", nil},
	} {
		got, _ := ids(t, f.must(http.StatusOK, c.actor, "GET", "/api/orders?"+query(c.query), ""))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s ?%s: %v, want %v", c.actor, c.query, got, c.want)
		}
	}
}

// query escapes the values of q.
func query(q string) string {
	if q == "" {
		return ""
	}
	v := url.Values{}
	for kv := range strings.SplitSeq(q, "&") {
		k, x, _ := strings.Cut(kv, "=")
		v.Set(k, x)
	}
	return v.Encode()
}

// Paging with the next cursor sees every order once, in order, while
// orders are taken in and changed between pages; an order added behind
// the cursor is not seen, one added ahead is.
func TestListPaging(t *testing.T) {
	for _, sort := range []string{"id", "newest", "due"} {
		t.Run(sort, func(t *testing.T) {
			f := newFixture(t)
			for range 7 {
				f.accept(draftJSON)
				f.clock.Advance(time.Minute)
			}
			var seen []string
			path := "/api/orders?limit=3&sort=" + sort
			for page := 0; ; page++ {
				got, next := ids(t, f.must(http.StatusOK, centre, "GET", path, ""))
				if len(got) > 3 {
					t.Fatalf("page of %d", len(got))
				}
				seen = append(seen, got...)
				if page == 0 {
					// Between pages: a new order, and a step on one already seen.
					f.accept(draftJSON)
					f.step(centre, got[0], "urge", "")
				}
				if next == "" {
					break
				}
				if page > 5 {
					t.Fatal("paging does not end")
				}
				path = "/api/orders?limit=3&sort=" + sort + "&after=" + next
			}
			var want []string
			switch sort {
			case "id", "due":
				// WO000008 sorts after the cursor (higher id; later due).
				want = []string{"WO000001", "WO000002", "WO000003", "WO000004", "WO000005", "WO000006", "WO000007", "WO000008"}
			case "newest":
				// WO000008 is newer than the first page: behind the cursor.
				want = []string{"WO000007", "WO000006", "WO000005", "WO000004", "WO000003", "WO000002", "WO000001"}
			}
			if !slices.Equal(seen, want) {
				t.Fatalf("seen %v, want %v", seen, want)
			}
		})
	}
}

// A full last page has a next cursor; the page after it is empty and has
// none.
func TestListExactPage(t *testing.T) {
	f := newFixture(t)
	f.accept(draftJSON)
	f.accept(draftJSON)
	got, next := ids(t, f.must(http.StatusOK, centre, "GET", "/api/orders?limit=2", ""))
	if len(got) != 2 || next != "" {
		t.Fatalf("page %v next %q: two orders fit one page of two", got, next)
	}
	got, next = ids(t, f.must(http.StatusOK, centre, "GET", "/api/orders?limit=1", ""))
	if len(got) != 1 || next == "" {
		t.Fatalf("page %v next %q", got, next)
	}
	got, next = ids(t, f.must(http.StatusOK, centre, "GET", "/api/orders?limit=1&after="+next, ""))
	if !slices.Equal(got, []string{"WO000002"}) || next != "" {
		t.Fatalf("page %v next %q", got, next)
	}
}

func TestParseFilter(t *testing.T) {
	due := time.Date(2025, 9, 20, 0, 0, 0, 0, time.UTC)
	c := workorder.Cursor{Sort: workorder.SortDue, At: due, ID: "WO9"}
	f, err := parseFilter(url.Values{"state": {"handling"}, "open": {"1"}, "unit": {cityMgmt}, "category": {"complaint"},
		"region": {"清溪镇"}, "due_before": {"2025-09-20T08:00:00+08:00"}, "overdue": {"true"}, "merged_into": {"WO1"},
		"joint": {"true"}, "repeat": {"false"}, "sort": {"due"}, "after": {c.String()}, "limit": {"7"}})
	if err != nil {
		t.Fatal(err)
	}
	want := workorder.Filter{State: workorder.StateHandling, Open: true, Unit: cityMgmt, Category: "complaint", Region: "清溪镇",
		DueBefore: f.DueBefore, Overdue: true, MergedInto: "WO1", Joint: true, Sort: workorder.SortDue, After: f.After, Limit: 7}
	if f != want || !f.DueBefore.Equal(due) || *f.After != c {
		t.Fatalf("filter %+v, want %+v", f, want)
	}
	if f, _ := parseFilter(url.Values{}); f.Limit != PageDefault {
		t.Fatalf("default limit %d", f.Limit)
	}
}

// Every parameter of the listing is documented, and only those.
func TestListParamsDocumented(t *testing.T) {
	doc := loadDoc(t)
	ps := doc["paths"].(map[string]any)["/orders"].(map[string]any)["get"].(map[string]any)["parameters"].([]any)
	var names []string
	for _, p := range ps {
		names = append(names, p.(map[string]any)["name"].(string))
		if _, err := parseFilter(url.Values{names[len(names)-1]: {"x"}}); err != nil && strings.Contains(err.Error(), "unknown query parameter") {
			t.Errorf("documented parameter %s is not read", names[len(names)-1])
		}
	}
	if len(names) != 14 {
		t.Errorf("%d parameters documented: %v", len(names), names)
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "state=handling&limit=3", "sort=newest&after=bmV3ZXN0LjEuV08x", "due_before=2025-09-20T08:00:00Z",
		"limit=-1", "after=aWQuLldPMQ", "region=%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		flt, err := parseFilter(v)
		if err != nil {
			if p := ProblemFor(err); p.Status != http.StatusBadRequest || p.Field == "" {
				t.Fatalf("%q: %v gives %+v", q, err, p)
			}
			return
		}
		if flt.Limit < 1 || flt.Limit > PageMax {
			t.Fatalf("%q: limit %d", q, flt.Limit)
		}
		if err := flt.Validate(); err != nil {
			t.Fatalf("%q: accepted a filter that does not validate: %v", q, err)
		}
	})
}

// unsortedStore lists in reverse id order, whatever the filter says.
type unsortedStore struct{ workorder.Store }

func (s unsortedStore) List(ctx context.Context, f workorder.Filter) ([]*workorder.Order, error) {
	os, err := s.Store.List(ctx, workorder.Filter{})
	slices.Reverse(os)
	return os, err
}

// A store that does not keep the sort or the cursor gives a 500, not
// pages that repeat for ever.
func TestListStoreOutOfOrder(t *testing.T) {
	f := newFixture(t, func(c *workorder.Config) { c.Store = unsortedStore{workorder.NewMemStore()} })
	f.accept(draftJSON)
	f.accept(draftJSON)
	f.must(http.StatusInternalServerError, centre, "GET", "/api/orders?limit=1", "")
	if !strings.Contains(f.logs.String(), "out of the filter's order") {
		t.Fatalf("log: %s", f.logs)
	}
}
