//go:build !unix

package filetype

import "io/fs"

// isExecutable approximates os.access(path, X_OK) by the permission bits.
func isExecutable(_ string, fi fs.FileInfo) bool {
	return fi.Mode().Perm()&0o111 != 0
}
