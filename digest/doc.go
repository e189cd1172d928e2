// Package digest tells each department, once a period (a week by
// default), what stands out among its orders (信息共享): new hotspots,
// topics rising against the period before by classification code (or
// category) and region, clusters of orders likely about one matter found
// by meaning (package similar), and its late and supervised orders.
//
// A [Builder] makes the digests of one period from the orders a caller
// reads from its store ([Order], [FromWorkorder]); [Send] hands each to a
// [Notifier] (mail, a message queue, a file) and reports every failure.
// A digest prints itself as Markdown ([Digest.WriteMarkdown]) and as
// tables ([Digest.Tables]) that package assess/xlsx writes to a workbook,
// in Chinese or English.
//
// Periods are [From, To) with To a boundary of [Builder.PeriodEnd]. A
// [Runner] waits for each boundary, reads the orders from a [Source],
// builds and sends the digests, and reports a period that failed to
// OnError with the digests to send again ([Failed]); a caller with its
// own scheduler calls [Runner.RunOnce] instead. The package keeps no state
// between periods: the period before is read from the orders.
package digest
