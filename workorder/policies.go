package workorder

import (
	"sync"

	"github.com/hotline12345/hotline/sla"
)

// policies finds orders' sla policies and keeps what the service builds
// from each. It is built once, by NewService, and is safe for concurrent
// use.
type policies struct {
	set   *sla.PolicySet
	infos map[*sla.Policy]*policyInfo // one per policy of set; never changed
}

func newPolicies(set *sla.PolicySet) *policies {
	ps := &policies{set: set, infos: make(map[*sla.Policy]*policyInfo, set.Len())}
	for _, p := range set.Policies() {
		shared, _ := set.Policy(p.Name) // Policies returns copies; Lookup the shared ones
		ps.infos[shared] = &policyInfo{p: shared, subsets: map[uint64]*sla.Policy{}}
	}
	return ps
}

// policyInfo is one policy and the policies made of some of its targets.
type policyInfo struct {
	p       *sla.Policy
	mu      sync.Mutex
	subsets map[uint64]*sla.Policy // by mask of targets; guarded by mu
}

// lookup returns the policy for o, or an error wrapping sla.ErrNoPolicy.
func (ps *policies) lookup(o *Order) (*policyInfo, error) { return ps.lookupUnit(o, o.Lead) }

// lookupUnit returns the policy o had, or would have, with lead unit.
func (ps *policies) lookupUnit(o *Order, unit string) (*policyInfo, error) {
	p, err := ps.set.Lookup(sla.Key{Category: o.Category, Urgency: o.Urgency, Unit: unit, Region: o.Location.Region})
	if err != nil {
		return nil, err
	}
	return ps.infos[p], nil
}

// subset returns the policy of pi's targets whose indexes are set in
// mask, in order, built once per mask.
func (pi *policyInfo) subset(mask uint64) *sla.Policy {
	pi.mu.Lock()
	defer pi.mu.Unlock()
	if sub, ok := pi.subsets[mask]; ok {
		return sub
	}
	p := pi.p
	sub := &sla.Policy{Name: p.Name, Category: p.Category, Urgency: p.Urgency, Unit: p.Unit, Region: p.Region}
	for i := range p.Targets {
		if mask&(1<<i) != 0 {
			sub.Targets = append(sub.Targets, p.Targets[i])
		}
	}
	pi.subsets[mask] = sub
	return sub
}
