package sla

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/internal/conf"
)

// Parse reads a policy file in YAML; JSON reads as YAML too. The file is a
// mapping with one key, "policies", a list of policies;
// DefaultPoliciesYAML shows every field. Durations are Go duration strings
// ("30m", "1h30m"); working days are whole numbers (quoted too, "5"); a
// list of one event may be written without brackets. A category or
// urgency is any name [hotline.ParseCategory] or [hotline.ParseUrgency]
// takes ("投诉", "Complaint"); WriteYAML and WriteJSON write the English
// keys. Unknown keys and keys given twice are refused. Every error is a *PolicyError naming the policy
// (by name, or as "policies[i]" when it has none), the field and, for a
// mistake in the file, its line and column; an error reading r is wrapped.
func Parse(r io.Reader) (*PolicySet, error) {
	root, err := conf.Parse(r)
	if err != nil {
		return nil, policyError("", "", err)
	}
	var top struct {
		Policies []yaml.Node `yaml:"policies"`
	}
	if err := conf.DecodeNode(root, &top); err != nil {
		return nil, policyError("", "", err)
	}
	if top.Policies == nil && conf.Lookup(root, "policies").Kind != yaml.SequenceNode {
		return nil, policyError("", "", conf.At(root, "policies", fmt.Errorf("%w: want a list, got nothing", ErrBadValue)))
	}
	ps := make([]Policy, 0, len(top.Policies))
	for i := range top.Policies {
		n := &top.Policies[i]
		p, err := readPolicy(n)
		if err == nil {
			for j := range ps {
				if ps[j].Name == p.Name {
					err = conf.At(n, "name", fmt.Errorf("%w: %q is given twice", ErrBadValue, p.Name))
				}
			}
		}
		if err != nil {
			// Errors name the policy, or its place when it has no name.
			at := ""
			if p.Name == "" {
				at = fmt.Sprintf("policies[%d]", i)
			}
			return nil, policyError(p.Name, at, err)
		}
		ps = append(ps, p)
	}
	return NewPolicySet(ps...)
}

// LoadFile reads the policy file at path; see Parse. Errors start with the
// path.
func LoadFile(path string) (*PolicySet, error) { return conf.LoadFile(path, Parse) }

// policyError turns an error met reading policy, at path prefix, into a
// *PolicyError with the field's place in the file.
func policyError(policy, prefix string, err error) *PolicyError {
	path, at, cause := conf.Split(err)
	return &PolicyError{Policy: policy, Field: conf.JoinPath(prefix, path), Line: at.Line, Column: at.Column, Err: cause}
}

// readPolicy decodes and validates the policy at n. The policy's name is
// set even when it fails, so that the error can name it.
func readPolicy(n *yaml.Node) (Policy, error) {
	var p Policy
	if v := conf.Field(n, "name"); v != nil && v.Kind == yaml.ScalarNode {
		p.Name = v.Value
	}
	var fp filePolicy
	if err := conf.DecodeNode(n, &fp); err != nil {
		return p, err
	}
	if err := required(n, "", "name"); err != nil {
		return p, err
	}
	p = Policy{Name: fp.Name, Category: fp.Category, Urgency: fp.Urgency, Unit: fp.Unit, Region: fp.Region}
	if fp.Ladder != nil {
		l, err := fp.Ladder.ladder(n)
		if err != nil {
			return p, err
		}
		p.Ladder = l
	}
	for i := range fp.Targets {
		t, err := fp.Targets[i].target(n, fmt.Sprintf("targets[%d]", i))
		if err != nil {
			return p, err
		}
		p.Targets = append(p.Targets, t)
	}
	if err := p.Validate(); err != nil {
		if pe, ok := errors.AsType[*PolicyError](err); ok {
			return p, conf.At(n, pe.Field, pe.Err)
		}
		return p, err
	}
	return p, nil
}

// required reports a key of the mapping at path inside n that is missing.
func required(n *yaml.Node, path string, keys ...string) error {
	m := conf.Lookup(n, path)
	for _, k := range keys {
		if conf.Field(m, k) == nil {
			return conf.At(n, conf.JoinPath(path, k), fmt.Errorf("%w: missing", ErrBadValue))
		}
	}
	return nil
}

// target turns the target decoded at path inside policy n into a Target.
func (ft *fileTarget) target(n *yaml.Node, path string) (Target, error) {
	t := Target{Name: ft.Name, Amount: Amount{Days: ft.Days}, FromStartDay: ft.FromStartDay,
		CloseOfWork: ft.CloseOfWork, Pausable: ft.Pausable, Window: ft.Window}
	if err := required(n, path, "name", "clock"); err != nil {
		return t, err
	}
	at := func(field string, err error) error { return conf.At(n, conf.JoinPath(path, field), err) }
	var err error
	if t.Clock, err = parseClock(ft.Clock); err != nil {
		return t, at("clock", err)
	}
	if err := required(n, path, "start"); err != nil {
		return t, err
	}
	if t.Start, err = parseEventKind(ft.Start); err != nil {
		return t, at("start", err)
	}
	if t.Amount.Duration, err = duration(ft.Duration); err != nil {
		return t, at("duration", err)
	}
	if ft.SameDayCutoff != "" {
		var ok bool
		if t.SameDayCutoff, ok = parseTimeOfDay(ft.SameDayCutoff); !ok {
			return t, at("same_day_cutoff", fmt.Errorf("%w: want a time of day such as \"20:00\" (00:01 to 24:00), got %q", ErrBadValue, ft.SameDayCutoff))
		}
	}
	if t.RestartOn, err = kinds(ft.RestartOn, n, conf.JoinPath(path, "restart_on")); err != nil {
		return t, err
	}
	if t.MetBy, err = kinds(ft.MetBy, n, conf.JoinPath(path, "met_by")); err != nil {
		return t, err
	}
	for i, fw := range ft.Warnings {
		w := Warning{Fraction: fw.Fraction, Before: Amount{Days: fw.BeforeDays}}
		if w.Before.Duration, err = duration(fw.Before); err != nil {
			return t, at(fmt.Sprintf("warnings[%d].before", i), err)
		}
		t.Warnings = append(t.Warnings, w)
	}
	if x := ft.Extension; x != nil {
		t.Extension = ExtensionLimit{MaxCount: x.MaxCount, MaxTotal: Amount{Days: x.MaxDays}}
		if t.Extension.MaxTotal.Duration, err = duration(x.MaxDuration); err != nil {
			return t, at("extension.max_duration", err)
		}
	}
	return t, nil
}

// duration parses a duration of a policy file; "" is 0.
func duration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%w: want a duration such as \"30m\" or \"2h\": %w", ErrBadValue, err)
	}
	return d, nil
}

// kinds parses the event names of the list at path inside n.
func kinds(names []string, n *yaml.Node, path string) ([]EventKind, error) {
	if names == nil {
		return nil, nil
	}
	out := make([]EventKind, 0, len(names))
	for i, s := range names {
		k, err := parseEventKind(s)
		if err != nil {
			return nil, conf.At(n, fmt.Sprintf("%s[%d]", path, i), err)
		}
		out = append(out, k)
	}
	return out, nil
}

// WriteYAML writes the set as a YAML policy file that Parse reads
// back to an equal set.
func (s *PolicySet) WriteYAML(w io.Writer) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(s.file()); err != nil {
		return fmt.Errorf("sla: write policies: %w", err)
	}
	return enc.Close()
}

// WriteJSON writes the set as an indented JSON policy file that
// Parse reads back to an equal set.
func (s *PolicySet) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s.file()); err != nil {
		return fmt.Errorf("sla: write policies: %w", err)
	}
	return nil
}

// The file's shape, for reading and writing.
type (
	fileSet struct {
		Policies []filePolicy `yaml:"policies" json:"policies"`
	}
	filePolicy struct {
		Name     string           `yaml:"name" json:"name"`
		Category hotline.Category `yaml:"category,omitempty" json:"category,omitempty"` // any name ParseCategory takes; written as its key
		Urgency  hotline.Urgency  `yaml:"urgency,omitempty" json:"urgency,omitempty"`
		Unit     string           `yaml:"unit,omitempty" json:"unit,omitempty"`
		Region   string           `yaml:"region,omitempty" json:"region,omitempty"`
		Targets  []fileTarget     `yaml:"targets" json:"targets"`
		Ladder   *fileLadder      `yaml:"ladder,omitempty" json:"ladder,omitempty"`
	}
	fileTarget struct {
		Name          string         `yaml:"name" json:"name"`
		Clock         string         `yaml:"clock" json:"clock"`
		Duration      string         `yaml:"duration,omitempty" json:"duration,omitempty"`
		Days          int            `yaml:"days,omitempty" json:"days,omitempty"`
		FromStartDay  bool           `yaml:"from_start_day,omitempty" json:"from_start_day,omitempty"`
		CloseOfWork   bool           `yaml:"close_of_work,omitempty" json:"close_of_work,omitempty"`
		SameDayCutoff string         `yaml:"same_day_cutoff,omitempty" json:"same_day_cutoff,omitempty"`
		Start         string         `yaml:"start" json:"start"`
		RestartOn     []string       `yaml:"restart_on,omitempty,flow" json:"restart_on,omitempty"`
		MetBy         []string       `yaml:"met_by,flow" json:"met_by"`
		Pausable      bool           `yaml:"pausable,omitempty" json:"pausable,omitempty"`
		Window        bool           `yaml:"window,omitempty" json:"window,omitempty"`
		Warnings      []fileWarning  `yaml:"warnings,omitempty" json:"warnings,omitempty"`
		Extension     *fileExtension `yaml:"extension,omitempty,flow" json:"extension,omitempty"`
	}
	fileWarning struct {
		Fraction   float64 `yaml:"fraction,omitempty" json:"fraction,omitempty"`
		Before     string  `yaml:"before,omitempty" json:"before,omitempty"`
		BeforeDays int     `yaml:"before_days,omitempty" json:"before_days,omitempty"`
	}
	fileExtension struct {
		MaxCount    int    `yaml:"max_count" json:"max_count"`
		MaxDuration string `yaml:"max_duration,omitempty" json:"max_duration,omitempty"`
		MaxDays     int    `yaml:"max_days,omitempty" json:"max_days,omitempty"`
	}
)

func (s *PolicySet) file() fileSet {
	f := fileSet{Policies: make([]filePolicy, len(s.policies))}
	for i := range s.policies {
		p := &s.policies[i]
		fp := filePolicy{Name: p.Name, Category: p.Category, Urgency: p.Urgency, Unit: p.Unit, Region: p.Region}
		for _, t := range p.Targets {
			ft := fileTarget{Name: t.Name, Clock: t.Clock.String(), Days: t.Amount.Days,
				FromStartDay: t.FromStartDay, CloseOfWork: t.CloseOfWork, Start: t.Start.String(),
				RestartOn: kindNames(t.RestartOn), MetBy: kindNames(t.MetBy), Pausable: t.Pausable, Window: t.Window}
			if t.SameDayCutoff != 0 {
				ft.SameDayCutoff = formatTimeOfDay(t.SameDayCutoff)
			}
			if t.Amount.Duration != 0 {
				ft.Duration = FormatDuration(t.Amount.Duration)
			}
			for _, w := range t.Warnings {
				fw := fileWarning{Fraction: w.Fraction, BeforeDays: w.Before.Days}
				if w.Before.Duration != 0 {
					fw.Before = FormatDuration(w.Before.Duration)
				}
				ft.Warnings = append(ft.Warnings, fw)
			}
			if x := t.Extension; x.MaxCount != 0 || !x.MaxTotal.IsZero() {
				ft.Extension = &fileExtension{MaxCount: x.MaxCount, MaxDays: x.MaxTotal.Days}
				if x.MaxTotal.Duration != 0 {
					ft.Extension.MaxDuration = FormatDuration(x.MaxTotal.Duration)
				}
			}
			fp.Targets = append(fp.Targets, ft)
		}
		fp.Ladder = writeLadder(&p.Ladder)
		f.Policies[i] = fp
	}
	return f
}

func kindNames(ks []EventKind) []string {
	if ks == nil {
		return nil
	}
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.String()
	}
	return out
}
