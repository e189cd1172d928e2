package routing

import (
	"bytes"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hotline12345/hotline"
)

// Router routes orders with the current rule set and remembers recent
// orders for repeat detection and hotspots. Time is read from each
// request's At, never from a clock; orders are expected in roughly time
// order, since what lies a window before the newest At seen is forgotten
// (so one far-future At ends the history before it). By default it
// remembers in memory; SetHistory makes it ask a History, such as the
// order store, for earlier repeats and hotspot counts instead, so that
// both survive restarts and are shared by every node using that store
// (see SetHistory for what nodes routing at once may see). It is
// safe for concurrent use; Swap replaces the rule set atomically, each
// Route seeing either the old set or the new one. The zero value has no
// rule set: Route returns ErrNoRuleSet until Swap gives it one.
type Router struct {
	mu    sync.Mutex // serialises Swap and SetHistory
	state atomic.Pointer[routerState]
}

type routerState struct {
	rs      *RuleSet
	repeats *timeline // nil when the rule set detects no repeats
	hot     *timeline // nil when it has no hotspots
	history History   // nil: repeats are remembered in repeats
}

// History is a memory of routed orders kept outside the Router, shared by
// every Router that reads it and kept across restarts. A Router with a
// History asks it for the earlier orders of a request's repeat key and of
// its hotspot groups instead of remembering them itself; the History
// learns of an order when its caller stores the order with
// Decision.RepeatKey, Decision.HotspotKeys and the keys of
// Decision.Hotspots (workorder's stores keep them on the dispatched
// order). Implementations must be safe for concurrent use.
type History interface {
	// Recent returns the orders remembered under repeat key key whose At
	// lies in (since, until], in any order. key is Decision.RepeatKey:
	// opaque bytes to compare for equality.
	Recent(ctx context.Context, key string, since, until time.Time) ([]Seen, error)
	// RecentGroup returns the orders remembered under hotspot group key
	// key whose At lies in (since, until], in any order, with their
	// Units. key is one of Decision.HotspotKeys: opaque bytes to compare
	// for equality.
	RecentGroup(ctx context.Context, key string, since, until time.Time) ([]Seen, error)
	// RecentAlerts returns those of the orders RecentGroup would return
	// that raised the group's alert (a Hotspot with that Key), in any
	// order: usually none or one, however many orders the group has.
	RecentAlerts(ctx context.Context, key string, since, until time.Time) ([]Seen, error)
}

// Seen is an order a History remembers: its id and when it was received.
// RecentGroup also sets Units, the units the order involves (its lead and
// assisting units, in any order).
type Seen struct {
	ID    string
	At    time.Time
	Units []string
}

// NewRouter returns a router using rs, which may be nil (see Router).
func NewRouter(rs *RuleSet) *Router {
	r := &Router{}
	r.Swap(rs)
	return r
}

// RuleSet returns the rule set in use, or nil.
func (r *Router) RuleSet() *RuleSet {
	if st := r.state.Load(); st != nil {
		return st.rs
	}
	return nil
}

// Swap makes rs the rule set for the routes that start after it and returns
// the one it replaces. The remembered orders carry over when the new set
// keeps the same repeat window and key (for repeats) and the same hotspot
// window and region depth (for hotspots); otherwise that history starts
// afresh.
func (r *Router) Swap(rs *RuleSet) *RuleSet {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.state.Load()
	st := &routerState{rs: rs}
	if old != nil {
		st.history = old.history
	}
	if rs != nil && rs.repeat != nil {
		if old != nil && old.rs != nil && old.repeats != nil && sameRepeat(old.rs.repeat, rs.repeat) {
			st.repeats = old.repeats
		} else {
			st.repeats = newTimeline(rs.repeat.Window)
		}
	}
	if rs != nil && rs.hotspot != nil {
		if old != nil && old.rs != nil && old.hot != nil && old.rs.hotspot.Window == rs.hotspot.Window &&
			old.rs.hotspot.RegionDepth == rs.hotspot.RegionDepth {
			st.hot = old.hot
		} else {
			st.hot = newTimeline(rs.hotspot.Window)
		}
	}
	r.state.Store(st)
	if old == nil {
		return nil
	}
	return old.rs
}

// SetHistory makes the router read earlier repeats and hotspot counts from
// h, for the routes that start after it; nil goes back to remembering
// them in memory, from then on.
//
// With a History, an order raises the alert of a hotspot group when the
// group has at least Count orders in the window ending at the order's At
// (the order itself and those the History holds) and no order of the
// group the History holds within a window before or after that At raised
// it: the rule the router applies in memory, read from the stored orders
// alone (each keeps the keys of the alerts it raised), so no other shared
// state is needed. An order routed again (a redispatch) is counted once
// and normally raises again the alert it raised before, so that what is
// stored for it stays true. The History learns of an order only when its
// caller stores the decision, after Route returns: two orders of one
// group routed at the same time, on one node or two, do not see each
// other, so both may raise the alert, or neither when each finds the
// count one short (the group's next order then raises it).
func (r *Router) SetHistory(h History) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := &routerState{history: h}
	if old := r.state.Load(); old != nil {
		st.rs, st.repeats, st.hot = old.rs, old.repeats, old.hot
	}
	r.state.Store(st)
}

func sameRepeat(a, b *RepeatConfig) bool {
	return a != nil && b != nil && a.Window == b.Window && slices.Equal(a.Key, b.Key)
}

// RepeatOfMax is the most earlier orders Decision.RepeatOf names: the
// latest ones. Decision.RepeatCount counts them all. A burst of calls about
// one power cut may have 100,000 earlier orders under one key; naming them
// all would make each decision cost more than the one before.
const RepeatOfMax = 20

// Route decides where req goes, counting it for repeats and hotspots. req.At
// must be set. ctx bounds the History's query, when the router has one.
// Errors wrap ErrInvalidRequest (a nil req among them), are ErrNoRuleSet,
// or wrap the History's error.
func (r *Router) Route(ctx context.Context, req *Request) (Decision, error) {
	st := r.state.Load()
	if st == nil || st.rs == nil {
		return Decision{}, fmt.Errorf("routing: route: %w", ErrNoRuleSet)
	}
	if err := req.Validate(); err != nil {
		return Decision{}, err
	}
	if req.At.IsZero() {
		return Decision{}, fmt.Errorf("routing: request %q: field at: %w: not set", req.ID, ErrInvalidRequest)
	}
	rs := st.rs
	sc := rs.getScratch()
	rs.eval(req, sc)
	var rep *repeatInfo
	var key string
	if st.repeats != nil {
		rep = &repeatInfo{}
		if sc.repeatKey(req, rs.repeat.Key) {
			key = string(sc.key)
			if st.history != nil {
				var err error
				if rep.n, rep.earlier, err = recent(ctx, st.history, key, req, rs.repeat.Window); err != nil {
					rs.putScratch(sc)
					return Decision{}, err
				}
			} else {
				rep.n, rep.earlier = st.repeats.remember(sc.key, req.ID, req.At)
			}
			rep.repeat = rep.n+1 >= rs.repeat.Count
		}
	}
	d := rs.build(req, sc, rep)
	d.RepeatKey = key
	if st.hot != nil {
		var err error
		if d.Hotspots, err = rs.hotspots(ctx, st, req, sc, &d); err != nil {
			rs.putScratch(sc)
			return Decision{}, err
		}
	}
	rs.putScratch(sc)
	return d, nil
}

// recent returns how many orders h remembers under key inside the window
// ending at req.At, other than req itself, and the ids of the latest
// RepeatOfMax of them in time order (ties by id); nil when there are none.
func recent(ctx context.Context, h History, key string, req *Request, window time.Duration) (int, []string, error) {
	seen, err := h.Recent(ctx, key, req.At.Add(-window), req.At)
	if err != nil {
		return 0, nil, fmt.Errorf("routing: request %q: history: %w", req.ID, err)
	}
	all := others(seen, req.ID)
	latest := all[max(0, len(all)-RepeatOfMax):]
	if len(latest) == 0 {
		return 0, nil, nil
	}
	ids := make([]string, len(latest))
	for i, x := range latest {
		ids[i] = x.ID
	}
	return len(all), ids, nil
}

// others sorts seen in time order (ties by id) and returns it without id
// and without repeated ids, in place.
func others(seen []Seen, id string) []Seen {
	slices.SortFunc(seen, func(a, b Seen) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	out := seen[:0]
	for _, x := range seen {
		if x.ID != id && (len(out) == 0 || out[len(out)-1].ID != x.ID) {
			out = append(out, x)
		}
	}
	return out
}

// repeatKey puts req's repeat key in sc.key; false when a key field is
// empty.
func (sc *scratch) repeatKey(req *Request, key []KeyField) bool {
	sc.key = sc.key[:0]
	for _, k := range key {
		start := len(sc.key)
		switch k {
		case KeyAddress:
			sc.key = sc.norm.region(sc.key, req.Address) // spaces and slashes tidied too
		case KeyCategory:
			sc.key = append(sc.key, req.Category...)
		case KeyRegion:
			sc.key = append(sc.key, sc.region...)
		case KeyUrgency:
			u := req.Urgency
			if u == "" {
				u = hotline.UrgencyNormal
			}
			sc.key = append(sc.key, u...)
		case KeyText:
			sc.key = append(sc.key, bytes.TrimSpace(sc.text)...)
		}
		if len(sc.key) == start {
			return false
		}
		sc.key = append(sc.key, keySep...)
	}
	return true
}

// Hotspot is an alert: at least Count orders inside the window from one
// region, with one category or one watched keyword.
type Hotspot struct {
	// Key is the group's key, one of Decision.HotspotKeys (see there for
	// its form), equal for the orders of one group.
	Key      string           `json:"key,omitempty"`
	Region   string           `json:"region"`
	Category hotline.Category `json:"category,omitempty"`
	Keyword  string           `json:"keyword,omitempty"`
	Count    int              `json:"count"`
	// From is the At of the earliest order counted, To of the one that
	// raised the alert.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// IDs of the orders counted, in time order.
	IDs []string `json:"ids"`
	// Units are the units concerned: the leads and assisting units of the
	// orders counted, in first-seen order.
	Units []string `json:"units"`
}

// hotspots counts req in its groups, in st's memory or History, puts the
// groups' keys in d.HotspotKeys and returns the alerts req raises.
func (rs *RuleSet) hotspots(ctx context.Context, st *routerState, req *Request, sc *scratch, d *Decision) ([]Hotspot, error) {
	hc := rs.hotspot
	region := sc.region
	if hc.RegionDepth > 0 {
		seg := 0
		for i, c := range region {
			if c == '/' {
				seg++
				if seg == hc.RegionDepth {
					region = region[:i]
					break
				}
			}
		}
	}
	if len(region) == 0 {
		return nil, nil
	}
	e := entry{lead: d.Lead, assist: d.Assist}
	if st.history == nil {
		// The router's memory keeps e; the caller owns d.Assist and may
		// change it.
		e.assist = slices.Clone(d.Assist)
	}
	var out []Hotspot
	var err error
	group := func(cat hotline.Category, kw string) {
		// The form of Decision.HotspotKeys: NFKC leaves no full-width
		// bar in a normalised region.
		sc.key = append(append(sc.key[:0], region...), keySep...)
		if cat != "" {
			sc.key = append(append(sc.key, hotspotCategory...), cat...)
		} else {
			sc.key = append(append(sc.key, hotspotKeyword...), kw...)
		}
		key := string(sc.key)
		d.HotspotKeys = append(d.HotspotKeys, key)
		var h Hotspot
		var ok bool
		if st.history == nil {
			h, ok = st.hot.hotspot(sc.key, req.ID, req.At, e, hc.Count)
		} else if err == nil {
			h, ok, err = hotspotFrom(ctx, st.history, key, req, e, hc)
		}
		if ok {
			h.Key, h.Region, h.Category, h.Keyword = key, string(region), cat, kw
			out = append(out, h)
		}
	}
	if req.Category != "" {
		group(req.Category, "")
	}
	for i, k := range rs.watched {
		if sc.hit(k) {
			group("", hc.Keywords[i])
		}
	}
	return out, err
}

// hotspotFrom decides from h whether req raises the alert of group key
// (see SetHistory for the rule). It asks for the group's alerts first: a
// busy group has many orders and, after its first alert, a recent alert
// that settles the answer.
func hotspotFrom(ctx context.Context, h History, key string, req *Request, e entry, hc *HotspotConfig) (Hotspot, bool, error) {
	alerts, err := h.RecentAlerts(ctx, key, req.At.Add(-hc.Window), req.At.Add(hc.Window))
	if err != nil {
		return Hotspot{}, false, fmt.Errorf("routing: request %q: history: %w", req.ID, err)
	}
	if len(others(alerts, req.ID)) > 0 {
		return Hotspot{}, false, nil
	}
	seen, err := h.RecentGroup(ctx, key, req.At.Add(-hc.Window), req.At)
	if err != nil {
		return Hotspot{}, false, fmt.Errorf("routing: request %q: history: %w", req.ID, err)
	}
	seen = others(seen, req.ID)
	if len(seen)+1 < hc.Count {
		return Hotspot{}, false, nil
	}
	out := Hotspot{Count: len(seen) + 1, From: req.At, To: req.At, IDs: make([]string, 0, len(seen)+1)}
	if len(seen) > 0 {
		out.From = seen[0].At
	}
	for _, x := range seen {
		out.IDs = append(out.IDs, x.ID)
		out.Units = addUnits(out.Units, x.Units...)
	}
	out.IDs = append(out.IDs, req.ID)
	out.Units = addUnits(addUnits(out.Units, e.lead), e.assist...)
	return out, true, nil
}

// addUnits appends to dst each of units it does not hold yet.
func addUnits(dst []string, units ...string) []string {
	for _, u := range units {
		if !slices.Contains(dst, u) {
			dst = append(dst, u)
		}
	}
	return dst
}

// entry is one remembered order.
type entry struct {
	at     time.Time
	id     string
	lead   string
	assist []string
}

// series is the remembered orders of one key, in time order.
type series struct {
	key     string
	entries []entry
	// ids indexes entries by id, from when the series first grows past
	// scanMax entries: a burst of calls about one power cut puts 100,000
	// orders under one key, and scanning them all for a repeated id made
	// each decision cost more than the one before.
	ids     map[string]time.Time
	alerted time.Time // when the last alert was raised
}

// scanMax is the longest series searched for an id without an index: most
// keys hold a few orders, and an index for each would cost a map apiece.
const scanMax = 16

// lookup returns when the order id was recorded in s.
func (s *series) lookup(id string) (time.Time, bool) {
	if s.ids != nil {
		at, ok := s.ids[id]
		return at, ok
	}
	for _, x := range s.entries {
		if x.id == id {
			return x.at, true
		}
	}
	return time.Time{}, false
}

// insert puts e after every entry at or before e.at: at the end, unless e
// arrives late.
func (s *series) insert(e entry) {
	i := len(s.entries)
	for i > 0 && s.entries[i-1].at.After(e.at) {
		i--
	}
	s.entries = slices.Insert(s.entries, i, e)
	switch {
	case s.ids != nil:
		s.ids[e.id] = e.at
	case len(s.entries) > scanMax:
		s.ids = make(map[string]time.Time, 2*len(s.entries))
		for _, x := range s.entries {
			s.ids[x.id] = x.at
		}
	}
}

// trim drops the entries at or before cutoff, from the front.
func (s *series) trim(cutoff time.Time) {
	k := 0
	for k < len(s.entries) && !s.entries[k].at.After(cutoff) {
		if s.ids != nil {
			delete(s.ids, s.entries[k].id)
		}
		s.entries[k] = entry{}
		k++
	}
	s.entries = s.entries[k:]
}

// within returns the entries of s in the window (at-window, at], in time
// order, found by binary search.
func (s *series) within(at time.Time, window time.Duration) []entry {
	lo := at.Add(-window)
	first := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].at.After(lo) })
	last := sort.Search(len(s.entries), func(i int) bool { return s.entries[i].at.After(at) })
	return s.entries[first:last]
}

// timeline remembers orders by key for one window: entries older than the
// newest At seen minus the window are dropped, so memory is bounded by what
// arrives within a window. Recording an order costs O(log n) in the n
// orders remembered, however many share its key; an alert, which lists
// the orders counted, is raised at most once a window per key. Safe for
// concurrent use.
type timeline struct {
	mu     sync.Mutex
	window time.Duration
	series map[string]*series
	expiry expiryHeap
	newest time.Time
}

func newTimeline(window time.Duration) *timeline {
	return &timeline{window: window, series: map[string]*series{}}
}

// added is what timeline.add did with an order.
type added struct {
	s  *series // the key's series; nil when the key has none
	in []entry // the series' entries inside the window ending at the order's At
	// ok is false when the order was too old to record or its id was
	// already recorded.
	ok bool
	// self is true when in holds an entry with the order's id: the order
	// itself when ok.
	self bool
}

// add records e under key, after evicting what has left the window.
func (t *timeline) add(key []byte, e entry) added {
	if e.at.After(t.newest) {
		t.newest = e.at
	}
	cutoff := t.newest.Add(-t.window)
	for len(t.expiry) > 0 && !t.expiry[0].at.After(cutoff) {
		x := heap.Pop(&t.expiry).(expiry)
		old := t.series[x.key]
		if old == nil {
			continue
		}
		old.trim(cutoff)
		if len(old.entries) == 0 && !old.alerted.After(cutoff) {
			delete(t.series, x.key)
		}
	}
	var a added
	a.s = t.series[string(key)]
	a.ok = e.at.After(cutoff)
	if a.s != nil {
		if at, dup := a.s.lookup(e.id); dup {
			a.ok = false
			a.self = at.After(e.at.Add(-t.window)) && !at.After(e.at)
		}
	}
	if a.ok {
		if a.s == nil {
			a.s = &series{key: string(key)}
			t.series[a.s.key] = a.s
		}
		a.s.insert(e)
		heap.Push(&t.expiry, expiry{at: e.at, key: a.s.key})
		a.self = true
	}
	if a.s != nil {
		a.in = a.s.within(e.at, t.window)
	}
	return a
}

// remember records an order and returns how many earlier orders with the
// same key lie inside the window and the ids of the latest RepeatOfMax of
// them, in time order.
func (t *timeline) remember(key []byte, id string, at time.Time) (int, []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.add(key, entry{id: id, at: at})
	n := len(a.in)
	if a.self {
		n--
	}
	ids := make([]string, min(n, RepeatOfMax))
	k := len(ids)
	for i := len(a.in) - 1; k > 0; i-- {
		if a.in[i].id != id {
			k--
			ids[k] = a.in[i].id
		}
	}
	return n, ids
}

// hotspot records an order and reports an alert when the key now has count
// orders inside the window and raised no alert in the last window.
func (t *timeline) hotspot(key []byte, id string, at time.Time, e entry, count int) (Hotspot, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e.id, e.at = id, at
	a := t.add(key, e)
	if !a.ok {
		return Hotspot{}, false
	}
	s, in := a.s, a.in
	if len(in) < count || !s.alerted.IsZero() && at.Sub(s.alerted) < t.window {
		return Hotspot{}, false
	}
	s.alerted = at
	h := Hotspot{Count: len(in), From: in[0].at, To: at, IDs: make([]string, len(in))}
	for i, x := range in {
		h.IDs[i] = x.id
		h.Units = addUnits(addUnits(h.Units, x.lead), x.assist...)
	}
	return h, true
}

type expiry struct {
	at  time.Time
	key string
}

type expiryHeap []expiry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	old[len(old)-1] = expiry{}
	*h = old[:len(old)-1]
	return x
}
