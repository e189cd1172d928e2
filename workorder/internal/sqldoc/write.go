package sqldoc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/workorder"
)

// CheckWrite checks the versions, records and last hash of a create
// (expected 0) or an update, as the workorder.Store contract requires. Its errors wrap
// workorder.ErrInvalidArgument and start with pkg and op.
func CheckWrite(pkg, op string, o *workorder.Order, expected int64, records []workorder.Record) error {
	if o == nil || o.ID == "" {
		return fmt.Errorf("%s: %s: order without id: %w", pkg, op, workorder.ErrInvalidArgument)
	}
	if strings.IndexByte(o.ID, 0) >= 0 {
		return fmt.Errorf("%s: %s order %q: id holds a NUL: %w", pkg, op, o.ID, workorder.ErrInvalidArgument)
	}
	if len(records) == 0 {
		return fmt.Errorf("%s: %s order %q: no records: %w", pkg, op, o.ID, workorder.ErrInvalidArgument)
	}
	if expected < 0 || o.Version != expected+int64(len(records)) {
		return fmt.Errorf("%s: %s order %q: version %d after %d records from %d: %w",
			pkg, op, o.ID, o.Version, len(records), expected, workorder.ErrInvalidArgument)
	}
	for i := range records {
		r := &records[i]
		if r.OrderID != o.ID || r.Seq != expected+int64(i)+1 {
			return fmt.Errorf("%s: %s order %q: record %d is %q #%d: %w",
				pkg, op, o.ID, i, r.OrderID, r.Seq, workorder.ErrInvalidArgument)
		}
		if r.Key != "" {
			if err := workorder.CheckKey(r.Key); err != nil {
				return fmt.Errorf("%s: %s order %q: record %d: %w", pkg, op, o.ID, r.Seq, err)
			}
		}
	}
	if o.LastHash != records[len(records)-1].Hash {
		return fmt.Errorf("%s: %s order %q: LastHash is not the last record's hash: %w",
			pkg, op, o.ID, workorder.ErrInvalidArgument)
	}
	return nil
}

// Units returns the units of o, the lead and the assisting ones, sorted
// and without repeats or empty names: the keys of the Unit list filter.
func Units(o *workorder.Order) []string {
	out := make([]string, 0, 1+len(o.Assists))
	if o.Lead != "" {
		out = append(out, o.Lead)
	}
	for i := range o.Assists {
		if u := o.Assists[i].Unit; u != "" {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// RegionBounds turns a Region filter into a query by whole path segments:
// a location is inside region when its region equals exact, or lies in
// [lo, hi) in byte order (the regions starting with exact + "/"). ok is
// false for a filter that selects everything.
func RegionBounds(region string) (exact, lo, hi string, ok bool) {
	exact = strings.TrimSuffix(region, "/")
	if exact == "" {
		return "", "", "", false
	}
	// '0' is the byte after '/'.
	return exact, exact + "/", exact + "0", true
}

// CodeBounds turns a Code filter into a query by whole segments: a
// well-formed code (digits and dots) is in the subtree of code when it
// lies in [lo, hi) in byte order, code itself and the codes starting with
// code + ".": '/' is the byte after '.', and the digits come after '/'.
// ok is false for a filter that selects everything.
func CodeBounds(code classify.Code) (lo, hi string, ok bool) {
	if code == "" {
		return "", "", false
	}
	return string(code), string(code) + "/", true
}

// CeilMicro returns the first whole microsecond not before t. The stores
// keep instants to the microsecond, and one of those is before t exactly
// when it is before CeilMicro(t): the bound of a DueBefore filter.
func CeilMicro(t time.Time) time.Time {
	c := t.Truncate(time.Microsecond)
	if c.Before(t) {
		c = c.Add(time.Microsecond)
	}
	return c
}

// Routed returns the columns the stores copy from o.Routing: whether the
// order went to joint handling, whether it is a repeat, and its repeat
// key; false, false, "" for an order no router routed.
func Routed(o *workorder.Order) (joint, repeat bool, key string) {
	if r := o.Routing; r != nil {
		return r.Joint, r.Repeat, r.RepeatKey
	}
	return false, false, ""
}

// HotspotKeys returns the column the stores copy from o.Routing's hotspot
// keys: a JSON array of [key, raised] pairs, one per distinct key of
// HotspotKeys in byte order, raised true when the key is among
// HotspotsRaised; "[]" for an order without keys.
func HotspotKeys(o *workorder.Order) (string, error) {
	r := o.Routing
	if r == nil || len(r.HotspotKeys) == 0 {
		return "[]", nil
	}
	var pairs [][2]any
	for _, k := range slices.Compact(slices.Sorted(slices.Values(r.HotspotKeys))) {
		pairs = append(pairs, [2]any{k, slices.Contains(r.HotspotsRaised, k)})
	}
	b, err := json.Marshal(pairs)
	return string(b), err
}
