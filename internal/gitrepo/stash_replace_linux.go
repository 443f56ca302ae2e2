package gitrepo

import (
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// stashReplace moves tmp to dst atomically, replacing the file or symlink there: a reader
// sees the old file or the new one, never neither. It swaps the two with
// renameat2(RENAME_EXCHANGE) and then unlinks tmp, which now holds the old file, because
// ext4 flushes a file renamed over another one (auto_da_alloc): a plain rename cost about
// 95 µs per file here, a swap and an unlink 12-40 µs. Where dst is missing or not a file,
// or the file system cannot swap, it is rename(2). swapped (a kill point in the tests) is
// called between the swap and the unlink: a kill there leaves the old file under tmp's
// name, which Recover deletes.
func stashReplace(tmp, dst string, swapped func()) error {
	fi, err := os.Lstat(dst)
	if err != nil || !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
		return os.Rename(tmp, dst)
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE); err != nil {
		return os.Rename(tmp, dst) // EINVAL where the file system cannot swap, ENOSYS on old kernels
	}
	swapped()
	// Unlinkat without AT_REMOVEDIR never removes a directory, should one have been
	// swapped out.
	if err := unix.Unlinkat(unix.AT_FDCWD, tmp, 0); err != nil {
		return fmt.Errorf("remove %s: %w", tmp, err)
	}
	return nil
}
