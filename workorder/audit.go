package workorder

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"time"
)

// Record is one step in an order's audit trail. Records are immutable once
// written: a store appends them with the order's update and never changes
// them. Each record's Hash chains it to the one before, so an edited, lost
// or reordered record is found by Verify. The zero Record is not a valid
// record; a Record is a plain value, safe to share once built. Its JSON
// form is described at MarshalJSON.
type Record struct {
	OrderID string
	// Seq numbers the order's records from 1; after the step the order's
	// Version equals Seq.
	Seq int64
	// At is when the step was taken, truncated to the microsecond so every
	// store keeps it exactly. Stores need not keep the time zone.
	At     time.Time
	Actor  Actor
	Step   Step
	From   State
	To     State
	Remark string
	// Data holds the step's arguments as "key=value" pairs joined by "&",
	// in a fixed order per step, with '%', '&' and '=' in values escaped as
	// %25, %26 and %3D; read it with Value.
	Data string
	// Hash is SHA-256 over the previous record's Hash (32 zero bytes for
	// the first record) followed by AppendCanonical's encoding of this one.
	Hash [32]byte
	// Key is the idempotency key of the step (see WithKey): the caller's,
	// or one the service made up. Stores keep it under a unique index, so
	// that a step is stored at most once per key; records written before
	// keys were kept have none (""). It is not covered by Hash: it says
	// how a request reached the service, not what happened to the order,
	// so trails verify the same with or without it and records written
	// before it existed still verify. It is not part of the record's JSON
	// form either: whoever reads a trail need not learn the keys of
	// others' requests.
	Key string
}

// Value returns the value of key in r.Data and whether it is present.
func (r *Record) Value(key string) (string, bool) {
	d := r.Data
	for d != "" {
		var kv string
		if i := strings.IndexByte(d, '&'); i >= 0 {
			kv, d = d[:i], d[i+1:]
		} else {
			kv, d = d, ""
		}
		k, v, _ := strings.Cut(kv, "=")
		if k == key {
			return unescapeValue(v), true
		}
	}
	return "", false
}

// canonicalVersion is the first byte of every canonical encoding; it changes
// if the encoding ever does.
const canonicalVersion = 1

// AppendCanonical appends r's canonical encoding, the bytes its Hash covers,
// to b: a version byte (1); OrderID; Seq as 8 bytes big-endian; At as Unix
// microseconds, 8 bytes big-endian; the role byte; the actor id; the step,
// from and to bytes; Remark; Data. Strings are written as their length in
// unsigned varint followed by their bytes. Hash itself is not included.
func (r *Record) AppendCanonical(b []byte) []byte {
	b = append(b, canonicalVersion)
	b = appendString(b, r.OrderID)
	b = binary.BigEndian.AppendUint64(b, uint64(r.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(r.At.UnixMicro()))
	b = append(b, byte(r.Actor.Role))
	b = appendString(b, r.Actor.ID)
	b = append(b, byte(r.Step), byte(r.From), byte(r.To))
	b = appendString(b, r.Remark)
	return appendString(b, r.Data)
}

// appendString appends s to b as its length in unsigned varint followed by
// its bytes.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// ComputeHash returns the hash r must carry when prev is the Hash of the
// record before it (zero for the first record).
func (r *Record) ComputeHash(prev [32]byte) [32]byte {
	var buf [320]byte
	b := append(buf[:0], prev[:]...)
	b = r.AppendCanonical(b)
	return sha256.Sum256(b)
}

// Verify checks an order's complete history: records numbered 1, 2, 3 …
// for order id, each starting in the state the one before ended in (the
// first in StateNew), each carrying the hash of the chain up to it. It
// returns nil or a *TamperError (ErrTampered) naming the first bad record.
func Verify(id string, records []Record) error {
	var prev [32]byte
	from := StateNew
	for i := range records {
		r := &records[i]
		bad := func(reason string) error { return &TamperError{ID: id, Seq: int64(i + 1), Reason: reason} }
		switch {
		case r.OrderID != id:
			return bad("belongs to order " + r.OrderID)
		case r.Seq != int64(i+1):
			return bad("out of sequence")
		case r.From != from:
			return bad("starts in state " + r.From.String() + " instead of " + from.String())
		case r.ComputeHash(prev) != r.Hash:
			return bad("hash mismatch")
		}
		prev, from = r.Hash, r.To
	}
	return nil
}

// data builds a Record's Data.
type data []byte

func (d data) add(key, value string) data {
	if len(d) > 0 {
		d = append(d, '&')
	}
	d = append(d, key...)
	d = append(d, '=')
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '%':
			d = append(d, "%25"...)
		case '&':
			d = append(d, "%26"...)
		case '=':
			d = append(d, "%3D"...)
		default:
			d = append(d, c)
		}
	}
	return d
}

func unescapeValue(v string) string {
	if strings.IndexByte(v, '%') < 0 {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) {
			switch v[i+1 : i+3] {
			case "25":
				b.WriteByte('%')
				i += 2
				continue
			case "26":
				b.WriteByte('&')
				i += 2
				continue
			case "3D":
				b.WriteByte('=')
				i += 2
				continue
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}
