package workorder

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"time"
	"unsafe"

	"github.com/hotline12345/hotline/routing"
	"github.com/hotline12345/hotline/sla"
)

// This file holds MemStore's compact encoding of orders and records. An
// order is kept as one immutable string; decoding slices its strings out of
// it without copying. Times are Unix microseconds, relative to the order's
// creation where that makes them shorter.

const codecVersion = 2

var errCorrupt = fmt.Errorf("workorder: memstore: %w", ErrCorrupt)

type encoder []byte

func (e encoder) str(s string) encoder {
	e = binary.AppendUvarint(e, uint64(len(s)))
	return append(e, s...)
}

func (e encoder) uint(v uint64) encoder { return binary.AppendUvarint(e, v) }
func (e encoder) int(v int64) encoder   { return binary.AppendVarint(e, v) }

// time writes 0 for the zero time, else 1 + the zig-zag microseconds after
// base.
func (e encoder) time(t time.Time, base int64) encoder {
	if t.IsZero() {
		return append(e, 0)
	}
	d := t.UnixMicro() - base
	return binary.AppendUvarint(e, uint64(d<<1^d>>63)+1)
}

type decoder struct {
	s   string
	err bool
}

func (d *decoder) byte() byte {
	if len(d.s) == 0 {
		d.err = true
		return 0
	}
	b := d.s[0]
	d.s = d.s[1:]
	return b
}

func (d *decoder) uint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		b := d.byte()
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v
		}
	}
	d.err = true
	return 0
}

func (d *decoder) int() int64 {
	u := d.uint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) str() string {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.err = true
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *decoder) time(base int64) time.Time {
	u := d.uint()
	if u == 0 {
		return time.Time{}
	}
	u--
	return time.UnixMicro(base + (int64(u>>1) ^ -int64(u&1))).UTC()
}

// count reads a slice length, refusing lengths the rest cannot hold.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.err = true
		return 0
	}
	return int(n)
}

const (
	flagAnonymous = 1 << iota
	flagConfidential
	flagFallback
	flagOverdue
	flagPending
	flagRouting
)

// Flags of a Routing.
const (
	routedJoint = 1 << iota
	routedRepeat
)

// categoryCodes and urgencyCodes give the known values one-byte codes;
// others are written out after a 0.
var (
	categoryCodes = enumCodes(sla.Categories())
	urgencyCodes  = enumCodes(sla.Urgencies())
)

func enumCodes[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// enum writes v as its 1-based index in codes, or 0 and the string.
func (e encoder) enum(v string, codes []string) encoder {
	if i := codeOf(v, codes); i >= 0 {
		return append(e, byte(i+1))
	}
	return append(e, 0).str(v)
}

func (d *decoder) enum(codes []string) string {
	b := d.byte()
	if b == 0 {
		return d.str()
	}
	if int(b) > len(codes) {
		d.err = true
		return ""
	}
	return codes[b-1]
}

// encodeOrder returns o's compact form. LastHash is not included: the
// store keeps it as the tail of the order's log.
func encodeOrder(o *Order) string {
	n := 96 + len(o.ID) + len(o.Title) + len(o.Text) + len(o.Caller.Name) + len(o.Caller.Phone) +
		len(o.Location.Region) + len(o.Location.Address) + len(o.Lead) + len(o.Reply) + len(o.MergedInto) +
		12*len(o.Timeline)
	for _, t := range o.Tags {
		n += 2 + len(t)
	}
	for i := range o.Assists {
		n += 24 + len(o.Assists[i].Unit) + len(o.Assists[i].Opinion)
	}
	if p := o.Pending; p != nil {
		n += 32 + len(p.Target) + len(p.Reason)
	}
	if r := o.Routing; r != nil {
		n += 16 + len(r.Lead) + len(r.Coordinator) + len(r.RepeatKey) + len(r.Reason) + len(r.LeadBy)
		for _, ss := range [][]string{r.Assist, r.RepeatOf, r.Rules} {
			for _, s := range ss {
				n += 2 + len(s)
			}
		}
	}
	if n <= smallOrder {
		// Encoded on the stack and copied out at its exact size, so that
		// the store keeps no spare capacity.
		var buf [smallOrder]byte
		return string(appendOrder(buf[:0], o))
	}
	e := appendOrder(make(encoder, 0, n), o)
	// e is never written again: share its bytes instead of copying them.
	return unsafe.String(unsafe.SliceData(e), len(e))
}

// smallOrder is the most bytes, by encodeOrder's estimate, of an order
// encoded on the stack.
const smallOrder = 512

// appendOrder appends o's compact form to e.
func appendOrder(e encoder, o *Order) encoder {
	e = append(e, codecVersion)
	base := o.Created.UnixMicro()
	e = e.int(base)
	e = e.str(o.ID).str(o.Title).str(o.Text)
	e = e.enum(string(o.Category), categoryCodes).enum(string(o.Urgency), urgencyCodes)
	e = e.str(o.Caller.Name).str(o.Caller.Phone).str(o.Location.Region).str(o.Location.Address)
	e = e.str(o.Lead).str(o.Reply).str(o.MergedInto)
	var flags byte
	if o.Caller.Anonymous {
		flags |= flagAnonymous
	}
	if o.Caller.Confidential {
		flags |= flagConfidential
	}
	if o.Fallback {
		flags |= flagFallback
	}
	if o.Overdue {
		flags |= flagOverdue
	}
	if o.Pending != nil {
		flags |= flagPending
	}
	if o.Routing != nil {
		flags |= flagRouting
	}
	e = append(e, byte(o.Channel), byte(o.State), byte(o.Satisfaction), byte(o.Resolution), byte(o.Level), flags)
	e = e.uint(uint64(o.Returns)).uint(uint64(o.Extensions)).uint(uint64(o.Reopenings))
	e = e.uint(uint64(o.Urges)).uint(uint64(o.Supervision)).uint(uint64(o.Version))
	e = e.time(o.Updated, base).time(o.Due, base)
	e = e.uint(uint64(len(o.Tags)))
	for _, t := range o.Tags {
		e = e.str(t)
	}
	e = e.uint(uint64(len(o.Assists)))
	for i := range o.Assists {
		a := &o.Assists[i]
		e = e.str(a.Unit).str(a.Opinion)
		e = append(e, byte(a.Status))
		e = e.time(a.Since, base).time(a.Due, base).time(a.At, base)
	}
	e = e.uint(uint64(len(o.Timeline)))
	for i := range o.Timeline {
		ev := &o.Timeline[i]
		e = append(e, byte(ev.Kind))
		e = e.time(ev.At, base)
		if ev.Kind == sla.EventExtended {
			e = e.str(ev.Target).int(int64(ev.Amount.Days)).int(int64(ev.Amount.Duration))
		}
	}
	if p := o.Pending; p != nil {
		e = e.str(p.Target).int(int64(p.Amount.Days)).int(int64(p.Amount.Duration)).str(p.Reason).time(p.At, base)
	}
	if r := o.Routing; r != nil {
		var rf byte
		if r.Joint {
			rf |= routedJoint
		}
		if r.Repeat {
			rf |= routedRepeat
		}
		e = append(e, rf)
		e = e.str(r.Lead).strs(r.Assist).str(r.Coordinator).strs(r.RepeatOf).str(r.RepeatKey).strs(r.Rules)
		e = e.str(r.Reason).str(string(r.LeadBy))
	}
	return e
}

func (e encoder) strs(ss []string) encoder {
	e = e.uint(uint64(len(ss)))
	for _, s := range ss {
		e = e.str(s)
	}
	return e
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func decodeOrder(s string) (*Order, error) {
	d := decoder{s: s}
	if d.byte() != codecVersion {
		return nil, errCorrupt
	}
	// The order, room for a short timeline plus the event a step adds, and
	// a few tags come in one allocation.
	blk := new(struct {
		o    Order
		tl   [4]sla.Event
		tags [2]string
	})
	o := &blk.o
	base := d.int()
	o.Created = time.UnixMicro(base).UTC()
	o.ID, o.Title, o.Text = d.str(), d.str(), d.str()
	o.Category, o.Urgency = sla.Category(d.enum(categoryCodes)), sla.Urgency(d.enum(urgencyCodes))
	o.Caller.Name, o.Caller.Phone = d.str(), d.str()
	o.Location.Region, o.Location.Address = d.str(), d.str()
	o.Lead, o.Reply, o.MergedInto = d.str(), d.str(), d.str()
	o.Channel, o.State, o.Satisfaction = Channel(d.byte()), State(d.byte()), Satisfaction(d.byte())
	o.Resolution, o.Level = Resolution(d.byte()), sla.Level(d.byte())
	flags := d.byte()
	o.Caller.Anonymous = flags&flagAnonymous != 0
	o.Caller.Confidential = flags&flagConfidential != 0
	o.Fallback = flags&flagFallback != 0
	o.Overdue = flags&flagOverdue != 0
	o.Returns, o.Extensions, o.Reopenings = int(d.uint()), int(d.uint()), int(d.uint())
	o.Urges, o.Supervision, o.Version = int(d.uint()), int(d.uint()), int64(d.uint())
	o.Updated, o.Due = d.time(base), d.time(base)
	if n := d.count(); n > 0 {
		if n <= len(blk.tags) {
			o.Tags = blk.tags[:n:n]
		} else {
			o.Tags = make([]string, n)
		}
		for i := range o.Tags {
			o.Tags[i] = d.str()
		}
	}
	if n := d.count(); n > 0 {
		o.Assists = make([]Assist, n)
		for i := range o.Assists {
			a := &o.Assists[i]
			a.Unit, a.Opinion = d.str(), d.str()
			a.Status = AssistStatus(d.byte())
			a.Since, a.Due, a.At = d.time(base), d.time(base), d.time(base)
		}
	}
	if n := d.count(); n > 0 {
		if n < len(blk.tl) {
			o.Timeline = blk.tl[:n]
		} else {
			o.Timeline = make(sla.Timeline, n, n+1)
		}
		for i := range o.Timeline {
			ev := &o.Timeline[i]
			ev.Kind = sla.EventKind(d.byte())
			ev.At = d.time(base)
			if ev.Kind == sla.EventExtended {
				ev.Target = d.str()
				ev.Amount.Days, ev.Amount.Duration = int(d.int()), time.Duration(d.int())
			}
		}
	}
	if flags&flagPending != 0 {
		p := &Extension{Target: d.str()}
		p.Amount.Days, p.Amount.Duration = int(d.int()), time.Duration(d.int())
		p.Reason, p.At = d.str(), d.time(base)
		o.Pending = p
	}
	if flags&flagRouting != 0 {
		rf := d.byte()
		r := &Routing{Joint: rf&routedJoint != 0, Repeat: rf&routedRepeat != 0}
		r.Lead, r.Assist, r.Coordinator, r.RepeatOf = d.str(), d.strs(), d.str(), d.strs()
		r.RepeatKey, r.Rules, r.Reason, r.LeadBy = d.str(), d.strs(), d.str(), routing.Basis(d.str())
		o.Routing = r
	}
	if d.err || d.s != "" {
		return nil, errCorrupt
	}
	return o, nil
}

// appendRecord appends r's compact form to log, its time in microseconds
// after prev (the time of the record before, or zero). Order id and
// sequence number are implied by the log's owner and position.
func appendRecord(log []byte, r *Record, prev int64) []byte {
	e := encoder(log)
	e = e.int(r.At.UnixMicro() - prev)
	e = append(e, byte(r.Actor.Role))
	e = e.str(r.Actor.ID)
	e = append(e, byte(r.Step), byte(r.From), byte(r.To))
	e = e.str(r.Remark).str(r.Data)
	return append(e, r.Hash[:]...)
}

// recordSize is the length of appendRecord's form of r.
func recordSize(r *Record, prev int64) int {
	return varintLen(r.At.UnixMicro()-prev) + 1 + strLen(r.Actor.ID) + 3 + strLen(r.Remark) + strLen(r.Data) + len(r.Hash)
}

func varintLen(v int64) int { return uvarintLen(uint64(v<<1 ^ v>>63)) }

func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

func strLen(s string) int { return uvarintLen(uint64(len(s))) + len(s) }

// decodeRecords decodes a log written by appendRecord.
func decodeRecords(id string, log string, n int) ([]Record, error) {
	out := make([]Record, 0, n)
	d := decoder{s: log}
	var prev int64
	for d.s != "" && !d.err {
		r := Record{OrderID: id, Seq: int64(len(out) + 1)}
		prev += d.int()
		r.At = time.UnixMicro(prev).UTC()
		r.Actor.Role = Role(d.byte())
		r.Actor.ID = d.str()
		r.Step, r.From, r.To = Step(d.byte()), State(d.byte()), State(d.byte())
		r.Remark, r.Data = d.str(), d.str()
		if len(d.s) < 32 {
			d.err = true
			break
		}
		copy(r.Hash[:], d.s)
		d.s = d.s[32:]
		out = append(out, r)
	}
	if d.err || len(out) != n {
		return nil, errCorrupt
	}
	return out, nil
}
