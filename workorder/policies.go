package workorder

import (
	"maps"
	"sync"
	"sync/atomic"

	"github.com/hotline12345/hotline/sla"
)

// policies finds orders' sla policies and keeps what the service builds
// from each. A PolicySet is immutable, so lookups are remembered, by the
// parts of the order's key some policy selects on. It is safe for
// concurrent use; reads take no lock.
type policies struct {
	set          *sla.PolicySet
	unit, region bool // some policy selects by unit, by region

	// byCode holds the lookups of a set that selects by category and
	// urgency only, indexed by their codes (see codeOf).
	byCode []atomic.Pointer[policyInfo]

	mu    sync.Mutex                              // serialises writers of keys
	keys  atomic.Pointer[map[sla.Key]*policyInfo] // replaced, never changed
	infos sync.Map                                // *sla.Policy -> *policyInfo
}

// maxCachedKeys bounds the lookups policies remembers; past it, lookups
// are made afresh (a set selecting by many units and regions).
const maxCachedKeys = 1024

func newPolicies(set *sla.PolicySet) *policies {
	ps := &policies{set: set}
	for _, p := range set.Policies() {
		ps.unit = ps.unit || p.Unit != ""
		ps.region = ps.region || p.Region != ""
	}
	if !ps.unit && !ps.region {
		ps.byCode = make([]atomic.Pointer[policyInfo], len(categoryCodes)*len(urgencyCodes))
	}
	return ps
}

// codeOf returns v's index in codes, or -1.
func codeOf(v string, codes []string) int {
	for i, c := range codes {
		if c == v {
			return i
		}
	}
	return -1
}

// policyInfo is one policy and the policies made of some of its targets.
type policyInfo struct {
	p       *sla.Policy
	mu      sync.Mutex                             // serialises writers of subsets
	subsets atomic.Pointer[map[uint64]*sla.Policy] // replaced, never changed
}

// lookup returns the policy for o, or an error wrapping sla.ErrNoPolicy.
func (ps *policies) lookup(o *Order) (*policyInfo, error) {
	var slot *atomic.Pointer[policyInfo]
	if ps.byCode != nil {
		c, u := codeOf(string(o.Category), categoryCodes), codeOf(string(o.Urgency), urgencyCodes)
		if c >= 0 && u >= 0 {
			slot = &ps.byCode[c*len(urgencyCodes)+u]
			if pi := slot.Load(); pi != nil {
				return pi, nil
			}
		}
	}
	k := sla.Key{Category: o.Category, Urgency: o.Urgency}
	if ps.unit {
		k.Unit = o.Lead
	}
	if ps.region {
		k.Region = o.Location.Region
	}
	if m := ps.keys.Load(); m != nil {
		if pi, ok := (*m)[k]; ok {
			return pi, nil
		}
	}
	p, err := ps.set.Lookup(sla.Key{Category: o.Category, Urgency: o.Urgency, Unit: o.Lead, Region: o.Location.Region})
	if err != nil {
		return nil, err
	}
	v, ok := ps.infos.Load(p)
	if !ok {
		v, _ = ps.infos.LoadOrStore(p, &policyInfo{p: p})
	}
	pi := v.(*policyInfo)
	if slot != nil {
		slot.Store(pi)
		return pi, nil
	}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	old := ps.keys.Load()
	if old == nil || len(*old) < maxCachedKeys {
		m := make(map[sla.Key]*policyInfo, 1+mapLen(old))
		if old != nil {
			maps.Copy(m, *old)
		}
		m[k] = pi
		ps.keys.Store(&m)
	}
	return pi, nil
}

func mapLen[K comparable, V any](m *map[K]V) int {
	if m == nil {
		return 0
	}
	return len(*m)
}

// subset returns the policy of pi's targets whose indexes are set in
// mask, in order, built once per mask.
func (pi *policyInfo) subset(mask uint64) *sla.Policy {
	if m := pi.subsets.Load(); m != nil {
		if sub, ok := (*m)[mask]; ok {
			return sub
		}
	}
	pi.mu.Lock()
	defer pi.mu.Unlock()
	old := pi.subsets.Load()
	if old != nil {
		if sub, ok := (*old)[mask]; ok {
			return sub
		}
	}
	p := pi.p
	sub := &sla.Policy{Name: p.Name, Category: p.Category, Urgency: p.Urgency, Unit: p.Unit, Region: p.Region}
	for i := range p.Targets {
		if mask&(1<<i) != 0 {
			sub.Targets = append(sub.Targets, p.Targets[i])
		}
	}
	m := make(map[uint64]*sla.Policy, 1+mapLen(old))
	if old != nil {
		maps.Copy(m, *old)
	}
	m[mask] = sub
	pi.subsets.Store(&m)
	return sub
}
