package sqlitestore_test

import (
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// BenchmarkStep reports steps per second through a Service on a SQLite
// file in WAL mode.
func BenchmarkStep(b *testing.B) {
	storetest.BenchmarkSteps(b, func(b *testing.B, n int) (*workorder.Service, []string) {
		svc := newService(b, open(b))
		return svc, handlingOrders(b, svc, n)
	})
}
