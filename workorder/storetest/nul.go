package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline/calendar"
	"github.com/hotline12345/hotline/workorder"
)

// testRefusesNUL takes steps through a service on the store with a NUL
// (U+0000) in each text a caller gives: the order or the argument is
// refused as invalid, naming the field, and the store is left as it was.
// PostgreSQL cannot keep a NUL in text, so no store may be asked to.
func testRefusesNUL(t *testing.T, s workorder.Store) {
	ctx := context.Background()
	svc, err := workorder.NewService(workorder.Config{Store: s, Calendar: calendar.AlwaysOpen(shanghai),
		Clock: workorder.ClockFunc(func() time.Time { return t0 }), IDs: workorder.Sequence("WO")})
	if err != nil {
		t.Fatal(err)
	}
	centre, lead, assist := workorder.Centre("agent-7"), "清溪镇城管办", "清溪镇环保所"
	draft := func() *workorder.Order {
		o, _ := newOrder("")
		o.State, o.Timeline, o.Version, o.Created, o.Updated = workorder.StateNew, nil, 0, time.Time{}, time.Time{}
		return o
	}

	drafts := []struct {
		field string
		bend  func(o *workorder.Order)
	}{
		{"text", func(o *workorder.Order) { o.Text += "\x00" }},
		{"title", func(o *workorder.Order) { o.Title = "噪音\x00扰民" }},
		{"caller.name", func(o *workorder.Order) { o.Caller.Name = "\x00" }},
		{"location.region", func(o *workorder.Order) { o.Location.Region = "清溪镇/三中村\x00" }},
		{"location.address", func(o *workorder.Order) { o.Location.Address = "工业路\x008号" }},
		{"tags[0]", func(o *workorder.Order) { o.Tags = []string{"夜间\x00施工"} }},
	}
	for _, tc := range drafts {
		d := draft()
		tc.bend(d)
		_, err := svc.Accept(ctx, centre, d)
		var ve *workorder.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field || !errors.Is(err, workorder.ErrInvalidOrder) {
			t.Errorf("Accept with a NUL in %s: %v, want a ValidationError on %s", tc.field, err, tc.field)
		}
	}
	if os, err := s.List(ctx, workorder.Filter{}); err != nil || len(os) != 0 {
		t.Fatalf("after refused drafts the store lists %d orders (%v), want none", len(os), err)
	}

	o, err := svc.Accept(ctx, centre, draft())
	if err != nil {
		t.Fatal(err)
	}
	id := o.ID
	if _, err := svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: lead + "\x00"}); !errors.Is(err, workorder.ErrInvalidArgument) ||
		!strings.Contains(err.Error(), "lead") {
		t.Errorf("Dispatch to a lead with a NUL: %v, want ErrInvalidArgument naming the lead", err)
	}
	if _, err := svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: lead, Assist: []string{"\x00" + assist}}); !errors.Is(err, workorder.ErrInvalidArgument) ||
		!strings.Contains(err.Error(), "assist") {
		t.Errorf("Dispatch to an assisting unit with a NUL: %v, want ErrInvalidArgument naming the assisting unit", err)
	}
	if _, err := svc.Dispatch(ctx, centre, id, workorder.Assignment{Lead: lead, Assist: []string{assist}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Sign(ctx, workorder.Unit(lead), id); err != nil {
		t.Fatal(err)
	}
	before := get(t, s, id)
	// A reason is kept as the step's remark, and named so.
	steps := []struct {
		field string
		take  func() error
	}{
		{"remark", func() error {
			_, err := svc.Urge(ctx, workorder.Supervisor("督查室"), id, "尽快\x00处理")
			return err
		}},
		{"remark", func() error { _, err := svc.Suspend(ctx, workorder.Unit(lead), id, "\x00"); return err }},
		{"remark", func() error {
			_, err := svc.RequestExtension(ctx, workorder.Unit(lead), id, workorder.ExtensionRequest{Reason: "待\x00检测"})
			return err
		}},
		{"opinion", func() error { _, err := svc.SubmitOpinion(ctx, workorder.Unit(assist), id, "同意\x00"); return err }},
		{"reply", func() error { _, err := svc.Reply(ctx, workorder.Unit(lead), id, "已\x00处理"); return err }},
		{"remark", func() error {
			_, err := svc.Cancel(ctx, centre, id, workorder.CodedReason{Code: "other", Text: "重复\x00来电"})
			return err
		}},
	}
	for _, tc := range steps {
		if err := tc.take(); !errors.Is(err, workorder.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.field) ||
			strings.ContainsRune(err.Error(), 0) {
			t.Errorf("a step with a NUL in its %s: %v, want ErrInvalidArgument naming the %s", tc.field, err, tc.field)
		}
	}
	if _, err := svc.Urge(ctx, workorder.Supervisor("督查\x00室"), id, ""); !errors.Is(err, workorder.ErrForbidden) {
		t.Errorf("Urge by an actor whose id holds a NUL: %v, want ErrForbidden", err)
	}
	sameOrder(t, before, get(t, s, id))
	if h := history(t, s, id); len(h) != int(before.Version) {
		t.Errorf("history holds %d records after refused steps, want %d", len(h), before.Version)
	}
}
