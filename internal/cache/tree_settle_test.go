package cache

import (
	"os"
	"path/filepath"
	"testing"
)

// A file a writer started on is hashed for every job while the writer runs, once more
// after it ends, and then given again until a writer starts on it again: a fixer's
// files are not hashed again by each later check, and no id outlives a change.
func TestTreeSettlesATouchedFileOnceItsWriterEnds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.py", "one\n")
	write("b.py", "b\n")
	tr := NewTree(dir, map[string]string{"a.py": "100644 from-index", "b.py": "100644 b"}, nil, nil)
	id := func(p string) string { return tr.Files([]string{p})[0].ID }
	hashes := func(want int, when string) {
		t.Helper()
		if got := tr.Hashed(); got != want {
			t.Fatalf("%s: %d hashes, want %d", when, got, want)
		}
	}

	tr.Touch([]string{"a.py"}, false) // a fixer of a.py starts
	id("a.py")
	id("a.py")
	hashes(2, "while the writer runs, each ask hashes")
	write("a.py", "two\n") // it fixes the file, and ends
	tr.Done([]string{"a.py"}, false)
	if got, want := id("a.py"), WorkID(filepath.Join(dir, "a.py")); got != want {
		t.Fatalf("after the writer: %q, want the fixed content's %q", got, want)
	}
	id("a.py")
	id("a.py")
	hashes(3, "after the writer, one hash is given again")

	tr.Touch([]string{"a.py"}, false) // another writer starts: the settled id no longer holds
	write("a.py", "three\n")
	if got, want := id("a.py"), WorkID(filepath.Join(dir, "a.py")); got != want {
		t.Fatalf("second writer: %q, want %q", got, want)
	}
	tr.Done([]string{"a.py"}, false)
	id("a.py")
	id("a.py")
	hashes(5, "the second writer's file settles again")

	tr.Touch(nil, true) // a writer that may write anywhere
	write("a.py", "four\n")
	if got, want := id("a.py"), WorkID(filepath.Join(dir, "a.py")); got != want {
		t.Fatalf("anywhere writer: %q, want %q", got, want)
	}
	if got, want := id("b.py"), WorkID(filepath.Join(dir, "b.py")); got != want {
		t.Fatalf("anywhere writer, b.py: %q, want %q", got, want)
	}
	tr.Done(nil, true)
	id("a.py")
	id("b.py")
	id("a.py")
	id("b.py")
	hashes(9, "after the anywhere writer, each file settles once")
}
