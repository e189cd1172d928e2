package pgstore_test

import (
	"context"
	"errors"
	"os"
	osexec "os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder"
	"github.com/hotline12345/hotline/workorder/pgstore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// restartServer restarts the test server at once (pg_ctl restart -m
// immediate: no checkpoint, connections cut, crash recovery at start), as
// a crash of the server would. It skips the test when .ci/with-postgres
// did not say where the server is.
func restartServer(tb testing.TB, ctx context.Context) {
	tb.Helper()
	ctl, data, log := os.Getenv("HOTLINE_PG_CTL"), os.Getenv("HOTLINE_PG_DATA"), os.Getenv("HOTLINE_PG_LOG")
	if ctl == "" || data == "" {
		tb.Skip("HOTLINE_PG_CTL or HOTLINE_PG_DATA not set; see .ci/with-postgres")
	}
	// Recovery replays the WAL written since the last checkpoint, which
	// on a busy machine (the other packages' tests write to the same
	// server) has taken more than 30 s.
	args := []string{ctl, "-D", data, "-m", "immediate", "-w", "-t", "180", "restart"}
	if log != "" {
		args = append(args, "-l", log)
	}
	if owner := os.Getenv("HOTLINE_PG_OWNER"); owner != "" {
		args = append([]string{"runuser", "-u", owner, "--"}, args...)
	}
	if out, err := osexec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestCrashRestart restarts the server with pg_ctl restart -m immediate
// 10 times while 4 writers take steps, each retrying a failed step with
// its key: steps whose commit's answer was lost come back as
// ErrOutcomeUnknown, or are answered by the service reading their keys
// back, and are never taken twice. At the end no step reported done is
// lost, none is doubled and every trail verifies.
//
// Commits are synchronous here, as in production: the test cluster's
// default (synchronous_commit off) acknowledges commits that a crash may
// then lose.
func TestCrashRestart(t *testing.T) {
	dsn := testDSN(t)
	if os.Getenv("HOTLINE_PG_CTL") == "" {
		t.Skip("HOTLINE_PG_CTL not set; see .ci/with-postgres")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	schema := newSchema(t)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	s, err := pgstore.Open(ctx, dsn+sep+"synchronous_commit=on", pgstore.WithSchema(schema), pgstore.WithMaxConns(8))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	svc := newService(t, s, nil)
	var mu sync.Mutex
	acked := map[string]bool{}
	unknown, retried := 0, 0
	work := storetest.Workload{Prefix: "PG", Workers: 4, Orders: 2000, Lead: cityMgmt, Draft: complaint,
		Retry: func(key string, err error) {
			mu.Lock()
			defer mu.Unlock()
			retried++
			if errors.Is(err, workorder.ErrOutcomeUnknown) {
				unknown++
			}
		}}
	progress := make(chan struct{}, 1)
	stop := make(chan struct{})
	type result struct {
		finished []string
		err      error
	}
	res := make(chan result, 1)
	go func() {
		f, err := work.Run(ctx, svc, stop, func(key string) {
			mu.Lock()
			acked[key] = true
			mu.Unlock()
			select {
			case progress <- struct{}{}:
			default:
			}
		})
		res <- result{f, err}
	}()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	const restarts = 10
	for range restarts {
		// Restart once the writers have done 20 more steps.
		for from := count(); count() < from+20; {
			select {
			case <-progress:
			case r := <-res:
				t.Fatalf("the writers stopped early: %d orders, %v", len(r.finished), r.err)
			case <-ctx.Done():
				t.Fatal(ctx.Err())
			}
		}
		restartServer(t, ctx)
	}
	close(stop)
	r := <-res
	if r.err != nil {
		t.Fatal(r.err)
	}
	t.Logf("%d restarts, %d steps on %d orders; %d failed steps retried with their keys, %d of them of unknown outcome",
		restarts, count(), len(r.finished), retried, unknown)

	check, err := pgstore.Open(ctx, dsn, pgstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	for key := range acked {
		if _, err := check.RecordByKey(ctx, key); err != nil {
			t.Errorf("step %s reported done: %v", key, err)
		}
	}
	if err := work.Check(ctx, newService(t, check, nil), check, r.finished); err != nil {
		t.Error(err)
	}
}
