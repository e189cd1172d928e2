package sqlitestore_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hotline12345/hotline/workorder/sqlitestore"
	"github.com/hotline12345/hotline/workorder/storetest"
)

// crashEnv names the database a child process of TestCrashSIGKILL works
// on; the test binary re-executes itself with it set.
const crashEnv = "HOTLINE_SQLITE_CRASH_DB"

// crashWork is the work of TestCrashSIGKILL: 4 writers, 40 orders of 8
// steps.
var crashWork = storetest.Workload{Prefix: "KILL", Workers: 4, Orders: 40, Lead: cityMgmt, Draft: complaint,
	Backoff: 5 * time.Millisecond}

// TestCrashSIGKILL kills a process taking steps on a store with SIGKILL,
// several times, each time after it has reported more steps done, and
// starts it again: it takes every step again from the first with the same
// keys. No step reported done is lost after a kill, and at the end every
// order holds each of its steps exactly once and its trail verifies.
func TestCrashSIGKILL(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	path := filepath.Join(t.TempDir(), "orders.db")
	acked := map[string]bool{}
	const kills = 5
	for round := 0; round <= kills; round++ {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCrashSIGKILL$", "-test.v")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after the child reported 30 new steps done; the last round
		// runs to the end.
		fresh, killed := 0, false
		sc := bufio.NewScanner(out)
		var lines []string
		for sc.Scan() {
			key, ok := strings.CutPrefix(sc.Text(), "done ")
			if !ok {
				lines = append(lines, sc.Text())
				continue
			}
			if !acked[key] {
				acked[key] = true
				fresh++
			}
			if round < kills && fresh == 30 && !killed {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		err = cmd.Wait()
		switch {
		case killed && err == nil:
			t.Fatalf("round %d: the child finished before it was killed", round)
		case !killed && err != nil:
			t.Fatalf("round %d: child: %v\n%s\n%s", round, err, strings.Join(lines, "\n"), stderr.String())
		}
		checkAcked(t, ctx, path, acked)
	}
	if n := len(acked); n != crashWork.Orders*8 {
		t.Errorf("%d steps reported done, want %d", n, crashWork.Orders*8)
	}
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all := make([]string, crashWork.Orders)
	for i := range all {
		all[i] = crashWork.ID(i)
	}
	if err := crashWork.Check(ctx, newService(t, s), s, all); err != nil {
		t.Error(err)
	}
}

// checkAcked checks that every step a child reported done is stored.
func checkAcked(t *testing.T, ctx context.Context, path string, acked map[string]bool) {
	t.Helper()
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for key := range acked {
		if _, err := s.RecordByKey(ctx, key); err != nil {
			t.Errorf("step %s reported done: %v", key, err)
		}
	}
}

// crashChild is the child process of TestCrashSIGKILL: it runs the
// workload on the store at path, printing each step's key once it is
// done.
func crashChild(t *testing.T, path string) {
	ctx := context.Background()
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := bufio.NewWriter(os.Stdout)
	done := make(chan string, 64)
	flushed := make(chan struct{})
	go func() {
		for k := range done {
			fmt.Fprintln(w, "done "+k)
			if len(done) == 0 {
				w.Flush()
			}
		}
		w.Flush()
		close(flushed)
	}()
	svc := newService(t, s)
	_, err = crashWork.Run(ctx, svc, nil, func(key string) { done <- key })
	close(done)
	<-flushed
	if err != nil {
		t.Fatal(err)
	}
}
