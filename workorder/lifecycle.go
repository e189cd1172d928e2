package workorder

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/looplab/fsm"
)

// transitions is the lifecycle: for each step, the states it may be taken
// in and the state it leads to. A step whose destination equals its source
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
	{StepRedispatch, []State{StateReturned, StateDispatched, StateHandling}, StateDispatched},
	{StepDesignate, []State{StateReturned, StateDispatched, StateHandling}, StateDispatched},
	{StepRequestExtension, []State{StateHandling}, 0},
	{StepApproveExtension, []State{StateHandling}, 0},
	{StepRefuseExtension, []State{StateHandling}, 0},
	{StepSuspend, []State{StateHandling}, StateSuspended},
	{StepResume, []State{StateSuspended}, StateHandling},
	{StepContact, []State{StateHandling}, 0},
	{StepArrive, []State{StateHandling}, 0},
	{StepSubmitOpinion, []State{StateDispatched, StateHandling, StateSuspended}, 0},
	{StepWaiveOpinion, []State{StateDispatched, StateHandling, StateSuspended}, 0},
	{StepReply, []State{StateHandling}, StateReplied},
	{StepApproveReply, []State{StateReplied}, StateReviewed},
	{StepRejectReply, []State{StateReplied}, StateHandling},
	{StepCallback, []State{StateReviewed}, StateCalledBack},
	{StepClose, []State{StateCalledBack, StateMerged}, StateClosed},
	{StepReopen, []State{StateCalledBack}, StateHandling},
	{StepUrge, openStates, 0},
	{StepSupervise, openStates, 0},
	{StepMerge, []State{StateReceived, StateDispatched, StateReturned}, StateMerged},
	{StepCancel, []State{StateReceived, StateDispatched, StateReturned, StateHandling, StateSuspended}, StateCancelled},
}

var openStates = []State{StateReceived, StateDispatched, StateHandling, StateReturned,
	StateSuspended, StateReplied, StateReviewed, StateCalledBack}

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

// machines is a pool of machines built from fsmEvents. One machine serves
// one step at a time: it is set to the order's state, fired and returned, so
// no order keeps a machine and no two goroutines share one.
var machines = sync.Pool{New: func() any { return fsm.NewFSM(StateNew.String(), fsmEvents, nil) }}

// fireFSM takes step from state on a pooled looplab/fsm machine and returns
// the state it leads to. It is the reference the dense table is built from
// and checked against.
func fireFSM(ctx context.Context, from State, step Step) (State, error) {
	if !from.Valid() || !step.Valid() {
		return from, &TransitionError{State: from, Step: step}
	}
	m := machines.Get().(*fsm.FSM)
	defer machines.Put(m)
	m.SetState(from.String())
	err := m.Event(ctx, step.String())
	var noop fsm.NoTransitionError
	if err != nil && !(errors.As(err, &noop) && noop.Err == nil) {
		return from, &TransitionError{State: from, Step: step, cause: err}
	}
	to, perr := ParseState(m.Current())
	if perr != nil {
		return from, &TransitionError{State: from, Step: step, cause: perr}
	}
	return to, nil
}

// table[from][step] is the state step leads to from state from, plus one;
// 0 means the step is not allowed there. It is filled at start-up by firing
// every step in every state on the fsm, so the fsm stays the one source of
// the rules while a step costs one array lookup.
var table = func() (t [numStates][numSteps]uint8) {
	ctx := context.Background()
	for from := State(0); from < numStates; from++ {
		for step := Step(1); step < numSteps; step++ {
			if to, err := fireFSM(ctx, from, step); err == nil {
				t[from][step] = uint8(to) + 1
			}
		}
	}
	return t
}()

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
// looplab/fsm from the real table. Steps that do not change the state are
// left out of the drawing (StepsFrom lists them); each state is labelled
// with its Chinese and English names.
func Mermaid() string {
	m := fsm.NewFSM(StateNew.String(), fsmEvents, nil)
	out, _ := fsm.VisualizeWithType(m, fsm.MERMAID) // errs only on an unknown type
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for s := State(0); s < numStates; s++ {
		b.WriteString("    state \"" + stateNames.zh[s] + " " + s.String() + "\" as " + s.String() + "\n")
	}
	for _, l := range lines[1:] {
		// "    src --> dst: event"; keep the line unless src == dst.
		f := strings.Fields(l)
		if len(f) >= 3 && f[1] == "-->" && f[0] == strings.TrimSuffix(f[2], ":") {
			continue
		}
		b.WriteString(l + "\n")
	}
	for _, s := range []State{StateClosed, StateCancelled} {
		b.WriteString("    " + s.String() + " --> [*]\n")
	}
	return b.String()
}

// selfSteps lists, per state, the steps that are recorded without changing
// it; used by the lifecycle document.
func selfSteps(s State) []Step {
	var out []Step
	for _, step := range StepsFrom(s) {
		if to, _ := next(s, step); to == s {
			out = append(out, step)
		}
	}
	return slices.Clip(out)
}
