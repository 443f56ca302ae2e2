//go:build unix && !linux

package gitrepo

import "syscall"

// stashSyncFS flushes the file system's buffers: where there is no syncfs(2), sync(2).
func stashSyncFS(string) error {
	syscall.Sync()
	return nil
}
