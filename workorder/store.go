package workorder

import (
	"context"
	"fmt"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/routing"
)

// Store keeps orders and their audit trails. Implementations must be safe
// for concurrent use and must pass the conformance suite in package
// workorder/storetest.
//
// Orders go in and come out as copies: a store never keeps a caller's
// pointer or slices, and changing a returned order does not change the
// store. Times need only be kept to the microsecond and without their zone.
type Store interface {
	// Create stores a new order together with its first audit records.
	// o.Version must equal len(records) (at least 1), the records must
	// be numbered 1, 2, … for o.ID, and o.LastHash must be the last
	// record's Hash. It returns an error matching
	// ErrConflict when an order with o.ID exists, and ErrInvalidArgument
	// when the versions or records do not fit.
	Create(ctx context.Context, o *Order, records []Record) error
	// Get returns the order with the given id, or an error matching
	// ErrNotFound.
	Get(ctx context.Context, id string) (*Order, error)
	// Update replaces the order o.ID, provided its stored version is still
	// expectedVersion, and appends records to its history, atomically: both
	// happen or neither. o.Version must be expectedVersion+len(records),
	// the records numbered expectedVersion+1, … for o.ID, and o.LastHash
	// the last record's Hash. It returns an
	// error matching ErrNotFound for an unknown order, ErrConflict when the
	// stored version differs (someone else took a step first), and
	// ErrInvalidArgument when the versions or records do not fit. An
	// order's Created is set once, by Create: a store may keep the
	// created instant it was given then, whatever Update is given (the
	// service never changes it).
	Update(ctx context.Context, o *Order, expectedVersion int64, records []Record) error
	// List returns the orders that match f in f.Sort's order, after
	// f.After when set, then skipping f.Offset of them and keeping at
	// most f.Limit (0: all). It returns an error matching
	// ErrInvalidArgument when f.Validate does.
	List(ctx context.Context, f Filter) ([]*Order, error)
	// History returns the order's audit records in sequence order, or an
	// error matching ErrNotFound.
	History(ctx context.Context, id string) ([]Record, error)
	// RecordByKey returns the audit record whose Key is key, or an error
	// matching ErrNotFound. Keys are unique across the store: Create and
	// Update refuse a record whose non-empty Key another record has, or
	// another of the same call, with an error matching ErrKeyReused, and
	// write nothing. When a store cannot tell whether a Create or Update
	// was committed (its connection was lost during the commit) that
	// call's error matches ErrOutcomeUnknown.
	RecordByKey(ctx context.Context, key string) (Record, error)
	// Recent returns the orders whose Routing.RepeatKey is key (not
	// empty) and whose Created lies in (since, until], each as its id and
	// Created, in Created then id order. It makes a Store a
	// routing.History, so that repeats are found among the stored orders;
	// durable stores answer it from an index on (repeat key, created).
	Recent(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error)
	// RecentGroup returns the orders that have key (not empty) among
	// their Routing.HotspotKeys and whose Created lies in (since, until],
	// in Created then id order, each as its id, Created and units (the
	// lead and assisting units it has now, in any order). RecentAlerts
	// returns those of them that have key among their
	// Routing.HotspotsRaised, as id and Created. They make a Store a
	// routing.History for hotspots; durable stores answer them from
	// indexes on (hotspot key, created).
	RecentGroup(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error)
	RecentAlerts(ctx context.Context, key string, since, until time.Time) ([]routing.Seen, error)
}

// Every Store is a routing.History.
var _ routing.History = Store(nil)

// Filter selects orders for Store.List. Each field that is set narrows the
// selection; the zero Filter selects every order.
type Filter struct {
	// State selects orders in that state; StateNew (zero) means any.
	State State
	// Open selects orders that are still open (see State.Open).
	Open bool
	// Unit selects orders where the unit is the lead or assists.
	Unit string
	// Category selects one category; "" means any.
	Category hotline.Category
	// Code selects the orders classified in that class or below it (a
	// subtree of 诉求分类, by whole segments: see classify.Code.Within);
	// "" means any, classified or not. A code with no children selects
	// that class only.
	Code classify.Code
	// Region selects orders inside a region, by whole path segments (see
	// Location.InRegion).
	Region string
	// DueBefore selects orders with a deadline (Order.Due non-zero)
	// strictly before it.
	DueBefore time.Time
	// Overdue selects orders with Order.Overdue set.
	Overdue bool
	// MergedInto selects the orders merged into the given master.
	MergedInto string
	// Joint selects orders the Router sent to joint handling
	// (Order.Routing.Joint); Repeat those it found to repeat earlier ones
	// (Order.Routing.Repeat).
	Joint  bool
	Repeat bool
	// Sort is the listing's order (SortID, the zero value, by id).
	Sort Sort
	// After, when set, lists only the orders that follow it in Sort's
	// order: pass CursorAfter of the last order of a page for the next
	// page. Its Sort must be f.Sort.
	After *Cursor
	// Offset skips that many matching orders; Limit keeps at most that
	// many (0: no limit). Negative values are treated as 0. Deep pages
	// cost in proportion to Offset: page with After instead.
	Offset int
	Limit  int
}

// Validate returns an error matching ErrInvalidArgument when f cannot be
// listed: an unknown Sort, a cursor of another sort, or a malformed Code.
func (f *Filter) Validate() error {
	if f.Sort > SortDue {
		return fmt.Errorf("workorder: list: unknown %v: %w", f.Sort, ErrInvalidArgument)
	}
	if f.Code != "" && !f.Code.Valid() {
		return fmt.Errorf("workorder: list: code %q: %w", f.Code, ErrInvalidArgument)
	}
	if f.After != nil && f.After.Sort != f.Sort {
		return fmt.Errorf("workorder: list: cursor of sort %v for a listing by %v: %w", f.After.Sort, f.Sort, ErrInvalidArgument)
	}
	return nil
}

// Match reports whether o satisfies every condition of f except Offset and
// Limit: with SortDue that includes having a deadline, and with After set
// following the cursor. Stores may use it, or translate f into their own
// query.
func (f *Filter) Match(o *Order) bool {
	if f.Sort == SortDue && o.Due.IsZero() {
		return false
	}
	if f.After != nil && !f.After.Follows(o) {
		return false
	}
	if f.State != StateNew && o.State != f.State {
		return false
	}
	if f.Open && !o.State.Open() {
		return false
	}
	if f.Unit != "" && o.Lead != f.Unit && o.assist(f.Unit) < 0 {
		return false
	}
	if f.Category != "" && o.Category != f.Category {
		return false
	}
	if f.Code != "" && !o.Code.Within(f.Code) {
		return false
	}
	if f.Region != "" && !o.Location.InRegion(f.Region) {
		return false
	}
	if !f.DueBefore.IsZero() && (o.Due.IsZero() || !o.Due.Before(f.DueBefore)) {
		return false
	}
	if f.Overdue && !o.Overdue {
		return false
	}
	if f.MergedInto != "" && o.MergedInto != f.MergedInto {
		return false
	}
	if f.Joint && (o.Routing == nil || !o.Routing.Joint) {
		return false
	}
	if f.Repeat && (o.Routing == nil || !o.Routing.Repeat) {
		return false
	}
	return true
}
