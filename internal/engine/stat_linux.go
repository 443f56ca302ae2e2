package engine

import (
	"io/fs"
	"syscall"
)

// inodeTimes returns a file's inode number and change time, which a rewrite changes even
// when it keeps the size and sets the modification time back.
func inodeTimes(fi fs.FileInfo) (ino uint64, ctime int64) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ino, st.Ctim.Nano()
}
