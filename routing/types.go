package routing

import (
	"fmt"
	"strings"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
)

// catBit is c's bit in a category mask, or 0 for an unknown category.
func catBit(c hotline.Category) uint8 {
	if i := c.Index(); i >= 0 {
		return 1 << i
	}
	return 0
}

// urgBit is u's bit in an urgency mask; the empty urgency counts as
// normal and an unknown one has no bit.
func urgBit(u hotline.Urgency) uint8 {
	switch u {
	case hotline.UrgencyNormal, "":
		return 1
	case hotline.UrgencyEmergency:
		return 2
	}
	return 0
}

// Request is an order to route. Routing reads it and never changes it.
type Request struct {
	ID       string           `json:"id"`
	Category hotline.Category `json:"category"`
	// Urgency may be empty, which routing treats as normal.
	Urgency hotline.Urgency `json:"urgency"`
	// Text is what the caller said; keywords are matched against it after
	// normalisation (see Normalize).
	Text string `json:"text"`
	// Region is a path of places from the largest down, separated by "/",
	// for example "清溪镇/三中村". Empty when unknown.
	Region  string   `json:"region"`
	Address string   `json:"address"`
	Tags    []string `json:"tags"`
	// At is when the order was received. Repeat and hotspot windows, and
	// conditions such as night_time, read it in its own time zone.
	At time.Time `json:"at"`
	// Code is the request's classification code (诉求分类), such as
	// "01.02.03": digits in dot-separated segments, each level's code its
	// parent's and one more segment (see package classify). Rules with
	// codes match it by subtree. Empty when not classified.
	Code string `json:"code,omitempty"`
}

// Validate reports what is wrong with r, or nil. An order needs an id; its
// category, urgency and code may be empty but, when set, must be known
// (the code well formed). The
// returned error wraps ErrInvalidRequest and, where it applies, a
// *hotline.NameError (hotline.ErrUnknownName). A nil r is invalid.
func (r *Request) Validate() error {
	if r == nil {
		return fmt.Errorf("routing: request: %w: nil", ErrInvalidRequest)
	}
	if strings.TrimSpace(r.ID) == "" {
		return fmt.Errorf("routing: request: field id: %w: empty", ErrInvalidRequest)
	}
	if r.Category != "" && !r.Category.Valid() {
		return fmt.Errorf("routing: request %q: field category: %w: %w", r.ID, ErrInvalidRequest, r.Category.Validate())
	}
	if r.Urgency != "" && !r.Urgency.Valid() {
		return fmt.Errorf("routing: request %q: field urgency: %w: %w", r.ID, ErrInvalidRequest, r.Urgency.Validate())
	}
	if r.Code != "" && !classify.Code(r.Code).Valid() {
		return fmt.Errorf("routing: request %q: field code: %w: %q is not a classification code", r.ID, ErrInvalidRequest, r.Code)
	}
	return nil
}

// Basis says how a decision chose its lead unit.
type Basis string

// The ways a lead can be chosen.
const (
	ByRule         Basis = "rule"         // the best matching rule
	ByJurisdiction Basis = "jurisdiction" // the longest matching region prefix
	ByFallback     Basis = "fallback"     // nothing else claimed the order
)

// Decision is where an order goes and why. Decide and Route always fill its
// slices, empty rather than nil, so that it encodes as JSON arrays.
type Decision struct {
	ID string `json:"id"`
	// Lead is the unit that handles the order (主办).
	Lead string `json:"lead"`
	// Assist lists the assisting units (协办) in priority then file order,
	// without duplicates and never the lead. Never nil.
	Assist []string `json:"assist"`
	// Joint is true when the order is handled jointly: it has assisting
	// units, carries an attention tag, or is a repeat.
	Joint bool `json:"joint"`
	// Coordinator is the centre when Joint, else empty.
	Coordinator string `json:"coordinator"`
	// Repeat is true when the order is the count-th or later with the same
	// key inside the repeat window; RepeatOf then names the earlier orders
	// in time order, the latest RepeatOfMax of them when there are more.
	// RepeatOf is never nil.
	Repeat   bool     `json:"repeat"`
	RepeatOf []string `json:"repeat_of"`
	// RepeatCount is how many earlier orders have the request's repeat key
	// inside the repeat window, all of them, whether or not they make it a
	// repeat. 0 when repeats are off or a key field of the request is
	// empty.
	RepeatCount int `json:"repeat_count,omitempty"`
	// RepeatKey is the request's repeat key, from a Router whose rule set
	// detects repeats: the normalised key fields (RepeatConfig.Key), each
	// followed by a full-width bar, as in "工业路8号｜complaint｜"; equal
	// for requests that repeat each other. A History remembers orders under it. Empty when repeats are
	// off or a key field of the request is empty.
	RepeatKey string `json:"repeat_key,omitempty"`
	// Rules names every matching rule, best first. Never nil.
	Rules []string `json:"rules"`
	// Reason explains the decision in the rule set's language
	// (Options.Language).
	Reason string `json:"reason"`
	// LeadBy says how Lead was chosen.
	LeadBy Basis `json:"lead_by,omitempty"`
	// HotspotKeys are the keys of the hotspot groups the request counts in
	// (one per category and watched keyword, see HotspotConfig), from a
	// Router with hotspots, equal for the requests of one group and
	// readable text: the group's region, the full-width bar "｜" (which a
	// normalised region never holds, so the key reads one way only), then
	// "category:" and the category's English name or "keyword:" and the
	// normalised keyword, as in "清溪镇/三中村｜category:complaint" and
	// "清溪镇/三中村｜keyword:停水". A History counts orders under them.
	// Empty when hotspots are off or the request has no region.
	HotspotKeys []string `json:"hotspot_keys,omitempty"`
	// Hotspots lists the alerts this order raised (only from a Router).
	Hotspots []Hotspot `json:"hotspots,omitempty"`
}

// Units are the units a rule sends an order to: one lead and any number of
// assisting units.
type Units struct {
	Lead   string
	Assist []string
}

// The parts of repeat and hotspot group keys (see Decision.RepeatKey and
// HotspotKeys): fields are separated by the full-width bar, which
// normalised text never holds (NFKC makes it "|"), so a key reads one way
// only.
const (
	keySep          = "｜"
	hotspotCategory = "category:"
	hotspotKeyword  = "keyword:"
)

// ParseHotspotKey reads a hotspot group key of the form
// Decision.HotspotKeys documents ("清溪镇/三中村｜category:complaint" or
// "清溪镇/三中村｜keyword:停水") back into its region and its category or
// watched keyword. ok is false for any other text.
func ParseHotspotKey(key string) (region string, category hotline.Category, keyword string, ok bool) {
	region, rest, found := strings.Cut(key, keySep)
	if !found || region == "" {
		return "", "", "", false
	}
	if c, ok := strings.CutPrefix(rest, hotspotCategory); ok && c != "" {
		return region, hotline.Category(c), "", true
	}
	if kw, ok := strings.CutPrefix(rest, hotspotKeyword); ok && kw != "" {
		return region, "", kw, true
	}
	return "", "", "", false
}
