package workorder

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sort is the order in which Store.List returns orders.
type Sort uint8

const (
	// SortID lists by id, ascending. It is the zero value.
	SortID Sort = iota
	// SortNewest lists newest first: by Created descending, then id
	// descending.
	SortNewest
	// SortDue lists a work queue: by Due ascending, then id ascending.
	// Orders without a deadline (Order.Due zero) are left out.
	SortDue
)

// String returns the sort's name: "id", "newest" or "due".
func (s Sort) String() string {
	switch s {
	case SortID:
		return "id"
	case SortNewest:
		return "newest"
	case SortDue:
		return "due"
	}
	return "Sort(" + strconv.Itoa(int(s)) + ")"
}

// ParseSort returns the Sort named by String; other names give an error
// matching ErrInvalidArgument.
func ParseSort(name string) (Sort, error) {
	for s := SortID; s <= SortDue; s++ {
		if s.String() == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("workorder: sort %q: want id, newest or due: %w", name, ErrInvalidArgument)
}

// Compare orders a and b as s lists them: negative when a comes first.
// Instants are compared to the microsecond, as stores keep them.
func (s Sort) Compare(a, b *Order) int {
	switch s {
	case SortNewest:
		if c := cmpMicro(b.Created, a.Created); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	case SortDue:
		if c := cmpMicro(a.Due, b.Due); c != 0 {
			return c
		}
	}
	return strings.Compare(a.ID, b.ID)
}

func cmpMicro(a, b time.Time) int {
	x, y := a.UnixMicro(), b.UnixMicro()
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Cursor marks a place in a listing: the sort key of the last order of a
// page. Filter.After set to it continues the listing after that order,
// and stays right when orders are added or changed between pages: an
// order whose sort key stays put is listed at most once in one pass, an
// order added behind the cursor is not seen, and one added ahead of it
// is. An order whose sort key moves across the cursor between pages may
// be listed twice or not at all in that pass: in a SortDue work queue an
// order listed already whose deadline is extended comes again, at its
// new place.
type Cursor struct {
	Sort Sort
	// At is the order's Created (SortNewest) or Due (SortDue), to the
	// microsecond; zero for SortID.
	At time.Time
	ID string
}

// CursorAfter returns the cursor that continues a listing in sort s after
// order o, usually the last of a page.
func CursorAfter(o *Order, s Sort) Cursor {
	c := Cursor{Sort: s, ID: o.ID}
	switch s {
	case SortNewest:
		c.At = o.Created.Truncate(time.Microsecond)
	case SortDue:
		c.At = o.Due.Truncate(time.Microsecond)
	}
	return c
}

// Follows reports whether o comes after c in c.Sort's order.
func (c *Cursor) Follows(o *Order) bool {
	return c.Sort.Compare(&Order{ID: c.ID, Created: c.At, Due: c.At}, o) < 0
}

// String returns the cursor as an opaque token of URL-safe characters,
// which ParseCursor reads back.
func (c Cursor) String() string {
	s := c.Sort.String() + "." + strconv.FormatInt(c.At.UnixMicro(), 10) + "." + c.ID
	if c.At.IsZero() {
		s = c.Sort.String() + ".." + c.ID
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// ParseCursor reads a token written by Cursor.String. A token that is
// not one gives an error matching ErrInvalidArgument; times come back in
// UTC.
func ParseCursor(token string) (Cursor, error) {
	bad := func(why string) (Cursor, error) {
		return Cursor{}, fmt.Errorf("workorder: cursor %q: %s: %w", token, why, ErrInvalidArgument)
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return bad("not a cursor token")
	}
	name, rest, ok1 := strings.Cut(string(b), ".")
	at, id, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || id == "" {
		return bad("not a cursor token")
	}
	s, err := ParseSort(name)
	if err != nil {
		return bad("unknown sort")
	}
	c := Cursor{Sort: s, ID: id}
	if at != "" {
		us, err := strconv.ParseInt(at, 10, 64)
		if err != nil {
			return bad("bad instant")
		}
		c.At = time.UnixMicro(us).UTC()
	}
	if (s == SortID) != c.At.IsZero() {
		return bad("instant does not fit the sort")
	}
	if checkText(id, MaxFieldLen) != "" {
		return bad("bad id")
	}
	return c, nil
}
