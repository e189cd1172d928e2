package sqlitestore

import (
	"context"
	flagpkg "flag"
	"testing"

	"github.com/hotline12345/hotline/workorder"
)

// benchStored is how many orders BenchmarkStepStored stores: small by
// default so that a CI run stays short; pass -args -stored=1000000 for
// the city-scale figures.
var benchStored = flagpkg.Int("stored", 20_000, "orders stored in BenchmarkStepStored")

// BenchmarkStepStored is BenchmarkStep on a SQLite file already holding
// -stored handling orders with their histories: urges, one goroutine,
// on orders spread over the whole file, so that each step reads and
// writes pages that are not the ones the last step touched. It reports
// steps/s besides ns/op.
func BenchmarkStepStored(b *testing.B) {
	f := newBenchFixture(b, *benchStored)
	svc, err := workorder.NewService(f.cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	super := workorder.Supervisor("督查室")
	n := len(f.ids)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := svc.Urge(ctx, super, f.ids[(i*7919)%n], ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}
