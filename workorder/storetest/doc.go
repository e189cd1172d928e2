// Package storetest is the conformance suite every workorder.Store
// implementation runs. A store's test calls Run with a constructor that
// returns an empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) workorder.Store { return workorder.NewMemStore() })
//	}
//
// The suite checks creating and reading orders, version conflicts, that
// writes whose versions, records or LastHash do not fit are refused, that
// an update and its audit records are written together or not at all,
// every list filter, that orders go in and out as copies, and concurrent
// updates of one order (exactly one winner per version, nothing lost,
// nothing doubled), and that a service on the store refuses text holding a
// NUL (U+0000) before the store sees it. It checks idempotency keys: kept
// with their records and found by RecordByKey, unique across the store
// (ErrKeyReused), and a service on the store taking a step again with its
// key answering without storing it twice, also when a commit's answer is
// lost (ErrOutcomeUnknown). Workload and its Check are the work of crash
// tests, which a store runs against its own way of failing (a server
// restarted, a process killed). Times are compared as instants to the microsecond;
// zones need not be kept. Each subtest gets its own store from newStore,
// which may call t.Cleanup to release it.
package storetest
