//go:build unix && !linux

package proc

import "syscall"

// sysProcAttr puts the child in a process group of its own, so that cancelling stops it
// and everything it started.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
