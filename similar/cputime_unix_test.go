//go:build unix

package similar

import (
	"syscall"
	"time"
)

// cpuTime returns the processor time the process has used, so that a
// benchmark on a busy machine can report its own work apart from waiting.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
