//go:build unix

package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// stashLockDir opens dir and takes an exclusive flock on it, waiting a moment at most.
// (The moment covers a child being started by the previous owner: between fork and exec
// it shares the owner's descriptors, and so its lock.)
func stashLockDir(dir string) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	for try := 0; ; try++ {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EWOULDBLOCK) || try == 50 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err != nil {
		_ = f.Close() // the lock error is the one to report
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", dir, ErrStashInUse)
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return f, nil
}

// stashKillSelf sends this process SIGKILL (a kill point in the tests).
func stashKillSelf() {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL) // a signal to oneself lands before Kill returns
}
