package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// linkedIn reads a directory of many asked-about files whole, and lstats the files of
// the others: both ways, a link and a path below a linked directory are found, and
// nothing else is.
func TestLinkedInFindsLinksInFullAndSparseDirectories(t *testing.T) {
	t.Parallel()
	root, files, want := linkTree(t)
	linked := linkedIn(root, files, nil, nil)
	wantLinked(t, linked, files, want)
}

// Files tagged as they are read ahead (from the root, where openat2 vouches that no
// link is on a file's way) are answered without looking at their directories; a file
// below a linked directory is still found linked.
func TestLinkedInAfterReadingAhead(t *testing.T) {
	root, files, want := linkTree(t)
	t.Chdir(root)
	tags := map[string]tagged{}
	tagAll(root, files, tags, hooks.NewSeed(len(files)))
	vouched := 0
	for _, tg := range tags {
		if tg.noLinks {
			vouched++
		}
	}
	if runtime.GOOS == "linux" && vouched == 0 {
		t.Error("no file was vouched for: openat2 missing, or not used")
	}
	linked := linkedIn(root, files, tags, nil)
	wantLinked(t, linked, files, want)
}

// Git's clean regular files are trusted not to be links only in directories with no link
// on their way: a file below a linked directory is still found, however git judged it.
func TestLinkedInTrustsCleanFilesOnlyInLinkFreeDirs(t *testing.T) {
	root, files, want := linkTree(t)
	t.Chdir(root)
	// As git answers: a link where the index has a file is a type change, but a file below
	// a linked directory can look clean (git's lstat follows the directory's link).
	clean := func(p string) bool { return !want[p] || p == "linkdir/inner.txt" }
	dirs := linkFreeDirs(root, files, clean)
	if runtime.GOOS == "linux" && (!dirs["full"] || !dirs["sparse"] || dirs["linkdir"]) {
		t.Errorf("link-free directories %v, want full and sparse, not linkdir", dirs)
	}
	linked := linkedIn(root, files, nil, clean)
	wantLinked(t, linked, files, want)
}

// linkTree makes files in a full directory (read whole by linkedIn), a sparse one
// (lstat per file), below a linked directory, and links among them; want says which
// are links or below one.
func linkTree(t *testing.T) (root string, files []string, want map[string]bool) {
	t.Helper()
	root = t.TempDir()
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
	return root, files, map[string]bool{"full/link.txt": true, "sparse/link.txt": true, "linkdir/inner.txt": true}
}

// wantLinked fails t for each of files that linked does not answer as want says.
func wantLinked(t *testing.T, linked func(string) bool, files []string, want map[string]bool) {
	t.Helper()
	for _, f := range files {
		if got := linked(f); got != want[f] {
			t.Errorf("linked(%s) = %v, want %v", f, got, want[f])
		}
	}
}
