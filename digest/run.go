package digest

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Source reads the orders the digests of one period need (see
// Builder.Build): those received in [from, to), which spans the period
// and the one before it, and the earlier ones still open at from or
// finished since. Implementations must be safe for concurrent use.
type Source interface {
	Orders(ctx context.Context, from, to time.Time) ([]Order, error)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(ctx context.Context, from, to time.Time) ([]Order, error)

// Orders calls f.
func (f SourceFunc) Orders(ctx context.Context, from, to time.Time) ([]Order, error) {
	return f(ctx, from, to)
}

// ErrIncomplete reports a Runner without a Builder, a Source or a
// Notifier.
var ErrIncomplete = errors.New("digest: Runner needs a Builder, a Source and a Notifier")

// Runner sends each department its digest when a period ends. Builder,
// Source and Notifier are required; the zero values of the other fields
// read the system clock. A Runner starts no goroutine: Run blocks. Do not
// change its fields while it runs.
type Runner struct {
	Builder  *Builder
	Source   Source
	Notifier Notifier
	// Now reads the clock; time.Now when nil.
	Now func() time.Time
	// Wait returns a channel that receives once d has passed; time.After
	// when nil. Tests pass one that moves a fake clock.
	Wait func(d time.Duration) <-chan time.Time
	// OnError hears each period whose digests could not be made or not
	// all delivered: its end and the error of RunOnce, from which Failed
	// lists the digests to send again. Nil drops the report, not the
	// period: Run goes on with the next.
	OnError func(ctx context.Context, end time.Time, err error)
}

// RunOnce reads the orders of the period ending at end and the one
// before, builds their digests and sends them. The error wraps the
// Source's, or is Send's.
func (r *Runner) RunOnce(ctx context.Context, end time.Time) error {
	if r.Builder == nil || r.Source == nil || r.Notifier == nil {
		return ErrIncomplete
	}
	p := r.Builder.Period()
	orders, err := r.Source.Orders(ctx, end.Add(-2*p), end)
	if err != nil {
		return fmt.Errorf("digest: read the orders to %s: %w", end.Format(time.RFC3339), err)
	}
	return Send(ctx, r.Notifier, r.Builder.Build(orders, end))
}

// Run waits for the end of each period (Builder.PeriodEnd) and sends its
// digests with RunOnce, reporting failures to OnError, until ctx is done;
// it then returns ctx's error. The first period sent is the one that ends
// after Run starts; periods whose end passed while a send ran late are
// sent in turn, none skipped.
func (r *Runner) Run(ctx context.Context) error {
	if r.Builder == nil || r.Source == nil || r.Notifier == nil {
		return ErrIncomplete
	}
	now, wait := r.Now, r.Wait
	if now == nil {
		now = time.Now
	}
	if wait == nil {
		wait = time.After
	}
	next := r.Builder.PeriodEnd(now()).Add(r.Builder.Period())
	for {
		if d := next.Sub(now()); d > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-wait(d):
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.RunOnce(ctx, next); err != nil && r.OnError != nil {
			r.OnError(ctx, next, err)
		}
		next = next.Add(r.Builder.Period())
	}
}
