//go:build !linux

package sched

// sysArgMax is a conservative ARG_MAX for systems without Linux's stack-based rule: the
// BSDs allow 256 KiB or more and macOS 1 MiB.
func sysArgMax() int { return 256 << 10 }
