package workorder

import (
	"fmt"

	"golang.org/x/text/language"
)

// Role is the kind of party taking a step. The zero value is no role and is
// refused everything.
type Role uint8

// The roles.
const (
	RoleCentre     Role = iota + 1 // 热线中心: accepts, dispatches, reviews, calls back, closes
	RoleUnit                       // 承办单位: a named unit; leads or assists on the orders sent to it
	RoleSupervisor                 // 督办人: urges and supervises
	RoleSystem                     // 系统: timers and automatic steps
)

var roleNames = names{
	en: []string{"", "centre", "unit", "supervisor", "system"},
	zh: []string{"", "热线中心", "承办单位", "督办", "系统"},
}

// String returns the role's English key ("centre"), or "Role(n)".
func (r Role) String() string {
	if n := roleNames.str(int(r)); n != "" {
		return n
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Name returns the role's name in the language best matching t.
func (r Role) Name(t language.Tag) string { return roleNames.name(int(r), t) }

// Actor is who takes a step: a role and, for a unit, the unit's name (as
// used for lead and assisting units); for the others an operator or
// process id kept in the audit trail. The zero Actor may do nothing. Its
// JSON form is {"role": "unit", "id": "清溪镇城管办"}.
type Actor struct {
	Role Role   `json:"role"`
	ID   string `json:"id"`
}

// Centre returns a hotline centre actor; operator identifies the agent.
func Centre(operator string) Actor { return Actor{RoleCentre, operator} }

// Unit returns the actor for the named unit.
func Unit(name string) Actor { return Actor{RoleUnit, name} }

// Supervisor returns a supervisor actor.
func Supervisor(id string) Actor { return Actor{RoleSupervisor, id} }

// System is the actor for timers and automatic steps.
var System = Actor{RoleSystem, "system"}

// String returns "role:id", such as "unit:清溪镇城管办".
func (a Actor) String() string { return a.Role.String() + ":" + a.ID }

// roles is the set of roles that may take each step, as a bit mask
// indexed by Role. Whether a unit is the order's lead or one of its
// assisting units is checked by permit.
var roles = [numSteps]uint8{
	StepAccept:           bit(RoleCentre, RoleSystem),
	StepDispatch:         bit(RoleCentre),
	StepSign:             bit(RoleUnit),
	StepReturn:           bit(RoleUnit),
	StepRedispatch:       bit(RoleCentre),
	StepDesignate:        bit(RoleCentre),
	StepRequestExtension: bit(RoleUnit),
	StepApproveExtension: bit(RoleCentre),
	StepRefuseExtension:  bit(RoleCentre),
	StepSuspend:          bit(RoleUnit, RoleCentre),
	StepResume:           bit(RoleUnit, RoleCentre, RoleSystem),
	StepContact:          bit(RoleUnit),
	StepArrive:           bit(RoleUnit),
	StepSubmitOpinion:    bit(RoleUnit),
	StepWaiveOpinion:     bit(RoleCentre),
	StepReply:            bit(RoleUnit),
	StepApproveReply:     bit(RoleCentre),
	StepRejectReply:      bit(RoleCentre),
	StepCallback:         bit(RoleCentre),
	StepClose:            bit(RoleCentre, RoleSystem),
	StepReopen:           bit(RoleCentre),
	StepUrge:             bit(RoleSupervisor, RoleCentre, RoleSystem),
	StepSupervise:        bit(RoleSupervisor),
	StepMerge:            bit(RoleCentre),
	StepCancel:           bit(RoleCentre),
}

func bit(rs ...Role) (m uint8) {
	for _, r := range rs {
		m |= 1 << r
	}
	return m
}

// permit checks that a may take step on o, given its role and relation to
// the order. It does not check the state.
func permit(o *Order, a Actor, step Step) error {
	if a.Role == 0 || a.Role > RoleSystem || step >= numSteps || roles[step]&(1<<a.Role) == 0 {
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "not a step for the " + a.Role.String()}
	}
	if a.Role == RoleUnit && a.ID == "" {
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "unit has no name"}
	}
	switch {
	case step == StepSubmitOpinion:
		if o.assist(a.ID) < 0 {
			return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "not an assisting unit of this order"}
		}
	case a.Role == RoleUnit && a.ID != o.Lead:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "not the lead unit of this order"}
	case step == StepReturn && o.Fallback:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "the fallback unit cannot return an order"}
	case step == StepClose && a.Role == RoleSystem && o.State != StateMerged:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "the system closes merged orders only"}
	}
	return nil
}

// canRead reports whether a may read o at all.
func canRead(o *Order, a Actor) error {
	switch a.Role {
	case RoleCentre, RoleSupervisor, RoleSystem:
		return nil
	case RoleUnit:
		if a.ID != "" && (a.ID == o.Lead || o.assist(a.ID) >= 0) {
			return nil
		}
		return &ForbiddenError{ID: o.ID, Actor: a, Reason: "not a lead or assisting unit of this order"}
	}
	return &ForbiddenError{ID: o.ID, Actor: a, Reason: "no role"}
}
