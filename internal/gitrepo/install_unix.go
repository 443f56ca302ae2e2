//go:build unix

package gitrepo

import "io/fs"

// shimPath is the fallback path as a shim names it: as it is.
func shimPath(p string) string { return p }

// hookExecutable reports whether git would run the hook file at path: an execute bit.
func hookExecutable(_ string, fi fs.FileInfo) bool { return fi.Mode().Perm()&0o111 != 0 }

// HookCommand is how to run the git hook script at path with args: directly.
func HookCommand(path string, args []string) (string, []string) { return path, args }
