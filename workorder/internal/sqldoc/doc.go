// Package sqldoc holds what the SQL stores of package workorder share: the
// JSON document an order is kept as, the names enumerations are stored
// under, the checks of a write and the bounds of region and due queries.
//
// An order is stored whole, as one JSON document, beside the columns its
// list filters need. The document is the order's public JSON form (see
// workorder.Order.MarshalJSON): snake_case keys, enumerations by their
// English keys ("handling", "urge"), so reordering constants does not
// change it, and times in RFC 3339 UTC to the nanosecond, a zero time left
// out. Documents of the stores' first form, marked "v": 1, are still read.
package sqldoc
