package digest

import (
	"context"
	"errors"
	"fmt"
)

// Notifier delivers a digest to its department. Implementations must be
// safe for concurrent use if Send is called concurrently.
type Notifier interface {
	Notify(ctx context.Context, d Digest) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(ctx context.Context, d Digest) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, d Digest) error { return f(ctx, d) }

// SendError is a digest that was not delivered: its department and why.
type SendError struct {
	Department string
	Err        error
}

func (e *SendError) Error() string {
	return fmt.Sprintf("digest: send to %q: %v", e.Department, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Send delivers ds through n in order. A failed delivery does not stop
// the others: the error joins one *SendError per digest not delivered,
// so that a caller can retry exactly those (errors.As finds the first;
// unwrap the join for all). Once ctx is done the digests left are not
// tried, each reported with ctx's error.
func Send(ctx context.Context, n Notifier, ds []Digest) error {
	var errs []error
	for _, d := range ds {
		err := ctx.Err()
		if err == nil {
			err = n.Notify(ctx, d)
		}
		if err != nil {
			errs = append(errs, &SendError{Department: d.Department, Err: err})
		}
	}
	return errors.Join(errs...)
}
