package gitrepo

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// stashSyncFS makes everything written so far on the file system holding path durable:
// one syncfs(2) instead of an fsync per file and directory.
func stashSyncFS(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer func() { _ = f.Close() }() // read-only: closing cannot lose data
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
