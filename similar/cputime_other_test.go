//go:build !unix

package similar

import "time"

// cpuTime returns 0 where the process's processor time is not read.
func cpuTime() time.Duration { return 0 }
