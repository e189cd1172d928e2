package repeats

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hotline12345/hotline/similar"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// ErrNoIndex reports a Config without an Index.
var ErrNoIndex = errors.New("repeats: Config.Index is nil")

// Config sets up a Linker.
type Config struct {
	// Index holds the recent orders and decides what is alike: its
	// threshold, window and region rules (similar.Config). Required.
	Index *similar.Index
	// Options narrow each look-up (a stricter threshold, a limit); the
	// zero value uses the Index's settings.
	Options similar.Options
	// OnRepeat, when set, hears each accepted order that has likely
	// repeats, with them best first, once per acceptance the Observer
	// hears. It runs on the goroutine that accepted the order: a slow
	// OnRepeat slows acceptance.
	OnRepeat func(ctx context.Context, o *workorder.Order, repeats []similar.Match)
	// OnError, when set, hears an accepted order the Linker could not
	// index (it has no acceptance time), so that no order is skipped
	// unseen.
	OnError func(ctx context.Context, o *workorder.Order, err error)
}

// Linker indexes accepted orders and finds their likely repeats. It
// implements workorder.Observer: StepTaken handles acceptances and the
// other methods do nothing, so a service with another observer can call
// both from a workorder.ObserverFuncs. Build one with New; the zero value
// is not usable. A Linker is safe for concurrent use.
type Linker struct {
	cfg Config
}

var _ workorder.Observer = (*Linker)(nil)

// New returns a Linker over cfg.Index. The error is ErrNoIndex when the
// index is missing.
func New(cfg Config) (*Linker, error) {
	if cfg.Index == nil {
		return nil, ErrNoIndex
	}
	return &Linker{cfg: cfg}, nil
}

// DocOf returns order o as the index sees it: its ID; its title and text,
// apart by a full stop so that no n-gram spans the two; its region; and
// when it was received (the first sla.EventReceived of its timeline, zero
// when there is none).
func DocOf(o *workorder.Order) similar.Doc {
	text := o.Text
	if t := strings.TrimSpace(o.Title); t != "" && !strings.Contains(o.Text, t) {
		text = t + "。" + o.Text
	}
	d := similar.Doc{ID: o.ID, Text: text, Region: o.Location.Region}
	for _, e := range o.Timeline {
		if e.Kind == sla.EventReceived {
			d.At = e.At
			break
		}
	}
	return d
}

// Link indexes o, unless an order with its ID is indexed already, and
// returns the indexed orders likely about the same matter, best first;
// o itself is never among them. Called again for the same order, it
// returns the same matches and any indexed since. The error matches
// similar.ErrInvalidDoc: o has no ID or no acceptance time.
func (l *Linker) Link(o *workorder.Order) ([]similar.Match, error) {
	d := DocOf(o)
	if err := l.cfg.Index.Add(d); err != nil {
		return nil, fmt.Errorf("repeats: link: %w", err)
	}
	return l.cfg.Index.Similar(d, l.cfg.Options), nil
}

// Load indexes orders, such as those of the index's window read from the
// store at start-up, without looking them up. Orders that cannot be
// indexed are skipped and reported together in the error, each matching
// similar.ErrInvalidDoc.
func (l *Linker) Load(orders []*workorder.Order) error {
	var errs []error
	for _, o := range orders {
		if err := l.cfg.Index.Add(DocOf(o)); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("repeats: load: %w", errors.Join(errs...))
	}
	return nil
}

// Accept accepts draft on s (workorder.Service.Accept) and returns the
// new order with its likely repeats. Errors of the acceptance are
// returned as the service gave them, with no order; an order accepted but
// not indexed is returned with the error of Link.
func (l *Linker) Accept(ctx context.Context, s *workorder.Service, a workorder.Actor, draft *workorder.Order) (*workorder.Order, []similar.Match, error) {
	o, err := s.Accept(ctx, a, draft)
	if err != nil {
		return nil, nil, err
	}
	ms, err := l.Link(o)
	return o, ms, err
}

// StepTaken indexes the order of each acceptance (workorder.StepAccept)
// and calls Config.OnRepeat when it has likely repeats, or Config.OnError
// when it cannot be indexed. Other steps are ignored: an order's text is
// set at acceptance.
func (l *Linker) StepTaken(ctx context.Context, o *workorder.Order, r workorder.Record) {
	if r.Step != workorder.StepAccept {
		return
	}
	ms, err := l.Link(o)
	switch {
	case err != nil:
		if l.cfg.OnError != nil {
			l.cfg.OnError(ctx, o, err)
		}
	case len(ms) > 0 && l.cfg.OnRepeat != nil:
		l.cfg.OnRepeat(ctx, o, ms)
	}
}

// Warning does nothing.
func (l *Linker) Warning(context.Context, *workorder.Order, sla.Result) {}

// Overdue does nothing.
func (l *Linker) Overdue(context.Context, *workorder.Order, sla.Result) {}

// AlertFailed does nothing.
func (l *Linker) AlertFailed(context.Context, sla.Alert, error) {}
