package routing

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline"
)

// ParseConfig reads a rules file in YAML. It checks the file's shape: every
// field known and given once, numbers, booleans and durations well formed,
// lists where lists belong. Whether the values make sense (known
// categories, a lead on every rule ...) is checked by Compile. Errors are *RuleError values
// naming the rule, the field and the line (for a YAML syntax error, the line
// when the parser gives one) and match ErrInvalidRules under errors.Is;
// several mistakes are joined with errors.Join.
func ParseConfig(data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &RuleError{Err: fmt.Errorf("%w: empty rules file", ErrBadValue)}
	}
	p := parser{}
	cfg := p.config(resolve(doc.Content[0]))
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// syntaxError turns an error of the YAML parser, such as "yaml: line 3:
// did not find expected key", into a RuleError with that line.
func syntaxError(err error) *RuleError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, problem, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, problem
			}
		}
	}
	return &RuleError{Line: line, Err: fmt.Errorf("not valid YAML: %s", msg)}
}

// ReadConfig is ParseConfig on everything r yields.
func ReadConfig(r io.Reader) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("routing: read rules: %w", err)
	}
	return ParseConfig(data)
}

// LoadFile reads, parses and compiles the rules file at path.
func LoadFile(path string, opts Options) (*RuleSet, []Warning, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("routing: read rules: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, nil, err
	}
	return Compile(cfg, opts)
}

type parser struct {
	errs errList
	// where errors are reported
	rule  string
	index int
}

func (p *parser) fail(n *yaml.Node, field string, err error) {
	e := &RuleError{Rule: p.rule, Index: p.index, Field: field, Err: err}
	if n != nil {
		e.Line = n.Line
	}
	p.errs.add(e)
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// mapping calls f for every key and value of mapping n, in order. A key
// given twice is reported, at its second line, and skipped; what describes
// the mapping wanted when n is not one.
func (p *parser) mapping(n *yaml.Node, path, what string, f func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		if !isNull(n) {
			p.fail(n, path, fmt.Errorf("%w: want %s, got %s", ErrBadValue, what, describe(n)))
		}
		return
	}
	firstLine := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind == yaml.ScalarNode {
			if line, seen := firstLine[k.Value]; seen {
				p.fail(k, join(path, k.Value), fmt.Errorf("%w: given twice, first on line %d", ErrBadValue, line))
				continue
			}
			firstLine[k.Value] = k.Line
		}
		f(k, v)
	}
}

// fields calls f for every key of mapping n, reporting keys not in known.
func (p *parser) fields(n *yaml.Node, path string, known []string, f func(key string, v *yaml.Node)) {
	p.mapping(n, path, "a mapping", func(k, v *yaml.Node) {
		if !slices.Contains(known, k.Value) {
			p.fail(k, join(path, k.Value), fmt.Errorf("%w %q (known: %s)", ErrUnknownField, k.Value, strings.Join(known, ", ")))
			return
		}
		f(k.Value, v)
	})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

var (
	topFields     = []string{"centre", "fallback", "jurisdictions", "rules", "joint", "hotspot"}
	ruleFields    = []string{"name", "priority", "categories", "urgency", "regions", "any", "all", "none", "tags", "when", "lead", "assist"}
	jointFields   = []string{"multi_unit", "attention_tags", "repeat"}
	repeatFields  = []string{"window", "count", "key"}
	hotspotFields = []string{"window", "count", "region_depth", "keywords"}
)

func (p *parser) config(n *yaml.Node) *Config {
	cfg := &Config{}
	p.fields(n, "", topFields, func(key string, v *yaml.Node) {
		switch key {
		case "centre":
			cfg.Centre = p.str(v, key)
		case "fallback":
			cfg.Fallback = p.str(v, key)
		case "jurisdictions":
			cfg.Jurisdictions = p.jurisdictions(v)
		case "rules":
			cfg.Rules = p.rules(v)
		case "joint":
			cfg.Joint = p.joint(v)
		case "hotspot":
			cfg.Hotspot = p.hotspot(v)
		}
	})
	return cfg
}

func (p *parser) jurisdictions(n *yaml.Node) map[string]string {
	if isNull(n) {
		return nil
	}
	m := make(map[string]string, len(n.Content)/2)
	p.mapping(n, "jurisdictions", "a mapping of region to unit", func(k, v *yaml.Node) {
		field := join("jurisdictions", k.Value)
		m[p.str(k, field)] = p.str(v, field)
	})
	return m
}

func (p *parser) rules(n *yaml.Node) []RuleSpec {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.fail(n, "rules", fmt.Errorf("%w: want a list of rules, got %s", ErrBadValue, describe(n)))
		return nil
	}
	out := make([]RuleSpec, 0, len(n.Content))
	for i, c := range n.Content {
		c = resolve(c)
		p.index, p.rule = i+1, ""
		if c.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(c.Content); j += 2 {
				if resolve(c.Content[j]).Value == "name" {
					if v := resolve(c.Content[j+1]); v.Kind == yaml.ScalarNode {
						p.rule = v.Value
					}
					break // a second name is reported as given twice
				}
			}
		}
		r := RuleSpec{Line: c.Line}
		p.fields(c, "", ruleFields, func(key string, v *yaml.Node) {
			switch key {
			case "name":
				r.Name = p.str(v, key)
			case "priority":
				r.Priority = p.int(v, key)
			case "categories":
				for _, s := range p.list(v, key) {
					r.Categories = append(r.Categories, hotline.Category(s))
				}
			case "urgency":
				for _, s := range p.list(v, key) {
					r.Urgency = append(r.Urgency, hotline.Urgency(s))
				}
			case "regions":
				r.Regions = p.list(v, key)
			case "any":
				r.Any = p.list(v, key)
			case "all":
				r.All = p.list(v, key)
			case "none":
				r.None = p.list(v, key)
			case "tags":
				r.Tags = p.list(v, key)
			case "when":
				r.When = p.list(v, key)
			case "lead":
				r.Lead = p.str(v, key)
			case "assist":
				r.Assist = p.list(v, key)
			}
		})
		out = append(out, r)
	}
	p.index, p.rule = 0, ""
	return out
}

func (p *parser) joint(n *yaml.Node) JointConfig {
	var j JointConfig
	p.fields(n, "joint", jointFields, func(key string, v *yaml.Node) {
		field := "joint." + key
		switch key {
		case "multi_unit":
			j.MultiUnit = p.bool(v, field)
		case "attention_tags":
			j.AttentionTags = p.list(v, field)
		case "repeat":
			if isNull(v) {
				return
			}
			r := &RepeatConfig{}
			p.fields(v, field, repeatFields, func(key string, v *yaml.Node) {
				field := "joint.repeat." + key
				switch key {
				case "window":
					r.Window = p.duration(v, field)
				case "count":
					r.Count = p.int(v, field)
				case "key":
					for _, s := range p.list(v, field) {
						r.Key = append(r.Key, KeyField(s))
					}
				}
			})
			j.Repeat = r
		}
	})
	return j
}

func (p *parser) hotspot(n *yaml.Node) *HotspotConfig {
	if isNull(n) {
		return nil
	}
	h := &HotspotConfig{}
	p.fields(n, "hotspot", hotspotFields, func(key string, v *yaml.Node) {
		field := "hotspot." + key
		switch key {
		case "window":
			h.Window = p.duration(v, field)
		case "count":
			h.Count = p.int(v, field)
		case "region_depth":
			h.RegionDepth = p.int(v, field)
		case "keywords":
			h.Keywords = p.list(v, field)
		}
	})
	return h
}

// str reads a scalar as text; nothing reads as "".
func (p *parser) str(n *yaml.Node, field string) string {
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.fail(n, field, fmt.Errorf("%w: want text, got %s", ErrBadValue, describe(n)))
		return ""
	}
	return n.Value
}

// list reads a list of scalars; a single scalar reads as a list of one.
func (p *parser) list(n *yaml.Node, field string) []string {
	switch {
	case isNull(n):
		return nil
	case n.Kind == yaml.ScalarNode:
		return []string{n.Value}
	case n.Kind != yaml.SequenceNode:
		p.fail(n, field, fmt.Errorf("%w: want a list, got %s", ErrBadValue, describe(n)))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		c = resolve(c)
		if c.Kind != yaml.ScalarNode || isNull(c) {
			p.fail(c, field, fmt.Errorf("%w: want text in the list, got %s", ErrBadValue, describe(c)))
			continue
		}
		out = append(out, c.Value)
	}
	return out
}

func (p *parser) int(n *yaml.Node, field string) int {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		var v int
		if n.ShortTag() == "!!int" && n.Decode(&v) == nil {
			return v
		}
		if v, err := strconv.Atoi(strings.TrimSpace(n.Value)); err == nil {
			return v
		}
	}
	p.fail(n, field, fmt.Errorf("%w: want a whole number, got %s", ErrBadValue, describe(n)))
	return 0
}

func (p *parser) bool(n *yaml.Node, field string) bool {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var v bool
		if n.Decode(&v) == nil {
			return v
		}
	}
	p.fail(n, field, fmt.Errorf("%w: want true or false, got %s", ErrBadValue, describe(n)))
	return false
}

func (p *parser) duration(n *yaml.Node, field string) time.Duration {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		d, err := time.ParseDuration(strings.TrimSpace(n.Value))
		if err == nil && d > 0 {
			return d
		}
	}
	p.fail(n, field, fmt.Errorf("%w: want a positive duration such as 720h or 90m, got %s", ErrBadValue, describe(n)))
	return 0
}
