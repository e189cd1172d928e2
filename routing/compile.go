package routing

import (
	"go.yaml.in/yaml/v3"

	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/conf"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/unit"
)

// Rule is a routing rule written in Go, for logic a rules file cannot say.
type Rule interface {
	// Match reports whether the rule claims req and the units that handle
	// it. A match with a blank Lead counts as no match.
	Match(req *Request) (Units, bool)
}

// RuleFunc adapts a function to Rule.
type RuleFunc func(req *Request) (Units, bool)

// Match calls f.
func (f RuleFunc) Match(req *Request) (Units, bool) { return f(req) }

// NamedRule places a Go rule in a rule set. Go rules come after the file's
// rules in file order, so a file rule of equal priority wins a tie. Rule
// must be safe for concurrent use if the rule set is; Compile rejects a nil
// Rule or RuleFunc with ErrBadValue.
type NamedRule struct {
	Name     string
	Priority int
	Rule     Rule
}

// Condition is a named test a rules file can require with `when: [name]`.
// It must be safe for concurrent use and should be quick: it runs for every
// order that reaches its rule.
type Condition interface {
	Holds(req *Request) bool
}

// ConditionFunc adapts a function to Condition.
type ConditionFunc func(req *Request) bool

// Holds calls f.
func (f ConditionFunc) Holds(req *Request) bool { return f(req) }

// Night returns a condition that holds when the request's At, in its own
// time zone, falls in the hours [from, to) of the day, wrapping midnight when
// from > to: Night(22, 6) holds from 22:00 to 05:59. It never holds for a
// zero At.
func Night(from, to int) Condition {
	return ConditionFunc(func(req *Request) bool {
		if req.At.IsZero() {
			return false
		}
		h := req.At.Hour()
		if from <= to {
			return from <= h && h < to
		}
		return h >= from || h < to
	})
}

// BuiltinConditions are the conditions every rule set knows unless
// Options.Conditions registers the same name: night_time is Night(22, 6).
func BuiltinConditions() map[string]Condition {
	return map[string]Condition{"night_time": Night(22, 6)}
}

// Options extend a rule set from Go. The zero value adds nothing and writes
// reasons in English.
type Options struct {
	// Conditions that rules may name in When, by name. A rule naming a
	// nil Condition or ConditionFunc fails to compile with ErrBadValue.
	Conditions map[string]Condition
	// Rules written in Go, placed after the file's rules.
	Rules []NamedRule
	// Language of the reasons in decisions: Chinese for any Chinese tag
	// (language.Chinese, zh-Hans, zh-TW, ...), English for every other
	// tag, the zero value und included, as for every Name method.
	Language language.Tag
	// Units, when not nil, is the directory of units the rules are
	// checked against: the centre, the units in charge of jurisdictions
	// and the lead and assisting units of the Config's rules must be
	// active units of it (Go rules in Rules are not seen), else an error
	// matching unit.ErrUnknown or unit.ErrInactive. The fallback unit is
	// configured once, in the directory: the rule set takes the
	// directory's, and a Config that names a fallback too must name the
	// same unit (else ErrBadValue), so that one rules file serves with
	// and without a directory. A directory without a fallback leaves the
	// Config's in use, which must then be an active unit of it.
	Units *unit.Directory
}

// Warning is about a rule that compiles but can never lead an order: one
// that can never match, or one that matches only when a rule that outranks
// it matches too. By names that rule, when there is one; Line is the rule's
// line in its file, 0 when built in Go.
type Warning struct {
	Rule    string
	Line    int
	By      string
	Message string
}

// String formats w like an error message, with the rule's line when known.
func (w Warning) String() string {
	s := fmt.Sprintf("routing: rule %q: %s", w.Rule, w.Message)
	if w.Line > 0 {
		s += fmt.Sprintf(" (line %d)", w.Line)
	}
	return s
}

// RuleSet is a compiled Config: immutable and safe for concurrent use. Its
// zero value is not usable; build one with Compile.
type RuleSet struct {
	centre, fallback string
	juris            map[string]string
	rules            []crule
	always           []int32 // rules that have no positive keyword
	ac               *automaton
	keywords         []string
	kwStart          []int32 // rules whose any or all has keyword k: kwRules[kwStart[k]:kwStart[k+1]]
	kwRules          []int32
	watched          []int32 // keyword id of each hotspot keyword
	multiUnit        bool
	attention        []string
	repeat           *RepeatConfig
	hotspot          *HotspotConfig
	lang             i18n.Lang
	// pool recycles the scratch of decisions (see scratch). It stays
	// because BenchmarkRoute shows it pays: a decision over 1,000 rules
	// took 2.9 µs and 2 allocations with it, 9.0 µs and 16 allocations
	// with a fresh scratch each time (best of three runs); measured as
	// CPU time over 200,000 decisions, about 5 µs against 8 to 9 µs.
	pool sync.Pool
}

// Fallback returns the unit that takes the orders no rule and no
// jurisdiction claims: the Config's fallback, or the directory's when
// compiled with Options.Units.
func (rs *RuleSet) Fallback() string { return rs.fallback }

// crule is a compiled rule.
type crule struct {
	name     string
	priority int
	line     int
	catMask  uint8
	urgMask  uint8
	regions  []string
	tags     []string
	codes    []classify.Code
	any      []int32
	all      []int32
	none     []int32
	when     []string
	conds    []Condition
	units    Units
	custom   Rule
}

// Compile validates cfg and builds a rule set. Errors name the rule and
// field and match ErrInvalidRules under errors.Is (and the precise sentinel,
// such as hotline.ErrUnknownName or ErrNoLead); several are joined with
// errors.Join. Warnings list rules that can never lead, and keywords that
// hold a list separator (a list written as one item).
func Compile(cfg *Config, opts Options) (*RuleSet, []Warning, error) {
	if cfg == nil {
		return nil, nil, &RuleError{Err: fmt.Errorf("%w: no config", ErrBadValue)}
	}
	c := compiler{rs: &RuleSet{lang: i18n.Match(opts.Language), multiUnit: cfg.Joint.MultiUnit}, kwID: map[string]int32{}, src: cfg.src}
	rs := c.rs
	rs.centre = c.unit(strings.TrimSpace(cfg.Centre), "centre")
	fallback := strings.TrimSpace(cfg.Fallback)
	if opts.Units != nil {
		fallback = c.checkUnits(cfg, opts.Units)
	}
	rs.fallback = c.unit(fallback, "fallback")
	c.jurisdictions(cfg.Jurisdictions)

	conds := BuiltinConditions()
	maps.Copy(conds, opts.Conditions)
	names := map[string]bool{}
	for i := range cfg.Rules {
		c.rule(&cfg.Rules[i], i+1, conds, names)
	}
	for i, nr := range opts.Rules {
		c.goRule(nr, len(cfg.Rules)+i+1, names)
	}
	c.joint(&cfg.Joint)
	c.hotspot(cfg.Hotspot)
	if err := c.errs.err(); err != nil {
		return nil, nil, err
	}
	c.index()
	rs.pool.New = func() any { return newScratch(rs) }
	return rs, c.warnings(), nil
}

type compiler struct {
	rs   *RuleSet
	errs errList
	kwID map[string]int32
	norm normalizer
	src  *yaml.Node // Config.src
}

// fail adds the error err about field of rule (its 1-based index, 0 for
// a field outside the rules), on line when known; from a parsed file, the
// line and column are those of the field itself when it is found there.
func (c *compiler) fail(rule string, index, line int, field string, err error) {
	e := &RuleError{Rule: rule, Index: index, Field: field, Line: line, Err: err}
	if n := c.fieldNode(index, line, field); n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	c.errs.add(e)
}

// fieldNode returns the node of field in the parsed file, or nil: for a
// rule, only when the index-th rule of the file is the one at line (rules
// added to the config after Parse are not in the file).
func (c *compiler) fieldNode(index, line int, field string) *yaml.Node {
	if c.src == nil || field == "" {
		return nil
	}
	if index == 0 {
		n := conf.Lookup(c.src, field)
		if n == nil || n == conf.Resolve(c.src) {
			return nil
		}
		return n
	}
	rule := conf.Lookup(c.src, fmt.Sprintf("rules[%d]", index-1))
	if rule == nil || rule.Line != line || rule.Kind != yaml.MappingNode {
		return nil
	}
	return conf.Field(rule, field)
}

func (c *compiler) unit(u, field string) string {
	if u == "" {
		c.fail("", 0, 0, field, fmt.Errorf("%w: a unit is required", ErrBadValue))
	}
	return u
}

func (c *compiler) jurisdictions(m map[string]string) {
	c.rs.juris = make(map[string]string, len(m))
	from := map[string]string{}
	for _, region := range slices.Sorted(maps.Keys(m)) { // errors in a stable order
		unit := strings.TrimSpace(m[region])
		field := "jurisdictions." + region
		key := string(c.norm.region(nil, region))
		switch {
		case key == "":
			c.fail("", 0, 0, field, fmt.Errorf("%w: empty region", ErrBadValue))
			continue
		case unit == "":
			c.fail("", 0, 0, field, fmt.Errorf("%w: region has no unit", ErrNoLead))
			continue
		case from[key] != "":
			c.fail("", 0, 0, field, fmt.Errorf("%w: same region as %q", ErrBadValue, from[key]))
			continue
		}
		from[key] = region
		c.rs.juris[key] = unit
	}
}

// keyword returns the id of normalised keyword k, adding it when new.
func (c *compiler) keyword(k string) int32 {
	id, ok := c.kwID[k]
	if !ok {
		id = int32(len(c.rs.keywords))
		c.kwID[k] = id
		c.rs.keywords = append(c.rs.keywords, k)
	}
	return id
}

// keywordIDs returns the ids of normalised keywords ks, adding new ones.
func (c *compiler) keywordIDs(ks []string) []int32 {
	var ids []int32
	for _, k := range ks {
		ids = append(ids, c.keyword(k))
	}
	return ids
}

// words normalises a list of keywords or tags, dropping duplicates; a blank
// one is an error.
func (c *compiler) words(list []string, fail func(error)) []string {
	var out []string
	for _, w := range list {
		n := strings.TrimSpace(string(c.norm.normalize(nil, w)))
		if n == "" {
			fail(fmt.Errorf("%w: blank entry", ErrBadValue))
			continue
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func (c *compiler) rule(r *RuleSpec, index int, conds map[string]Condition, names map[string]bool) {
	name := strings.TrimSpace(r.Name)
	fail := func(field string) func(error) {
		return func(err error) { c.fail(name, index, r.Line, field, err) }
	}
	switch {
	case name == "":
		fail("name")(fmt.Errorf("%w: every rule needs a name", ErrNoName))
	case names[name]:
		fail("name")(fmt.Errorf("%w: %q is used by an earlier rule", ErrDuplicateRule, name))
	}
	names[name] = true
	cr := crule{name: name, priority: r.Priority, line: r.Line}
	for _, s := range r.Categories {
		cat, err := hotline.ParseCategory(string(s))
		if err != nil {
			fail("categories")(err)
			continue
		}
		cr.catMask |= catBit(cat)
	}
	for _, s := range r.Urgency {
		u, err := hotline.ParseUrgency(string(s))
		if err != nil {
			fail("urgency")(err)
			continue
		}
		cr.urgMask |= urgBit(u)
	}
	for _, reg := range r.Regions {
		n := string(c.norm.region(nil, reg))
		if n == "" {
			fail("regions")(fmt.Errorf("%w: blank region", ErrBadValue))
			continue
		}
		if !slices.Contains(cr.regions, n) {
			cr.regions = append(cr.regions, n)
		}
	}
	cr.any = c.keywordIDs(c.words(r.Any, fail("any")))
	cr.all = c.keywordIDs(c.words(r.All, fail("all")))
	cr.none = c.keywordIDs(c.words(r.None, fail("none")))
	cr.tags = c.words(r.Tags, fail("tags"))
	for _, s := range r.Codes {
		code, err := classify.ParseCode(s)
		if err != nil {
			fail("codes")(fmt.Errorf("%w: %w", ErrBadValue, err))
			continue
		}
		if !slices.Contains(cr.codes, code) {
			cr.codes = append(cr.codes, code)
		}
	}
	for _, w := range r.When {
		w = strings.TrimSpace(w)
		cond, ok := conds[w]
		if !ok {
			fail("when")(fmt.Errorf("%w: %q is not registered", ErrUnknownCondition, w))
			continue
		}
		if nilCondition(cond) {
			fail("when")(fmt.Errorf("%w: %q is registered as a nil Condition", ErrBadValue, w))
			continue
		}
		if !slices.Contains(cr.when, w) {
			cr.when = append(cr.when, w)
			cr.conds = append(cr.conds, cond)
		}
	}
	cr.units.Lead = strings.TrimSpace(r.Lead)
	switch {
	case cr.units.Lead == "":
		fail("lead")(fmt.Errorf("%w: every rule needs a lead", ErrNoLead))
	case strings.ContainsAny(cr.units.Lead, listSeparators):
		fail("lead")(fmt.Errorf("%w: %q: one unit, without a list separator", ErrBadValue, cr.units.Lead))
	}
	for _, a := range r.Assist {
		a = strings.TrimSpace(a)
		switch {
		case a == "":
			fail("assist")(fmt.Errorf("%w: blank unit", ErrBadValue))
			continue
		case strings.ContainsAny(a, listSeparators):
			// A unit's id never holds a comma (package unit).
			fail("assist")(fmt.Errorf("%w: %q: one unit per item of the list ([城管分局, 派出所])", ErrBadValue, a))
			continue
		}
		if a != cr.units.Lead && !slices.Contains(cr.units.Assist, a) {
			cr.units.Assist = append(cr.units.Assist, a)
		}
	}
	c.rs.rules = append(c.rs.rules, cr)
}

// listSeparators are the commas a list written as one item holds.
const listSeparators = ",，、"

func (c *compiler) goRule(nr NamedRule, index int, names map[string]bool) {
	name := strings.TrimSpace(nr.Name)
	switch {
	case name == "":
		c.fail("", index, 0, "name", fmt.Errorf("%w: every Go rule needs a name", ErrNoName))
	case names[name]:
		c.fail(name, index, 0, "name", fmt.Errorf("%w: %q is used by an earlier rule", ErrDuplicateRule, name))
	}
	names[name] = true
	if nilRule(nr.Rule) {
		c.fail(name, index, 0, "rule", fmt.Errorf("%w: nil Rule", ErrBadValue))
	}
	c.rs.rules = append(c.rs.rules, crule{name: name, priority: nr.Priority, custom: nr.Rule})
}

// nilRule reports whether r is nil or holds a nil RuleFunc, which would
// panic when called.
func nilRule(r Rule) bool {
	f, isFunc := r.(RuleFunc)
	return r == nil || isFunc && f == nil
}

// nilCondition reports whether c is nil or holds a nil ConditionFunc.
func nilCondition(c Condition) bool {
	f, isFunc := c.(ConditionFunc)
	return c == nil || isFunc && f == nil
}

func (c *compiler) joint(j *JointConfig) {
	c.rs.attention = c.words(j.AttentionTags, func(err error) { c.fail("", 0, 0, "joint.attention_tags", err) })
	if j.Repeat == nil {
		return
	}
	r := *j.Repeat
	c.windowCount("joint.repeat", &r.Window, &r.Count, RepeatWindowDefault, RepeatCountDefault)
	if len(r.Key) == 0 {
		r.Key = RepeatKeyDefault()
	}
	var key []KeyField
	for _, k := range r.Key {
		k = KeyField(strings.ToLower(strings.TrimSpace(string(k))))
		switch k {
		case KeyAddress, KeyCategory, KeyRegion, KeyUrgency, KeyText:
			if !slices.Contains(key, k) {
				key = append(key, k)
			}
		default:
			c.fail("", 0, 0, "joint.repeat.key", fmt.Errorf("%w: %q is not a key field (want address, category, region, urgency or text)", ErrBadValue, k))
		}
	}
	r.Key = key
	c.rs.repeat = &r
}

// windowCount gives a zero window and count their defaults, then checks
// them; field is where they sit, such as "joint.repeat".
func (c *compiler) windowCount(field string, window *time.Duration, count *int, windowDefault time.Duration, countDefault int) {
	if *window == 0 {
		*window = windowDefault
	}
	if *count == 0 {
		*count = countDefault
	}
	if *window < 0 {
		c.fail("", 0, 0, field+".window", fmt.Errorf("%w: must be positive, got %v", ErrBadValue, *window))
	}
	if *count < 2 {
		c.fail("", 0, 0, field+".count", fmt.Errorf("%w: must be at least 2, got %d", ErrBadValue, *count))
	}
}

func (c *compiler) hotspot(h *HotspotConfig) {
	if h == nil {
		return
	}
	hc := *h
	c.windowCount("hotspot", &hc.Window, &hc.Count, HotspotWindowDefault, HotspotCountDefault)
	if hc.RegionDepth < 0 {
		c.fail("", 0, 0, "hotspot.region_depth", fmt.Errorf("%w: must not be negative, got %d", ErrBadValue, hc.RegionDepth))
	}
	hc.Keywords = c.words(hc.Keywords, func(err error) { c.fail("", 0, 0, "hotspot.keywords", err) })
	c.rs.watched = c.keywordIDs(hc.Keywords)
	c.rs.hotspot = &hc
}

// index builds the automaton and the keyword-to-rule table.
func (c *compiler) index() {
	rs := c.rs
	rs.ac = buildAutomaton(rs.keywords)
	rs.kwStart = make([]int32, len(rs.keywords)+1)
	for i := range rs.rules {
		r := &rs.rules[i]
		if len(r.any) == 0 && len(r.all) == 0 {
			rs.always = append(rs.always, int32(i))
			continue
		}
		for _, k := range r.positive() {
			rs.kwStart[k+1]++
		}
	}
	for k := 1; k < len(rs.kwStart); k++ {
		rs.kwStart[k] += rs.kwStart[k-1]
	}
	rs.kwRules = make([]int32, rs.kwStart[len(rs.keywords)])
	fill := make([]int32, len(rs.keywords))
	for i := range rs.rules {
		for _, k := range rs.rules[i].positive() {
			rs.kwRules[rs.kwStart[k]+fill[k]] = int32(i)
			fill[k]++
		}
	}
}

// positive returns the ids of r's any and all keywords; a keyword in both
// is listed once.
func (r *crule) positive() []int32 {
	out := make([]int32, 0, len(r.any)+len(r.all))
	out = append(out, r.any...)
	for _, k := range r.all {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
