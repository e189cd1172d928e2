package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
)

// RunSupervision runs the conformance suite of workorder.SupervisionStore
// against the stores newStore returns. Each subtest calls newStore once
// and expects an empty store.
func RunSupervision(t *testing.T, newStore func(t *testing.T) workorder.SupervisionStore) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s workorder.SupervisionStore)
	}{
		{"RoundTrip", testSupervisionRoundTrip},
		{"Versions", testSupervisionVersions},
		{"Filters", testSupervisionFilters},
		{"Sanctions", testSanctions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

var supZone = time.FixedZone("CST", 8*3600)

// supAt returns 2026-10-d h:00 in China.
func supAt(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, supZone) }

func supervision(id, order, unit string, issued time.Time) *workorder.Supervision {
	return &workorder.Supervision{ID: id, Order: order, Unit: unit, Target: "finish", Reason: "finish 超期",
		IssuedBy: workorder.System(), Issued: issued, Due: issued.Add(96 * time.Hour), Version: 1}
}

func sameSupervision(t *testing.T, got, want *workorder.Supervision) {
	t.Helper()
	eq := func(a, b time.Time) bool { return a.Equal(b) }
	if got.ID != want.ID || got.Order != want.Order || got.Unit != want.Unit || got.Target != want.Target ||
		got.Reason != want.Reason || got.IssuedBy != want.IssuedBy || !eq(got.Issued, want.Issued) ||
		!eq(got.Due, want.Due) || got.Explanation != want.Explanation || got.ExplainedBy != want.ExplainedBy ||
		!eq(got.Explained, want.Explained) || !eq(got.Escalated, want.Escalated) || got.Outcome != want.Outcome ||
		got.ClosedBy != want.ClosedBy || !eq(got.Closed, want.Closed) || got.Remark != want.Remark ||
		got.Version != want.Version {
		t.Errorf("supervision\n got %+v\nwant %+v", got, want)
	}
}

func testSupervisionRoundTrip(t *testing.T, s workorder.SupervisionStore) {
	ctx := context.Background()
	sup := supervision("WO-1/finish/1", "WO-1", "城管办", supAt(10, 0))
	if err := s.CreateSupervision(ctx, sup); err != nil {
		t.Fatal(err)
	}
	got, err := s.Supervision(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameSupervision(t, got, sup)
	if !got.Open() {
		t.Error("a new supervision order is closed")
	}
	// Every field set.
	sup.Explanation, sup.ExplainedBy, sup.Explained = "假期人手不足", workorder.Unit("城管办"), supAt(12, 9)
	sup.Escalated = supAt(14, 0)
	sup.Outcome, sup.ClosedBy, sup.Closed, sup.Remark = workorder.OutcomeCriticism, workorder.Supervisor("督查室"), supAt(15, 10), "屡次超期"
	sup.Version = 2
	if err := s.UpdateSupervision(ctx, sup, 1); err != nil {
		t.Fatal(err)
	}
	got, err = s.Supervision(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameSupervision(t, got, sup)
	if _, err := s.Supervision(ctx, "WO-2/finish/1"); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
}

func testSupervisionVersions(t *testing.T, s workorder.SupervisionStore) {
	ctx := context.Background()
	sup := supervision("WO-1/finish/1", "WO-1", "城管办", supAt(10, 0))
	if err := s.CreateSupervision(ctx, sup); err != nil {
		t.Fatal(err)
	}
	again := supervision(sup.ID, "WO-1", "环保分局", supAt(11, 0))
	if err := s.CreateSupervision(ctx, again); !errors.Is(err, workorder.ErrConflict) {
		t.Errorf("second create: %v, want ErrConflict", err)
	}
	sup.Escalated, sup.Version = supAt(14, 0), 2
	if err := s.UpdateSupervision(ctx, sup, 1); err != nil {
		t.Fatal(err)
	}
	stale := *sup
	stale.Remark, stale.Version = "stale", 2
	if err := s.UpdateSupervision(ctx, &stale, 1); !errors.Is(err, workorder.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
	gone := supervision("WO-9/finish/1", "WO-9", "城管办", supAt(10, 0))
	gone.Version = 2
	if err := s.UpdateSupervision(ctx, gone, 1); !errors.Is(err, workorder.ErrNotFound) {
		t.Errorf("update unknown: %v, want ErrNotFound", err)
	}
	got, err := s.Supervision(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameSupervision(t, got, sup)
}

func testSupervisionFilters(t *testing.T, s workorder.SupervisionStore) {
	ctx := context.Background()
	sups := []*workorder.Supervision{
		supervision("WO-3/finish/1", "WO-3", "城管办", supAt(12, 0)),
		supervision("WO-1/finish/1", "WO-1", "城管办", supAt(10, 0)),
		supervision("WO-2/finish/1", "WO-2", "环保分局", supAt(10, 0)),
	}
	for _, sup := range sups {
		if err := s.CreateSupervision(ctx, sup); err != nil {
			t.Fatal(err)
		}
	}
	closed := *sups[1]
	closed.Outcome, closed.ClosedBy, closed.Closed, closed.Remark, closed.Version = workorder.OutcomeAccepted, workorder.Supervisor("督查室"), supAt(13, 0), "说明属实", 2
	if err := s.UpdateSupervision(ctx, &closed, 1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		f    workorder.SupervisionFilter
		want []string
	}{
		{workorder.SupervisionFilter{}, []string{"WO-1/finish/1", "WO-2/finish/1", "WO-3/finish/1"}},
		{workorder.SupervisionFilter{Unit: "城管办"}, []string{"WO-1/finish/1", "WO-3/finish/1"}},
		{workorder.SupervisionFilter{Unit: "城管办", Open: true}, []string{"WO-3/finish/1"}},
		{workorder.SupervisionFilter{Order: "WO-2"}, []string{"WO-2/finish/1"}},
		{workorder.SupervisionFilter{From: supAt(11, 0)}, []string{"WO-3/finish/1"}},
		{workorder.SupervisionFilter{To: supAt(12, 0)}, []string{"WO-1/finish/1", "WO-2/finish/1"}},
		{workorder.SupervisionFilter{Unit: "派出所"}, nil},
	}
	for _, tc := range tests {
		got, err := s.Supervisions(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, g := range got {
			ids = append(ids, g.ID)
		}
		if len(ids) != len(tc.want) || (len(ids) > 0 && !equalStrings(ids, tc.want)) {
			t.Errorf("Supervisions(%+v) = %v, want %v", tc.f, ids, tc.want)
		}
	}
}

func equalStrings(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func testSanctions(t *testing.T, s workorder.SupervisionStore) {
	ctx := context.Background()
	sns := []workorder.Sanction{
		{ID: "WO-1/finish/1/talk", Kind: workorder.SanctionTalk, Unit: "城管办", Order: "WO-1", Supervision: "WO-1/finish/1",
			DecidedBy: workorder.Supervisor("督查室"), Reason: "超期且说明迟交", At: supAt(15, 10)},
		{ID: "unit/城管办/2026-10", Kind: workorder.SanctionCriticism, Unit: "城管办",
			DecidedBy: workorder.Supervisor("督查室"), Reason: "十月三单超期", At: supAt(31, 9)},
		{ID: "WO-2/finish/1/talk", Kind: workorder.SanctionTalk, Unit: "环保分局", Order: "WO-2", Supervision: "WO-2/finish/1",
			DecidedBy: workorder.Supervisor("督查室"), Reason: "未说明", At: supAt(15, 9)},
	}
	for i := range sns {
		if err := s.CreateSanction(ctx, &sns[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateSanction(ctx, &sns[0]); !errors.Is(err, workorder.ErrConflict) {
		t.Errorf("second create: %v, want ErrConflict", err)
	}
	bad := workorder.Sanction{ID: "x", Unit: "城管办", At: supAt(15, 0)}
	if err := s.CreateSanction(ctx, &bad); !errors.Is(err, workorder.ErrInvalidArgument) {
		t.Errorf("no kind: %v, want ErrInvalidArgument", err)
	}
	got, err := s.Sanctions(ctx, workorder.SanctionFilter{Unit: "城管办"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !sameSanction(got[0], sns[0]) || !sameSanction(got[1], sns[1]) {
		t.Errorf("Sanctions(城管办) = %+v", got)
	}
	got, err = s.Sanctions(ctx, workorder.SanctionFilter{Kind: workorder.SanctionTalk, To: supAt(16, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "WO-2/finish/1/talk" || got[1].ID != "WO-1/finish/1/talk" {
		t.Errorf("talks = %+v", got)
	}
}

func sameSanction(a, b workorder.Sanction) bool {
	at := a.At.Equal(b.At)
	a.At, b.At = time.Time{}, time.Time{}
	return at && a == b
}
