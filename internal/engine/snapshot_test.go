package engine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hookrun/hookrun/internal/gitrepo"
)

// snapshotRepo commits files (name → content) in a new repository and opens it.
func snapshotRepo(tb testing.TB, files map[string]string) *gitrepo.Repo {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one"},
	} {
		cmd := exec.CommandContext(context.Background(), "git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	repo, err := gitrepo.Open(context.Background(), dir)
	if err != nil {
		tb.Fatal(err)
	}
	return repo
}

func TestSnapshotFindsAndRestoresChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	repo := snapshotRepo(t, map[string]string{"clean.txt": "clean\n", "dirty.txt": "dirty\n", "mode.sh": "echo\n", "gone.txt": "gone\n", "same.txt": "same\n"})
	abs := func(f string) string { return filepath.Join(repo.Root, f) }
	write := func(f, body string) {
		t.Helper()
		if err := os.WriteFile(abs(f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("dirty.txt", "the user's work\n")
	write("new.txt", "untracked\n")
	files := []string{"clean.txt", "dirty.txt", "gone.txt", "mode.sh", "new.txt", "same.txt"}
	snap, err := takeSnapshot(repo, files, map[string]bool{"dirty.txt": true, "new.txt": true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = snap.close() }()

	// What hooks do: rewrite a clean file and a dirty one, an untracked one, chmod, delete,
	// and rewrite one with what it held.
	write("clean.txt", "formatted\n")
	write("dirty.txt", "formatted\n")
	write("new.txt", "formatted\n")
	write("same.txt", "same\n")
	if err = os.Chmod(abs("mode.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err = os.Remove(abs("gone.txt")); err != nil {
		t.Fatal(err)
	}
	changed, err := snap.compare(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range changed {
		got = append(got, snap.files[i])
		if err := snap.restore(i); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"clean.txt", "dirty.txt", "gone.txt", "mode.sh", "new.txt"}; !slices.Equal(got, want) {
		t.Errorf("changed = %q, want %q", got, want)
	}
	for f, want := range map[string]string{"clean.txt": "clean\n", "dirty.txt": "the user's work\n", "gone.txt": "gone\n", "new.txt": "untracked\n"} {
		if b, err := os.ReadFile(abs(f)); err != nil || string(b) != want {
			t.Errorf("%s after restore = %q, %v; want %q", f, b, err, want)
		}
	}
	if fi, err := os.Stat(abs("mode.sh")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode.sh after restore: %v, %v; want -rw-r--r--", fi.Mode(), err)
	}
	if again, err := snap.compare(ctx); err != nil || len(again) != 0 {
		t.Errorf("after restore, compare = %v, %v; want nothing changed", again, err)
	}
}

// BenchmarkSnapshot measures check mode's cost on a 2,000-file tree modified an hour ago:
// the snapshot before the run (stats only, nothing dirty) and one comparison that finds
// nothing. A file modified within racyWindow of the run costs a read on each comparison.
func BenchmarkSnapshot(b *testing.B) {
	files := map[string]string{}
	var names []string
	for i := range 2000 {
		name := fmt.Sprintf("d%02d/f%04d.go", i%40, i)
		files[name] = fmt.Sprintf("package d\n\nconst X%d = %d\n", i, i)
		names = append(names, name)
	}
	slices.Sort(names)
	repo := snapshotRepo(b, files)
	old := time.Now().Add(-time.Hour)
	for _, name := range names {
		if err := os.Chtimes(filepath.Join(repo.Root, filepath.FromSlash(name)), old, old); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	b.Run("take", func(b *testing.B) {
		for b.Loop() {
			snap, err := takeSnapshot(repo, names, nil)
			if err != nil {
				b.Fatal(err)
			}
			_ = snap.close()
		}
	})
	b.Run("compare", func(b *testing.B) {
		snap, err := takeSnapshot(repo, names, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = snap.close() }()
		for b.Loop() {
			if _, err := snap.compare(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
