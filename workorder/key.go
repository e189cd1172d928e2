package workorder

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// Errors of idempotency keys, for errors.Is.
var (
	// ErrOutcomeUnknown: the store lost its connection (or its disk
	// failed) while committing a step, so whether the step was stored is
	// unknown. Taking the step again with the same key is safe: it is
	// applied at most once. The service's errors are *OutcomeError values,
	// which carry the key; a store's errors wrap the sentinel and the
	// driver's error.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrKeyReused: an idempotency key already belongs to another step
	// (another order, step or actor). The service's errors are
	// *KeyReusedError values; a store's errors wrap the sentinel.
	ErrKeyReused = errors.New("idempotency key already used")
)

// MaxKeyLen is the longest idempotency key, in bytes.
const MaxKeyLen = 200

// keyCtx is the context key of WithKey's value.
type keyCtx struct{}

// WithKey returns a copy of ctx that gives the step taken with it the
// idempotency key key: an HTTP API passes a request's Idempotency-Key
// header, a queue consumer its message id. Taking a step twice with the
// same key applies it once: the second call, even from another node or
// after a restart, returns the order as the actor may see it now, which
// includes that step, with a nil error and no new record. A key must be
// unique for the whole store, not only for one order: the same key used
// for a different step (another order, step kind or actor) fails with a
// *KeyReusedError (ErrKeyReused). The arguments of a step are not
// compared, only the order, the step and the actor. The Observer is told
// of a step once, when it is stored, not again when a retry finds it.
//
// A key is at most MaxKeyLen bytes of UTF-8 without NUL (see CheckKey);
// a step with a bad key fails with ErrInvalidArgument. An empty key
// removes one set earlier: the step then gets a random key of its own.
// The key applies to each step taken with the context, so give every
// step its own; the steps a service takes on its own behalf (closing
// merged orders with their master) get keys of their own.
func WithKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, keyCtx{}, key)
}

// KeyFrom returns the idempotency key WithKey put in ctx, if any.
func KeyFrom(ctx context.Context) (string, bool) {
	k, ok := ctx.Value(keyCtx{}).(string)
	return k, ok && k != ""
}

// withoutKey returns ctx without an idempotency key, for the steps the
// service takes on its own behalf during another.
func withoutKey(ctx context.Context) context.Context {
	if _, ok := KeyFrom(ctx); !ok {
		return ctx
	}
	return WithKey(ctx, "")
}

// CheckKey returns an error matching ErrInvalidArgument when key cannot
// be an idempotency key: empty, longer than MaxKeyLen bytes, not UTF-8 or
// holding a NUL.
func CheckKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("workorder: empty idempotency key: %w", ErrInvalidArgument)
	case len(key) > MaxKeyLen:
		return fmt.Errorf("workorder: idempotency key of %d bytes, want at most %d: %w", len(key), MaxKeyLen, ErrInvalidArgument)
	case !utf8.ValidString(key):
		return fmt.Errorf("workorder: idempotency key %q is not UTF-8: %w", key, ErrInvalidArgument)
	}
	for i := 0; i < len(key); i++ {
		if key[i] == 0 {
			return fmt.Errorf("workorder: idempotency key %q holds a NUL: %w", key, ErrInvalidArgument)
		}
	}
	return nil
}

// OutcomeError is the service's error for a step whose outcome is unknown
// (ErrOutcomeUnknown): the store failed during the commit, and reading the
// key back failed too or was not possible. Retrying the step with Key
// (WithKey) is safe; when the caller gave no key, Key is the one the
// service made up. It matches ErrOutcomeUnknown and the store's error.
type OutcomeError struct {
	ID   string // the order; empty for an Accept that named none
	Step Step
	Key  string
	Err  error // the store's error
}

// Error names the order, the step and the key and says that retrying is
// safe: `workorder: order "WO1": urge: outcome unknown, the step may or may
// not be stored; retrying with the same idempotency key "k1" is safe: <cause>`.
func (e *OutcomeError) Error() string {
	s := "workorder: "
	if e.ID != "" {
		s += "order " + strconv.Quote(e.ID) + ": "
	}
	s += e.Step.String() + ": outcome unknown, the step may or may not be stored; retrying with the same idempotency key " +
		strconv.Quote(e.Key) + " is safe"
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is reports whether target is ErrOutcomeUnknown.
func (e *OutcomeError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the store's error.
func (e *OutcomeError) Unwrap() error { return e.Err }

// KeyReusedError is the service's error for a step given an idempotency
// key that a different step already used. It matches ErrKeyReused. It
// does not say which order the key was used on, which the actor may not
// be allowed to see.
type KeyReusedError struct {
	ID   string // the order of the refused step; empty for an Accept that named none
	Step Step   // the refused step
	Key  string
}

// Error names the refused step and the key: `workorder: order "WO1": sign:
// idempotency key "k1" already used for another step`.
func (e *KeyReusedError) Error() string {
	s := "workorder: "
	if e.ID != "" {
		s += "order " + strconv.Quote(e.ID) + ": "
	}
	return s + e.Step.String() + ": idempotency key " + strconv.Quote(e.Key) + " already used for another step"
}

// Is reports whether target is ErrKeyReused.
func (e *KeyReusedError) Is(target error) bool { return target == ErrKeyReused }

// stepKey is the idempotency key of a step being taken.
type stepKey struct {
	key string
	// given: the caller chose the key, so an earlier call may have used
	// it. unsure: an attempt of this call ended with ErrOutcomeUnknown,
	// the store's error kept in lost. Either way the key is read back
	// before a failure is reported.
	given, unsure bool
	lost          error
}

// lose notes that an attempt ended with err, when its outcome is unknown,
// and reports whether it did.
func (k *stepKey) lose(err error) bool {
	if !errors.Is(err, ErrOutcomeUnknown) {
		return false
	}
	k.unsure, k.lost = true, err
	return true
}

// keyOf returns the key of a step taken with ctx: WithKey's, checked, or
// a new random one.
func keyOf(ctx context.Context) (stepKey, error) {
	if k, ok := KeyFrom(ctx); ok {
		if err := CheckKey(k); err != nil {
			return stepKey{}, err
		}
		return stepKey{key: k, given: true}, nil
	}
	return stepKey{key: newKey(time.Now())}, nil
}

// keyEncoding writes generated keys: base32 whose alphabet is in byte
// order, so that keys sort as their bytes do.
var keyEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// newKey returns a random key made at t: 26 characters encoding t in Unix
// nanoseconds and 64 random bits. Keys made later sort later, so the
// stores' unique indexes grow at their end, as the records do, instead of
// taking each key at a random page of an index that outgrows memory.
func newKey(t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixNano()))
	rand.Read(b[8:])
	var out [26]byte
	keyEncoding.Encode(out[:], b[:])
	return string(out[:])
}

// settle decides a step that failed with err, taken with key k: when the
// key may already be stored (given by the caller, after an unknown
// outcome, or refused by the store) it is read back. done reports that
// the answer is final: the order as a may see it, when the key belongs to
// this step (order id, any when id is empty, step and actor's role and
// id: the record keeps a unit's person in its data), or a
// *KeyReusedError when it belongs to another. When the key is not
// stored, or cannot be read, done is false and the caller goes on with
// err.
func (s *Service) settle(ctx context.Context, a Actor, id string, step Step, k *stepKey, err error) (o *Order, done bool, _ error) {
	if !k.given && !k.unsure && !errors.Is(err, ErrKeyReused) {
		return nil, false, nil
	}
	r, lerr := s.store.RecordByKey(ctx, k.key)
	if lerr != nil {
		return nil, false, nil
	}
	if id != "" && r.OrderID != id || r.Step != step || r.Actor.Role != a.Role || r.Actor.ID != a.ID {
		return nil, true, &KeyReusedError{ID: id, Step: step, Key: k.key}
	}
	// The actor took the step on this order; it sees the order now, as
	// after the step, even if it may no longer read it otherwise.
	o, gerr := s.store.Get(ctx, r.OrderID)
	if gerr != nil {
		return nil, false, nil
	}
	return s.view(o, a), true, nil
}

// unknown returns the error of a step whose outcome stayed unknown. Its
// cause is the store's error that made it so: later attempts may have
// been refused only because the step had been stored.
func unknown(id string, step Step, k *stepKey) error {
	var oe *OutcomeError
	if errors.As(k.lost, &oe) {
		return k.lost
	}
	return &OutcomeError{ID: id, Step: step, Key: k.key, Err: k.lost}
}
