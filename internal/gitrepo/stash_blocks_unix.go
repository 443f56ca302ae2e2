//go:build unix

package gitrepo

import (
	"io/fs"
	"syscall"
)

// stashDataSize is how many bytes of src are data, not holes, as far as its allocated
// blocks tell.
func stashDataSize(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return min(int64(st.Blocks)*512, fi.Size()) //nolint:unconvert // Blocks is int32 on some systems
	}
	return fi.Size()
}
