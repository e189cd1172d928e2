package api

import "context"

// Idempotency keys. A step request may carry an Idempotency-Key header,
// which the service uses to take the step at most once (a repeat answers
// with the order as it is, the step included). Until the service keeps
// keys these are inert; connecting them is three assignments:
//
//	withKey = workorder.WithKey
//	errKeyReused = workorder.ErrKeyReused
//	errOutcomeUnknown = workorder.ErrOutcomeUnknown
var (
	// withKey returns ctx carrying the request's key (never empty here).
	withKey = func(ctx context.Context, key string) context.Context { return ctx }
	// errKeyReused, when set, is the service's error for a key that
	// belongs to another step: a 422 naming the header.
	errKeyReused error
	// errOutcomeUnknown, when set, is the service's error for a step
	// whose commit may or may not have happened: a 503 telling the client
	// to send the same request, key included, again.
	errOutcomeUnknown error
)

// maxKeyLen is the longest key accepted, in bytes.
const maxKeyLen = 200
