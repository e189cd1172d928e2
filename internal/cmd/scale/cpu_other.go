//go:build !unix

package main

import "time"

// cpuClock returns the wall time where the process's CPU time is not
// known.
func cpuClock() time.Duration { return wallClock() }
