package qingxi

import (
	"context"
	"hash/fnv"

	"github.com/hotline12345/hotline"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// ladderStore is the year's store with the supervision orders and
// sanctions the ladder and the supervisors write (workorder
// SupervisionStore), so that the service can climb the ladder on a year
// that streams. They are few (one per order late by two working days), so
// they are kept whole, in a MemStore used for nothing else.
type ladderStore struct {
	*yearStore
	sup *workorder.MemStore
}

var (
	_ workorder.Store            = (*ladderStore)(nil)
	_ workorder.SupervisionStore = (*ladderStore)(nil)
)

func newLadderStore(y *yearStore) *ladderStore {
	return &ladderStore{yearStore: y, sup: workorder.NewMemStore()}
}

// CreateSupervision implements workorder.SupervisionStore.
func (s *ladderStore) CreateSupervision(ctx context.Context, sup *workorder.Supervision) error {
	return s.sup.CreateSupervision(ctx, sup)
}

// UpdateSupervision implements workorder.SupervisionStore.
func (s *ladderStore) UpdateSupervision(ctx context.Context, sup *workorder.Supervision, expected int64) error {
	return s.sup.UpdateSupervision(ctx, sup, expected)
}

// Supervision implements workorder.SupervisionStore.
func (s *ladderStore) Supervision(ctx context.Context, id string) (*workorder.Supervision, error) {
	return s.sup.Supervision(ctx, id)
}

// Supervisions implements workorder.SupervisionStore.
func (s *ladderStore) Supervisions(ctx context.Context, f workorder.SupervisionFilter) ([]workorder.Supervision, error) {
	return s.sup.Supervisions(ctx, f)
}

// CreateSanction implements workorder.SupervisionStore.
func (s *ladderStore) CreateSanction(ctx context.Context, sn *workorder.Sanction) error {
	return s.sup.CreateSanction(ctx, sn)
}

// Sanctions implements workorder.SupervisionStore.
func (s *ladderStore) Sanctions(ctx context.Context, f workorder.SanctionFilter) ([]workorder.Sanction, error) {
	return s.sup.Sanctions(ctx, f)
}

// townPolicies returns the town's deadline policies (sla.DefaultPolicies)
// with our supervision ladder (sla.DefaultLadder) on the finish target of
// every policy but the emergencies': urge at the deadline, a supervision
// order two working days after it with three working days for the
// unit's explanation, a supervisor's decision on a talk or a criticism
// five working days after it. Emergencies are followed by the centre
// within the day and climb no ladder.
func townPolicies() (*sla.PolicySet, error) {
	ps := sla.DefaultPolicies().Policies()
	for i := range ps {
		if ps[i].Urgency == hotline.UrgencyEmergency || ps[i].Target(sla.TargetFinish) == nil {
			continue
		}
		ps[i].Ladder = sla.DefaultLadder()
		ps[i].Ladder.Targets = []string{sla.TargetFinish}
	}
	return sla.NewPolicySet(ps...)
}

// observer hears the service for the simulation: warnings, overdue urges
// and the ladder's steps (workorder.SupervisionObserver).
type observer struct {
	workorder.ObserverFuncs
	s *sim
}

// ObservesSteps tells the service whether OnStep is set: the simulation
// sets none, so that no order is copied for StepTaken.
func (o observer) ObservesSteps() bool { return o.OnStep != nil }

// Supervised implements workorder.SupervisionObserver.
func (o observer) Supervised(ctx context.Context, ord *workorder.Order, a sla.Action, sup *workorder.Supervision) {
	o.s.onLadder(ord, a, sup)
}

// staff are the people of a unit: its leader (一把手) and the handlers
// (经办人) who take its orders, each with a post.
type staff struct {
	leader   string
	handlers []person
}

type person struct{ name, post string }

var (
	givenNames = []string{"志强", "建华", "丽娟", "国平", "海燕", "伟明", "少芬", "振东", "秀英", "家豪", "婉婷", "永康",
		"晓峰", "美玲", "俊杰", "淑仪", "锦荣", "嘉欣", "汉文", "玉兰"}
	posts = []string{"综合岗", "业务岗", "执法岗"}
)

// handlersPerUnit is how many handlers each unit has.
const handlersPerUnit = 3

// staffOf returns the people of unit, the same for every run: names are
// drawn from a hash of the unit's name, not from the run's random draws.
func (s *sim) staffOf(unit string) *staff {
	if st := s.staff[unit]; st != nil {
		return st
	}
	h := fnv.New64a()
	h.Write([]byte(unit))
	x := h.Sum64()
	name := func() string {
		n := surnames[x%uint64(len(surnames))]
		x /= uint64(len(surnames))
		n += givenNames[x%uint64(len(givenNames))]
		x = x/uint64(len(givenNames)) + 7919*uint64(len(n))
		return n
	}
	st := &staff{leader: name()}
	for i := range handlersPerUnit {
		st.handlers = append(st.handlers, person{name: name(), post: posts[i%len(posts)]})
	}
	s.staff[unit] = st
	return st
}

// by returns the actor of unit for the order of rn: its leader when the
// leader leads the order (领办), else the handler the unit gave it,
// chosen when the unit first acts on it.
func (s *sim) by(rn *journey, unit string) workorder.Actor {
	st := s.staffOf(unit)
	if rn.ledBy == unit {
		return workorder.UnitLeader(unit, st.leader, "主要负责人")
	}
	if rn.handler == nil {
		rn.handler = map[string]int{}
	}
	i, ok := rn.handler[unit]
	if !ok {
		i = s.rng.IntN(len(st.handlers))
		rn.handler[unit] = i
	}
	p := st.handlers[i]
	return workorder.Person(unit, p.name, p.post)
}
