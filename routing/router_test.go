package routing

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

// order is a short way to write a request for the router tests.
type order struct {
	id       string
	cat      hotline.Category
	text     string
	region   string
	address  string
	at       time.Time
	tags     []string
	repeat   bool
	repeatOf []string
}

func (o order) request() *Request {
	return &Request{ID: o.id, Category: o.cat, Text: o.text, Region: o.region, Address: o.address, At: o.at, Tags: o.tags}
}

// The town's repeat rule: the 3rd or later order inside 720h with the same
// address and category.
func TestRouterRepeats(t *testing.T) {
	const noise = "楼下烧烤店噪音扰民"
	const road = "门口路面坑洼"
	cases := []struct {
		name   string
		orders []order
	}{
		{
			name: "third and fourth complaints from one address are repeats",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 21, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 5, 22, 0)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 9, 23, 0), repeat: true, repeatOf: []string{"A", "B"}},
				{id: "D", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 12, 20, 0), repeat: true, repeatOf: []string{"A", "B", "C"}},
			},
		},
		{
			name: "the window is 720h: exactly 30 days before is outside",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 10, 9, 0)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 31, 9, 0)}, // A is 720h back
				{id: "D", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 31, 10, 0), repeat: true, repeatOf: []string{"B", "C"}},
			},
		},
		{
			name: "one minute inside the window still counts",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 10, 9, 0)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 31, 8, 59), repeat: true, repeatOf: []string{"A", "B"}},
			},
		},
		{
			name: "another category or address is another key",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryReport, text: noise, address: "幸福路1号", at: at(3, 2, 9, 0)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: "幸福路2号", at: at(3, 3, 9, 0)},
				{id: "D", cat: hotline.CategoryComplaint, text: road, address: "幸福路1号", at: at(3, 4, 9, 0)}, // same key, other text
				{id: "E", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 5, 9, 0), repeat: true, repeatOf: []string{"A", "D"}},
			},
		},
		{
			name: "addresses compare normalised",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路１号", at: at(3, 2, 9, 0)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: " 幸福路1号 ", at: at(3, 3, 9, 0), repeat: true, repeatOf: []string{"A", "B"}},
			},
		},
		{
			name: "no address, no repeat",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, at: at(3, 2, 9, 0)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, at: at(3, 3, 9, 0)},
			},
		},
		{
			name: "late arrivals: earlier ids in time order, later ones not counted",
			orders: []order{
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 5, 9, 0)},
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 3, 9, 0)}, // C is later in time
				{id: "D", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 6, 9, 0), repeat: true, repeatOf: []string{"A", "B", "C"}},
			},
		},
		{
			name: "the same order routed twice is not its own repeat",
			orders: []order{
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "A", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 1, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 2, 9, 0)},
				{id: "B", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 2, 9, 5)},
				{id: "C", cat: hotline.CategoryComplaint, text: noise, address: "幸福路1号", at: at(3, 3, 9, 0), repeat: true, repeatOf: []string{"A", "B"}},
			},
		},
	}
	for _, c := range cases {
		for _, mem := range []string{"memory", "history"} {
			t.Run(c.name+"/"+mem, func(t *testing.T) {
				testRepeats(t, c.orders, mem == "history")
			})
		}
	}
}

// fakeHistory is a History in a map, remembering each order once, at the
// first At it was routed with, as a store keeps an order's creation time.
type fakeHistory struct {
	mu     sync.Mutex
	seen   map[string][]Seen // by repeat key
	groups map[string][]Seen // by hotspot group key
	alerts map[string][]Seen // the same, those that raised the alert
	calls  int
	err    error
}

func (h *fakeHistory) Recent(_ context.Context, key string, since, until time.Time) ([]Seen, error) {
	return h.find(h.seen, key, since, until)
}

func (h *fakeHistory) RecentGroup(_ context.Context, key string, since, until time.Time) ([]Seen, error) {
	return h.find(h.groups, key, since, until)
}

func (h *fakeHistory) RecentAlerts(_ context.Context, key string, since, until time.Time) ([]Seen, error) {
	return h.find(h.alerts, key, since, until)
}

func (h *fakeHistory) find(m map[string][]Seen, key string, since, until time.Time) ([]Seen, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	if h.err != nil {
		return nil, h.err
	}
	var out []Seen
	for _, s := range m[key] {
		if s.At.After(since) && !s.At.After(until) {
			out = append(out, s)
		}
	}
	return out, nil
}

// remember keeps what a store would after the order is dispatched.
func (h *fakeHistory) remember(req *Request, d Decision) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen, h.groups, h.alerts = map[string][]Seen{}, map[string][]Seen{}, map[string][]Seen{}
	}
	// A group's entry is replaced, keeping its At, as a store replaces an
	// order's routing.
	for _, k := range d.HotspotKeys {
		x := Seen{ID: req.ID, At: req.At, Units: append([]string{d.Lead}, d.Assist...)}
		self := func(s Seen) bool { return s.ID == req.ID }
		if i := slices.IndexFunc(h.groups[k], self); i >= 0 {
			x.At = h.groups[k][i].At
		}
		h.groups[k] = append(slices.DeleteFunc(h.groups[k], self), x)
		h.alerts[k] = slices.DeleteFunc(h.alerts[k], self)
		for _, hs := range d.Hotspots {
			if hs.Key == k {
				h.alerts[k] = append(h.alerts[k], Seen{ID: req.ID, At: x.At})
			}
		}
	}
	if d.RepeatKey == "" {
		return
	}
	for _, s := range h.seen[d.RepeatKey] {
		if s.ID == req.ID {
			return
		}
	}
	h.seen[d.RepeatKey] = append(h.seen[d.RepeatKey], Seen{ID: req.ID, At: req.At})
}

// testRepeats routes orders in turn and checks each decision's repeat,
// with the router's own memory or with a History.
func testRepeats(t *testing.T, orders []order, history bool) {
	r := NewRouter(townRules(t, Options{}))
	h := &fakeHistory{}
	if history {
		r.SetHistory(h)
	}
	for _, o := range orders {
		req := o.request()
		d, err := r.Route(context.Background(), req)
		require.NoError(t, err)
		h.remember(req, d)
		assert.Equal(t, o.repeat, d.Repeat, "%s: %s", o.id, d.Reason)
		want := o.repeatOf
		if want == nil {
			want = []string{}
		}
		assert.Equal(t, want, d.RepeatOf, o.id)
		if o.repeat {
			assert.True(t, d.Joint, o.id)
			assert.Equal(t, "政务服务中心", d.Coordinator)
		}
	}
	if history && len(h.seen) > 0 {
		assert.NotZero(t, h.calls, "the history was asked")
	}
}

func TestRouterHistoryError(t *testing.T) {
	r := NewRouter(townRules(t, Options{}))
	boom := errors.New("database gone")
	h := &fakeHistory{err: boom}
	r.SetHistory(h)
	_, err := r.Route(context.Background(), &Request{ID: "A", Category: hotline.CategoryComplaint, Text: "噪音", Address: "幸福路1号", At: at(3, 1, 9, 0)})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, h.calls)
	// No address, no key: the history is not asked.
	_, err = r.Route(context.Background(), &Request{ID: "B", Category: hotline.CategoryComplaint, Text: "噪音", At: at(3, 1, 9, 0)})
	assert.NoError(t, err)
	assert.Equal(t, 1, h.calls)
	// Back to memory.
	r.SetHistory(nil)
	_, err = r.Route(context.Background(), &Request{ID: "A", Category: hotline.CategoryComplaint, Text: "噪音", Address: "幸福路1号", At: at(3, 1, 9, 0)})
	assert.NoError(t, err)
}

func TestRouterHistoryKeptAcrossSwap(t *testing.T) {
	r := NewRouter(townRules(t, Options{}))
	h := &fakeHistory{}
	r.SetHistory(h)
	r.Swap(townRules(t, Options{Language: language.English}))
	for i, id := range []string{"A", "B", "C"} {
		req := &Request{ID: id, Category: hotline.CategoryComplaint, Text: "噪音", Address: "幸福路1号", At: at(3, 1+i, 9, 0)}
		d, err := r.Route(context.Background(), req)
		require.NoError(t, err)
		h.remember(req, d)
		assert.Equal(t, i == 2, d.Repeat, d.Reason)
	}
	assert.Equal(t, 3, h.calls, "the history outlives a swap")
}

// A text key is trimmed of all white space, as keywords and tags are.
func TestRouterRepeatTextKeyTrimmed(t *testing.T) {
	cfg := &Config{Centre: "中心", Fallback: "中心", Joint: JointConfig{Repeat: &RepeatConfig{Count: 3, Key: []KeyField{KeyText}}}}
	r := NewRouter(mustCompile(t, cfg, Options{}))
	var d Decision
	for i, text := range []string{"家里停水了", "家里停水了\v", "\f家里停水了\u0085"} {
		var err error
		d, err = r.Route(context.Background(), &Request{ID: fmt.Sprint("T", i+1), Text: text, At: at(5, 1, 8+i, 0)})
		require.NoError(t, err)
	}
	assert.True(t, d.Repeat)
	assert.Equal(t, []string{"T1", "T2"}, d.RepeatOf)
}

func TestRouterRepeatMakesJoint(t *testing.T) {
	r := NewRouter(townRules(t, Options{Language: language.Chinese}))
	var d Decision
	for i, id := range []string{"R1", "R2", "R3"} {
		var err error
		d, err = r.Route(context.Background(), &Request{ID: id, Category: hotline.CategoryComplaint, Text: "门口路面坑洼，下雨积水", Region: "清溪镇/三中村", Address: "三中村委旁", At: at(4, 1+i, 10, 0)})
		require.NoError(t, err)
		if i < 2 {
			assert.False(t, d.Joint, "a single unit, no tag, no repeat yet")
		}
	}
	assert.Equal(t, "交通运输局", d.Lead)
	assert.Equal(t, []string{}, d.Assist)
	assert.True(t, d.Joint)
	assert.Equal(t, "政务服务中心", d.Coordinator)
	assert.Equal(t, "命中规则「道路破损」(优先级40)，由交通运输局主办；30天内同地址、同类别第3件，属重复诉求，此前工单：R1、R2；因重复诉求转联合办理，由政务服务中心协调。", d.Reason)
}

func TestRouterRepeatReasonBelowCount(t *testing.T) {
	r := NewRouter(townRules(t, Options{Language: language.English}))
	_, err := r.Route(context.Background(), &Request{ID: "R1", Category: hotline.CategoryComplaint, Text: "路面坑洼", Address: "三中村委旁", At: at(4, 1, 10, 0)})
	require.NoError(t, err)
	d, err := r.Route(context.Background(), &Request{ID: "R2", Category: hotline.CategoryComplaint, Text: "路面坑洼", Address: "三中村委旁", At: at(4, 2, 10, 0)})
	require.NoError(t, err)
	assert.False(t, d.Repeat)
	assert.Equal(t, `matched rule "道路破损" (priority 40): 交通运输局 leads; 1 earlier request(s) with the same address and category within 30 days (R1), fewer than 3: not a repeat; no joint handling.`, d.Reason)
}

// testdata/town.yaml: 3 orders in 24h from one village (depth 2) with one
// category, or with the watched keyword 停水.
func TestRouterHotspots(t *testing.T) {
	for _, mem := range []string{"memory", "history"} {
		t.Run(mem, func(t *testing.T) { testHotspots(t, mem == "history") })
	}
}

// testHotspots routes orders in turn and checks the alerts they raise,
// with the router's own memory or with a History.
func testHotspots(t *testing.T, history bool) {
	r := NewRouter(townRules(t, Options{}))
	h := &fakeHistory{}
	if history {
		r.SetHistory(h)
	}
	route := func(id string, cat hotline.Category, text, region string, when time.Time) []Hotspot {
		req := &Request{ID: id, Category: cat, Text: text, Region: region, At: when}
		d, err := r.Route(context.Background(), req)
		require.NoError(t, err)
		h.remember(req, d)
		return d.Hotspots
	}
	assert.Empty(t, route("W1", hotline.CategoryHelp, "家里停水了", "清溪镇/三中村/一组", at(5, 1, 8, 0)))
	assert.Empty(t, route("W2", hotline.CategoryComplaint, "停水一天了还没来水", "清溪镇/三中村/二组", at(5, 1, 9, 0)))
	assert.Empty(t, route("X1", hotline.CategoryHelp, "路灯不亮", "清溪镇/清溪社区", at(5, 1, 9, 30)))
	hs := route("W3", hotline.CategoryHelp, "小区没水，是不是停水", "清溪镇/三中村", at(5, 1, 10, 0))
	require.Len(t, hs, 1, "the keyword group reaches 3; help has only W1 and W3")
	assert.Equal(t, Hotspot{
		Key:    "清溪镇/三中村｜keyword:停水",
		Region: "清溪镇/三中村", Keyword: "停水", Count: 3,
		From: at(5, 1, 8, 0), To: at(5, 1, 10, 0),
		IDs: []string{"W1", "W2", "W3"}, Units: []string{"自来水公司", "水务局"},
	}, hs[0])

	hs = route("W4", hotline.CategoryHelp, "停水了", "清溪镇/三中村/三组", at(5, 1, 11, 0))
	require.Len(t, hs, 1, "help reaches 3; 停水 alerted already in this window")
	assert.Equal(t, hotline.CategoryHelp, hs[0].Category)
	assert.Equal(t, []string{"W1", "W3", "W4"}, hs[0].IDs)

	assert.Empty(t, route("W5", hotline.CategoryHelp, "停水", "清溪镇/三中村", at(5, 2, 9, 59)), "still inside the window of the last alert")
	hs = route("W6", hotline.CategoryComplaint, "又停水了", "清溪镇/三中村", at(5, 2, 10, 0))
	require.Len(t, hs, 1, "a window after the first 停水 alert, with W4, W5, W6 inside")
	assert.Equal(t, []string{"W4", "W5", "W6"}, hs[0].IDs)
	assert.Equal(t, "停水", hs[0].Keyword)

	assert.Empty(t, route("N1", hotline.CategoryHelp, "停水", "", at(5, 2, 10, 1)), "no region, no hotspot")
	assert.Empty(t, route("N2", hotline.CategoryHelp, "停水", "", at(5, 2, 10, 2)))
	assert.Empty(t, route("N3", hotline.CategoryHelp, "停水", "", at(5, 2, 10, 3)))
}

// A caller editing a decision's Assist must not change the units of a
// later hotspot: the history keeps its own copy.
func TestRouterHotspotUnitsIgnoreCallerEdits(t *testing.T) {
	r := NewRouter(townRules(t, Options{}))
	for i, id := range []string{"W1", "W2", "W3"} {
		d, err := r.Route(context.Background(), &Request{ID: id, Category: hotline.CategoryHelp, Text: "停水了", Region: "清溪镇/三中村", At: at(5, 1, 8+i, 0)})
		require.NoError(t, err)
		require.Equal(t, []string{"水务局"}, d.Assist)
		if id != "W3" {
			d.Assist[0] = "改掉的单位"
			continue
		}
		require.Len(t, d.Hotspots, 2, "help and 停水 both reach 3")
		for _, h := range d.Hotspots {
			assert.Equal(t, []string{"自来水公司", "水务局"}, h.Units)
		}
	}
}

// Memory stays bounded by the window however long the router runs.
func TestRouterEvicts(t *testing.T) {
	r := NewRouter(townRules(t, Options{}))
	start := at(1, 1, 0, 0)
	for i := range 3000 {
		_, err := r.Route(context.Background(), &Request{ID: fmt.Sprint(i), Category: hotline.CategoryComplaint, Text: "路面坑洼", Region: fmt.Sprintf("清溪镇/村%d", i%50),
			Address: fmt.Sprintf("幸福路%d号", i), At: start.Add(time.Duration(i) * time.Hour)})
		require.NoError(t, err)
	}
	st := r.state.Load()
	assert.Equal(t, 720, len(st.repeats.series), "one key per hour of the 720h window")
	assert.Equal(t, 720, len(st.repeats.expiry))
	assert.LessOrEqual(t, len(st.hot.series), 50)
	assert.Equal(t, 24, len(st.hot.expiry), "one order per hour inside 24h")
}

func TestRouterErrors(t *testing.T) {
	var zero Router
	_, err := zero.Route(context.Background(), &Request{ID: "1", At: at(1, 1, 0, 0)})
	assert.ErrorIs(t, err, ErrNoRuleSet)
	assert.Nil(t, zero.RuleSet())

	r := NewRouter(townRules(t, Options{}))
	_, err = r.Route(context.Background(), &Request{ID: "1", Text: "停水"})
	assert.ErrorIs(t, err, ErrInvalidRequest, "no time")
	_, err = r.Route(context.Background(), &Request{ID: "1", Category: "noise", At: at(1, 1, 0, 0)})
	assert.ErrorIs(t, err, hotline.ErrUnknownName)
	_, err = r.Route(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidRequest, "no request")
}

func TestRouterSwapKeepsOrDropsHistory(t *testing.T) {
	cfg := townConfig(t)
	a := mustCompile(t, cfg, Options{})
	cfg.Rules[0].Priority = 55 // same repeat settings
	b := mustCompile(t, cfg, Options{})
	cfg.Joint.Repeat = &RepeatConfig{Window: 48 * time.Hour, Count: 3, Key: []KeyField{KeyAddress}}
	c := mustCompile(t, cfg, Options{})

	r := NewRouter(a)
	route := func(id string, day int) Decision {
		d, err := r.Route(context.Background(), &Request{ID: id, Category: hotline.CategoryComplaint, Text: "噪音", Address: "幸福路1号", At: at(6, day, 9, 0)})
		require.NoError(t, err)
		return d
	}
	route("A", 1)
	route("B", 2)
	assert.Same(t, a, r.Swap(b))
	assert.True(t, route("C", 3).Repeat, "history kept across a compatible swap")
	assert.Same(t, b, r.Swap(c))
	assert.False(t, route("D", 3).Repeat, "a new repeat key starts afresh")
	assert.Same(t, c, r.RuleSet())
}

// Swapping while routing: every decision comes whole from one rule set.
func TestRouterSwapWhileRouting(t *testing.T) {
	cfgA := &Config{Centre: "中心", Fallback: "中心", Rules: []RuleSpec{
		{Name: "甲", Priority: 10, Any: []string{"停水"}, Lead: "自来水公司", Assist: []string{"水务局"}},
	}, Joint: JointConfig{Repeat: &RepeatConfig{}}}
	cfgB := &Config{Centre: "中心", Fallback: "中心", Rules: []RuleSpec{
		{Name: "乙", Priority: 10, Any: []string{"停水"}, Lead: "水务局", Assist: []string{"三中村委会"}},
	}, Joint: JointConfig{Repeat: &RepeatConfig{}}}
	a, b := mustCompile(t, cfgA, Options{}), mustCompile(t, cfgB, Options{})
	r := NewRouter(a)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				d, err := r.Route(context.Background(), &Request{ID: fmt.Sprint(g, "-", i), Category: hotline.CategoryHelp, Text: "停水了", Address: fmt.Sprint("幸福路", g), At: at(7, 1, 0, 0).Add(time.Duration(i) * time.Minute)})
				if err != nil {
					t.Error(err)
					return
				}
				switch d.Rules[0] {
				case "甲":
					assert.Equal(t, "自来水公司", d.Lead)
					assert.Equal(t, []string{"水务局"}, d.Assist)
				case "乙":
					assert.Equal(t, "水务局", d.Lead)
					assert.Equal(t, []string{"三中村委会"}, d.Assist)
				default:
					t.Errorf("rules %v", d.Rules)
				}
				assert.Equal(t, i >= 2, d.Repeat, "history is shared across swaps")
			}
		}()
	}
	for i := range 200 {
		if i%2 == 0 {
			r.Swap(b)
		} else {
			r.Swap(a)
		}
	}
	wg.Wait()
}

// With a History, an order routed again is counted once and raises again
// the alert it raised before; an order routed late, after a later one
// raised the alert, does not raise it again.
func TestRouterHotspotHistoryRerouteAndLate(t *testing.T) {
	r := NewRouter(townRules(t, Options{}))
	h := &fakeHistory{}
	r.SetHistory(h)
	route := func(id string, hour int) []Hotspot {
		req := &Request{ID: id, Category: hotline.CategoryHelp, Text: "路灯不亮", Region: "清溪镇/三中村", At: at(5, 1, hour, 0)}
		d, err := r.Route(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, []string{"清溪镇/三中村｜category:help"}, d.HotspotKeys, id)
		h.remember(req, d)
		return d.Hotspots
	}
	assert.Empty(t, route("A", 1))
	assert.Empty(t, route("B", 2))
	hs := route("D", 4)
	require.Len(t, hs, 1)
	assert.Equal(t, []string{"A", "B", "D"}, hs[0].IDs)
	assert.Empty(t, route("C", 3), "D raised the alert an hour later")
	assert.Empty(t, route("B", 2), "B routed again")
	hs = route("D", 4)
	require.Len(t, hs, 1, "D routed again keeps its alert")
	assert.Equal(t, []string{"A", "B", "C", "D"}, hs[0].IDs)
	assert.Equal(t, 4, hs[0].Count)
}

// A History that fails fails the route of an order with hotspot groups.
func TestRouterHotspotHistoryError(t *testing.T) {
	r := NewRouter(townRules(t, Options{}))
	boom := errors.New("database gone")
	h := &fakeHistory{err: boom}
	r.SetHistory(h)
	_, err := r.Route(context.Background(), &Request{ID: "W1", Category: hotline.CategoryHelp, Text: "停水", Region: "清溪镇/三中村", At: at(5, 1, 8, 0)})
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 1, h.calls, "the first failing group stops the others")
}

// Hotspot keys are readable text, and read one way only: a region
// holding bars or a keyword holding "｜" cannot make two groups share a
// key, since the region is normalised (NFKC turns "｜" into "|").
func TestHotspotKeysReadable(t *testing.T) {
	rs, _, err := Compile(&Config{Centre: "中心", Fallback: "镇政府",
		Hotspot: &HotspotConfig{Keywords: []string{"停水", "a｜b"}}}, Options{})
	require.NoError(t, err)
	route := func(region, text string) []string {
		d, err := NewRouter(rs).Route(t.Context(), &Request{ID: "1", Category: hotline.CategoryComplaint,
			Text: text, Region: region, At: at(5, 1, 8, 0)})
		require.NoError(t, err)
		return d.HotspotKeys
	}
	assert.Equal(t, []string{"清溪镇/三中村｜category:complaint", "清溪镇/三中村｜keyword:停水"}, route(" 清溪镇 / 三中村/", "家里停水了"))
	assert.Equal(t, []string{"x|keyword:停水｜category:complaint"}, route("x｜keyword:停水", "吵"))
	assert.Equal(t, []string{"x｜category:complaint", "x｜keyword:a|b"}, route("x", "a｜b"))
}

// A repeat key is readable text too: the normalised fields, each followed
// by the full-width bar, which a field never holds after normalising.
func TestRepeatKeyReadable(t *testing.T) {
	rs, _, err := Compile(&Config{Centre: "中心", Fallback: "镇政府",
		Joint: JointConfig{Repeat: &RepeatConfig{}}}, Options{})
	require.NoError(t, err)
	d, err := NewRouter(rs).Route(t.Context(), &Request{ID: "1", Category: hotline.CategoryComplaint,
		Text: "吵", Address: " 工业路８号｜一楼 ", At: at(5, 1, 8, 0)})
	require.NoError(t, err)
	assert.Equal(t, "工业路8号|一楼｜complaint｜", d.RepeatKey)
}

// ParseHotspotKey reads back what a Router writes, and nothing else.
func TestParseHotspotKey(t *testing.T) {
	for _, tc := range []struct {
		key, region string
		cat         hotline.Category
		kw          string
		ok          bool
	}{
		{"清溪镇/三中村｜category:complaint", "清溪镇/三中村", hotline.CategoryComplaint, "", true},
		{"清溪镇｜keyword:停水", "清溪镇", "", "停水", true},
		{"清溪镇｜keyword:", "", "", "", false},
		{"清溪镇｜colour:red", "", "", "", false},
		{"｜category:help", "", "", "", false},
		{"清溪镇/三中村\x1fccomplaint", "", "", "", false},
	} {
		region, cat, kw, ok := ParseHotspotKey(tc.key)
		if region != tc.region || cat != tc.cat || kw != tc.kw || ok != tc.ok {
			t.Errorf("ParseHotspotKey(%q) = %q, %q, %q, %v", tc.key, region, cat, kw, ok)
		}
	}
}
