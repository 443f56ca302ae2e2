package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// linkedIn reads a directory of many asked-about files whole, and lstats the files of
// the others: both ways, a link and a path below a linked directory are found, and
// nothing else is.
func TestLinkedInFindsLinksInFullAndSparseDirectories(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(name string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	var files []string
	for i := range 2 * readDirMin { // full: read whole
		name := fmt.Sprintf("full/f%d.txt", i)
		write(name)
		files = append(files, name)
	}
	link("f0.txt", "full/link.txt")
	write("sparse/a.txt")
	link("a.txt", "sparse/link.txt")
	write("real/inner.txt")
	link("real", "linkdir")
	files = append(files, "full/link.txt", "full/gone.txt", "sparse/a.txt", "sparse/link.txt", "linkdir/inner.txt", "top.txt")
	write("top.txt")
	want := map[string]bool{"full/link.txt": true, "sparse/link.txt": true, "linkdir/inner.txt": true}
	linked := linkedIn(root, files, nil)
	for _, f := range files {
		if got := linked(f); got != want[f] {
			t.Errorf("linked(%s) = %v, want %v", f, got, want[f])
		}
	}
}
