package routing

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/hotline12345/hotline"
)

// burst returns n requests from one village about one power cut: the same
// repeat key (address and category) and the same hotspot group (village
// and category), one every 100ms, so that all of them lie inside the town's
// repeat and hotspot windows.
func burst(n int) []Request {
	start := at(6, 1, 20, 0)
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = Request{
			ID: "P" + strconv.Itoa(i), Category: hotline.CategoryHelp, Text: "村里突然停电了，到现在还没来电",
			Region: "清溪镇/三中村/一组", Address: "三中村一组",
			At: start.Add(time.Duration(i) * 100 * time.Millisecond),
		}
	}
	return reqs
}

// BenchmarkBurst times the last 1,000 decisions of a burst after 1k, 10k
// and 100k earlier ones with the same repeat key and hotspot group (the
// earlier ones are routed outside the timer). One op is 1,000 decisions;
// ns/decision is the cost of one.
func BenchmarkBurst(b *testing.B) {
	const last = 1000
	rs := townRules(b, Options{})
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("burst=%d", n), func(b *testing.B) {
			reqs := burst(n + last)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				r := NewRouter(rs)
				for i := range reqs[:n] {
					if _, err := r.Route(ctx, &reqs[i]); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				for i := range reqs[n:] {
					d, err := r.Route(ctx, &reqs[n+i])
					if err != nil {
						b.Fatal(err)
					}
					if !d.Repeat {
						b.Fatal("not a repeat")
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*last), "ns/decision")
		})
	}
}

// A burst of 100,000 calls gives the same repeats and hotspots as the
// naive reference. The windows are shortened so that the burst outlasts
// them: orders leave the repeat window and hotspot groups alert again.
// Most calls share one key and one group; some come at the same instant,
// some are routed again.
func TestRouterBurstMatchesNaive(t *testing.T) {
	const n = 100000
	cfg := townConfig(t)
	cfg.Joint.Repeat.Window = time.Hour
	cfg.Hotspot.Window = 30 * time.Minute
	r := NewRouter(mustCompile(t, cfg, Options{}))
	nv := newNaiveMemory(time.Hour, 30*time.Minute, cfg.Hotspot.Count)
	start := at(6, 1, 20, 0)
	mismatches := 0
	for i := range n {
		req := Request{
			ID: "P" + strconv.Itoa(i), Category: hotline.CategoryHelp, Text: "村里停电了",
			Region: "清溪镇/三中村", Address: "三中村一组",
			At: start.Add(time.Duration(i-i%3) * 100 * time.Millisecond), // three at a time
		}
		if i%7 == 0 {
			req.Category = hotline.CategoryComplaint
		}
		if i%10 == 0 {
			req.Address = "三中村二组"
		}
		if i%4 == 0 {
			req.Text = "村里停水了"
		}
		if i%5 == 0 {
			req.Region = "清溪镇/清溪社区"
		}
		redo := i%1000 == 999
		if redo {
			req.ID = "P" + strconv.Itoa(i-50) // the same order routed again, later
		}
		answer := i < 50 || i%997 == 0 || i >= n-50 || redo
		d, err := r.Route(context.Background(), &req)
		require.NoError(t, err)

		count, latest := nv.repeat(req.Address+"\x00"+string(req.Category), req.ID, req.At, answer)
		var want []Hotspot
		units := append([]string{d.Lead}, d.Assist...)
		group := func(cat hotline.Category, kw string) {
			if h, ok := nv.hotspot(req.Region+"\x00"+string(cat)+"\x00"+kw, req.ID, req.At, units); ok {
				h.Region, h.Category, h.Keyword = req.Region, cat, kw
				want = append(want, h)
			}
		}
		group(req.Category, "")
		if strings.Contains(req.Text, "停水") {
			group("", "停水")
		}
		got := slices.Clone(d.Hotspots)
		for k := range got {
			got[k].Key = ""
		}
		if !assert.Equal(t, want, got, "call %d: hotspots", i) {
			mismatches++
		}
		if answer {
			if latest == nil || count < 2 {
				latest = []string{}
			}
			ok := assert.Equal(t, count, d.RepeatCount, "call %d: earlier orders", i) &&
				assert.Equal(t, count >= 2, d.Repeat, "call %d: repeat", i) &&
				assert.Equal(t, latest, d.RepeatOf, "call %d: repeat of", i)
			if !ok {
				mismatches++
			}
		}
		if mismatches > 5 {
			t.FailNow()
		}
	}
	st := r.state.Load()
	assert.LessOrEqual(t, len(st.repeats.expiry), 36000, "an hour of calls at most")
	assert.LessOrEqual(t, len(st.hot.expiry), 2*18000, "half an hour of calls in one or two groups each")
}

// With more earlier orders than RepeatOfMax, RepeatOf names the latest of
// them and RepeatCount and the reason count them all, from memory or from
// a History.
func TestRouterRepeatOfLatest(t *testing.T) {
	for _, c := range []struct {
		lang    language.Tag
		history bool
		reason  string
	}{
		{language.English, false, "repeat: request 25 with the same address and category within 30 days, after P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, P18, P19, P20, P21, P22, P23 and 4 more;"},
		{language.Chinese, false, "30天内同地址、同类别第25件，属重复诉求，此前工单：P4、P5、P6、P7、P8、P9、P10、P11、P12、P13、P14、P15、P16、P17、P18、P19、P20、P21、P22、P23等24件；"},
		{language.English, true, "repeat: request 25 with the same address and category within 30 days, after P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, P18, P19, P20, P21, P22, P23 and 4 more;"},
	} {
		t.Run(fmt.Sprint(c.lang, c.history), func(t *testing.T) {
			r := NewRouter(townRules(t, Options{Language: c.lang}))
			h := &fakeHistory{}
			if c.history {
				r.SetHistory(h)
			}
			var d Decision
			for i, req := range burst(25) {
				var err error
				d, err = r.Route(context.Background(), &req)
				require.NoError(t, err)
				h.remember(&req, d)
				assert.Equal(t, i, d.RepeatCount, req.ID)
				if i >= 2 { // the town's count is 3
					assert.Len(t, d.RepeatOf, min(i, RepeatOfMax), req.ID)
				}
			}
			assert.True(t, d.Repeat)
			assert.Equal(t, 24, d.RepeatCount)
			assert.Equal(t, "P4", d.RepeatOf[0])
			assert.Equal(t, "P23", d.RepeatOf[RepeatOfMax-1])
			assert.Contains(t, d.Reason, c.reason)
		})
	}
}
