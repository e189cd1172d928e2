package workorder

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/hotline12345/hotline/internal/i18n"
	"github.com/hotline12345/hotline/sla"
)

// ErrReopenWindowClosed: a closed order may no longer be reopened, or the
// service allows no reopening after closing (Config.ReopenWindow).
var ErrReopenWindowClosed = errors.New("reopen window closed")

// reopenClosed checks that the closed order of c may be reopened now and
// records when it was closed. Orders merged into it stay closed.
func (s *Service) reopenClosed(c *change) error {
	o := c.o
	if o.MergedInto != "" {
		return fmt.Errorf("closed with its master %q, which is the one to reopen: %w", o.MergedInto, ErrInvalidArgument)
	}
	var closed time.Time
	for i := len(o.Timeline) - 1; i >= 0; i-- {
		if o.Timeline[i].Kind == sla.EventClosed {
			closed = o.Timeline[i].At
			break
		}
	}
	if closed.IsZero() {
		return fmt.Errorf("closed order has no closing on its timeline: %w", ErrInvalidArgument)
	}
	ends, ok := s.reopenEnds(closed)
	switch {
	case !ok && s.cfg.ReopenWindow.IsZero():
		return fmt.Errorf("no reopening after closing (Config.ReopenWindow): %w", ErrReopenWindowClosed)
	case !ok:
		return fmt.Errorf("the window of %v after closing ends past the calendar's years: %w", s.cfg.ReopenWindow, ErrReopenWindowClosed)
	}
	if c.at.After(ends) {
		return fmt.Errorf("closed at %s, reopening allowed until %s: %w",
			i18n.FormatDeadline(closed.In(s.loc), language.English), i18n.FormatDeadline(ends.In(s.loc), language.English), ErrReopenWindowClosed)
	}
	c.data = c.data.add("closed", closed.In(s.loc).Format(time.RFC3339))
	return nil
}

// reopenEnds returns the last instant an order closed at closed may be
// reopened, and false when it may not be at all.
func (s *Service) reopenEnds(closed time.Time) (time.Time, bool) {
	w := s.cfg.ReopenWindow
	switch {
	case w.Duration > 0:
		return closed.Add(w.Duration), true
	case w.Days > 0:
		d := s.cal.AddWorkdays(closed, w.Days)
		if d.IsZero() {
			return time.Time{}, false
		}
		return s.cal.EndOfDay(d), true
	}
	return time.Time{}, false
}
