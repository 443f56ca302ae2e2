package gitrepo

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// shimPath is the fallback path as a shim names it: C:/Users/me/go/bin/hookrun.exe.
func shimPath(p string) string { return slashed(p) }

// hookExecutable reports whether Git for Windows would run the hook file at path: it has
// no execute bits, so, as git does there, a program (.exe) or a script (#! first).
func hookExecutable(path string, _ fs.FileInfo) bool {
	if strings.EqualFold(filepath.Ext(path), ".exe") {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer func() { _ = f.Close() }() // read-only: closing cannot lose data
	head := make([]byte, 2)
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, []byte("#!"))
}

// HookCommand is how to run the git hook script at path with args: Windows cannot start
// a script, so through sh, as Git for Windows runs hooks (the sh on PATH in a hook is
// Git's own); a .exe directly.
func HookCommand(path string, args []string) (string, []string) {
	if strings.EqualFold(filepath.Ext(path), ".exe") {
		return path, args
	}
	return "sh", append([]string{path}, slices.Clone(args)...)
}
