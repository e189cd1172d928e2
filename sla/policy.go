package sla

import (
	"fmt"
	"slices"

	"github.com/hotline12345/hotline"
)

// Policy is the set of targets for the orders it matches. Category,
// Urgency, Unit and Region select orders; an empty selector matches any
// value. The zero value is invalid; see Validate. A Policy is a plain value:
// safe for concurrent reads once built, not for concurrent writes.
type Policy struct {
	Name     string
	Category hotline.Category
	Urgency  hotline.Urgency
	// Unit narrows the policy to one handling unit, compared exactly
	// with Key.Unit.
	Unit string
	// Region narrows the policy to a region and everything under it: a
	// path of segments joined by "/", compared by whole segments, so that
	// "清溪镇" matches the orders in "清溪镇" and "清溪镇/三中村" but not
	// those in "清溪镇外". It neither begins nor ends with "/".
	Region  string
	Targets []Target
	// Ladder is the escalation of the policy's late targets; the zero
	// Ladder escalates nothing beyond the overdue urge.
	Ladder Ladder
}

// Key describes an order for policy lookup. A field left empty matches
// only policies that leave that selector empty too; the zero Key matches
// only catch-all policies.
type Key struct {
	Category hotline.Category
	Urgency  hotline.Urgency
	Unit     string
	Region   string
}

// Validate checks the policy and its targets. Errors are *PolicyError values
// that name the policy and field.
func (p *Policy) Validate() error {
	fail := func(field string, err error) error { return &PolicyError{Policy: p.Name, Field: field, Err: err} }
	if p.Name == "" {
		return fail("name", fmt.Errorf("empty"))
	}
	if p.Category != "" && !p.Category.Valid() {
		return fail("category", p.Category.Validate())
	}
	if p.Urgency != "" && !p.Urgency.Valid() {
		return fail("urgency", p.Urgency.Validate())
	}
	if p.Region != "" {
		if err := hotline.ValidateRegion(p.Region); err != nil {
			return fail("region", err)
		}
	}
	if len(p.Targets) == 0 {
		return fail("targets", fmt.Errorf("empty"))
	}
	for i := range p.Targets {
		t := &p.Targets[i]
		if field, err := t.validate(); err != nil {
			return fail(fmt.Sprintf("targets[%d].%s", i, field), err)
		}
		for j := range i {
			if p.Targets[j].Name == t.Name {
				return fail(fmt.Sprintf("targets[%d].name", i), fmt.Errorf("%q is given twice", t.Name))
			}
		}
	}
	if field, err := p.Ladder.validate(p.Targets); err != nil {
		return fail("ladder."+field, err)
	}
	return nil
}

// Target returns the target named name, or nil.
func (p *Policy) Target(name string) *Target {
	for i := range p.Targets {
		if p.Targets[i].Name == name {
			return &p.Targets[i]
		}
	}
	return nil
}

// Matches reports whether every selector of p that is set matches k's:
// Category, Urgency and Unit equal, and k.Region at or under p.Region.
func (p *Policy) Matches(k Key) bool {
	return (p.Category == "" || p.Category == k.Category) &&
		(p.Urgency == "" || p.Urgency == k.Urgency) &&
		(p.Unit == "" || p.Unit == k.Unit) &&
		hotline.RegionCovers(p.Region, k.Region)
}

// outranks reports whether p takes precedence over q when both match a
// key: more selectors set, then the deeper region.
func (p *Policy) outranks(q *Policy) bool {
	if a, b := p.specificity(), q.specificity(); a != b {
		return a > b
	}
	return hotline.RegionDepth(p.Region) > hotline.RegionDepth(q.Region)
}

func (p *Policy) specificity() int {
	n := 0
	for _, s := range [...]string{string(p.Category), string(p.Urgency), p.Unit, p.Region} {
		if s != "" {
			n++
		}
	}
	return n
}

// PolicySet is a validated, immutable list of policies. It is safe for
// concurrent use. The zero value holds no policies and matches nothing.
type PolicySet struct {
	policies []Policy
}

// NewPolicySet validates and copies policies. Errors are *PolicyError values;
// two policies with one name are an error.
func NewPolicySet(policies ...Policy) (*PolicySet, error) {
	s := &PolicySet{policies: make([]Policy, len(policies))}
	for i := range policies {
		p := clonePolicy(&policies[i])
		if err := p.Validate(); err != nil {
			return nil, err
		}
		for j := range i {
			if s.policies[j].Name == p.Name {
				return nil, &PolicyError{Policy: p.Name, Field: "name", Err: fmt.Errorf("%q is given twice", p.Name)}
			}
		}
		s.policies[i] = p
	}
	return s, nil
}

func clonePolicy(p *Policy) Policy {
	c := *p
	c.Targets = slices.Clone(p.Targets)
	c.Ladder = cloneLadder(p.Ladder)
	for i := range c.Targets {
		t := &c.Targets[i]
		t.RestartOn = slices.Clone(t.RestartOn)
		t.MetBy = slices.Clone(t.MetBy)
		t.Warnings = slices.Clone(t.Warnings)
	}
	return c
}

// Policies returns a deep copy of the set's policies in order.
func (s *PolicySet) Policies() []Policy {
	out := make([]Policy, len(s.policies))
	for i := range s.policies {
		out[i] = clonePolicy(&s.policies[i])
	}
	return out
}

// Len returns the number of policies.
func (s *PolicySet) Len() int { return len(s.policies) }

// Policy returns the policy named name. The result is shared: do not
// modify it.
func (s *PolicySet) Policy(name string) (*Policy, bool) {
	for i := range s.policies {
		if s.policies[i].Name == name {
			return &s.policies[i], true
		}
	}
	return nil, false
}

// Lookup returns the policy for k. Of the policies whose selectors all
// match (see Policy.Matches), it takes, in this order of precedence:
//
//  1. the one with the most selectors (category, urgency, unit, region) set;
//  2. of those, the one with the deepest region, so that a policy for
//     "清溪镇/三中村" wins over one for "清溪镇" for an order in
//     "清溪镇/三中村/5组";
//  3. of those, the first in the set.
//
// It returns an error wrapping [ErrNoPolicy] when none matches. The result
// is shared: do not modify it.
func (s *PolicySet) Lookup(k Key) (*Policy, error) {
	best := -1
	for i := range s.policies {
		p := &s.policies[i]
		if p.Matches(k) && (best < 0 || p.outranks(&s.policies[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("sla: lookup %s/%s unit %q region %q: %w", k.Category, k.Urgency, k.Unit, k.Region, ErrNoPolicy)
	}
	return &s.policies[best], nil
}
