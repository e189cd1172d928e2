//go:build !unix

package board

// cpuTime is not measured here: the benchmark reports 0 cpu-ns/op.
func cpuTime() int64 { return 0 }
