package workorder

import (
	"slices"
	"strings"

	"github.com/hotline12345/hotline/routing"
)

// Routing is what the Router decided for an order (see routing.Decision),
// kept on the order by the dispatch that asked it. The zero value is a
// decision naming nothing; an order that no Router routed has a nil
// Order.Routing.
type Routing struct {
	// Lead and Assist are the units the Router chose. The order's own Lead
	// and Assists may differ: the dispatch may name assisting units, and
	// a later redispatch or designation may move the order on.
	Lead   string   `json:"lead,omitempty"`
	Assist []string `json:"assist,omitempty"`
	// Joint is set when the order goes to joint handling (联合办理),
	// coordinated by Coordinator.
	Joint       bool   `json:"joint,omitempty"`
	Coordinator string `json:"coordinator,omitempty"`
	// Repeat is set when the order repeats earlier ones (重复诉求),
	// RepeatOf naming them in time order.
	Repeat   bool     `json:"repeat,omitempty"`
	RepeatOf []string `json:"repeat_of,omitempty"`
	// RepeatKey is the order's repeat key (routing.Decision.RepeatKey):
	// stores find earlier repeats by it (Store.Recent). Empty when the
	// rules detect no repeats or a key field of the order is empty.
	RepeatKey string `json:"repeat_key,omitempty"`
	// HotspotKeys are the keys of the hotspot groups the order counts in
	// (routing.Decision.HotspotKeys), and HotspotsRaised those of them
	// whose alert the order raised (the Key of each routing.Hotspot of
	// the decision): stores count a group's orders and find its last
	// alert by them (Store.RecentGroup). Empty when the rules count no
	// hotspots or the order has no region.
	HotspotKeys    []string `json:"hotspot_keys,omitempty"`
	HotspotsRaised []string `json:"hotspots_raised,omitempty"`
	// Rules names the rules that matched, best first.
	Rules []string `json:"rules,omitempty"`
	// Reason explains the decision; LeadBy says how the lead was chosen.
	Reason string        `json:"reason,omitempty"`
	LeadBy routing.Basis `json:"lead_by,omitempty"`
}

// newRouting keeps what d decided; nil slices stand for empty ones.
func newRouting(d *routing.Decision) *Routing {
	r := &Routing{
		Lead: d.Lead, Assist: slices.Clone(d.Assist), Joint: d.Joint, Coordinator: d.Coordinator,
		Repeat: d.Repeat, RepeatOf: slices.Clone(d.RepeatOf), RepeatKey: d.RepeatKey,
		HotspotKeys: slices.Clone(d.HotspotKeys), Rules: slices.Clone(d.Rules), Reason: d.Reason, LeadBy: d.LeadBy,
	}
	for _, h := range d.Hotspots {
		r.HotspotsRaised = append(r.HotspotsRaised, h.Key)
	}
	for _, s := range []*[]string{&r.Assist, &r.RepeatOf, &r.HotspotKeys, &r.Rules} {
		if len(*s) == 0 {
			*s = nil
		}
	}
	return r
}

// Clone returns a deep copy of r, or nil for a nil r.
func (r *Routing) Clone() *Routing {
	if r == nil {
		return nil
	}
	c := *r
	c.ownSlices()
	return &c
}

// ownSlices replaces r's slices with copies, all in one array; each is
// clipped to its length, so that appending to one never writes into
// another. As with slices.Clone, nil stays nil.
func (r *Routing) ownSlices() {
	fields := [...]*[]string{&r.Assist, &r.RepeatOf, &r.Rules, &r.HotspotKeys, &r.HotspotsRaised}
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	all := make([]string, 0, n)
	for _, f := range fields {
		if *f != nil {
			i := len(all)
			all = append(all, *f...)
			*f = all[i:len(all):len(all)]
		}
	}
}

// appendData adds the decision to a dispatch record's Data, after its lead
// and assist: lead_by, then joint=1 and coordinator when joint, repeat_of
// (ids joined by ",") when a repeat, rules (names joined by ","), and
// reason unless it is the record's remark already. The repeat and hotspot
// keys stay on the order only. Records written before these keys existed simply lack
// them, and their hashes are unchanged.
func (r *Routing) appendData(d data, remark string) data {
	if r.LeadBy != "" {
		d = d.add("lead_by", string(r.LeadBy))
	}
	if r.Joint {
		d = d.add("joint", "1").add("coordinator", r.Coordinator)
	}
	if r.Repeat {
		d = d.add("repeat_of", strings.Join(r.RepeatOf, ","))
	}
	if len(r.Rules) > 0 {
		d = d.add("rules", strings.Join(r.Rules, ","))
	}
	if r.Reason != remark {
		d = d.add("reason", r.Reason)
	}
	return d
}
