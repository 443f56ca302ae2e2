package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// stashLockDir takes an exclusive lock for dir, waiting a moment at most. Windows cannot
// lock a directory, and a handle open on one would keep it from being removed, so the
// lock is a byte-range lock (LockFileEx) on the file dir+".lock" beside it, which stays
// when the directory goes. The system releases it when the holder dies, as with flock.
func stashLockDir(dir string) (*os.File, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	f, err := os.OpenFile(dir+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	for try := 0; ; try++ {
		err = windows.LockFileEx(windows.Handle(f.Fd()),
			windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &windows.Overlapped{})
		if !errors.Is(err, windows.ERROR_LOCK_VIOLATION) || try == 50 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err != nil {
		_ = f.Close() // the lock error is the one to report
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, fmt.Errorf("%s: %w", dir, ErrStashInUse)
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return f, nil
}

// stashKillSelf ends this process at once, as SIGKILL would (a kill point in the tests).
func stashKillSelf() {
	_ = windows.TerminateProcess(windows.CurrentProcess(), 137)
}
