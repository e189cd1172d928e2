package workorder

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
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

var roleNames = i18n.NewNames(
	[]string{"", "centre", "unit", "supervisor", "system"},
	[]string{"", "热线中心", "承办单位", "督办", "系统"},
	nil)

// String returns the role's English key ("centre"), or "Role(n)".
func (r Role) String() string { return enumString(roleNames, "Role", int(r)) }

// Name returns the role's name in the language best matching t.
func (r Role) Name(t language.Tag) string { return enumName(roleNames, "Role", int(r), t) }

// ParseRole returns the role whose English key ("unit") or Chinese name
// ("承办单位") is s, ASCII case and surrounding spaces ignored. Otherwise
// it returns a *hotline.NameError (hotline.ErrUnknownName).
func ParseRole(s string) (Role, error) {
	i, err := parseName(roleNames, "role", s)
	if err != nil {
		return 0, fmt.Errorf("workorder: %w", err)
	}
	return Role(i), nil
}

// Actor is who takes a step: a role and, for a unit, the unit's name (as
// used for lead and assisting units); for the others an operator or
// process id kept in the audit trail. Every actor but the system needs a
// non-blank ID, and every ID must be valid UTF-8: the service refuses any
// other actor everything, with a *ForbiddenError (ErrForbidden). The zero
// Actor may do nothing. Its JSON form is {"role": "unit", "id": "清溪镇城管办"},
// with "person", "post" and "leader" when set.
//
// A unit's actor may name the person who takes the step inside the unit
// (经办人), their post (岗位) and whether they are the unit's leader taking
// the order on personally (领办); see Person and UnitLeader. They are kept
// in the step's record (Record.Person, Record.Post, Record.Leader) and
// reach assessment; other roles may not set them, and a post or the leader
// flag needs a person.
type Actor struct {
	Role   Role   `json:"role"`
	ID     string `json:"id"`
	Person string `json:"person,omitempty"`
	Post   string `json:"post,omitempty"`
	Leader bool   `json:"leader,omitempty"`
}

// Centre returns a hotline centre actor; operator identifies the agent.
func Centre(operator string) Actor { return Actor{Role: RoleCentre, ID: operator} }

// Unit returns the actor for the named unit.
func Unit(name string) Actor { return Actor{Role: RoleUnit, ID: name} }

// Supervisor returns a supervisor actor.
func Supervisor(id string) Actor { return Actor{Role: RoleSupervisor, ID: id} }

// System returns the actor for timers and automatic steps, whose id is
// "system".
func System() Actor { return Actor{Role: RoleSystem, ID: "system"} }

// String returns "role:id", such as "unit:清溪镇城管办"; an id that is not
// valid UTF-8 is quoted.
func (a Actor) String() string {
	if !utf8.ValidString(a.ID) {
		return a.Role.String() + ":" + strconv.Quote(a.ID)
	}
	return a.Role.String() + ":" + a.ID
}

// check returns why a may do nothing at all, or "".
func (a Actor) check() string {
	switch {
	case a.Role == 0 || a.Role > RoleSystem:
		return "no role"
	case !utf8.ValidString(a.ID):
		return "id is not valid UTF-8"
	case strings.IndexByte(a.ID, 0) >= 0:
		return "id " + nulReason
	case a.Role != RoleSystem && strings.TrimSpace(a.ID) == "":
		return "no id"
	}
	return a.checkPerson()
}

// roles is the set of roles that may take each step, as a bit mask
// indexed by Role. Whether a unit is the order's lead or one of its
// assisting units is checked by permit.
var roles = [numSteps]uint8{
	StepAccept:           bit(RoleCentre, RoleSystem),
	StepDispatch:         bit(RoleCentre),
	StepSign:             bit(RoleUnit),
	StepReturn:           bit(RoleUnit),
	StepRequestReturn:    bit(RoleUnit),
	StepApproveReturn:    bit(RoleCentre),
	StepRefuseReturn:     bit(RoleCentre),
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
	StepSupervise:        bit(RoleSupervisor, RoleSystem),
	StepMerge:            bit(RoleCentre),
	StepCancel:           bit(RoleCentre),
	StepDecline:          bit(RoleCentre),
	StepAnswer:           bit(RoleCentre),
	StepTransfer:         bit(RoleCentre, RoleSystem),
	StepExempt:           bit(RoleSupervisor),
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
	if why := a.check(); why != "" {
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: why}
	}
	if step >= numSteps || roles[step]&(1<<a.Role) == 0 {
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "not a step for the " + a.Role.String()}
	}
	switch {
	case step == StepSubmitOpinion:
		if o.assist(a.ID) < 0 {
			return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "not an assisting unit of this order"}
		}
	case a.Role == RoleUnit && a.ID != o.Lead:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "not the lead unit of this order"}
	case (step == StepReturn || step == StepRequestReturn) && o.Fallback:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "the fallback unit cannot return an order"}
	case step == StepClose && a.Role == RoleSystem && o.State != StateMerged:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "the system closes merged orders only"}
	case step == StepTransfer && a.Role == RoleSystem && o.State != StateMerged:
		return &ForbiddenError{ID: o.ID, Actor: a, Step: step, Reason: "the system transfers merged orders only"}
	}
	return nil
}

// canRead reports whether a, an actor that passes check, may see o at
// all: a unit sees the orders it leads or assists, the others every
// order.
func canRead(o *Order, a Actor) bool {
	return a.Role != RoleUnit || a.ID == o.Lead || o.assist(a.ID) >= 0
}
