package sqldoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// The stores first kept orders in a form of their own, marked "v": 1. It
// differs from the public JSON form in three ways only: the location's
// region and address are top-level keys, an amount of time is
// {"ns": nanoseconds, "days": n}, and the document carries "v". Every other
// key, and every name, is the same. Such documents are still read, and
// rewritten in the public form at the order's next step; none is written.

// legacyDoc holds what a version 1 document keeps differently from the
// public form.
type legacyDoc struct {
	V        int          `json:"v"`
	Region   string       `json:"region"`
	Address  string       `json:"address"`
	Timeline []legacyItem `json:"timeline"`
	Pending  *legacyItem  `json:"pending"`
}

// legacyItem is an event or a pending extension, of which only the amount
// differs.
type legacyItem struct {
	Amount struct {
		NS time.Duration `json:"ns"`
	} `json:"amount"`
}

// isLegacy reports whether b is a version 1 document: an object whose first
// key is "v". Such documents were written with "v" first, and PostgreSQL's
// jsonb also puts it first, as it orders the shortest keys first.
func isLegacy(b []byte) bool {
	return isObject(b) && bytes.HasPrefix(bytes.TrimLeft(bytes.TrimLeft(b, " \t\r\n")[1:], " \t\r\n"), []byte(`"v"`))
}

// isObject reports whether b, after white space, starts a JSON object.
func isObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}

// unmarshalLegacy decodes a version 1 document: the keys it shares with the
// public form through it, then the others.
func unmarshalLegacy(b []byte) (*workorder.Order, error) {
	var d legacyDoc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%w: version 1 document: %w", ErrCorrupt, err)
	}
	if d.V != 1 {
		return nil, fmt.Errorf("%w: document version %d, want 1 or none", ErrCorrupt, d.V)
	}
	o := new(workorder.Order)
	if err := o.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("%w: version 1 document: %w", ErrCorrupt, err)
	}
	if o.Location != (workorder.Location{}) || len(d.Timeline) != len(o.Timeline) || (d.Pending == nil) != (o.Pending == nil) {
		return nil, fmt.Errorf("%w: order %q: version 1 document mixed with the public form", ErrCorrupt, o.ID)
	}
	o.Location = workorder.Location{Region: d.Region, Address: d.Address}
	for i := range o.Timeline {
		o.Timeline[i].Amount.Duration = d.Timeline[i].Amount.NS
	}
	if o.Pending != nil {
		o.Pending.Amount.Duration = d.Pending.Amount.NS
	}
	return o, nil
}
