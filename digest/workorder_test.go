package digest_test

import (
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/digest"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

func TestFromWorkorder(t *testing.T) {
	ev := func(k sla.EventKind, t time.Time) sla.Event { return sla.Event{Kind: k, At: t} }
	base := workorder.Order{
		ID: "QX0001", Category: hotline.CategoryComplaint, Title: "夜间施工", Text: "三中村工地晚上还在打桩",
		Location: workorder.Location{Region: "清溪镇/三中村"}, Lead: urban, Supervision: 1, Overdue: true,
		Due: at(5, 0, 0), Code: "05.02.01",
	}
	tests := []struct {
		name     string
		timeline sla.Timeline
		closed   time.Time
	}{
		{"open", sla.Timeline{ev(sla.EventReceived, at(3, 9, 0)), ev(sla.EventDispatched, at(3, 10, 0))}, time.Time{}},
		{"finished", sla.Timeline{ev(sla.EventReceived, at(3, 9, 0)), ev(sla.EventFinished, at(6, 9, 0)), ev(sla.EventClosed, at(7, 9, 0))}, at(6, 9, 0)},
		{"reopened", sla.Timeline{ev(sla.EventReceived, at(3, 9, 0)), ev(sla.EventFinished, at(6, 9, 0)), ev(sla.EventReopened, at(7, 9, 0))}, time.Time{}},
		{"finished again", sla.Timeline{ev(sla.EventReceived, at(3, 9, 0)), ev(sla.EventFinished, at(6, 9, 0)), ev(sla.EventReopened, at(7, 9, 0)), ev(sla.EventFinished, at(8, 9, 0))}, at(8, 9, 0)},
	}
	for _, tt := range tests {
		o := base
		o.Timeline = tt.timeline
		got := digest.FromWorkorder(&o)
		want := digest.Order{
			ID: "QX0001", Unit: urban, Category: hotline.CategoryComplaint, Code: "05.02.01", Region: "清溪镇/三中村",
			Text: "夜间施工。三中村工地晚上还在打桩", Received: at(3, 9, 0), Due: at(5, 0, 0), Closed: tt.closed,
			Overdue: true, Supervision: 1,
		}
		if got != want {
			t.Errorf("%s: got %+v\nwant %+v", tt.name, got, want)
		}
	}
}
