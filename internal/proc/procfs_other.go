//go:build !linux

package proc

// identify cannot read a process's start time here, so no process group is recorded and
// none is ever signalled by ReapOrphans: a killed run's leftover hooks are not stopped,
// rather than a stranger that now has their group's number.
func identify(int) (identity, bool) { return identity{}, false }

// ours holds for no record here (see identify).
func ours(int, identity) bool { return false }
