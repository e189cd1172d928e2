package sqldoc

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// docVersion is the "v" of every document written; it changes if the
// document's form ever does.
const docVersion = 1

// ErrCorrupt is wrapped by the errors of documents and rows that cannot be
// decoded; it is workorder.ErrCorrupt, so callers of the stores can match
// it.
var ErrCorrupt = workorder.ErrCorrupt

type orderDoc struct {
	V            int         `json:"v"`
	ID           string      `json:"id"`
	Channel      string      `json:"channel,omitempty"`
	Category     string      `json:"category,omitempty"`
	Urgency      string      `json:"urgency,omitempty"`
	Title        string      `json:"title,omitempty"`
	Text         string      `json:"text,omitempty"`
	Caller       callerDoc   `json:"caller,omitzero"`
	Region       string      `json:"region,omitempty"`
	Address      string      `json:"address,omitempty"`
	Tags         []string    `json:"tags,omitempty"`
	Lead         string      `json:"lead,omitempty"`
	Fallback     bool        `json:"fallback,omitempty"`
	Assists      []assistDoc `json:"assists,omitempty"`
	Routing      *routingDoc `json:"routing,omitempty"`
	State        string      `json:"state"`
	Timeline     []eventDoc  `json:"timeline,omitempty"`
	Returns      int         `json:"returns,omitempty"`
	Extensions   int         `json:"extensions,omitempty"`
	Reopenings   int         `json:"reopenings,omitempty"`
	Urges        int         `json:"urges,omitempty"`
	Supervision  int         `json:"supervision,omitempty"`
	Pending      *pendingDoc `json:"pending,omitempty"`
	Reply        string      `json:"reply,omitempty"`
	Satisfaction string      `json:"satisfaction,omitempty"`
	Resolution   string      `json:"resolution,omitempty"`
	MergedInto   string      `json:"merged_into,omitempty"`
	Due          time.Time   `json:"due,omitzero"`
	Level        string      `json:"level,omitempty"`
	Overdue      bool        `json:"overdue,omitempty"`
	LastHash     string      `json:"last_hash"`
	Version      int64       `json:"version"`
	Created      time.Time   `json:"created,omitzero"`
	Updated      time.Time   `json:"updated,omitzero"`
}

type routingDoc struct {
	Lead        string   `json:"lead,omitempty"`
	Assist      []string `json:"assist,omitempty"`
	Joint       bool     `json:"joint,omitempty"`
	Coordinator string   `json:"coordinator,omitempty"`
	Repeat      bool     `json:"repeat,omitempty"`
	RepeatOf    []string `json:"repeat_of,omitempty"`
	RepeatKey   string   `json:"repeat_key,omitempty"`
	Rules       []string `json:"rules,omitempty"`
	Reason      string   `json:"reason,omitempty"`
	LeadBy      string   `json:"lead_by,omitempty"`
}

// nilEmpty returns ss, or nil when it is empty.
func nilEmpty(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return ss
}

type callerDoc struct {
	Name         string `json:"name,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Anonymous    bool   `json:"anonymous,omitempty"`
	Confidential bool   `json:"confidential,omitempty"`
}

type assistDoc struct {
	Unit    string    `json:"unit"`
	Status  string    `json:"status,omitempty"`
	Opinion string    `json:"opinion,omitempty"`
	Since   time.Time `json:"since,omitzero"`
	Due     time.Time `json:"due,omitzero"`
	At      time.Time `json:"at,omitzero"`
}

type eventDoc struct {
	Kind   string    `json:"kind"`
	At     time.Time `json:"at,omitzero"`
	Target string    `json:"target,omitempty"`
	Amount amountDoc `json:"amount,omitzero"`
}

type amountDoc struct {
	Duration time.Duration `json:"ns,omitempty"`
	Days     int           `json:"days,omitempty"`
}

type pendingDoc struct {
	Target string    `json:"target,omitempty"`
	Amount amountDoc `json:"amount,omitzero"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at,omitzero"`
}

// utc returns t in UTC, leaving the zero time alone.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// Marshal returns o's JSON document.
func Marshal(o *workorder.Order) ([]byte, error) {
	d := orderDoc{
		V: docVersion, ID: o.ID, Channel: channels.name(o.Channel),
		Category: string(o.Category), Urgency: string(o.Urgency), Title: o.Title, Text: o.Text,
		Caller: callerDoc{Name: o.Caller.Name, Phone: o.Caller.Phone, Anonymous: o.Caller.Anonymous,
			Confidential: o.Caller.Confidential},
		Region: o.Location.Region, Address: o.Location.Address, Tags: o.Tags,
		Lead: o.Lead, Fallback: o.Fallback, State: StateName(o.State),
		Returns: o.Returns, Extensions: o.Extensions, Reopenings: o.Reopenings, Urges: o.Urges,
		Supervision: o.Supervision, Reply: o.Reply, Satisfaction: satisfactions.name(o.Satisfaction),
		Resolution: resolutions.name(o.Resolution),
		MergedInto: o.MergedInto, Due: utc(o.Due), Level: LevelName(o.Level), Overdue: o.Overdue,
		LastHash: hex.EncodeToString(o.LastHash[:]), Version: o.Version,
		Created: utc(o.Created), Updated: utc(o.Updated),
	}
	if len(o.Assists) > 0 {
		d.Assists = make([]assistDoc, len(o.Assists))
		for i, a := range o.Assists {
			d.Assists[i] = assistDoc{Unit: a.Unit, Status: assistStatus.name(a.Status), Opinion: a.Opinion,
				Since: utc(a.Since), Due: utc(a.Due), At: utc(a.At)}
		}
	}
	if len(o.Timeline) > 0 {
		d.Timeline = make([]eventDoc, len(o.Timeline))
		for i, e := range o.Timeline {
			d.Timeline[i] = eventDoc{Kind: eventKinds.name(e.Kind), At: utc(e.At), Target: e.Target,
				Amount: amountDoc(e.Amount)}
		}
	}
	if p := o.Pending; p != nil {
		d.Pending = &pendingDoc{Target: p.Target, Amount: amountDoc(p.Amount), Reason: p.Reason, At: utc(p.At)}
	}
	if r := o.Routing; r != nil {
		d.Routing = &routingDoc{Lead: r.Lead, Assist: r.Assist, Joint: r.Joint, Coordinator: r.Coordinator,
			Repeat: r.Repeat, RepeatOf: r.RepeatOf, RepeatKey: r.RepeatKey, Rules: r.Rules, Reason: r.Reason,
			LeadBy: string(r.LeadBy)}
	}
	b, err := json.Marshal(&d)
	if err != nil {
		return nil, fmt.Errorf("order %q: %w", o.ID, err)
	}
	return b, nil
}

// Unmarshal decodes a document written by Marshal. Its times are in UTC.
// Errors wrap ErrCorrupt.
func Unmarshal(b []byte) (*workorder.Order, error) {
	var d orderDoc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if d.V != docVersion {
		return nil, fmt.Errorf("%w: order %q: document version %d, want %d", ErrCorrupt, d.ID, d.V, docVersion)
	}
	bad := func(field, value string) error {
		return fmt.Errorf("%w: order %q: %s %q", ErrCorrupt, d.ID, field, value)
	}
	o := &workorder.Order{
		ID: d.ID, Category: sla.Category(d.Category), Urgency: sla.Urgency(d.Urgency),
		Title: d.Title, Text: d.Text,
		Caller: workorder.Caller{Name: d.Caller.Name, Phone: d.Caller.Phone, Anonymous: d.Caller.Anonymous,
			Confidential: d.Caller.Confidential},
		Location: workorder.Location{Region: d.Region, Address: d.Address}, Tags: d.Tags,
		Lead: d.Lead, Fallback: d.Fallback,
		Returns: d.Returns, Extensions: d.Extensions, Reopenings: d.Reopenings, Urges: d.Urges,
		Supervision: d.Supervision, Reply: d.Reply, MergedInto: d.MergedInto, Due: d.Due,
		Overdue: d.Overdue, Version: d.Version, Created: d.Created, Updated: d.Updated,
	}
	if len(o.Tags) == 0 {
		o.Tags = nil
	}
	var ok bool
	if o.Channel, ok = channels.parse(d.Channel); !ok {
		return nil, bad("channel", d.Channel)
	}
	if o.State, ok = ParseState(d.State); !ok {
		return nil, bad("state", d.State)
	}
	if o.Satisfaction, ok = satisfactions.parse(d.Satisfaction); !ok {
		return nil, bad("satisfaction", d.Satisfaction)
	}
	if o.Resolution, ok = resolutions.parse(d.Resolution); !ok {
		return nil, bad("resolution", d.Resolution)
	}
	if o.Level, ok = ParseLevel(d.Level); !ok {
		return nil, bad("level", d.Level)
	}
	if len(d.LastHash) != 2*len(o.LastHash) {
		return nil, bad("last_hash", d.LastHash)
	}
	if _, err := hex.Decode(o.LastHash[:], []byte(d.LastHash)); err != nil {
		return nil, bad("last_hash", d.LastHash)
	}
	if len(d.Assists) > 0 {
		o.Assists = make([]workorder.Assist, len(d.Assists))
		for i, a := range d.Assists {
			st, ok := assistStatus.parse(a.Status)
			if !ok {
				return nil, bad("assist status", a.Status)
			}
			o.Assists[i] = workorder.Assist{Unit: a.Unit, Status: st, Opinion: a.Opinion, Since: a.Since, Due: a.Due, At: a.At}
		}
	}
	if len(d.Timeline) > 0 {
		o.Timeline = make(sla.Timeline, len(d.Timeline))
		for i, e := range d.Timeline {
			k, ok := eventKinds.parse(e.Kind)
			if !ok {
				return nil, bad("event kind", e.Kind)
			}
			o.Timeline[i] = sla.Event{Kind: k, At: e.At, Target: e.Target, Amount: sla.Amount(e.Amount)}
		}
	}
	if p := d.Pending; p != nil {
		o.Pending = &workorder.Extension{Target: p.Target, Amount: sla.Amount(p.Amount), Reason: p.Reason, At: p.At}
	}
	if r := d.Routing; r != nil {
		o.Routing = &workorder.Routing{Lead: r.Lead, Assist: nilEmpty(r.Assist), Joint: r.Joint,
			Coordinator: r.Coordinator, Repeat: r.Repeat, RepeatOf: nilEmpty(r.RepeatOf), RepeatKey: r.RepeatKey,
			Rules: nilEmpty(r.Rules), Reason: r.Reason, LeadBy: routing.Basis(r.LeadBy)}
	}
	return o, nil
}
