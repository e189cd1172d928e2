package routing

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/conf"
)

// Parse reads a rules file in YAML (JSON is YAML too). It checks the
// file's shape: every field known and given once, numbers, booleans and
// durations well formed, lists where lists belong (one value without
// brackets is a list of one; a quoted number is a number, as in every
// configuration file of the library), categories and urgencies named as
// hotline.ParseCategory and hotline.ParseUrgency take them. Whether the
// rules make sense (known conditions, a lead on every rule ...) is checked
// by Compile. Errors are *RuleError values naming the rule, the field, the
// line and the column (for a YAML syntax error, the line when the parser
// gives one) and match ErrInvalidRules under errors.Is; a mistake in each
// of several rules is reported for each, joined with errors.Join. An error
// reading r is wrapped.
func Parse(r io.Reader) (*Config, error) {
	root, err := conf.Parse(r)
	if _, ok := errors.AsType[*conf.Error](err); err != nil && !ok {
		return nil, fmt.Errorf("routing: read rules: %w", err)
	}
	if err != nil {
		return nil, ruleError("", 0, err)
	}
	var f fileConfig
	if err := conf.DecodeNode(root, &f); err != nil {
		return nil, ruleError("", 0, err)
	}
	cfg := &Config{Centre: f.Centre, Fallback: f.Fallback, Jurisdictions: f.Jurisdictions,
		Joint: JointConfig{MultiUnit: f.Joint.MultiUnit, AttentionTags: f.Joint.AttentionTags}, src: root}
	if r := f.Joint.Repeat; r != nil {
		cfg.Joint.Repeat = &RepeatConfig{Window: time.Duration(r.Window), Count: r.Count}
		for _, k := range r.Key {
			cfg.Joint.Repeat.Key = append(cfg.Joint.Repeat.Key, KeyField(k))
		}
	}
	if h := f.Hotspot; h != nil {
		cfg.Hotspot = &HotspotConfig{Window: time.Duration(h.Window), Count: h.Count,
			RegionDepth: h.RegionDepth, Keywords: h.Keywords}
	}
	var errs errList
	for i := range f.Rules {
		r, err := readRule(&f.Rules[i])
		if err != nil {
			errs.add(ruleError(r.Name, i+1, err))
			continue
		}
		cfg.Rules = append(cfg.Rules, r)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// LoadFile reads the rules file at path; see Parse. Errors start with the
// path. Compile the result to route with it.
func LoadFile(path string) (*Config, error) { return conf.LoadFile(path, Parse) }

// ruleError turns an error met reading rule (its 1-based index; 0 outside
// the rules list) into a *RuleError with the field's place in the file.
func ruleError(rule string, index int, err error) *RuleError {
	path, at, cause := conf.Split(err)
	return &RuleError{Rule: rule, Index: index, Field: path, Line: at.Line, Column: at.Column, Err: cause}
}

// readRule decodes the rule at n. The rule's name is set even when it
// fails, so that the error can name it; a name given twice names it by the
// first.
func readRule(n *yaml.Node) (RuleSpec, error) {
	r := RuleSpec{Line: conf.Resolve(n).Line}
	if v := conf.Field(n, "name"); v != nil && v.Kind == yaml.ScalarNode {
		r.Name = v.Value
	}
	var f fileRule
	if err := conf.DecodeNode(n, &f); err != nil {
		return r, err
	}
	r.Name, r.Priority, r.Lead, r.Categories, r.Urgency = f.Name, f.Priority, f.Lead, f.Categories, f.Urgency
	r.Regions, r.Any, r.All, r.None, r.Tags, r.When, r.Assist = f.Regions, f.Any, f.All, f.None, f.Tags, f.When, f.Assist
	r.Codes = f.Codes
	return r, nil
}

// The file's shape. Rules are decoded one by one, so that each mistake
// names its rule.
type (
	fileConfig struct {
		Centre        string            `yaml:"centre"`
		Fallback      string            `yaml:"fallback"`
		Jurisdictions map[string]string `yaml:"jurisdictions"`
		Rules         []yaml.Node       `yaml:"rules"`
		Joint         fileJoint         `yaml:"joint"`
		Hotspot       *fileHotspot      `yaml:"hotspot"`
	}
	fileRule struct {
		Name       string             `yaml:"name"`
		Priority   int                `yaml:"priority"`
		Categories []hotline.Category `yaml:"categories"` // any name ParseCategory takes
		Urgency    []hotline.Urgency  `yaml:"urgency"`
		Regions    []string           `yaml:"regions"`
		Any        []string           `yaml:"any"`
		All        []string           `yaml:"all"`
		None       []string           `yaml:"none"`
		Tags       []string           `yaml:"tags"`
		Codes      []string           `yaml:"codes"`
		When       []string           `yaml:"when"`
		Lead       string             `yaml:"lead"`
		Assist     []string           `yaml:"assist"`
	}
	fileJoint struct {
		MultiUnit     bool        `yaml:"multi_unit"`
		AttentionTags []string    `yaml:"attention_tags"`
		Repeat        *fileRepeat `yaml:"repeat"`
	}
	fileRepeat struct {
		Window duration `yaml:"window"`
		Count  int      `yaml:"count"`
		Key    []string `yaml:"key"`
	}
	fileHotspot struct {
		Window      duration `yaml:"window"`
		Count       int      `yaml:"count"`
		RegionDepth int      `yaml:"region_depth"`
		Keywords    []string `yaml:"keywords"`
	}
)

// duration is a positive Go duration ("720h", "90m").
type duration time.Duration

// UnmarshalYAML reads a positive duration.
func (v *duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		d, err := time.ParseDuration(strings.TrimSpace(n.Value))
		if err == nil && d > 0 {
			*v = duration(d)
			return nil
		}
	}
	return fmt.Errorf("%w: want a positive duration such as 720h or 90m, got %s", ErrBadValue, conf.Describe(n))
}
