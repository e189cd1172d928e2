package unit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hotline12345/hotline"
)

// Errors callers branch on with errors.Is.
var (
	// ErrUnknown: the directory has no unit with that id. The error is
	// an *Error naming the id.
	ErrUnknown = errors.New("not in the directory")
	// ErrInactive: the unit is in the directory but no longer takes
	// orders. The error is an *Error naming the id.
	ErrInactive = errors.New("inactive")
	// ErrInvalid: a unit, a kind, a directory or a directory file is
	// malformed.
	ErrInvalid = errors.New("invalid unit")
)

// Error is returned by Directory.Check for a unit that may not take
// orders. It matches its cause, ErrUnknown or ErrInactive.
type Error struct {
	ID  string
	Err error
}

// Error names the unit and the cause: `unit "城管分局": inactive`.
func (e *Error) Error() string { return "unit " + strconv.Quote(e.ID) + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// MaxIDLen is the most characters (runes) a unit id, a name or a region
// may have.
const MaxIDLen = 500

// Unit is one body that handles orders. The zero value has no id and is
// refused by Validate.
type Unit struct {
	// ID is the name orders, rules and records use for the unit, such as
	// "城管分局": without surrounding spaces, commas, line breaks or
	// control characters.
	ID string
	// Name is the unit's full name for display, such as "清溪镇城管分局".
	Name string
	// Kind is what sort of body the unit is.
	Kind Kind
	// Regions are the region paths the unit serves ("清溪镇/三中村"), each
	// covering the places below it. Empty means none in particular.
	Regions []string
	// Inactive is true for a unit that takes no new orders; the zero
	// value, false, is a unit that takes them.
	Inactive bool
}

// Validate reports the first problem with u, as an error naming the unit
// and field and wrapping ErrInvalid: a malformed id, an empty name, an
// unknown kind, or a repeated region path or one that fails
// [hotline.ValidateRegion].
func (u *Unit) Validate() error {
	if field, why := u.problem(); field != "" {
		return fmt.Errorf("unit %q: %s: %s: %w", u.ID, field, why, ErrInvalid)
	}
	return nil
}

// problem returns the field of u at fault ("id", "regions[2]") and why,
// or "", "" when u is valid.
func (u *Unit) problem() (field, why string) {
	if why := checkID(u.ID); why != "" {
		return "id", why
	}
	if why := checkText(u.Name); why != "" {
		return "name", why
	}
	if !u.Kind.Valid() {
		return "kind", "want one of " + strings.Join(kindNames.Keys(), ", ")
	}
	// A set, not a search of the regions before each: a unit may list
	// tens of thousands.
	seen := make(map[string]struct{}, len(u.Regions))
	for i, r := range u.Regions {
		if err := hotline.ValidateRegion(r); err != nil {
			return "regions[" + strconv.Itoa(i) + "]", err.Error()
		}
		if _, dup := seen[r]; dup {
			return "regions[" + strconv.Itoa(i) + "]", "repeats " + strconv.Quote(r)
		}
		seen[r] = struct{}{}
	}
	return "", ""
}

// Serves reports whether u serves region: one of its regions is region or
// a path prefix of it by whole segments ("清溪镇" serves "清溪镇/三中村",
// not "清溪镇外").
func (u *Unit) Serves(region string) bool {
	for _, r := range u.Regions {
		if hotline.RegionCovers(r, region) {
			return true
		}
	}
	return false
}

// clone returns u with its own Regions.
func (u Unit) clone() Unit {
	u.Regions = slices.Clone(u.Regions)
	return u
}

// checkText returns why s is not an acceptable name, or "".
func checkText(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "empty"
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case utf8.RuneCountInString(s) > MaxIDLen:
		return "longer than " + strconv.Itoa(MaxIDLen) + " characters"
	case strings.ContainsFunc(s, unicode.IsControl):
		return "contains control characters"
	}
	return ""
}

// checkID returns why id is not an acceptable unit id, or "".
func checkID(id string) string {
	if why := checkText(id); why != "" {
		return why
	}
	switch {
	case strings.TrimSpace(id) != id:
		return "surrounding spaces"
	case strings.Contains(id, ","):
		return "contains a comma"
	}
	return ""
}

// Directory is a fixed set of units and the fallback unit. It cannot be
// changed once built, so it is safe for concurrent use. The zero value,
// like a nil *Directory, knows no unit and has no fallback.
type Directory struct {
	units    []Unit
	byID     map[string]int
	fallback string
}

// New returns a directory of copies of units, in their order, whose
// fallback unit (兜底单位) is fallback; "" means none. It refuses, with an
// error wrapping ErrInvalid, a unit that fails Validate, two units with one
// id, and a fallback that is not an active unit of the directory.
func New(units []Unit, fallback string) (*Directory, error) {
	d := &Directory{units: make([]Unit, len(units)), byID: make(map[string]int, len(units)), fallback: fallback}
	for i, u := range units {
		if err := u.Validate(); err != nil {
			return nil, err
		}
		if _, dup := d.byID[u.ID]; dup {
			return nil, fmt.Errorf("unit %q: id given twice: %w", u.ID, ErrInvalid)
		}
		d.byID[u.ID] = i
		d.units[i] = u.clone()
	}
	if fallback != "" {
		if err := d.Check(fallback); err != nil {
			return nil, fmt.Errorf("fallback: %w: %w", err, ErrInvalid)
		}
	}
	return d, nil
}

// Lookup returns the unit with that id, a copy, and whether there is one.
func (d *Directory) Lookup(id string) (Unit, bool) {
	if d == nil {
		return Unit{}, false
	}
	i, ok := d.byID[id]
	if !ok {
		return Unit{}, false
	}
	return d.units[i].clone(), true
}

// Check returns nil when id is an active unit of the directory, and else
// an *Error matching ErrUnknown or ErrInactive.
func (d *Directory) Check(id string) error {
	if d == nil {
		return &Error{ID: id, Err: ErrUnknown}
	}
	i, ok := d.byID[id]
	switch {
	case !ok:
		return &Error{ID: id, Err: ErrUnknown}
	case d.units[i].Inactive:
		return &Error{ID: id, Err: ErrInactive}
	}
	return nil
}

// Fallback returns the id of the fallback unit (兜底单位), which takes the
// orders no other unit will, or "" when there is none.
func (d *Directory) Fallback() string {
	if d == nil {
		return ""
	}
	return d.fallback
}

// Units returns copies of every unit, in the directory's order.
func (d *Directory) Units() []Unit {
	if d == nil {
		return nil
	}
	out := make([]Unit, len(d.units))
	for i, u := range d.units {
		out[i] = u.clone()
	}
	return out
}

// Serving returns copies of the active units that serve region (see
// Unit.Serves), in the directory's order.
func (d *Directory) Serving(region string) []Unit {
	if d == nil {
		return nil
	}
	var out []Unit
	for _, u := range d.units {
		if !u.Inactive && u.Serves(region) {
			out = append(out, u.clone())
		}
	}
	return out
}
