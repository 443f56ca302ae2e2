package gitrepo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStashReplace: the new file takes the path (a new inode: a hard link to the old
// file keeps the old bytes, as with rename), the temporary name is gone, and a
// directory at the path is never swapped away.
func TestStashReplace(t *testing.T) {
	t.Parallel()
	write := func(t *testing.T, p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(t *testing.T, p string) string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Run("file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		dst, tmp, link := filepath.Join(dir, "a"), filepath.Join(dir, ".tmp"), filepath.Join(dir, "link")
		write(t, dst, "old")
		if err := os.Link(dst, link); err != nil {
			t.Fatal(err)
		}
		write(t, tmp, "new")
		called := false
		if err := stashReplace(tmp, dst, func() { called = true }); err != nil {
			t.Fatal(err)
		}
		if got := read(t, dst); got != "new" {
			t.Errorf("dst = %q, want new", got)
		}
		if got := read(t, link); got != "old" {
			t.Errorf("hard link = %q, want the old bytes", got)
		}
		if _, err := os.Lstat(tmp); !os.IsNotExist(err) {
			t.Errorf("temporary file left: %v", err)
		}
		if !called {
			t.Log("no swap on this file system: replaced by rename")
		}
	})
	t.Run("symlink", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		dst, tmp := filepath.Join(dir, "a"), filepath.Join(dir, ".tmp")
		if err := os.Symlink("target", dst); err != nil {
			t.Fatal(err)
		}
		write(t, tmp, "new")
		if err := stashReplace(tmp, dst, func() {}); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(dst); err != nil || !fi.Mode().IsRegular() || read(t, dst) != "new" {
			t.Errorf("dst is not the new file: %v, %v", fi, err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		dst, tmp := filepath.Join(dir, "a"), filepath.Join(dir, ".tmp")
		write(t, tmp, "new")
		if err := stashReplace(tmp, dst, func() { t.Error("swapped with nothing") }); err != nil {
			t.Fatal(err)
		}
		if got := read(t, dst); got != "new" {
			t.Errorf("dst = %q, want new", got)
		}
	})
	t.Run("directory", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		dst, tmp := filepath.Join(dir, "a"), filepath.Join(dir, ".tmp")
		if err := os.Mkdir(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dst, "keep"), "user's")
		write(t, tmp, "new")
		if err := stashReplace(tmp, dst, func() { t.Error("swapped a directory") }); err == nil {
			t.Error("replaced a directory")
		}
		if got := read(t, filepath.Join(dst, "keep")); got != "user's" {
			t.Errorf("directory content = %q", got)
		}
	})
}
