package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// stashReplaceWait bounds how long stashReplace retries a replacement that another
// process's open handle refuses (a virus scanner or an indexer looking at the new file).
const stashReplaceWait = 2 * time.Second

// stashReplace moves tmp to dst, replacing the file or symbolic link there, with
// MoveFileEx(MOVEFILE_REPLACE_EXISTING|MOVEFILE_WRITE_THROUGH): on NTFS a reader sees
// the old file or the new one. There is no swap (renameat2 is Linux's), so swapped is
// never called. A directory at dst is never replaced: MoveFileEx refuses it.
func stashReplace(tmp, dst string, _ func()) error {
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		return fmt.Errorf("rename %s to %s: a directory is there", tmp, dst)
	}
	from, err := windows.UTF16PtrFromString(tmp)
	if err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	to, err := windows.UTF16PtrFromString(dst)
	if err != nil {
		return fmt.Errorf("rename %s: %w", dst, err)
	}
	deadline := time.Now().Add(stashReplaceWait)
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		err = windows.MoveFileEx(from, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
		if err == nil {
			return nil
		}
		if !stashBusy(err) || time.Now().After(deadline) {
			return fmt.Errorf("rename %s to %s: %w", tmp, dst, err)
		}
		time.Sleep(delay)
	}
}

// stashBusy reports whether err is another process holding the file open. (A read-only
// dst refuses the same way, and fails after the wait.)
func stashBusy(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_SHARING_VIOLATION)
}
