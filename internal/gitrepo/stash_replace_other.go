//go:build unix && !linux

package gitrepo

import "os"

// stashReplace moves tmp to dst atomically, replacing the file or symlink there.
func stashReplace(tmp, dst string, _ func()) error { return os.Rename(tmp, dst) }
