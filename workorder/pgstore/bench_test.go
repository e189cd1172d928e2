package pgstore_test

import (
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// BenchmarkStep reports steps per second through a Service on
// PostgreSQL.
func BenchmarkStep(b *testing.B) {
	storetest.BenchmarkSteps(b, func(b *testing.B, n int) (*workorder.Service, []string) {
		svc := newService(b, openStore(b, newSchema(b)), nil)
		ids := make([]string, n)
		for i := range ids {
			ids[i] = dispatched(b, svc, complaint(), true)
		}
		return svc, ids
	})
}
