package sqldoc

import (
	"fmt"

	"github.com/hotline12345/hotline/workorder"
)

// ErrCorrupt is wrapped by the errors of documents and rows that cannot be
// decoded; it is workorder.ErrCorrupt, so callers of the stores can match
// it.
var ErrCorrupt = workorder.ErrCorrupt

// Marshal returns o's document: its public JSON form (see
// workorder.Order.MarshalJSON).
func Marshal(o *workorder.Order) ([]byte, error) { return o.MarshalJSON() }

// Unmarshal decodes a document written by Marshal, or by the stores before
// they kept the public form (see legacy.go). Its times are in UTC. Errors
// wrap ErrCorrupt.
func Unmarshal(b []byte) (*workorder.Order, error) {
	if isLegacy(b) {
		return unmarshalLegacy(b)
	}
	if !isObject(b) {
		return nil, fmt.Errorf("%w: document is not a JSON object", ErrCorrupt)
	}
	o := new(workorder.Order)
	if err := o.UnmarshalJSON(b); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return o, nil
}
