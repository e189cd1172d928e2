package sla

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// LoadPolicies reads a policy file, YAML or JSON, and returns the
// validated set. See ParsePolicies.
func LoadPolicies(r io.Reader) (*PolicySet, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &PolicyError{Err: err}
	}
	return ParsePolicies(data)
}

// ParsePolicies parses a policy file in YAML; JSON reads as YAML too. The
// file is a mapping with one key, "policies", a list of policies;
// DefaultPoliciesYAML shows every field. Durations are Go duration strings
// ("30m", "1h30m"); working days are integers. Unknown keys are rejected.
// Every error is a *PolicyError naming the policy (by name, or as
// "policies[i]" when it has none) and the field.
func ParsePolicies(data []byte) (*PolicySet, error) {
	var tree any
	if err := decodeYAML(data, &tree); err != nil {
		return nil, &PolicyError{Err: err}
	}
	ps, err := fromTree(tree)
	if err != nil {
		return nil, err
	}
	return NewPolicySet(ps...)
}

func decodeYAML(data []byte, tree *any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(tree); err != nil {
		if err == io.EOF {
			return fmt.Errorf("empty file")
		}
		return err
	}
	var extra any
	switch err := dec.Decode(&extra); err {
	case io.EOF:
		return nil
	case nil:
		return fmt.Errorf("yaml: want one document")
	default:
		return err
	}
}

// WriteYAML writes the set as a YAML policy file that ParsePolicies reads
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
// ParsePolicies reads back to an equal set.
func (s *PolicySet) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s.file()); err != nil {
		return fmt.Errorf("sla: write policies: %w", err)
	}
	return nil
}

// The file shape, for writing.
type (
	fileSet struct {
		Policies []filePolicy `yaml:"policies" json:"policies"`
	}
	filePolicy struct {
		Name     string       `yaml:"name" json:"name"`
		Category string       `yaml:"category,omitempty" json:"category,omitempty"`
		Urgency  string       `yaml:"urgency,omitempty" json:"urgency,omitempty"`
		Unit     string       `yaml:"unit,omitempty" json:"unit,omitempty"`
		Region   string       `yaml:"region,omitempty" json:"region,omitempty"`
		Targets  []fileTarget `yaml:"targets" json:"targets"`
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
		fp := filePolicy{Name: p.Name, Category: string(p.Category), Urgency: string(p.Urgency), Unit: p.Unit, Region: p.Region}
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

// Reading: a walk over the decoded tree that names every field it rejects.

var (
	topKeys       = []string{"policies"}
	policyKeys    = []string{"name", "category", "urgency", "unit", "region", "targets"}
	targetKeys    = []string{"name", "clock", "duration", "days", "from_start_day", "close_of_work", "same_day_cutoff", "start", "restart_on", "met_by", "pausable", "window", "warnings", "extension"}
	warningKeys   = []string{"fraction", "before", "before_days"}
	extensionKeys = []string{"max_count", "max_duration", "max_days"}
)

// fieldErr is an error at a path inside one policy.
type fieldErr struct {
	field string
	err   error
}

func (e *fieldErr) Error() string { return e.field + ": " + e.err.Error() }

func errAt(field string, format string, args ...any) error {
	return &fieldErr{field, fmt.Errorf(format, args...)}
}

// join returns the path of key inside prefix.
func join(prefix, key string) string {
	switch {
	case prefix == "":
		return key
	case key == "":
		return prefix
	}
	return prefix + "." + key
}

// mapping returns v, the value at field, as a mapping with only the given
// keys.
func mapping(v any, field string, keys []string) (map[string]any, error) {
	switch m := v.(type) {
	case map[string]any:
		for k := range m {
			if !slices.Contains(keys, k) {
				return nil, &fieldErr{join(field, k), fmt.Errorf("%w (accepted: %s)", ErrUnknownField, strings.Join(keys, ", "))}
			}
		}
		return m, nil
	case map[any]any:
		// The decoder makes these for mappings with a key that is not a
		// string, such as 1 or true: never the name of a field.
		sm := make(map[string]any, len(m))
		for k, x := range m {
			s, ok := k.(string)
			if !ok {
				key := "null"
				if k != nil {
					key = fmt.Sprint(k)
				}
				return nil, &fieldErr{join(field, key),
					fmt.Errorf("%s as a key: %w (accepted: %s)", describe(k), ErrUnknownField, strings.Join(keys, ", "))}
			}
			sm[s] = x
		}
		return mapping(sm, field, keys)
	}
	return nil, errAt(field, "want a mapping, got %s", describe(v))
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case map[string]any, map[any]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int64, uint64, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

func fromTree(tree any) ([]Policy, error) {
	top, err := mapping(tree, "", topKeys)
	if err != nil {
		return nil, policyError("", "", err)
	}
	list, ok := top["policies"].([]any)
	if !ok {
		return nil, &PolicyError{Field: "policies", Err: fmt.Errorf("want a list, got %s", describe(top["policies"]))}
	}
	out := make([]Policy, 0, len(list))
	for i, v := range list {
		// Errors name the policy, or its place when it has no name.
		p := Policy{Name: nameOf(v)}
		if err := readPolicy(v, &p); err != nil {
			at := ""
			if p.Name == "" {
				at = fmt.Sprintf("policies[%d]", i)
			}
			return nil, policyError(p.Name, at, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// nameOf returns the name of v, a policy as decoded, or "".
func nameOf(v any) string {
	var name any
	switch m := v.(type) {
	case map[string]any:
		name = m["name"]
	case map[any]any:
		name = m["name"]
	}
	s, _ := name.(string)
	return s
}

// policyError turns an error met reading policy at path prefix into a
// *PolicyError that names the field.
func policyError(policy, prefix string, err error) *PolicyError {
	if fe, ok := errors.AsType[*fieldErr](err); ok {
		return &PolicyError{Policy: policy, Field: join(prefix, fe.field), Err: fe.err}
	}
	return &PolicyError{Policy: policy, Field: prefix, Err: err}
}

func readPolicy(v any, p *Policy) error {
	m, err := mapping(v, "", policyKeys)
	if err != nil {
		return err
	}
	if p.Name, err = str(m, "", "name", true); err != nil {
		return err
	}
	var s string
	if s, err = str(m, "", "category", false); err != nil {
		return err
	}
	p.Category = Category(s)
	if s, err = str(m, "", "urgency", false); err != nil {
		return err
	}
	p.Urgency = Urgency(s)
	if p.Unit, err = str(m, "", "unit", false); err != nil {
		return err
	}
	if p.Region, err = str(m, "", "region", false); err != nil {
		return err
	}
	list, ok := m["targets"].([]any)
	if !ok {
		return errAt("targets", "want a list, got %s", describe(m["targets"]))
	}
	for i, tv := range list {
		var t Target
		if err := readTarget(tv, fmt.Sprintf("targets[%d]", i), &t); err != nil {
			return err
		}
		p.Targets = append(p.Targets, t)
	}
	return nil
}

func readTarget(v any, f string, t *Target) error {
	m, err := mapping(v, f, targetKeys)
	if err != nil {
		return err
	}
	if t.Name, err = str(m, f, "name", true); err != nil {
		return err
	}
	s, err := str(m, f, "clock", true)
	if err != nil {
		return err
	}
	if t.Clock, err = parseClock(s); err != nil {
		return &fieldErr{join(f, "clock"), err}
	}
	if t.Amount.Duration, err = duration(m, f, "duration"); err != nil {
		return err
	}
	if t.Amount.Days, err = integer(m, f, "days"); err != nil {
		return err
	}
	if t.FromStartDay, err = boolean(m, f, "from_start_day"); err != nil {
		return err
	}
	if t.CloseOfWork, err = boolean(m, f, "close_of_work"); err != nil {
		return err
	}
	if t.SameDayCutoff, err = timeOfDay(m, f, "same_day_cutoff"); err != nil {
		return err
	}
	if s, err = str(m, f, "start", true); err != nil {
		return err
	}
	if t.Start, err = parseEventKind(s); err != nil {
		return &fieldErr{join(f, "start"), err}
	}
	if t.RestartOn, err = kinds(m, f, "restart_on"); err != nil {
		return err
	}
	if t.MetBy, err = kinds(m, f, "met_by"); err != nil {
		return err
	}
	if t.Pausable, err = boolean(m, f, "pausable"); err != nil {
		return err
	}
	if t.Window, err = boolean(m, f, "window"); err != nil {
		return err
	}
	if wv, ok := m["warnings"]; ok {
		list, ok := wv.([]any)
		if !ok {
			return errAt(join(f, "warnings"), "want a list, got %s", describe(wv))
		}
		for i, x := range list {
			wf := fmt.Sprintf("%s.warnings[%d]", f, i)
			wm, err := mapping(x, wf, warningKeys)
			if err != nil {
				return err
			}
			var w Warning
			if w.Fraction, err = number(wm, wf, "fraction"); err != nil {
				return err
			}
			if w.Before.Duration, err = duration(wm, wf, "before"); err != nil {
				return err
			}
			if w.Before.Days, err = integer(wm, wf, "before_days"); err != nil {
				return err
			}
			t.Warnings = append(t.Warnings, w)
		}
	}
	if xv, ok := m["extension"]; ok {
		xf := join(f, "extension")
		xm, err := mapping(xv, xf, extensionKeys)
		if err != nil {
			return err
		}
		if t.Extension.MaxCount, err = integer(xm, xf, "max_count"); err != nil {
			return err
		}
		if t.Extension.MaxTotal.Duration, err = duration(xm, xf, "max_duration"); err != nil {
			return err
		}
		if t.Extension.MaxTotal.Days, err = integer(xm, xf, "max_days"); err != nil {
			return err
		}
	}
	return nil
}

func str(m map[string]any, f, key string, required bool) (string, error) {
	v, ok := m[key]
	if !ok {
		if required {
			return "", errAt(join(f, key), "missing")
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", errAt(join(f, key), "want a string, got %s", describe(v))
	}
	return s, nil
}

func boolean(m map[string]any, f, key string) (bool, error) {
	v, ok := m[key]
	if !ok {
		return false, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, errAt(join(f, key), "want true or false, got %s", describe(v))
	}
	return b, nil
}

func number(m map[string]any, f, key string) (float64, error) {
	v, ok := m[key]
	if !ok {
		return 0, nil
	}
	switch x := v.(type) {
	case int:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case float64:
		return x, nil
	}
	return 0, errAt(join(f, key), "want a number, got %s", describe(v))
}

func integer(m map[string]any, f, key string) (int, error) {
	v, ok := m[key]
	if !ok {
		return 0, nil
	}
	switch x := v.(type) {
	case int:
		return x, nil
	case int64:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return int(x), nil
		}
	case uint64:
		if x <= math.MaxInt32 {
			return int(x), nil
		}
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= math.MaxInt32 {
			return int(x), nil
		}
	}
	return 0, errAt(join(f, key), "want a whole number, got %s", describe(v))
}

func duration(m map[string]any, f, key string) (time.Duration, error) {
	v, ok := m[key]
	if !ok {
		return 0, nil
	}
	s, ok := v.(string)
	if !ok {
		return 0, errAt(join(f, key), "want a duration such as \"30m\" or \"2h\", got %s", describe(v))
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, errAt(join(f, key), "want a duration such as \"30m\" or \"2h\": %v", err)
	}
	return d, nil
}

func timeOfDay(m map[string]any, f, key string) (time.Duration, error) {
	v, ok := m[key]
	if !ok {
		return 0, nil
	}
	s, _ := v.(string)
	d, ok := parseTimeOfDay(s)
	if !ok {
		return 0, errAt(join(f, key), "want a time of day such as \"20:00\" (00:01 to 24:00), got %s", describe(v))
	}
	return d, nil
}

func kinds(m map[string]any, f, key string) ([]EventKind, error) {
	v, ok := m[key]
	if !ok {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errAt(join(f, key), "want a list of events, got %s", describe(v))
	}
	out := make([]EventKind, 0, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, errAt(fmt.Sprintf("%s[%d]", join(f, key), i), "want an event name, got %s", describe(x))
		}
		k, err := parseEventKind(s)
		if err != nil {
			return nil, &fieldErr{fmt.Sprintf("%s[%d]", join(f, key), i), err}
		}
		out = append(out, k)
	}
	return out, nil
}
