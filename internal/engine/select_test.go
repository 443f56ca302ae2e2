package engine

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// TestSelectLeavesOutLinks: a symbolic link, and a file below a linked directory, go to no
// hook whose types do not ask for links, whether the hook's types were looked up first
// (text) or not (no types); a hook that asks for symlinks gets the link.
func TestSelectLeavesOutLinks(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, d := range []string{"real", "dir"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "real", "a.txt"), []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real/a.txt", filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "dir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(root, "dir")); err != nil {
		t.Fatal(err)
	}
	files := []string{"dir/a.txt", "link.txt", "real/a.txt"}
	text := &hooks.Hook{ID: "text", PassFiles: true, Match: hooks.Matcher{Types: []string{"text"}}}
	any := &hooks.Hook{ID: "any", PassFiles: true}
	links := &hooks.Hook{ID: "links", PassFiles: true, Match: hooks.Matcher{Types: []string{"symlink"}}}
	sel := Select(root, []*hooks.Hook{text, any, links}, files, Files{}, hooks.SelectOptions{})
	want := [][]string{{"real/a.txt"}, {"real/a.txt"}, {"link.txt"}}
	for i, s := range sel {
		if !slices.Equal(s.Files, want[i]) {
			t.Errorf("%s got %q, want %q", s.Hook.ID, s.Files, want[i])
		}
	}
}
