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

// SendError is a digest that was not delivered: its department, the
// digest itself, so that it can be sent again, and why.
type SendError struct {
	Department string
	Digest     Digest
	Err        error
}

func (e *SendError) Error() string {
	return fmt.Sprintf("digest: send to %q: %v", e.Department, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Send delivers ds through n in order. A failed delivery does not stop
// the others: the error joins one *SendError per digest not delivered,
// holding it, so that a caller can send exactly those again (errors.As
// finds the first; Failed lists them all). Once ctx is done the digests left are not
// tried, each reported with ctx's error.
func Send(ctx context.Context, n Notifier, ds []Digest) error {
	var errs []error
	for _, d := range ds {
		err := ctx.Err()
		if err == nil {
			err = n.Notify(ctx, d)
		}
		if err != nil {
			errs = append(errs, &SendError{Department: d.Department, Digest: d, Err: err})
		}
	}
	return errors.Join(errs...)
}

// Failed returns the digests that err, an error of Send or Run, reports
// undelivered, in order; none for nil or another error.
func Failed(err error) []Digest {
	var out []Digest
	var walk func(error)
	walk = func(err error) {
		var se *SendError
		switch e := err.(type) {
		case nil:
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			if errors.As(err, &se) {
				out = append(out, se.Digest)
			}
		}
	}
	walk(err)
	return out
}
