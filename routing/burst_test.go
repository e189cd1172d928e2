package routing

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

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
