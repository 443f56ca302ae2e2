//go:build !linux && !windows

package sched

// argCap is the most argv bytes a batch takes: pre-commit's 128 KiB, below what any of
// these systems allows, so batches do not depend on the environment's size.
const argCap = DefaultArgLimit

// sysArgMax is a conservative ARG_MAX for systems without Linux's stack-based rule: the
// BSDs allow 256 KiB or more and macOS 1 MiB.
func sysArgMax() int { return 256 << 10 }
