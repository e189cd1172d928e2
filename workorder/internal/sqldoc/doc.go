// Package sqldoc holds what the SQL stores of package workorder share: the
// JSON document an order is kept as, the names enumerations are stored
// under, the checks of a write and the bounds of region and due queries.
//
// An order is stored whole, as one JSON document, beside the columns its
// list filters need. The document uses its own field names, so renaming a
// field of workorder.Order does not change the stored form, and
// enumerations are stored by their English keys ("handling", "urge"), so
// reordering constants does not either. Times are RFC 3339 in UTC to the
// nanosecond; a zero time is left out.
package sqldoc
