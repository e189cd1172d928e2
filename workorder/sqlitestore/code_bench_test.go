package sqlitestore_test

import (
	"context"
	"testing"

	"github.com/hotline12345/hotline/classify"
	"github.com/hotline12345/hotline/workorder"
)

// BenchmarkListCode lists a classification subtree among 5,000 orders
// spread over the default tree's leaves: a domain (about a tenth of the
// orders), a class and a leaf, each read through the code index.
func BenchmarkListCode(b *testing.B) {
	s := open(b)
	svc := newService(b, s)
	ctx := context.Background()
	leaves := classify.Default().Leaves()
	for i := range 5000 {
		d := complaint()
		d.Code = leaves[i%len(leaves)].Code
		if _, err := svc.Accept(ctx, centre, d); err != nil {
			b.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name  string
		code  classify.Code
		limit int
	}{{"domain", "01", 0}, {"class", "01.02", 0}, {"leaf", "01.02.03", 0}, {"first-70-any-code", "", 70}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				os, err := s.List(ctx, workorder.Filter{Code: tc.code, Limit: tc.limit})
				if err != nil {
					b.Fatal(err)
				}
				n = len(os)
			}
			b.ReportMetric(float64(n), "orders/op")
		})
	}
}
