package repeats_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/calendar/cn"
	"github.com/hotline12345/hotline/repeats"
	"github.com/hotline12345/hotline/similar"
	"github.com/hotline12345/hotline/unit"
	"github.com/hotline12345/hotline/workorder"
)

var cst = time.FixedZone("CST", 8*3600)

// newService returns a service on a MemStore whose clock reads *now, with
// obs as its observer when not nil.
func newService(t testing.TB, now *time.Time, obs workorder.Observer) *workorder.Service {
	t.Helper()
	var us []unit.Unit
	for _, id := range []string{"清溪镇城管办", "清溪镇综合办"} {
		us = append(us, unit.Unit{ID: id, Name: id, Kind: unit.KindDepartment, Regions: []string{"清溪镇"}})
	}
	dir, err := unit.New(us, "清溪镇综合办")
	if err != nil {
		t.Fatal(err)
	}
	s, err := workorder.NewService(workorder.Config{
		Store:    workorder.NewMemStore(),
		Calendar: cn.Calendar(),
		Clock:    workorder.ClockFunc(func() time.Time { return *now }),
		IDs:      workorder.Sequence("QX"),
		Units:    dir,
		Observer: obs,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func draft(text, region string) *workorder.Order {
	return &workorder.Order{
		Channel: hotline.ChannelPhone, Category: hotline.CategoryComplaint,
		Text: text, Location: workorder.Location{Region: region},
	}
}

func newLinker(t testing.TB, cfg repeats.Config) *repeats.Linker {
	t.Helper()
	x, err := similar.New(similar.Config{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Index = x
	l, err := repeats.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The issue's pair: the same building site's night piling, said two ways
// a day apart, is linked; the other orders are not.
func TestObserverLinksTheIssuesPair(t *testing.T) {
	type heard struct {
		id      string
		repeats []string
	}
	var got []heard
	l := newLinker(t, repeats.Config{
		OnRepeat: func(_ context.Context, o *workorder.Order, ms []similar.Match) {
			h := heard{id: o.ID}
			for _, m := range ms {
				h.repeats = append(h.repeats, m.ID)
			}
			got = append(got, h)
		},
		OnError: func(_ context.Context, o *workorder.Order, err error) { t.Errorf("order %s: %v", o.ID, err) },
	})
	now := time.Date(2025, 3, 1, 23, 10, 0, 0, cst)
	s := newService(t, &now, l)
	ctx, centre := context.Background(), workorder.Centre("agent-7")
	for _, d := range []struct{ text, region string }{
		{"三中村建筑工地夜间施工噪音扰民", "清溪镇/三中村"},      // QX000001
		{"三中村路灯不亮", "清溪镇/三中村"},              // QX000002: another matter
		{"五里村工地夜间施工噪音扰民", "清溪镇/五里村"},        // QX000003: another village
		{"三中村工地晚上还在打桩，吵得睡不着", "清溪镇/三中村/一组"}, // QX000004: a repeat of QX000001
	} {
		if _, err := s.Accept(ctx, centre, draft(d.text, d.region)); err != nil {
			t.Fatal(err)
		}
		now = now.Add(8 * time.Hour)
	}
	want := []heard{{"QX000004", []string{"QX000001"}}}
	if !slices.EqualFunc(got, want, func(a, b heard) bool { return a.id == b.id && slices.Equal(a.repeats, b.repeats) }) {
		t.Errorf("heard %v, want %v", got, want)
	}
}

func TestAccept(t *testing.T) {
	l := newLinker(t, repeats.Config{})
	now := time.Date(2025, 3, 1, 23, 10, 0, 0, cst)
	s := newService(t, &now, nil)
	ctx, centre := context.Background(), workorder.Centre("agent-7")
	tests := []struct {
		text, region string
		want         []string
	}{
		{"三中村工地晚上还在打桩，吵得睡不着", "清溪镇/三中村", nil},
		{"三中村建筑工地夜间施工噪音扰民", "清溪镇/三中村", []string{"QX000001"}},
		{"市民来电反映：三中村工地夜里施工，请求相关部门处理", "清溪镇/三中村", []string{"QX000002", "QX000001"}},
		{"三中村工地晚上还在打桩，吵得睡不着", "龙泉镇/三中村", nil}, // another town's 三中村
		{"", "清溪镇/三中村", nil},
	}
	for i, tt := range tests {
		o, ms, err := l.Accept(ctx, s, centre, draft(tt.text, tt.region))
		if tt.text == "" {
			if !errors.Is(err, workorder.ErrInvalidOrder) || o != nil {
				t.Errorf("%d: empty text: got %v, %v; want ErrInvalidOrder", i, o, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		var ids []string
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%d %s: repeats %v, want %v", i, tt.text, ids, tt.want)
		}
		now = now.Add(time.Hour)
	}
}

func TestLoadAndErrors(t *testing.T) {
	if _, err := repeats.New(repeats.Config{}); !errors.Is(err, repeats.ErrNoIndex) {
		t.Errorf("New without an index: %v, want ErrNoIndex", err)
	}
	l := newLinker(t, repeats.Config{})
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, cst)
	old := draft("三中村建筑工地夜间施工噪音扰民", "清溪镇/三中村")
	old.ID = "OLD1"
	old.Timeline = append(old.Timeline, slaReceived(at))
	noTime := draft("三中村路灯不亮", "清溪镇/三中村")
	noTime.ID = "OLD2"
	err := l.Load([]*workorder.Order{old, noTime})
	if !errors.Is(err, similar.ErrInvalidDoc) {
		t.Errorf("Load: %v, want ErrInvalidDoc for OLD2", err)
	}
	o := draft("三中村工地晚上还在打桩，吵得睡不着", "清溪镇/三中村")
	o.ID = "NEW1"
	o.Timeline = append(o.Timeline, slaReceived(at.Add(24*time.Hour)))
	ms, err := l.Link(o)
	if err != nil || len(ms) != 1 || ms[0].ID != "OLD1" {
		t.Errorf("Link after Load: %v, %v; want OLD1", ms, err)
	}
	if _, err := l.Link(noTime); !errors.Is(err, similar.ErrInvalidDoc) {
		t.Errorf("Link without a time: %v, want ErrInvalidDoc", err)
	}
}
