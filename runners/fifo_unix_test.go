//go:build unix

package runners

import "syscall"

// mkfifo makes a named pipe at path.
func mkfifo(path string, mode uint32) error { return syscall.Mkfifo(path, mode) }
