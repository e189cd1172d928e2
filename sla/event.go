package sla

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
)

// EventKind is what happened to an order at one instant of its timeline.
// The zero value is not a valid kind.
type EventKind uint8

// Event kinds, in the usual order of an order's life.
const (
	EventReceived   EventKind = iota + 1 // the hotline took the call (受理)
	EventDispatched                      // sent to a handling unit (派单); again after a return
	EventSigned                          // the unit accepted the order (签收)
	EventReturned                        // the unit sent a wrong dispatch back (退单)
	EventContacted                       // the unit reached the caller (联系)
	EventArrived                         // the unit arrived on site (到场)
	EventSuspended                       // handling paused with approval (挂起)
	EventResumed                         // handling resumed (恢复)
	EventExtended                        // an extension was granted (延期); names Target and Amount
	EventFinished                        // the unit reports the matter handled (办结)
	EventReplied                         // the caller was given the answer (答复)
	EventClosed                          // the hotline closed the order (归档)
	EventReopened                        // a closed order was opened again (重办)
	eventEnd
)

// EventKinds returns every valid event kind in order.
func EventKinds() []EventKind {
	ks := make([]EventKind, 0, eventEnd-1)
	for k := EventReceived; k < eventEnd; k++ {
		ks = append(ks, k)
	}
	return ks
}

// Valid reports whether k is a defined kind.
func (k EventKind) Valid() bool { return k >= EventReceived && k < eventEnd }

// String returns the kind's name as written in policy files, e.g.
// "dispatched", or "EventKind(n)" for an undefined kind.
func (k EventKind) String() string {
	if k.Valid() {
		return eventNames.Key(int(k))
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Name returns the kind's name in the language best matching t: "派单"
// for Chinese tags, "dispatched" for all others; k.String() for an
// undefined kind.
func (k EventKind) Name(t language.Tag) string { return enumName(eventNames, int(k), t, k.String()) }

// ParseEventKind returns the kind named s: its name as written in policy
// files in any ASCII case or its Chinese name ("派单"), surrounding spaces
// ignored. Anything else gives a *hotline.NameError; the error wraps
// [ErrUnknownEvent] too.
func ParseEventKind(s string) (EventKind, error) { return parseEventKind(s) }

// MarshalText writes the kind's name.
func (k EventKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, unknownName(eventNames, "event kind", k.String(), ErrUnknownEvent)
	}
	return []byte(k.String()), nil
}

// UnmarshalText parses a kind's name with ParseEventKind.
func (k *EventKind) UnmarshalText(b []byte) error {
	v, err := ParseEventKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Event is one entry of an order's timeline. The zero Event has no kind
// and is rejected by Timeline.Validate and Evaluate.
type Event struct {
	Kind EventKind
	// At is when it happened; any zone.
	At time.Time
	// Target and Amount are set on EventExtended only: the target extended
	// and the time granted, in that target's unit (days for a working-days
	// clock, a duration for the others).
	Target string
	Amount Amount
}

// Timeline is an order's events in order of At (equal instants keep their
// order). The zero value is an empty timeline. A Timeline is a plain slice:
// safe for concurrent reads, not for concurrent writes.
type Timeline []Event

// Validate reports events out of order, events of an undefined kind, and
// extension events without a target or a positive amount. Errors wrap
// [ErrInvalidTimeline].
func (tl Timeline) Validate() error {
	for i := range tl {
		if err := tl.check(i); err != nil {
			return err
		}
	}
	return nil
}

func (tl Timeline) check(i int) error {
	e := &tl[i]
	switch {
	case !e.Kind.Valid():
		return fmt.Errorf("sla: timeline[%d]: %v: %w", i, e.Kind, ErrInvalidTimeline)
	case i > 0 && e.At.Before(tl[i-1].At):
		return fmt.Errorf("sla: timeline[%d]: %v at %v is before the event it follows: %w",
			i, e.Kind, e.At, ErrInvalidTimeline)
	case e.Kind == EventExtended && e.Target == "":
		return fmt.Errorf("sla: timeline[%d]: extension names no target: %w", i, ErrInvalidTimeline)
	case e.Kind == EventExtended && (e.Amount.Days < 0 || e.Amount.Duration < 0 || e.Amount.IsZero()):
		return fmt.Errorf("sla: timeline[%d]: extension of %q by %v: %w", i, e.Target, e.Amount, ErrInvalidTimeline)
	}
	return nil
}
