package gitrepo

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestClone(t *testing.T) {
	t.Parallel()
	src := chgNewRepo(t)
	src.write("hook.sh", "v1\n")
	src.commitAll("one")
	first := src.rev("HEAD")
	src.git("tag", "v1.0")
	src.git("tag", "-a", "-m", "annotated", "v1.0-annotated")
	src.write("hook.sh", "v2\n")
	src.commitAll("two")
	src.git("checkout", "-q", "-b", "feature")
	src.write("hook.sh", "feature\n")
	src.commitAll("three")
	featureHead := src.rev("HEAD")
	src.git("checkout", "-q", "main")
	tests := []struct {
		name, url, rev, want, content string
	}{
		{"a tag from a local path", src.dir, "v1.0", first, "v1\n"},
		{"an annotated tag is peeled to its commit", src.dir, "v1.0-annotated", first, "v1\n"},
		{"a full commit from a file URL", "file://" + src.dir, first, first, "v1\n"},
		{"a full commit from a local path", src.dir, first, first, "v1\n"},
		{"a branch from a file URL", "file://" + src.dir, "feature", featureHead, "feature\n"},
		{"an abbreviated commit", src.dir, first[:10], first, "v1\n"},
		{"a branch that is not the default", src.dir, "feature", featureHead, "feature\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "clone")
			got, err := Clone(t.Context(), tt.url, tt.rev, dir, os.Environ())
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Clone(%s) = %s, want %s", tt.rev, got, tt.want)
			}
			data, err := os.ReadFile(filepath.Join(dir, "hook.sh"))
			if err != nil || string(data) != tt.content {
				t.Errorf("hook.sh = %q, %v; want %q", data, err, tt.content)
			}
			again, err := Clone(t.Context(), tt.url, tt.rev, dir, os.Environ())
			if err != nil || again != tt.want {
				t.Errorf("second Clone = %s, %v; want the existing clone at %s", again, err, tt.want)
			}
		})
	}
	t.Run("clones racing into one directory all answer its commit and leave no temporary", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "clone")
		var wg sync.WaitGroup
		got := make([]string, 4)
		errs := make([]error, 4)
		for i := range got {
			wg.Go(func() { got[i], errs[i] = Clone(t.Context(), src.dir, "v1.0", dir, os.Environ()) })
		}
		wg.Wait()
		for i := range got {
			if errs[i] != nil || got[i] != first {
				t.Errorf("Clone %d = %s, %v; want %s", i, got[i], errs[i], first)
			}
		}
		entries, _ := os.ReadDir(filepath.Dir(dir))
		if len(entries) != 1 || entries[0].Name() != "clone" {
			t.Errorf("left %v beside the clone", entries)
		}
	})
	t.Run("an unknown rev is an error and leaves nothing behind", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "clone")
		if _, err := Clone(t.Context(), src.dir, "no-such-tag", dir, os.Environ()); err == nil {
			t.Fatal("Clone of an unknown rev succeeded")
		}
		entries, _ := os.ReadDir(filepath.Dir(dir))
		if len(entries) != 0 {
			t.Errorf("left behind %v", entries)
		}
	})
}
