package digest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hotline12345/hotline/digest"
)

// BenchmarkBuild makes the digests of a week of 4,000 orders: the
// generated week 200 times over, each copy a few minutes later and in
// its own village, but for the orders of the whole town.
func BenchmarkBuild(b *testing.B) {
	var os []digest.Order
	for i := range 200 {
		for _, o := range week() {
			o.ID = fmt.Sprintf("%s-%03d", o.ID, i)
			o.Received = o.Received.Add(time.Duration(i) * 3 * time.Minute)
			if o.Region != "清溪镇" {
				o.Region = fmt.Sprintf("清溪镇/村%03d", i)
			}
			os = append(os, o)
		}
	}
	bd, err := digest.New(digest.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if ds := bd.Build(os, weekEnd); len(ds) != 2 {
			b.Fatalf("%d digests, want 2", len(ds))
		}
	}
}
