package routing

import (
	"slices"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
)

// naive is a reference router: it evaluates every declarative rule with
// strings.Contains on the normalised text. It knows the built-in conditions
// only and takes categories and urgencies as written in English. Tests compare the automaton
// against it, and a benchmark uses it as the baseline.
type naive struct {
	rules []naiveRule
}

type naiveRule struct {
	name           string
	priority       int
	cats           []hotline.Category
	urgency        []hotline.Urgency
	when           []Condition
	regions        []string
	any, all, none []string
	tags           []string
	codes          []string
}

func newNaive(cfg *Config) *naive {
	nv := &naive{}
	for _, r := range cfg.Rules {
		nr := naiveRule{name: r.Name, priority: r.Priority, cats: r.Categories, urgency: r.Urgency}
		for _, w := range r.When {
			nr.when = append(nr.when, BuiltinConditions()[w])
		}
		for _, reg := range r.Regions {
			nr.regions = append(nr.regions, cleanRegion(reg))
		}
		norm := func(list []string) []string {
			var out []string
			for _, w := range list {
				out = append(out, strings.TrimSpace(Normalize(w)))
			}
			return out
		}
		nr.any, nr.all, nr.none, nr.tags = norm(r.Any), norm(r.All), norm(r.None), norm(r.Tags)
		for _, c := range r.Codes {
			nr.codes = append(nr.codes, strings.TrimSpace(c))
		}
		nv.rules = append(nv.rules, nr)
	}
	return nv
}

// matches returns the names of the matching rules, best first.
func (nv *naive) matches(req *Request) []string {
	text := Normalize(req.Text)
	region := cleanRegion(req.Region)
	var tags []string
	for _, t := range req.Tags {
		tags = append(tags, strings.TrimSpace(Normalize(t)))
	}
	var hit []int
	for i, r := range nv.rules {
		if len(r.cats) > 0 && !slices.Contains(r.cats, req.Category) {
			continue
		}
		urgency := req.Urgency
		if urgency == "" {
			urgency = hotline.UrgencyNormal
		}
		if len(r.urgency) > 0 && !slices.Contains(r.urgency, urgency) {
			continue
		}
		if slices.ContainsFunc(r.when, func(c Condition) bool { return !c.Holds(req) }) {
			continue
		}
		if len(r.any) > 0 && !slices.ContainsFunc(r.any, func(k string) bool { return strings.Contains(text, k) }) {
			continue
		}
		if slices.ContainsFunc(r.all, func(k string) bool { return !strings.Contains(text, k) }) {
			continue
		}
		if slices.ContainsFunc(r.none, func(k string) bool { return strings.Contains(text, k) }) {
			continue
		}
		if len(r.regions) > 0 && !slices.ContainsFunc(r.regions, func(p string) bool { return hotline.RegionCovers(p, region) }) {
			continue
		}
		if len(r.tags) > 0 && !slices.ContainsFunc(r.tags, func(t string) bool { return slices.Contains(tags, t) }) {
			continue
		}
		// A code is in a subtree when it is the subtree's code or starts
		// with it and a dot.
		if len(r.codes) > 0 && !slices.ContainsFunc(r.codes, func(c string) bool {
			return req.Code != "" && (req.Code == c || strings.HasPrefix(req.Code, c+"."))
		}) {
			continue
		}
		hit = append(hit, i)
	}
	slices.SortStableFunc(hit, func(a, b int) int { return nv.rules[b].priority - nv.rules[a].priority })
	names := make([]string, len(hit))
	for i, h := range hit {
		names[i] = nv.rules[h].name
	}
	return names
}

// best returns the name of the best matching rule, or "".
func (nv *naive) best(req *Request) string {
	if m := nv.matches(req); len(m) > 0 {
		return m[0]
	}
	return ""
}

// naiveMemory is a reference for the router's repeat and hotspot memory,
// for orders routed in time order: it keeps every order it records, and
// answers by scanning them all. Keys are whatever the caller groups by.
type naiveMemory struct {
	repeatWindow, hotWindow time.Duration
	hotCount                int
	byKey                   map[string][]naiveSeen
	byGroup                 map[string][]naiveSeen
	recorded                map[string]time.Time // "key\x00id" and "group\x00id": when last recorded
	alerted                 map[string]time.Time // by group
}

type naiveSeen struct {
	id    string
	at    time.Time
	units []string
}

func newNaiveMemory(repeatWindow, hotWindow time.Duration, hotCount int) *naiveMemory {
	return &naiveMemory{
		repeatWindow: repeatWindow, hotWindow: hotWindow, hotCount: hotCount,
		byKey: map[string][]naiveSeen{}, byGroup: map[string][]naiveSeen{},
		recorded: map[string]time.Time{}, alerted: map[string]time.Time{},
	}
}

// record adds the order to list unless list holds its id inside the
// window ending at at; false when it did.
func (m *naiveMemory) record(list map[string][]naiveSeen, key string, x naiveSeen, window time.Duration) bool {
	if at, ok := m.recorded[key+"\x00"+x.id]; ok && at.After(x.at.Add(-window)) {
		return false
	}
	m.recorded[key+"\x00"+x.id] = x.at
	list[key] = append(list[key], x)
	return true
}

// repeat records an order under key and, when answer is set, returns how
// many earlier orders of the key lie inside the window and the ids of the
// latest RepeatOfMax of them.
func (m *naiveMemory) repeat(key, id string, at time.Time, answer bool) (int, []string) {
	m.record(m.byKey, key, naiveSeen{id: id, at: at}, m.repeatWindow)
	if !answer {
		return 0, nil
	}
	var ids []string
	for _, x := range m.byKey[key] {
		if x.id != id && x.at.After(at.Add(-m.repeatWindow)) && !x.at.After(at) {
			ids = append(ids, x.id)
		}
	}
	return len(ids), ids[max(0, len(ids)-RepeatOfMax):]
}

// hotspot records an order in group and returns the alert it raises: at
// least hotCount orders inside the window and no alert in the window
// before.
func (m *naiveMemory) hotspot(group, id string, at time.Time, units []string) (Hotspot, bool) {
	if !m.record(m.byGroup, group, naiveSeen{id: id, at: at, units: units}, m.hotWindow) {
		return Hotspot{}, false
	}
	if last, ok := m.alerted[group]; ok && at.Sub(last) < m.hotWindow {
		return Hotspot{}, false
	}
	var in []naiveSeen
	for _, x := range m.byGroup[group] {
		if x.at.After(at.Add(-m.hotWindow)) && !x.at.After(at) {
			in = append(in, x)
		}
	}
	if len(in) < m.hotCount {
		return Hotspot{}, false
	}
	m.alerted[group] = at
	h := Hotspot{Count: len(in), From: in[0].at, To: at}
	for _, x := range in {
		h.IDs = append(h.IDs, x.id)
		for _, u := range x.units {
			if !slices.Contains(h.Units, u) {
				h.Units = append(h.Units, u)
			}
		}
	}
	return h, true
}
