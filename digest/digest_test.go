package digest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/digest"
	"github.com/hotline12345/hotline/similar"
)

func ids[T any](xs []T, id func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func TestBuildWeek(t *testing.T) {
	b, err := digest.New(digest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ds := b.Build(week(), weekEnd)
	type want struct {
		orders, previous int
		hotspots         []digest.Hotspot
		rising           []digest.Rise
		clusters         []string // IDs joined by spaces
		late             []string
		supervised       []string
	}
	wants := map[string]want{
		urban: {
			orders: 11, previous: 4,
			hotspots: []digest.Hotspot{{Topic: "01.02", Region: "清溪镇/三中村", Count: 5, Start: at(4, 21, 0), Total: 5, New: true}},
			rising: []digest.Rise{
				{Topic: "01.02", Region: "清溪镇/三中村", Count: 5, Previous: 2},
				{Topic: "01.01", Region: "清溪镇/五里村", Count: 3, Previous: 0},
			},
			clusters:   []string{"QX0005 QX0006 QX0007 QX0008 QX0009 QX0010", "QX0011 QX0012 QX0013"},
			late:       []string{"QX0003", "QX0014"},
			supervised: []string{"QX0014"},
		},
		env: {
			orders: 3, previous: 0,
			clusters: []string{"QX0005 QX0006 QX0007 QX0008 QX0009 QX0010", "QX0017 QX0018"},
			late:     []string{"QX0018"},
		},
	}
	if got := ids(ds, func(d digest.Digest) string { return d.Department }); !slices.Equal(got, []string{urban, env}) {
		t.Fatalf("departments %v, want %s and %s", got, urban, env)
	}
	for _, d := range ds {
		w := wants[d.Department]
		if !d.From.Equal(at(3, 0, 0)) || !d.To.Equal(weekEnd) {
			t.Errorf("%s: period %v to %v, want 3 to 10 March", d.Department, d.From, d.To)
		}
		if d.Orders != w.orders || d.Previous != w.previous {
			t.Errorf("%s: %d orders, %d before; want %d, %d", d.Department, d.Orders, d.Previous, w.orders, w.previous)
		}
		if !slices.EqualFunc(d.Hotspots, w.hotspots, func(a, b digest.Hotspot) bool {
			return a.Topic == b.Topic && a.Region == b.Region && a.Count == b.Count && a.Start.Equal(b.Start) && a.Total == b.Total && a.New == b.New
		}) {
			t.Errorf("%s: hotspots %+v, want %+v", d.Department, d.Hotspots, w.hotspots)
		}
		if !slices.Equal(d.Rising, w.rising) {
			t.Errorf("%s: rising %+v, want %+v", d.Department, d.Rising, w.rising)
		}
		if got := ids(d.Clusters, func(c digest.Cluster) string { return strings.Join(c.Orders, " ") }); !slices.Equal(got, w.clusters) {
			t.Errorf("%s: clusters %q, want %q", d.Department, got, w.clusters)
		}
		if got := ids(d.Late, func(o digest.LateOrder) string { return o.ID }); !slices.Equal(got, w.late) {
			t.Errorf("%s: late %v, want %v", d.Department, got, w.late)
		}
		if got := ids(d.Supervised, func(o digest.SupervisedOrder) string { return o.ID }); !slices.Equal(got, w.supervised) {
			t.Errorf("%s: supervised %v, want %v", d.Department, got, w.supervised)
		}
	}
}

// The same orders read a week later: the hotspot and the rises are the
// period before's, so nothing is new or rising, and the late order still
// open is listed again.
func TestBuildNextWeek(t *testing.T) {
	b, err := digest.New(digest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ds := b.Build(week(), weekEnd.AddDate(0, 0, 7))
	if got := ids(ds, func(d digest.Digest) string { return d.Department }); !slices.Equal(got, []string{urban, env}) {
		t.Fatalf("departments %v", got)
	}
	u := ds[0]
	if u.Orders != 1 || u.Previous != 11 || len(u.Hotspots) != 0 || len(u.Rising) != 0 || len(u.Clusters) != 0 {
		t.Errorf("urban next week: %d orders, %d before, hotspots %v, rising %v, clusters %v", u.Orders, u.Previous, u.Hotspots, u.Rising, u.Clusters)
	}
	if got := ids(u.Late, func(o digest.LateOrder) string { return o.ID }); !slices.Equal(got, []string{"QX0014", "QX0015"}) {
		t.Errorf("urban late next week %v, want QX0014 QX0015", got)
	}
}

// Settings change what stands out: a smaller hotspot, a shorter period.
func TestBuildConfig(t *testing.T) {
	tests := []struct {
		name     string
		cfg      digest.Config
		to       time.Time
		hotspots int // of 城管办
		rising   int
		clusters int
	}{
		{"defaults", digest.Config{}, weekEnd, 1, 2, 2},
		{"three in a day", digest.Config{HotspotCount: 3}, weekEnd, 1, 2, 2},
		{"three in three days", digest.Config{HotspotCount: 3, HotspotWindow: 72 * time.Hour}, weekEnd, 2, 2, 2}, // and 五里村's lights,
		{"rising fourfold", digest.Config{RisingRatio: 4}, weekEnd, 1, 1, 2},
		{"clusters of four", digest.Config{ClusterMin: 4}, weekEnd, 1, 2, 1},
		{"strict similarity", digest.Config{Similar: similar.Config{Threshold: 0.9}}, weekEnd, 1, 2, 2}, // QX0005 with QX0009, QX0006 with QX0007
		{"by village", digest.Config{RegionDepth: 3}, weekEnd, 1, 1, 2},                                 // 五里村 split by group
		{"a day", digest.Config{Period: 24 * time.Hour}, at(5, 0, 0), 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := digest.New(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			d := b.Build(week(), tt.to)[0]
			if d.Department != urban || len(d.Hotspots) != tt.hotspots || len(d.Rising) != tt.rising || len(d.Clusters) != tt.clusters {
				t.Errorf("%s: %d hotspots, %d rising, %d clusters; want %d, %d, %d\n%+v", d.Department,
					len(d.Hotspots), len(d.Rising), len(d.Clusters), tt.hotspots, tt.rising, tt.clusters, d)
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	for _, tt := range []struct {
		cfg   digest.Config
		field string
	}{
		{digest.Config{Period: -time.Hour}, "Period"},
		{digest.Config{RegionDepth: -1}, "RegionDepth"},
		{digest.Config{HotspotCount: 1}, "HotspotCount"},
		{digest.Config{RisingRatio: -2}, "RisingRatio"},
		{digest.Config{ClusterMin: 1}, "ClusterMin"},
		{digest.Config{Similar: similar.Config{Threshold: 2}}, "Similar"},
	} {
		_, err := digest.New(tt.cfg)
		if !errors.Is(err, digest.ErrInvalidConfig) || !strings.Contains(err.Error(), "Config."+tt.field) {
			t.Errorf("%+v: %v, want ErrInvalidConfig naming %s", tt.cfg, err, tt.field)
		}
	}
}

func TestPeriodEnd(t *testing.T) {
	b, _ := digest.New(digest.Config{})
	for _, tt := range []struct{ now, want time.Time }{
		{at(12, 15, 0), weekEnd},       // a Wednesday
		{weekEnd, weekEnd},             // on the boundary
		{weekEnd.Add(-1), at(3, 0, 0)}, // just before it
		{time.Date(2023, 12, 31, 12, 0, 0, 0, cst), time.Date(2023, 12, 25, 0, 0, 0, 0, cst)}, // before the anchor
	} {
		if got := b.PeriodEnd(tt.now); !got.Equal(tt.want) {
			t.Errorf("PeriodEnd(%v) = %v, want %v", tt.now, got, tt.want)
		}
	}
}

func TestSendReportsEveryFailure(t *testing.T) {
	b, _ := digest.New(digest.Config{})
	ds := b.Build(week(), weekEnd)
	down := errors.New("mail server down")
	var sent []string
	n := digest.NotifierFunc(func(_ context.Context, d digest.Digest) error {
		if d.Department == urban {
			return down
		}
		sent = append(sent, d.Department)
		return nil
	})
	err := digest.Send(context.Background(), n, ds)
	var se *digest.SendError
	if !errors.Is(err, down) || !errors.As(err, &se) || se.Department != urban {
		t.Errorf("Send: %v, want a SendError for %s wrapping %v", err, urban, down)
	}
	if !slices.Equal(sent, []string{env}) {
		t.Errorf("sent %v, want %s after the failure", sent, env)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = digest.Send(ctx, n, ds)
	if !errors.Is(err, context.Canceled) || len(err.(interface{ Unwrap() []error }).Unwrap()) != 2 {
		t.Errorf("Send after cancel: %v, want both digests reported cancelled", err)
	}
}

// TestHotspotAcrossWeeks receives five orders of one matter in one day
// around the start of a week, three the Sunday evening before and two the
// Monday morning: routing raises the hotspot at the fifth, in the new
// week, whose digest shows it with all five; the week before shows none.
func TestHotspotAcrossWeeks(t *testing.T) {
	b, err := digest.New(digest.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var os []digest.Order
	for i, h := range []int{-3, -2, -1, 1, 2} {
		os = append(os, digest.Order{ID: fmt.Sprintf("H%d", i), Unit: urban, Code: "01.02.03", Category: hotline.CategoryComplaint,
			Region: "清溪镇/三中村", Text: "三中村工地夜间施工噪音扰民", Received: weekEnd.Add(time.Duration(h) * time.Hour)})
	}
	if ds := b.Build(os, weekEnd); len(ds) != 1 || len(ds[0].Hotspots) != 0 {
		t.Errorf("the week before: %+v, want no hotspot", ds)
	}
	ds := b.Build(os, weekEnd.AddDate(0, 0, 7))
	if len(ds) != 1 || len(ds[0].Hotspots) != 1 {
		t.Fatalf("the week: %+v, want one hotspot", ds)
	}
	if h := ds[0].Hotspots[0]; h.Count != 5 || !h.Start.Equal(weekEnd.Add(-3*time.Hour)) || h.Total != 2 {
		t.Errorf("hotspot %+v: want 5 orders from %v, 2 of them this week", h, weekEnd.Add(-3*time.Hour))
	}
}
