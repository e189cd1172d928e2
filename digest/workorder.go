package digest

import (
	"strings"
	"time"

	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// FromWorkorder returns o as a digest reads it: its lead unit, category,
// region, text (the title first when the text lacks it), the time it was
// received and the last time it was finished (sla.EventFinished, unless
// reopened since), its current deadline (workorder.Order.Due), whether it
// was ever overdue, its supervision level and its classification code
// (an order without one is grouped by category).
func FromWorkorder(o *workorder.Order) Order {
	d := Order{
		ID: o.ID, Unit: o.Lead, Category: o.Category, Code: o.Code, Region: o.Location.Region, Text: o.Text,
		Due: o.Due, Overdue: o.Overdue, Supervision: o.Supervision,
	}
	if o.Title != "" && !strings.Contains(o.Text, o.Title) {
		d.Text = o.Title + "。" + o.Text
	}
	for _, e := range o.Timeline {
		switch e.Kind {
		case sla.EventReceived:
			if d.Received.IsZero() {
				d.Received = e.At
			}
		case sla.EventFinished:
			d.Closed = e.At
		case sla.EventReopened:
			d.Closed = time.Time{}
		}
	}
	return d
}
