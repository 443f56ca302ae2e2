package filetype

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// openRegular says noLinks only for a relative path with no symbolic link on its way,
// still opens a file below a linked directory (the link's target is read, as before),
// and never opens a link named last.
func TestOpenRegularNoLinks(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"real/deep"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "real/deep/f.txt"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"linkdir": "real", "real/link.txt": "deep/f.txt"} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	for _, c := range []struct {
		path    string
		noLinks bool
	}{
		{"real/deep/f.txt", true},
		{"linkdir/deep/f.txt", false},
		{filepath.Join(root, "real/deep/f.txt"), false},
	} {
		fd, noLinks, err := openRegular(c.path)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		_ = syscall.Close(fd)
		if noLinks != c.noLinks && !noOpenat2.Load() {
			t.Errorf("%s: noLinks %v, want %v", c.path, noLinks, c.noLinks)
		}
	}
	if fd, _, err := openRegular("real/link.txt"); !errors.Is(err, syscall.ELOOP) {
		_ = syscall.Close(fd)
		t.Errorf("a link named last: err %v, want ELOOP", err)
	}
	if os.Getenv("CI") != "" && noOpenat2.Load() {
		t.Error("openat2 is missing on this CI machine: selection falls back to lstat every directory")
	}
}
