package sched

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestSnapshotChanged: what counts as a fixer's change is what git would commit: the
// content and the executable bit, not a rewrite of the same bytes.
func TestSnapshotChanged(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := []string{"same.txt", "rewritten.txt", "edited.txt", "chmod.sh", "gone.txt"}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(root, f), []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := takeSnapshot(root, files)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(root, "rewritten.txt"), []byte("x\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "edited.txt"), []byte("y\n"), 0o644))
	must(os.Chmod(filepath.Join(root, "chmod.sh"), 0o755))
	must(os.Remove(filepath.Join(root, "gone.txt")))
	got := before.changed(before.retake(root))
	if want := []string{"edited.txt", "chmod.sh", "gone.txt"}; !slices.Equal(got, want) {
		t.Errorf("changed = %q, want %q", got, want)
	}
}
