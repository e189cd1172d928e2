package sqldoc

import (
	"strconv"
	"strings"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// enum maps the values of a uint8 enumeration to the English keys its
// String method returns. A value without a key is written as its decimal
// number, so that nothing is lost; the zero value without a key is "".
type enum[T ~uint8] struct {
	names  [256]string
	values map[string]T
}

func newEnum[T ~uint8](str func(T) string) *enum[T] {
	e := &enum[T]{values: map[string]T{}}
	for i := range 256 {
		n := str(T(i))
		if n == "" || strings.ContainsAny(n, "()") {
			continue
		}
		e.names[i] = n
		e.values[n] = T(i)
	}
	return e
}

func (e *enum[T]) name(v T) string {
	if n := e.names[v]; n != "" {
		return n
	}
	if v == 0 {
		return ""
	}
	return strconv.Itoa(int(v))
}

func (e *enum[T]) parse(s string) (T, bool) {
	if v, ok := e.values[s]; ok {
		return v, true
	}
	if s == "" {
		return 0, e.names[0] == ""
	}
	n, err := strconv.ParseUint(s, 10, 8)
	if err != nil || e.names[n] != "" {
		return 0, false
	}
	return T(n), true
}

// The enumerations kept in columns of their own; the document writes the
// others by their JSON form.
var (
	states = newEnum(workorder.State.String)
	steps  = newEnum(workorder.Step.String)
	roles  = newEnum(workorder.Role.String)
	levels = newEnum(sla.Level.String)
)

// StateName returns the name s is stored under, such as "handling".
func StateName(s workorder.State) string { return states.name(s) }

// ParseState reverses StateName.
func ParseState(s string) (workorder.State, bool) { return states.parse(s) }

// StepName returns the name s is stored under, such as "urge".
func StepName(s workorder.Step) string { return steps.name(s) }

// ParseStep reverses StepName.
func ParseStep(s string) (workorder.Step, bool) { return steps.parse(s) }

// RoleName returns the name r is stored under, such as "centre".
func RoleName(r workorder.Role) string { return roles.name(r) }

// ParseRole reverses RoleName.
func ParseRole(s string) (workorder.Role, bool) { return roles.parse(s) }

// LevelName returns the name l is stored under, such as "warning".
func LevelName(l sla.Level) string { return levels.name(l) }

// ParseLevel reverses LevelName.
func ParseLevel(s string) (sla.Level, bool) { return levels.parse(s) }

// OpenStates returns the names of the states in which an order is open
// (see workorder.State.Open), in lifecycle order.
func OpenStates() []string {
	var out []string
	for _, s := range workorder.States() {
		if s.Open() {
			out = append(out, StateName(s))
		}
	}
	return out
}

// DecodeRecord sets r's actor role, step and states from their stored
// names and its hash from the stored bytes. It returns ErrCorrupt when a
// name is unknown or the hash has the wrong length.
func DecodeRecord(r *workorder.Record, role, step, from, to string, hash []byte) error {
	var ok [4]bool
	r.Actor.Role, ok[0] = ParseRole(role)
	r.Step, ok[1] = ParseStep(step)
	r.From, ok[2] = ParseState(from)
	r.To, ok[3] = ParseState(to)
	if ok != [4]bool{true, true, true, true} || len(hash) != len(r.Hash) {
		return ErrCorrupt
	}
	copy(r.Hash[:], hash)
	return nil
}
