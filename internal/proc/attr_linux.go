package proc

import "syscall"

// sysProcAttr puts the child in a process group of its own, so that cancelling stops it
// and everything it started, and asks the kernel to SIGKILL it if hookrun itself dies
// (kill -9 included): an orphaned fixer must not go on writing files that the next
// hookrun is restoring.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
