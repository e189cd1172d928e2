package workorder

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/sla"
)

// AssistStatus is where an assisting unit's contribution stands. The zero
// value is AssistPending.
type AssistStatus uint8

// The statuses of an assisting unit.
const (
	AssistPending   AssistStatus = iota // 待反馈: opinion not yet in
	AssistSubmitted                     // 已反馈: opinion submitted
	AssistWaived                        // 已免除: the centre waived it
)

var assistNames = i18n.NewNames(
	[]string{"pending", "submitted", "waived"},
	[]string{"待反馈", "已反馈", "已免除"},
	nil)

// String returns the status's English key, or "AssistStatus(n)".
func (s AssistStatus) String() string { return enumString(assistNames, "AssistStatus", int(s)) }

// Name returns the status's name in the language best matching t.
func (s AssistStatus) Name(t language.Tag) string {
	return enumName(assistNames, "AssistStatus", int(s), t)
}

// Caller is who raised the request. The zero value is a caller who gave
// nothing. Its JSON form has the keys "name", "phone", "anonymous" and
// "confidential", each left out when empty or false.
type Caller struct {
	Name string `json:"name,omitempty"`
	// Phone is a mainland mobile number, a landline with its area code, or
	// a short service number; see NormalizePhone. Empty when not given.
	Phone string `json:"phone,omitempty"`
	// Anonymous callers withhold their name: Name must be empty. A phone
	// may still be kept for the callback.
	Anonymous bool `json:"anonymous,omitempty"`
	// Confidential hides the caller's identity from handling units; see
	// Service.Get. Report (举报) orders are treated as confidential.
	Confidential bool `json:"confidential,omitempty"`
}

// Location is where the matter is. The zero value is an unknown place.
// Its JSON form is {"region", "address"}, each left out when empty.
type Location struct {
	// Region is a path of places from the largest down, separated by "/",
	// such as "清溪镇/三中村". Empty when unknown.
	Region  string `json:"region,omitempty"`
	Address string `json:"address,omitempty"`
}

// InRegion reports whether the location lies in region, compared by whole
// path segments: "清溪镇" contains "清溪镇/三中村" but not "清溪镇东". An
// empty region contains everything.
func (l Location) InRegion(region string) bool {
	return hotline.RegionCovers(strings.TrimSuffix(region, "/"), l.Region)
}

// Assist is one assisting unit (协办单位) of a jointly handled order. The
// zero value names no unit and fails Validate.
type Assist struct {
	Unit   string
	Status AssistStatus
	// Opinion is the unit's opinion when submitted, or the centre's reason
	// when waived.
	Opinion string
	// Since is when the unit was added; Due its own deadline (zero when the
	// service has no assist target); At when it submitted or was waived.
	Since time.Time
	Due   time.Time
	At    time.Time
}

// Extension is a lead unit's pending request for more time, as kept on the
// order (Order.Pending). It is a plain value.
type Extension struct {
	Target string     // the sla target to extend, such as "finish"
	Amount sla.Amount // in the target's unit
	Reason string
	At     time.Time
}

// Order is a work order (工单). Orders are values: a store hands out copies,
// and the service changes them only through steps. The zero value is an
// empty draft that fails Validate. An Order is not safe for concurrent
// writes. Its JSON form is described in the package documentation.
type Order struct {
	ID       string
	Channel  hotline.Channel
	Category hotline.Category
	Urgency  hotline.Urgency
	Title    string
	Text     string
	Caller   Caller
	Location Location
	Tags     []string
	// Code is the request's classification (诉求分类), such as "01.02.03"
	// (城乡建设 > 市容环境 > 噪音扰民, see package classify); empty when the
	// order is not classified. The service accepts only codes of
	// Config.Classes.
	Code classify.Code

	// Lead is the unit handling the order (主办); empty until dispatched.
	Lead string
	// Fallback is set when Lead was designated as the fallback unit (兜底),
	// which cannot return the order.
	Fallback bool
	Assists  []Assist
	// Routing is what the Router decided at the latest dispatch that asked
	// it; nil when none did. A dispatch naming its lead keeps it.
	Routing *Routing

	State State
	// Timeline is the order's history as package sla reads it.
	Timeline sla.Timeline

	// Returns counts the returns that took effect (退单): instant ones and
	// those the centre approved.
	Returns int
	// ImproperReturns counts the return applications the centre refused
	// (不当退单).
	ImproperReturns int
	Extensions      int // granted extensions
	Reopenings      int // 重办 count
	Urges           int // 催办 count
	// Supervision is the 督办 level: 0 none, raised by one at each
	// supervise step.
	Supervision int
	// Pending is the extension request waiting for the centre, if any.
	Pending *Extension

	// Reply is the lead's answer; Satisfaction the caller's verdict at the
	// callback (zero before it), and Resolution the caller's answer then
	// to whether the matter was resolved (zero when not asked).
	Reply        string
	Satisfaction hotline.Satisfaction
	Resolution   hotline.Resolution
	// MergedInto is the master order's id once merged.
	MergedInto string
	// Answer records the knowledge-base entry the centre answered the
	// order with (直接答复; the text given is Reply); nil unless the order
	// was answered directly.
	Answer *DirectAnswer
	// Transfer records the body the order was handed over to (转办); nil
	// unless it was transferred.
	Transfer *Transfer

	// Due is the earliest deadline among the order's open sla targets as
	// of its last step (zero when none); Level the highest level then;
	// Overdue is set once any target has been breached and stays set.
	Due     time.Time
	Level   sla.Level
	Overdue bool

	// LastHash is the Hash of the order's latest audit record; it anchors
	// the chain so that a changed or missing record is found (see
	// Service.Verify).
	LastHash [32]byte

	// Version counts the order's steps: it equals the number of its audit
	// records and rises by one per step.
	Version int64
	Created time.Time
	Updated time.Time
}

// assist returns the index of unit among o's assisting units, or -1.
func (o *Order) assist(unit string) int {
	for i := range o.Assists {
		if o.Assists[i].Unit == unit {
			return i
		}
	}
	return -1
}

// Confidential reports whether the caller's identity is hidden from
// handling units: the caller asked for it, or the order is a report (举报).
func (o *Order) Confidential() bool {
	return o.Caller.Confidential || o.Category == hotline.CategoryReport
}

// Clone returns a deep copy of o.
func (o *Order) Clone() *Order {
	var c *Order
	if o.Routing == nil {
		c = new(Order)
		*c = *o
	} else {
		// The copy and its routing in one allocation: a step copies
		// orders several times, and most are routed.
		both := &struct {
			o Order
			r Routing
		}{o: *o, r: *o.Routing}
		c = &both.o
		c.Routing = &both.r
	}
	c.ownSlices()
	return c
}

// ownSlices replaces o's slices and pointers, but for Routing's own, with
// copies. o.Routing must be o's own.
func (o *Order) ownSlices() {
	o.Tags = slices.Clone(o.Tags)
	o.Assists = slices.Clone(o.Assists)
	if o.Timeline != nil {
		// With room for one more event: most copies are made for a step,
		// and most steps add one, which would otherwise copy the timeline
		// again into twice the room.
		o.Timeline = append(make(sla.Timeline, 0, len(o.Timeline)+1), o.Timeline...)
	}
	if o.Routing != nil {
		o.Routing.ownSlices()
	}
	if o.Pending != nil {
		p := *o.Pending
		o.Pending = &p
	}
	if o.Answer != nil {
		a := *o.Answer
		o.Answer = &a
	}
	if o.Transfer != nil {
		t := *o.Transfer
		o.Transfer = &t
	}
}

// eachTime calls f with each instant of o: created, updated, due, those of
// its assisting units, timeline and pending extension.
func (o *Order) eachTime(f func(t *time.Time)) {
	f(&o.Created)
	f(&o.Updated)
	f(&o.Due)
	for i := range o.Assists {
		f(&o.Assists[i].Since)
		f(&o.Assists[i].Due)
		f(&o.Assists[i].At)
	}
	for i := range o.Timeline {
		f(&o.Timeline[i].At)
	}
	if o.Pending != nil {
		f(&o.Pending.At)
	}
	if o.Answer != nil {
		f(&o.Answer.At)
	}
	if o.Transfer != nil {
		f(&o.Transfer.At)
	}
}

// Limits on an order's text fields, in characters (runes), except
// MaxTags and MaxAssists (counts) and MaxIDLen (bytes). A reply may be
// MaxTextLen long.
const (
	MaxTitleLen = 100
	MaxTextLen  = 10000
	MaxNameLen  = 50
	MaxFieldLen = 500 // address, region, each tag, unit names
	MaxTags     = 20
	MaxAssists  = 20 // assisting units of one order
	MaxIDLen    = 64
)

// Validate reports the first problem with o, as a *ValidationError naming
// the field (matching ErrInvalidOrder): an empty or overlong text, an
// unknown channel, category or urgency (the urgency must be set), a
// malformed phone number (see NormalizePhone), a name on an anonymous
// caller, a malformed region path, more than MaxTags tags or MaxAssists
// assisting units, empty or repeated ones, the lead among the assisting
// units, text that is not UTF-8 or holds a NUL (U+0000), or an unknown
// state, verdict or resolution, a malformed classification code (also
// classify.ErrInvalidCode), a direct answer without its entry and version,
// or a transfer to a malformed body key. An empty ID is
// allowed: the service assigns one on acceptance.
func (o *Order) Validate() error { return o.validate(true) }

// validate is Validate, checking the phone only with phone set.
func (o *Order) validate(phone bool) error {
	bad := func(field, reason string, err error) error {
		return &ValidationError{Field: field, Reason: reason, Err: err}
	}
	if o.ID != "" {
		if len(o.ID) > MaxIDLen || strings.ContainsFunc(o.ID, func(r rune) bool { return r <= ' ' || r == '/' || r == 0x7f }) {
			return bad("id", "want up to 64 bytes without spaces, control characters or '/'", nil)
		}
	}
	if err := o.Channel.Validate(); err != nil {
		return bad("channel", "", err)
	}
	if err := o.Category.Validate(); err != nil {
		return bad("category", "", err)
	}
	if err := o.Urgency.Validate(); err != nil {
		return bad("urgency", "", err)
	}
	if blank(o.Text) {
		return bad("text", "empty", nil)
	}
	if err := checkText(o.Text, MaxTextLen); err != "" {
		return bad("text", err, nil)
	}
	if err := checkText(o.Title, MaxTitleLen); err != "" {
		return bad("title", err, nil)
	}
	if err := checkText(o.Caller.Name, MaxNameLen); err != "" {
		return bad("caller.name", err, nil)
	}
	if o.Caller.Anonymous && o.Caller.Name != "" {
		return bad("caller.name", "set on an anonymous caller", nil)
	}
	if phone && o.Caller.Phone != "" {
		var buf [phoneBuf]byte
		if _, err := normalizePhone(o.Caller.Phone, &buf); err != nil {
			return bad("caller.phone", strconv.Quote(o.Caller.Phone)+": "+err.(*phoneError).why, ErrInvalidPhone)
		}
	}
	if r := o.Location.Region; r != "" {
		if err := hotline.ValidateRegion(r); err != nil {
			return bad("location.region", "", err)
		}
	}
	if err := checkText(o.Location.Address, MaxFieldLen); err != "" {
		return bad("location.address", err, nil)
	}
	if len(o.Tags) > MaxTags {
		return bad("tags", "more than "+strconv.Itoa(MaxTags), nil)
	}
	for i, t := range o.Tags {
		f := func() string { return "tags[" + strconv.Itoa(i) + "]" }
		if blank(t) {
			return bad(f(), "empty", nil)
		}
		if err := checkText(t, MaxFieldLen); err != "" {
			return bad(f(), err, nil)
		}
		for _, u := range o.Tags[:i] {
			if u == t {
				return bad(f(), "repeats "+strconv.Quote(t), nil)
			}
		}
	}
	if err := checkText(o.Lead, MaxFieldLen); err != "" {
		return bad("lead", err, nil)
	}
	if len(o.Assists) > MaxAssists {
		return bad("assists", "more than "+strconv.Itoa(MaxAssists), nil)
	}
	for i, a := range o.Assists {
		f := func() string { return "assists[" + strconv.Itoa(i) + "].unit" }
		switch {
		case blank(a.Unit):
			return bad(f(), "empty", nil)
		case checkText(a.Unit, MaxFieldLen) != "":
			return bad(f(), checkText(a.Unit, MaxFieldLen), nil)
		case a.Unit == o.Lead:
			return bad(f(), "is the lead unit", nil)
		case a.Status > AssistWaived:
			return bad("assists["+strconv.Itoa(i)+"].status", "", unknownName(assistNames, "assist status", a.Status.String()))
		}
		for _, b := range o.Assists[:i] {
			if b.Unit == a.Unit {
				return bad(f(), "repeats "+strconv.Quote(a.Unit), nil)
			}
		}
		if err := checkText(a.Opinion, MaxTextLen); err != "" {
			return bad("assists["+strconv.Itoa(i)+"].opinion", err, nil)
		}
	}
	if p := o.Pending; p != nil {
		if err := checkText(p.Reason, MaxTextLen); err != "" {
			return bad("pending.reason", err, nil)
		}
	}
	if !o.State.Valid() {
		return bad("state", "", unknownName(stateNames, "state", o.State.String()))
	}
	if o.Satisfaction != hotline.Unrated && !o.Satisfaction.Valid() {
		return bad("satisfaction", "", o.Satisfaction.Validate())
	}
	if o.Resolution != hotline.Unanswered && !o.Resolution.Valid() {
		return bad("resolution", "", o.Resolution.Validate())
	}
	if err := checkText(o.Reply, MaxTextLen); err != "" {
		return bad("reply", err, nil)
	}
	return o.validateCentre()
}

// blank reports whether s is empty or only white space.
func blank(s string) bool {
	for _, r := range s {
		if !isSpace(r) {
			return false
		}
	}
	return true
}

// trimmed reports whether s neither starts nor ends with white space.
func trimmed(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return s == "" || !isSpace(first) && !isSpace(last)
}

// isSpace is unicode.IsSpace, answering at once for the runes past the
// last white space character, U+3000, such as Chinese characters.
func isSpace(r rune) bool { return r <= '\u3000' && unicode.IsSpace(r) }

// checkText returns why s is not acceptable text of at most max runes, or "".
// Text holds no NUL (U+0000): PostgreSQL cannot keep one in text or JSON,
// and no store should keep what another refuses.
func checkText(s string, max int) string {
	if !validUTF8(s) {
		return "not valid UTF-8"
	}
	if strings.IndexByte(s, 0) >= 0 {
		return nulReason
	}
	// No more bytes than max means no more runes; count only when longer.
	if len(s) > max && utf8.RuneCountInString(s) > max {
		return "longer than " + strconv.Itoa(max) + " characters"
	}
	return ""
}

// nulReason says why text holding U+0000 is refused.
const nulReason = "contains a NUL character (U+0000)"

// validUTF8 is utf8.ValidString with a fast path for the three-byte
// sequences of Chinese text: those led by E1-EC, EE or EF are valid
// whenever two continuation bytes follow. Other bytes take the general
// path.
func validUTF8(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xe1 && c <= 0xef && c != 0xed && i+2 < len(s) && (s[i+1]^0x80)|(s[i+2]^0x80) < 0x40:
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				return false
			}
			i += n
		}
	}
	return true
}
