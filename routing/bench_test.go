package routing

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline"
)

// synth builds n keyword rules over a pool of Chinese characters, and
// orders of about 200 characters that hit a few of them.
type synth struct {
	cfg    *Config
	orders []Request
}

func newSynth(n int) *synth {
	rng := rand.New(rand.NewPCG(12345, uint64(n)))
	pool := []rune{}
	for r := rune(0x4E00); len(pool) < 2500; r += 7 {
		pool = append(pool, r)
	}
	word := func(min, max int) string {
		var b strings.Builder
		for range min + rng.IntN(max-min+1) {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
		return b.String()
	}
	cats := []hotline.Category{hotline.CategoryConsultation, hotline.CategoryHelp, hotline.CategoryComplaint, hotline.CategoryReport, hotline.CategorySuggestion, hotline.CategoryPraise, hotline.CategoryOther}
	cfg := &Config{Centre: "中心", Fallback: "中心", Jurisdictions: map[string]string{"清溪镇": "镇政府"}}
	cfg.Joint.MultiUnit = true
	var words []string
	for i := range n {
		r := RuleSpec{
			Name:     fmt.Sprintf("规则%05d", i),
			Priority: rng.IntN(100),
			Any:      []string{word(2, 4), word(2, 4)},
			Lead:     fmt.Sprintf("单位%03d", rng.IntN(300)),
			Assist:   []string{fmt.Sprintf("单位%03d", rng.IntN(300))},
		}
		switch i % 10 {
		case 1:
			r.Categories = []hotline.Category{cats[rng.IntN(len(cats))], cats[rng.IntN(len(cats))]}
		case 2:
			r.None = []string{word(2, 3)}
		case 3:
			r.All = []string{word(2, 3)}
		case 4:
			r.Regions = []string{"清溪镇"}
		case 5:
			r.Codes = []string{[]string{"01", "01.02", "02.01.01", "03"}[i/10%4]}
		}
		words = append(words, r.Any...)
		cfg.Rules = append(cfg.Rules, r)
	}
	s := &synth{cfg: cfg}
	for i := range 64 {
		var b strings.Builder
		for b.Len() < 3*200-12*3 {
			if rng.IntN(60) == 0 {
				b.WriteString(words[rng.IntN(len(words))])
			} else {
				b.WriteRune(pool[rng.IntN(len(pool))])
			}
			if rng.IntN(25) == 0 {
				b.WriteString("，")
			}
		}
		s.orders = append(s.orders, Request{
			ID: fmt.Sprintf("B%03d", i), Category: cats[i%len(cats)], Text: b.String(),
			Region: "清溪镇/三中村", Address: fmt.Sprintf("幸福路%d号", i%7), Code: []string{"", "01.02.03", "02.01.01", "01.01", "01.020"}[i%5],
			At: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		})
	}
	return s
}

var synthCache sync.Map // n -> *synth

func synthFor(n int) *synth {
	if s, ok := synthCache.Load(n); ok {
		return s.(*synth)
	}
	s, _ := synthCache.LoadOrStore(n, newSynth(n))
	return s.(*synth)
}

func mustCompile(tb testing.TB, cfg *Config, opts Options) *RuleSet {
	tb.Helper()
	rs, _, err := Compile(cfg, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return rs
}

func BenchmarkRoute(b *testing.B) {
	for _, bc := range []struct {
		name  string
		rules int
	}{
		{"rules=100", 100},
		{"rules=1000", 1000},
		{"rules=10000", 10000},
	} {
		s := synthFor(bc.rules)
		rs := mustCompile(b, s.cfg, Options{})
		b.Run("decide/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := rs.Decide(&s.orders[i%len(s.orders)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		for _, v := range []struct {
			name string
			hot  *HotspotConfig
		}{
			{"router", nil},
			{"router+hotspots", &HotspotConfig{Window: time.Hour, Count: 5, RegionDepth: 2}},
		} {
			b.Run(v.name+"/"+bc.name, func(b *testing.B) {
				// One order a minute in a one-hour window: every Route records
				// its order and expires the one an hour older, and the history
				// holds 60 orders over the 7 addresses. An id comes round again
				// only after len(ids) minutes, long out of the window. With
				// hotspots, all orders are from one village.
				const window, step = time.Hour, time.Minute
				cfg := *s.cfg
				cfg.Joint.Repeat = &RepeatConfig{Window: window, Count: 3, Key: []KeyField{KeyAddress, KeyCategory}}
				cfg.Hotspot = v.hot
				r := NewRouter(mustCompile(b, &cfg, Options{}))
				ids := make([]string, 1<<16)
				for k := range ids {
					ids[k] = "R" + strconv.Itoa(k)
				}
				start := s.orders[0].At
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					req := s.orders[i%len(s.orders)]
					req.ID, req.At = ids[i%len(ids)], start.Add(time.Duration(i)*step)
					if _, err := r.Route(context.Background(), &req); err != nil {
						b.Fatal(err)
					}
					i++
				}
				if got, want := len(r.state.Load().repeats.expiry), min(i, int(window/step)); got != want {
					b.Fatalf("%d orders in the history, want %d", got, want)
				}
			})
		}
	}
}

// BenchmarkRouteNaive is the baseline: every keyword of every rule tried
// with strings.Contains on the normalised text.
func BenchmarkRouteNaive(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		s := synthFor(n)
		nv := newNaive(s.cfg)
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				nv.best(&s.orders[i%len(s.orders)])
				i++
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		s := synthFor(n)
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Compile(s.cfg, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkNormalize(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"ascii", strings.Repeat("Noise at night ABC12 ", 10)},
		{"chinese", strings.Repeat("小区楼下工地夜间施工噪音扰民，", 14)},
		{"fullwidth", strings.Repeat("ＡＢＣ１２井盖丢失，", 20)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var n normalizer
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				buf = n.normalize(buf[:0], bc.text)
			}
		})
	}
}
