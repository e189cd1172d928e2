package pgstore_test

import (
	"testing"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// BenchmarkStep reports steps per second through a Service on
// PostgreSQL. The store has 16 connections, one for each writer of the
// writers=8 case and more: with durable commits a writer holds its
// connection while the server flushes its commit, and the server flushes
// together only the commits that wait at the same time (pgxpool's
// default on two CPUs, four connections, would allow four).
//
// Figures with durable commits: HOTLINE_PG_DURABLE=1 .ci/with-postgres.
func BenchmarkStep(b *testing.B) {
	storetest.BenchmarkSteps(b, func(b *testing.B, n int) (*workorder.Service, []string) {
		svc := newService(b, openStore(b, newSchema(b), pgstore.WithMaxConns(16)), nil)
		ids := make([]string, n)
		for i := range ids {
			ids[i] = dispatched(b, svc, complaint(), true)
		}
		return svc, ids
	})
}
