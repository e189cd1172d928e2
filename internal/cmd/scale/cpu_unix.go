//go:build unix

package main

import (
	"syscall"
	"time"
)

// cpuClock returns the CPU time the process has spent, user and system.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
