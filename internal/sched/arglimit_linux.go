package sched

import "syscall"

// argCap is the most argv bytes a batch takes on Linux: 1 MiB, prek's cap. Each batch
// is a process, and a Python or Node tool costs 0.1 to 1 s to start, so a 20,000-file
// --all starts 2 batches per hook where pre-commit's 128 KiB started 5 (internal/bench:
// 5 no-op hooks, 10 processes instead of 30, hookrun's CPU 73 ms to 40).
const argCap = 1 << 20

// sysArgMax is sysconf(_SC_ARG_MAX) as glibc computes it: a quarter of the stack limit,
// and never less than the legacy 128 KiB.
func sysArgMax() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_STACK, &rl); err != nil {
		return DefaultArgLimit // the legacy limit, which every Linux honours
	}
	// RLIM_INFINITY/4 still fits an int64; the caller clamps it anyway.
	return max(int(rl.Cur/4), DefaultArgLimit)
}
