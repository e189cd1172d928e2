package workorder

import (
	"fmt"
	"strings"

	"github.com/hotline12345/hotline/assess"
)

// MaxPersonLen bounds Actor.Person and Actor.Post, in characters.
const MaxPersonLen = 64

// Person returns the actor for a person inside the named unit: the unit
// takes the step, and the person (经办人) is kept in the audit trail beside
// it so that assessment can reach them. post is the person's post (岗位),
// optional.
func Person(unit, person, post string) Actor {
	return Actor{Role: RoleUnit, ID: unit, Person: person, Post: post}
}

// UnitLeader returns the actor for the named unit's leader taking a step
// personally: every step it takes marks the order as led by leader (领办,
// the town's 一把手领办) from then on.
func UnitLeader(unit, leader, post string) Actor {
	return Actor{Role: RoleUnit, ID: unit, Person: leader, Post: post, Leader: true}
}

// checkPerson returns why a's person, post or leader flag is refused, or
// "": they are for units only, a post or the leader flag needs a person,
// and each is valid text of up to MaxPersonLen characters, not blank when
// given.
func (a Actor) checkPerson() string {
	if a.Person == "" && a.Post == "" && !a.Leader {
		return ""
	}
	switch {
	case a.Role != RoleUnit:
		return "a person is named only for a unit"
	case strings.TrimSpace(a.Person) == "":
		return "a post or the leader flag needs a person"
	}
	if why := checkText(a.Person, MaxPersonLen); why != "" {
		return "person " + why
	}
	if why := checkText(a.Post, MaxPersonLen); why != "" {
		return "post " + why
	}
	if a.Post != "" && strings.TrimSpace(a.Post) == "" {
		return "post is blank"
	}
	return ""
}

// takenBy moves the person, post and leader flag of the actor of the
// record being built into its data, as person=…, post=… and leader=… (the
// leader's name), and leaves the record's Actor with its role and id.
//
// The person lives in Data rather than in a column of its own: every
// store keeps Data as it is and the hash chain covers it, so the person is
// tamper-evident and round-trips through every store with no change of
// schema. Record.Person, Record.Post and Record.Taker read it back.
func takenBy(d data, a *Actor) data {
	if a.Person != "" {
		d = d.add("person", a.Person)
	}
	if a.Post != "" {
		d = d.add("post", a.Post)
	}
	if a.Leader {
		d = d.add("leader", a.Person)
	}
	a.Person, a.Post, a.Leader = "", "", false
	return d
}

// Person returns the person inside the unit who took the step (经办人), or
// "" when the step named none.
func (r *Record) Person() string {
	v, _ := r.Value("person")
	return v
}

// Post returns the post (岗位) of the person who took the step, or "".
func (r *Record) Post() string {
	v, _ := r.Value("post")
	return v
}

// Leader returns the unit leader who leads the order personally (领办)
// from this step on: the person of a step taken with Actor.Leader, or the
// leader named at a dispatch (Assignment.Leader); "" when the step names
// none.
func (r *Record) Leader() string {
	v, _ := r.Value("leader")
	return v
}

// Taker returns the actor who took the step as it was given to the
// service: the record's Actor with the person, post and leader flag its
// data keeps. A dispatch naming a leader is taken by the centre: its
// leader is not the taker's, and Leader stays false.
func (r *Record) Taker() Actor {
	a := r.Actor
	if a.Role == RoleUnit {
		a.Person, a.Post = r.Person(), r.Post()
		a.Leader = a.Person != "" && r.Leader() == a.Person
	}
	return a
}

// LedBy returns the unit leader who leads the order of trail personally
// (领办) at its end, or "": the leader named by the last record naming one
// since the last dispatch, redispatch or designation. A new lead unit is
// led by its own leader only when a step names one.
func LedBy(trail []Record) string {
	leader := ""
	for i := range trail {
		r := &trail[i]
		switch r.Step {
		case StepDispatch, StepRedispatch, StepDesignate:
			leader = ""
		}
		if l := r.Leader(); l != "" {
			leader = l
		}
	}
	return leader
}

// addLeader adds the leader an assignment names to the record's data.
func addLeader(c *change, leader string) error {
	if leader == "" {
		return nil
	}
	if why := checkText(leader, MaxPersonLen); why != "" || strings.TrimSpace(leader) == "" {
		if why == "" {
			why = "blank"
		}
		return fmt.Errorf("leader %s: %w", why, ErrInvalidArgument)
	}
	c.data = c.data.add("leader", leader)
	return nil
}

// takePerson adds the person, post and leader that trail record r names
// to the assessment record of the unit holding the order.
func takePerson(cur *assess.Record, r *Record) {
	if r.Actor.Role == RoleUnit && r.Actor.ID == cur.Unit {
		if p := r.Person(); p != "" {
			cur.Person, cur.Post = p, r.Post()
		}
	}
	if l := r.Leader(); l != "" && (r.Actor.Role == RoleUnit && r.Actor.ID == cur.Unit || r.Actor.Role == RoleCentre) {
		cur.Leader = l
	}
}
