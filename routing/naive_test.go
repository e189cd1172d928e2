package routing

import (
	"slices"
	"strings"

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
