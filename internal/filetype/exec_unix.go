//go:build unix

package filetype

import (
	"io/fs"
	"syscall"
)

// isExecutable asks the kernel, as identify's os.access(path, X_OK) does, so root, group
// and other permissions count the way they do for the user running hookrun.
func isExecutable(full string, fi fs.FileInfo) bool {
	return executableMode(full, uint32(fi.Mode().Perm()))
}

// executableMode is isExecutable for a file whose mode (its permission bits at least)
// is known from a stat already.
func executableMode(full string, mode uint32) bool {
	if mode&0o111 == 0 {
		return false
	}
	return syscall.Access(full, 1) == nil // 1 is X_OK
}
