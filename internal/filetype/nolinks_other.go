//go:build !linux

package filetype

// NoLinksOnPath is always false here: only Linux's openat2 can tell that no component
// of a path is a symbolic link in one call.
func NoLinksOnPath(string) bool { return false }
