package sqldoc

import (
	"slices"

	"github.com/hotline12345/hotline/workorder"
)

// NotOpenSQL is the SQL list of the states in which an order is not open
// (see workorder.State.Open), in byte order. The stores' partial indexes
// of open orders and their triggers name it word for word, and a query
// selects open orders with "state NOT IN (" + NotOpenSQL + ")", so that
// the planner matches the query to the index.
const NotOpenSQL = `'cancelled', 'closed', 'merged', 'new', 'not_accepted', 'transferred'`

// NotOpenStates returns the names of the states in which an order is not
// open, in byte order: what NotOpenSQL must list.
func NotOpenStates() []string {
	var out []string
	for _, s := range workorder.States() {
		if !s.Open() {
			out = append(out, StateName(s))
		}
	}
	slices.Sort(out)
	return out
}

// RegionPrefixes returns the regions that contain region by whole path
// segments (see workorder.Location.InRegion), itself last: the keys under
// which the stores index an order for the Region filter. "清溪镇/三中村"
// gives "清溪镇" and "清溪镇/三中村"; "" gives none. A Region filter f
// then selects the orders indexed under strings.TrimSuffix(f, "/").
func RegionPrefixes(region string) []string {
	var out []string
	for i := 0; i < len(region); i++ {
		if region[i] == '/' && i > 0 {
			out = append(out, region[:i])
		}
	}
	if region != "" {
		out = append(out, region)
	}
	return out
}
