package routing

import (
	"fmt"
	"strings"
	"time"
)

// Category is the kind of an order, spelled as in package sla. The zero value
// is "no category": it satisfies no rule that filters on categories.
type Category string

// The categories a request may carry.
const (
	Consultation Category = "consultation" // 咨询
	Help         Category = "help"         // 求助
	Complaint    Category = "complaint"    // 投诉
	Report       Category = "report"       // 举报
	Suggestion   Category = "suggestion"   // 建议
	Praise       Category = "praise"       // 表扬
	Other        Category = "other"        // 其他
)

var categoryNames = [...]struct {
	c  Category
	zh string
}{
	{Consultation, "咨询"}, {Help, "求助"}, {Complaint, "投诉"}, {Report, "举报"},
	{Suggestion, "建议"}, {Praise, "表扬"}, {Other, "其他"},
}

// ParseCategory returns the category named s, in English ("complaint") or
// Chinese ("投诉"), ignoring surrounding spaces and ASCII case. It returns
// ErrUnknownCategory for anything else, including the empty string.
func ParseCategory(s string) (Category, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, n := range categoryNames {
		if t == string(n.c) || t == n.zh {
			return n.c, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownCategory, s)
}

// Valid reports whether c is one of the seven categories.
func (c Category) Valid() bool { return c.bit() != 0 }

// bit is c's bit in a category mask, or 0 for an unknown category.
func (c Category) bit() uint8 {
	for i, n := range categoryNames {
		if n.c == c {
			return 1 << i
		}
	}
	return 0
}

// Chinese returns the Chinese name of c ("投诉"), or c itself when unknown.
func (c Category) Chinese() string {
	for _, n := range categoryNames {
		if n.c == c {
			return n.zh
		}
	}
	return string(c)
}

// Urgency tells a normal order from an emergency. The zero value counts as
// Normal.
type Urgency string

// The urgencies a request may carry.
const (
	Normal    Urgency = "normal"    // 一般
	Emergency Urgency = "emergency" // 紧急
)

// ParseUrgency returns the urgency named s, in English or Chinese ("一般",
// "紧急"), ignoring surrounding spaces and ASCII case. It returns
// ErrUnknownUrgency for anything else, including the empty string.
func ParseUrgency(s string) (Urgency, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "normal", "一般", "普通":
		return Normal, nil
	case "emergency", "紧急":
		return Emergency, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownUrgency, s)
}

// Valid reports whether u is Normal or Emergency.
func (u Urgency) Valid() bool { return u == Normal || u == Emergency }

// bit is u's bit in an urgency mask; the empty urgency counts as Normal and
// an unknown one has no bit.
func (u Urgency) bit() uint8 {
	switch u {
	case Normal, "":
		return 1
	case Emergency:
		return 2
	}
	return 0
}

// Request is an order to route. Routing reads it and never changes it.
type Request struct {
	ID       string   `json:"id"`
	Category Category `json:"category"`
	Urgency  Urgency  `json:"urgency"`
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
}

// Validate reports what is wrong with r, or nil. An order needs an id; its
// category and urgency may be empty but, when set, must be known. The
// returned error wraps ErrInvalidRequest and, where it applies,
// ErrUnknownCategory or ErrUnknownUrgency. A nil r is invalid.
func (r *Request) Validate() error {
	if r == nil {
		return fmt.Errorf("routing: request: %w: nil", ErrInvalidRequest)
	}
	if strings.TrimSpace(r.ID) == "" {
		return fmt.Errorf("routing: request: field id: %w: empty", ErrInvalidRequest)
	}
	if r.Category != "" && !r.Category.Valid() {
		return fmt.Errorf("routing: request %q: field category: %w: %w: %q", r.ID, ErrInvalidRequest, ErrUnknownCategory, r.Category)
	}
	if r.Urgency != "" && !r.Urgency.Valid() {
		return fmt.Errorf("routing: request %q: field urgency: %w: %w: %q", r.ID, ErrInvalidRequest, ErrUnknownUrgency, r.Urgency)
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
	// in time order. RepeatOf is never nil.
	Repeat   bool     `json:"repeat"`
	RepeatOf []string `json:"repeat_of"`
	// RepeatKey is the request's repeat key, from a Router whose rule set
	// detects repeats: opaque bytes, equal for requests that repeat each
	// other. A History remembers orders under it. Empty when repeats are
	// off or a key field of the request is empty.
	RepeatKey string `json:"repeat_key,omitempty"`
	// Rules names every matching rule, best first. Never nil.
	Rules []string `json:"rules"`
	// Reason explains the decision in the rule set's language.
	Reason string `json:"reason"`
	// LeadBy says how Lead was chosen.
	LeadBy Basis `json:"lead_by,omitempty"`
	// Hotspots lists the alerts this order raised (only from a Router).
	Hotspots []Hotspot `json:"hotspots,omitempty"`
}

// Units are the units a rule sends an order to: one lead and any number of
// assisting units.
type Units struct {
	Lead   string
	Assist []string
}

// Lang is the language of decision reasons.
type Lang int

// The languages a reason can be written in.
const (
	Chinese Lang = iota // the default
	English
)
