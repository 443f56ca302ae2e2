package sched

import "syscall"

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
