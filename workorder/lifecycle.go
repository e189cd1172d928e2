package workorder

import (
	"context"
	"errors"
	"strings"

	"github.com/looplab/fsm"
	"golang.org/x/text/language"
)

// transitions is the lifecycle: for each step, the states it may be taken
// in and the state it leads to; a step that leads to different states
// from different sources (request_return, refuse_return) has one entry per
// destination. A step whose destination equals its source
// is recorded without changing the state. looplab/fsm is built from this
// list and is what decides every transition (see table).
var transitions = []struct {
	step Step
	src  []State
	dst  State // 0 means "stay in the source state"
}{
	{StepAccept, []State{StateNew}, StateReceived},
	{StepDispatch, []State{StateReceived}, StateDispatched},
	{StepSign, []State{StateDispatched}, StateHandling},
	{StepReturn, []State{StateDispatched, StateHandling}, StateReturned},
	{StepRequestReturn, []State{StateDispatched}, StateReturnRequested},
	{StepRequestReturn, []State{StateHandling}, StateReturnRequestedSigned},
	{StepApproveReturn, []State{StateReturnRequested, StateReturnRequestedSigned}, StateReturned},
	{StepRefuseReturn, []State{StateReturnRequested}, StateDispatched},
	{StepRefuseReturn, []State{StateReturnRequestedSigned}, StateHandling},
	{StepRedispatch, []State{StateReturned, StateDispatched, StateHandling}, StateDispatched},
	{StepDesignate, []State{StateReturned, StateDispatched, StateHandling}, StateDispatched},
	{StepRequestExtension, []State{StateHandling}, 0},
	{StepApproveExtension, []State{StateHandling}, 0},
	{StepRefuseExtension, []State{StateHandling}, 0},
	{StepSuspend, []State{StateHandling}, StateSuspended},
	{StepResume, []State{StateSuspended}, StateHandling},
	{StepContact, []State{StateHandling}, 0},
	{StepArrive, []State{StateHandling}, 0},
	{StepSubmitOpinion, []State{StateDispatched, StateHandling, StateSuspended, StateReturnRequested, StateReturnRequestedSigned}, 0},
	{StepWaiveOpinion, []State{StateDispatched, StateHandling, StateSuspended, StateReturnRequested, StateReturnRequestedSigned}, 0},
	{StepReply, []State{StateHandling}, StateReplied},
	{StepApproveReply, []State{StateReplied}, StateReviewed},
	{StepRejectReply, []State{StateReplied}, StateHandling},
	{StepCallback, []State{StateReviewed, StateAnswered}, StateCalledBack},
	{StepClose, []State{StateCalledBack, StateMerged}, StateClosed},
	{StepReopen, []State{StateCalledBack, StateClosed}, StateHandling},
	{StepUrge, openStates, 0},
	{StepSupervise, openStates, 0},
	{StepMerge, []State{StateReceived, StateDispatched, StateReturnRequested, StateReturnRequestedSigned, StateReturned}, StateMerged},
	{StepAnswer, []State{StateReceived}, StateAnswered},
	{StepTransfer, []State{StateReceived, StateReturned, StateMerged}, StateTransferred},
	{StepCancel, []State{StateReceived, StateDispatched, StateReturnRequested, StateReturnRequestedSigned, StateReturned, StateHandling, StateSuspended}, StateCancelled},
	{StepDecline, []State{StateReceived}, StateNotAccepted},
	{StepExempt, []State{StateCalledBack, StateClosed}, 0},
}

var openStates = []State{StateReceived, StateDispatched, StateHandling, StateReturnRequested, StateReturnRequestedSigned,
	StateReturned, StateSuspended, StateReplied, StateReviewed, StateCalledBack, StateAnswered}

// fsmEvents is the transition list in looplab/fsm's form, built once.
var fsmEvents = func() fsm.Events {
	evs := make(fsm.Events, 0, len(transitions)*2)
	for _, t := range transitions {
		if t.dst != 0 {
			src := make([]string, len(t.src))
			for i, s := range t.src {
				src[i] = s.String()
			}
			evs = append(evs, fsm.EventDesc{Name: t.step.String(), Src: src, Dst: t.dst.String()})
			continue
		}
		// A step that stays put: one event per source state.
		for _, s := range t.src {
			evs = append(evs, fsm.EventDesc{Name: t.step.String(), Src: []string{s.String()}, Dst: s.String()})
		}
	}
	return evs
}()

// table[from][step] is the state step leads to from state from, plus one;
// 0 means the step is not allowed there. It is filled at start-up by firing
// every step in every state on a looplab/fsm machine built from fsmEvents,
// so the fsm stays the one source of the rules while a step costs one array
// lookup.
var table = func() (t [numStates][numSteps]uint8) {
	for from := State(0); from < numStates; from++ {
		m := fsm.NewFSM(from.String(), fsmEvents, nil)
		for step := Step(1); step < numSteps; step++ {
			if to, ok := fire(m, from, step); ok {
				t[from][step] = uint8(to) + 1
			}
		}
	}
	return t
}()

// fire sets machine m to state from, takes step on it and returns the state
// it leads to; ok is false when the fsm does not allow the step.
func fire(m *fsm.FSM, from State, step Step) (to State, ok bool) {
	m.SetState(from.String())
	err := m.Event(context.Background(), step.String())
	var stay fsm.NoTransitionError // a step that keeps the state
	if err != nil && !(errors.As(err, &stay) && stay.Err == nil) {
		return from, false
	}
	to, err = ParseState(m.Current()) // fsmEvents names only our states
	return to, err == nil
}

// next returns the state step leads to from from, or a *TransitionError.
func next(from State, step Step) (State, error) {
	if from < numStates && step < numSteps {
		if v := table[from][step]; v != 0 {
			return State(v - 1), nil
		}
	}
	return from, &TransitionError{State: from, Step: step}
}

// Can reports whether the lifecycle allows step in state from, whoever takes
// it and whatever the order's details. The service checks more (actor,
// return window, pending opinions ...).
func Can(from State, step Step) bool {
	_, err := next(from, step)
	return err == nil
}

// Next returns the state step leads to from state from, or an error
// matching ErrInvalidTransition (a *TransitionError) when the lifecycle does
// not allow it. A step that does not change the state returns from.
func Next(from State, step Step) (State, error) { return next(from, step) }

// StepsFrom lists the steps the lifecycle allows in state s, in declaration
// order.
func StepsFrom(s State) []Step {
	var out []Step
	for step := Step(1); step < numSteps; step++ {
		if Can(s, step) {
			out = append(out, step)
		}
	}
	return out
}

// Mermaid returns the lifecycle as a Mermaid state diagram, rendered by
// looplab/fsm's visualiser from the same events the table is built from;
// it sorts the transitions by state and step, so the output is stable.
// Steps that do not change the state are left out of the drawing
// (StepsFrom lists them); each state is labelled with its Chinese and
// English names, and the final states lead to [*].
func Mermaid() string {
	m := fsm.NewFSM(StateNew.String(), fsmEvents, nil)
	out, _ := fsm.VisualizeWithType(m, fsm.MERMAID) // errs only on an unknown type
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for s := State(0); s < numStates; s++ {
		b.WriteString("    state \"" + s.Name(language.Chinese) + " " + s.String() + "\" as " + s.String() + "\n")
	}
	for _, l := range lines[1:] {
		// "    src --> dst: event"; keep the line unless src == dst.
		f := strings.Fields(l)
		if len(f) >= 3 && f[1] == "-->" && f[0] == strings.TrimSuffix(f[2], ":") {
			continue
		}
		b.WriteString(l + "\n")
	}
	for _, s := range []State{StateClosed, StateCancelled, StateNotAccepted, StateTransferred} {
		b.WriteString("    " + s.String() + " --> [*]\n")
	}
	return b.String()
}
