package board

import (
	"context"
	"sync"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// Hub is a workorder.Observer that carries steps to the board's live pages
// by server-sent events. Make it the service's observer (or one of them,
// see workorder.ObserverFuncs) and give it to New in Options.Hub.
//
// Each page listening gets an event per step on an order its actor may
// read: a unit hears only of the orders it leads or assists. An event
// carries the order's id, the step, the new state and level, never the
// order's text or caller. A listener that falls behind by more than a
// few dozen events loses the oldest ones (its page then refreshes anyway).
//
// A Hub is safe for concurrent use; its zero value is not usable, use
// NewHub. It starts no goroutines.
type Hub struct {
	mu     sync.Mutex
	subs   map[*listener]struct{}
	closed bool
	done   chan struct{}
}

// event is what a live page is told about a step.
type event struct {
	ID    string `json:"id"`
	Seq   int64  `json:"seq"`
	Step  string `json:"step"`
	State string `json:"state"`
	Level string `json:"level"`
	Kind  string `json:"kind"` // "step", "warning" or "overdue"
	// StepName and StateName are the step and state in the page's
	// language, set by the stream that sends the event.
	StepName  string `json:"step_name,omitempty"`
	StateName string `json:"state_name,omitempty"`
	step      workorder.Step
	state     workorder.State
	// Lead and assists decide who may hear it; not sent.
	lead    string
	assists []string
}

type listener struct {
	actor workorder.Actor
	ch    chan event
}

// listenerBuffer is how many events wait for a slow page.
const listenerBuffer = 64

// NewHub returns a hub with no listeners.
func NewHub() *Hub { return &Hub{subs: map[*listener]struct{}{}, done: make(chan struct{})} }

// Listeners returns how many pages are listening now.
func (h *Hub) Listeners() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close ends every live page's stream and refuses new ones, so that a
// server shutting down is not held up by them. It is safe to call twice.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// subscribe adds a listener for actor a; ok is false once the hub is
// closed.
func (h *Hub) subscribe(a workorder.Actor) (l *listener, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	l = &listener{actor: a, ch: make(chan event, listenerBuffer)}
	h.subs[l] = struct{}{}
	return l, true
}

func (h *Hub) unsubscribe(l *listener) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, l)
}

// hears reports whether actor a may hear of e.
func (e *event) heardBy(a workorder.Actor) bool {
	if a.Role != workorder.RoleUnit {
		return true
	}
	if e.lead == a.ID {
		return true
	}
	for _, u := range e.assists {
		if u == a.ID {
			return true
		}
	}
	return false
}

func (h *Hub) publish(o *workorder.Order, e event) {
	e.ID, e.State, e.Level, e.lead, e.state = o.ID, o.State.String(), o.Level.String(), o.Lead, o.State
	for _, a := range o.Assists {
		e.assists = append(e.assists, a.Unit)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for l := range h.subs {
		if !e.heardBy(l.actor) {
			continue
		}
		select {
		case l.ch <- e:
		default: // full: drop the oldest, keep the newest
			select {
			case <-l.ch:
			default:
			}
			select {
			case l.ch <- e:
			default:
			}
		}
	}
}

// StepTaken tells the live pages that may read o of step r.
func (h *Hub) StepTaken(ctx context.Context, o *workorder.Order, r workorder.Record) {
	h.publish(o, event{Seq: r.Seq, Step: r.Step.String(), step: r.Step, Kind: "step"})
}

// Warning tells the live pages that may read o that a target of it
// reached its warning threshold.
func (h *Hub) Warning(ctx context.Context, o *workorder.Order, r sla.Result) {
	h.publish(o, event{Seq: o.Version, Kind: "warning"})
}

// Overdue tells the live pages that may read o that a target of it is
// overdue.
func (h *Hub) Overdue(ctx context.Context, o *workorder.Order, r sla.Result) {
	h.publish(o, event{Seq: o.Version, Kind: "overdue"})
}

// AlertFailed does nothing: the board has nothing to show for it.
func (h *Hub) AlertFailed(ctx context.Context, a sla.Alert, err error) {}

var _ workorder.Observer = (*Hub)(nil)
