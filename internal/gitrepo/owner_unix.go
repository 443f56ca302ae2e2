//go:build unix

package gitrepo

import (
	"os"
	"syscall"
)

// ownedByMe reports whether path belongs to the effective user, the case in which git
// needs no safe.directory entry.
func ownedByMe(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}
