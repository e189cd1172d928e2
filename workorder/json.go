package workorder

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/sla"
)

// This file holds the public JSON form of orders and audit records,
// described in the package documentation ("JSON"). Values that have no
// name, such as Channel(99), cannot be written: Marshal fails
// with an error wrapping hotline.ErrUnknownName rather than write something
// that does not read back.

// orderJSON is the public JSON form of an Order.
type orderJSON struct {
	ID           string               `json:"id,omitempty"`
	Channel      hotline.Channel      `json:"channel,omitempty"`
	Category     hotline.Category     `json:"category,omitempty"`
	Urgency      hotline.Urgency      `json:"urgency,omitempty"`
	Title        string               `json:"title,omitempty"`
	Text         string               `json:"text,omitempty"`
	Caller       Caller               `json:"caller,omitzero"`
	Location     Location             `json:"location,omitzero"`
	Tags         []string             `json:"tags,omitempty"`
	Code         classify.Code        `json:"code,omitempty"`
	Lead         string               `json:"lead,omitempty"`
	Fallback     bool                 `json:"fallback,omitempty"`
	Assists      []assistJSON         `json:"assists,omitempty"`
	Routing      *Routing             `json:"routing,omitempty"`
	State        State                `json:"state"`
	Timeline     []eventJSON          `json:"timeline,omitempty"`
	Returns      int                  `json:"returns,omitempty"`
	Improper     int                  `json:"improper_returns,omitempty"`
	Extensions   int                  `json:"extensions,omitempty"`
	Reopenings   int                  `json:"reopenings,omitempty"`
	Urges        int                  `json:"urges,omitempty"`
	Supervision  int                  `json:"supervision,omitempty"`
	Pending      *extensionJSON       `json:"pending,omitempty"`
	Reply        string               `json:"reply,omitempty"`
	Satisfaction hotline.Satisfaction `json:"satisfaction,omitempty"`
	Resolution   hotline.Resolution   `json:"resolution,omitempty"`
	MergedInto   string               `json:"merged_into,omitempty"`
	Answer       *answerJSON          `json:"answer,omitempty"`
	Transfer     *transferJSON        `json:"transfer,omitempty"`
	Due          time.Time            `json:"due,omitzero"`
	Level        levelText            `json:"level,omitempty"`
	Overdue      bool                 `json:"overdue,omitempty"`
	LastHash     hexHash              `json:"last_hash,omitzero"`
	Version      int64                `json:"version,omitempty"`
	Created      time.Time            `json:"created,omitzero"`
	Updated      time.Time            `json:"updated,omitzero"`
}

type answerJSON struct {
	Entry   string    `json:"entry"`
	Version int       `json:"version"`
	At      time.Time `json:"at,omitzero"`
}

type transferJSON struct {
	Body      string    `json:"body"`
	Decision  string    `json:"decision,omitempty"`
	ThreeWay  bool      `json:"three_way,omitempty"`
	Reference string    `json:"reference,omitempty"`
	At        time.Time `json:"at,omitzero"`
}

type assistJSON struct {
	Unit    string       `json:"unit"`
	Status  AssistStatus `json:"status"`
	Opinion string       `json:"opinion,omitempty"`
	Since   time.Time    `json:"since,omitzero"`
	Due     time.Time    `json:"due,omitzero"`
	At      time.Time    `json:"at,omitzero"`
}

type eventJSON struct {
	Kind   sla.EventKind `json:"kind"`
	At     time.Time     `json:"at,omitzero"`
	Target string        `json:"target,omitempty"`
	Amount amountJSON    `json:"amount,omitzero"`
}

type extensionJSON struct {
	Target string     `json:"target,omitempty"`
	Amount amountJSON `json:"amount,omitzero"`
	Reason string     `json:"reason,omitempty"`
	At     time.Time  `json:"at,omitzero"`
}

type amountJSON struct {
	Days     int          `json:"days,omitempty"`
	Duration jsonDuration `json:"duration,omitempty"`
}

type recordJSON struct {
	OrderID string    `json:"order_id"`
	Seq     int64     `json:"seq"`
	At      time.Time `json:"at"`
	Actor   Actor     `json:"actor"`
	Step    Step      `json:"step"`
	From    State     `json:"from"`
	To      State     `json:"to"`
	Remark  string    `json:"remark"`
	Data    string    `json:"data"`
	// Attachments are read from Data when written, and ignored when read.
	Attachments []Attachment `json:"attachments,omitempty"`
	Hash        hexHash      `json:"hash"`
}

// levelText is an sla.Level written as its name, "warning".
type levelText sla.Level

func (l levelText) MarshalText() ([]byte, error) {
	if _, err := sla.ParseLevel(sla.Level(l).String()); err != nil {
		return nil, fmt.Errorf("workorder: %w", err)
	}
	return []byte(sla.Level(l).String()), nil
}

func (l *levelText) UnmarshalText(b []byte) error {
	v, err := sla.ParseLevel(string(b))
	if err != nil {
		return fmt.Errorf("workorder: %w", err)
	}
	*l = levelText(v)
	return nil
}

// jsonDuration is a time.Duration written as time.Duration.String does.
type jsonDuration time.Duration

func (d jsonDuration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *jsonDuration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("workorder: %w: %w", ErrInvalidArgument, err)
	}
	*d = jsonDuration(v)
	return nil
}

// hexHash is a SHA-256 hash written as 64 lowercase hexadecimal digits.
type hexHash [32]byte

func (h hexHash) MarshalText() ([]byte, error) { return hex.AppendEncode(nil, h[:]), nil }

func (h *hexHash) UnmarshalText(b []byte) error {
	if len(b) != hex.EncodedLen(len(h)) {
		return fmt.Errorf("workorder: hash %.80q: want %d hexadecimal digits: %w", b, hex.EncodedLen(len(h)), ErrInvalidArgument)
	}
	if _, err := hex.Decode(h[:], b); err != nil {
		return fmt.Errorf("workorder: hash %.80q: %w", b, ErrInvalidArgument)
	}
	return nil
}

// utc returns t in UTC, leaving the zero time alone.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func toAmountJSON(a sla.Amount) amountJSON {
	return amountJSON{Days: a.Days, Duration: jsonDuration(a.Duration)}
}

func (a amountJSON) amount() sla.Amount {
	return sla.Amount{Days: a.Days, Duration: time.Duration(a.Duration)}
}

func toAssistJSON(a *Assist) assistJSON {
	return assistJSON{Unit: a.Unit, Status: a.Status, Opinion: a.Opinion, Since: utc(a.Since), Due: utc(a.Due), At: utc(a.At)}
}

func (a *assistJSON) assist() Assist {
	return Assist{Unit: a.Unit, Status: a.Status, Opinion: a.Opinion, Since: utc(a.Since), Due: utc(a.Due), At: utc(a.At)}
}

func toExtensionJSON(e *Extension) extensionJSON {
	return extensionJSON{Target: e.Target, Amount: toAmountJSON(e.Amount), Reason: e.Reason, At: utc(e.At)}
}

func (e *extensionJSON) extension() Extension {
	return Extension{Target: e.Target, Amount: e.Amount.amount(), Reason: e.Reason, At: utc(e.At)}
}

func toOrderJSON(o *Order) orderJSON {
	w := orderJSON{
		ID: o.ID, Channel: o.Channel, Category: o.Category, Urgency: o.Urgency, Title: o.Title, Text: o.Text,
		Caller: o.Caller, Location: o.Location, Tags: o.Tags, Code: o.Code, Lead: o.Lead, Fallback: o.Fallback,
		Routing: o.Routing, State: o.State, Returns: o.Returns, Improper: o.ImproperReturns, Extensions: o.Extensions, Reopenings: o.Reopenings, Urges: o.Urges,
		Supervision: o.Supervision, Reply: o.Reply, Satisfaction: o.Satisfaction, Resolution: o.Resolution,
		MergedInto: o.MergedInto, Due: utc(o.Due), Level: levelText(o.Level), Overdue: o.Overdue,
		LastHash: o.LastHash, Version: o.Version, Created: utc(o.Created), Updated: utc(o.Updated),
	}
	if len(o.Assists) > 0 {
		w.Assists = make([]assistJSON, len(o.Assists))
		for i := range o.Assists {
			w.Assists[i] = toAssistJSON(&o.Assists[i])
		}
	}
	if len(o.Timeline) > 0 {
		w.Timeline = make([]eventJSON, len(o.Timeline))
		for i, e := range o.Timeline {
			w.Timeline[i] = eventJSON{Kind: e.Kind, At: utc(e.At), Target: e.Target, Amount: toAmountJSON(e.Amount)}
		}
	}
	if o.Pending != nil {
		p := toExtensionJSON(o.Pending)
		w.Pending = &p
	}
	if a := o.Answer; a != nil {
		w.Answer = &answerJSON{Entry: a.Entry, Version: a.Version, At: utc(a.At)}
	}
	if t := o.Transfer; t != nil {
		w.Transfer = &transferJSON{Body: t.Body, Decision: t.Decision, ThreeWay: t.ThreeWay, Reference: t.Reference, At: utc(t.At)}
	}
	return w
}

// order returns the Order w describes, with its times in UTC and empty
// lists as nil.
func (w *orderJSON) order() *Order {
	o := &Order{
		ID: w.ID, Channel: w.Channel, Category: w.Category, Urgency: w.Urgency, Title: w.Title, Text: w.Text,
		Caller: w.Caller, Location: w.Location, Code: w.Code, Lead: w.Lead, Fallback: w.Fallback,
		Routing: w.Routing, State: w.State, Returns: w.Returns, ImproperReturns: w.Improper, Extensions: w.Extensions, Reopenings: w.Reopenings, Urges: w.Urges,
		Supervision: w.Supervision, Reply: w.Reply, Satisfaction: w.Satisfaction, Resolution: w.Resolution,
		MergedInto: w.MergedInto, Due: utc(w.Due), Level: sla.Level(w.Level), Overdue: w.Overdue,
		LastHash: w.LastHash, Version: w.Version, Created: utc(w.Created), Updated: utc(w.Updated),
	}
	if len(w.Tags) > 0 {
		o.Tags = w.Tags
	}
	if len(w.Assists) > 0 {
		o.Assists = make([]Assist, len(w.Assists))
		for i := range w.Assists {
			o.Assists[i] = w.Assists[i].assist()
		}
	}
	if len(w.Timeline) > 0 {
		o.Timeline = make(sla.Timeline, len(w.Timeline))
		for i, e := range w.Timeline {
			o.Timeline[i] = sla.Event{Kind: e.Kind, At: utc(e.At), Target: e.Target, Amount: e.Amount.amount()}
		}
	}
	if w.Pending != nil {
		p := w.Pending.extension()
		o.Pending = &p
	}
	if a := w.Answer; a != nil {
		o.Answer = &DirectAnswer{Entry: a.Entry, Version: a.Version, At: utc(a.At)}
	}
	if t := w.Transfer; t != nil {
		o.Transfer = &Transfer{Body: t.Body, Decision: t.Decision, ThreeWay: t.ThreeWay, Reference: t.Reference, At: utc(t.At)}
	}
	return o
}

// MarshalJSON writes the order in its public JSON form (see the package
// documentation), times in UTC. It fails, with an error wrapping
// hotline.ErrUnknownName, on an enumeration that has no name, such as a State past
// the last one, and on a time JSON cannot hold (a year outside 0 to 9999
// in UTC).
func (o Order) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(toOrderJSON(&o))
	if err != nil {
		return nil, fmt.Errorf("workorder: order %q to JSON: %w", o.ID, err)
	}
	return b, nil
}

// UnmarshalJSON reads an order in its public JSON form, ignoring keys it
// does not know; its times come out in UTC. JSON null leaves o as it is.
// Use DecodeOrder for input from outside, which refuses unknown keys. An
// unknown enumeration name gives an error wrapping hotline.ErrUnknownName; a
// malformed hash or duration, ErrInvalidArgument; a malformed
// classification code, classify.ErrInvalidCode.
func (o *Order) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w orderJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("workorder: order from JSON: %w", err)
	}
	*o = *w.order()
	return nil
}

// DecodeOrder reads one order in its public JSON form (see the package
// documentation) from r, such as a draft in the body of an HTTP request,
// and refuses anything else: keys the form does not have, at any depth;
// unknown enumeration names; null; data after the order. Its errors wrap
// ErrInvalidArgument. It reads r to the end; limit r's size beforehand.
// The order is not validated: call Validate, or let the service do it.
func DecodeOrder(r io.Reader) (*Order, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var w *orderJSON
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("workorder: decode order: %w: %w", ErrInvalidArgument, err)
	}
	if w == nil {
		return nil, fmt.Errorf("workorder: decode order: null: %w", ErrInvalidArgument)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("workorder: decode order: data after the order: %w", ErrInvalidArgument)
	}
	return w.order(), nil
}

// MarshalJSON writes the assisting unit in the public JSON form of orders:
// {"unit", "status", "opinion", "since", "due", "at"}.
func (a Assist) MarshalJSON() ([]byte, error) { return json.Marshal(toAssistJSON(&a)) }

// UnmarshalJSON reads an assisting unit written by MarshalJSON; its times
// come out in UTC.
func (a *Assist) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w assistJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("workorder: assisting unit from JSON: %w", err)
	}
	*a = w.assist()
	return nil
}

// MarshalJSON writes the extension request in the public JSON form of
// orders: {"target", "amount", "reason", "at"}.
func (e Extension) MarshalJSON() ([]byte, error) { return json.Marshal(toExtensionJSON(&e)) }

// UnmarshalJSON reads an extension request written by MarshalJSON; its
// time comes out in UTC.
func (e *Extension) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w extensionJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("workorder: extension from JSON: %w", err)
	}
	*e = w.extension()
	return nil
}

// MarshalJSON writes the record in its public JSON form, every key
// present: {"order_id", "seq", "at", "actor": {"role", "id"}, "step",
// "from", "to", "remark", "data", "hash"}, with At in UTC and Hash as 64
// lowercase hexadecimal digits, and "attachments", the list of
// Record.Attachments, after "data" when the step has any. The actor is
// Record.Taker: with "person", "post" and "leader" when the step named a
// person, which Data holds too. It fails on a
// role, step or state without a name (hotline.ErrUnknownName) and on a
// malformed attachment in Data (ErrCorrupt).
func (r Record) MarshalJSON() ([]byte, error) {
	atts, err := r.Attachments()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(recordJSON{OrderID: r.OrderID, Seq: r.Seq, At: utc(r.At), Actor: r.Taker(),
		Step: r.Step, From: r.From, To: r.To, Remark: r.Remark, Data: r.Data, Attachments: atts, Hash: r.Hash})
	if err != nil {
		return nil, fmt.Errorf("workorder: record %q #%d to JSON: %w", r.OrderID, r.Seq, err)
	}
	return b, nil
}

// UnmarshalJSON reads a record written by MarshalJSON, ignoring keys it
// does not know and "attachments", which Data holds, as it holds the
// actor's "person", "post" and "leader"; At comes out in UTC.
// It does not check the hash: see Verify.
func (r *Record) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var w recordJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("workorder: record from JSON: %w", err)
	}
	*r = Record{OrderID: w.OrderID, Seq: w.Seq, At: utc(w.At), Actor: Actor{Role: w.Actor.Role, ID: w.Actor.ID}, Step: w.Step,
		From: w.From, To: w.To, Remark: w.Remark, Data: w.Data, Hash: w.Hash}
	return nil
}

// Text forms of the enumerations in the JSON form, the English keys their
// String methods return. Decoding accepts what their Parse functions
// accept.

// textOf returns the English key of value i of n as bytes, or a
// *hotline.NameError naming kind when i has none.
func textOf(n *i18n.Names, kind, typ string, i int) ([]byte, error) {
	if k := n.Key(i); k != "" {
		return []byte(k), nil
	}
	return nil, fmt.Errorf("workorder: %w", unknownName(n, kind, enumString(n, typ, i)))
}

// parseInto sets *dst to the value n has b as the English key or Chinese
// name of, ASCII case and surrounding spaces ignored, or fails with a
// *hotline.NameError naming kind.
func parseInto[T ~uint8](dst *T, b []byte, n *i18n.Names, kind string) error {
	i, err := parseName(n, kind, string(b))
	if err != nil {
		return fmt.Errorf("workorder: %w", err)
	}
	*dst = T(i)
	return nil
}

// MarshalText encodes the status as its English key ("pending").
func (s AssistStatus) MarshalText() ([]byte, error) {
	return textOf(assistNames, "assist status", "AssistStatus", int(s))
}

// UnmarshalText decodes the status's English key or Chinese name, ASCII
// case and surrounding spaces ignored, or fails with hotline.ErrUnknownName.
func (s *AssistStatus) UnmarshalText(b []byte) error {
	return parseInto(s, b, assistNames, "assist status")
}

// MarshalText encodes the role as its English key ("centre"); the zero
// value has none and fails with hotline.ErrUnknownName.
func (r Role) MarshalText() ([]byte, error) { return textOf(roleNames, "role", "Role", int(r)) }

// UnmarshalText decodes the role's English key or Chinese name, ASCII case
// and surrounding spaces ignored, or fails with hotline.ErrUnknownName.
func (r *Role) UnmarshalText(b []byte) error { return parseInto(r, b, roleNames, "role") }
