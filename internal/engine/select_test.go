package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
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

// TestSelectReadingSeedsTheRun: a run over every file whose hooks are all in-process
// reads the regular files as it tags them, and the run's FileCache starts with them (a
// read finds them without opening the file); links and missing files are not read, and
// the tags and files selected are Select's. A run that hides unstaged work reads nothing
// ahead.
func TestSelectReadingSeedsTheRun(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(name, content string, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "a  \n", 0o644)
	write("sub/b.py", "print(1)\n", 0o644)
	write("run", "#!/usr/bin/env python3\n", 0o755)
	write("empty", "", 0o644)
	if err := os.Symlink("a.txt", filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	files := []string{"a.txt", "empty", "gone.txt", "link.txt", "run", "sub/b.py"}
	builtin := func(context.Context, string, []string) (int, []byte) { return 0, nil }
	text := &hooks.Hook{ID: "text", PassFiles: true, Builtin: builtin, Match: hooks.Matcher{Types: []string{"text"}}}
	python := &hooks.Hook{ID: "python", PassFiles: true, Builtin: builtin, Match: hooks.Matcher{Types: []string{"python"}}}
	links := &hooks.Hook{ID: "links", PassFiles: true, Builtin: builtin, Match: hooks.Matcher{Types: []string{"symlink"}}}
	hs := []*hooks.Hook{text, python, links}
	all := Files{Scope: gitrepo.Scope{Kind: gitrepo.All, Unchecked: true}}
	o := hooks.SelectOptions{IDs: []string{"text", "python", "links", "ext"}}

	ctx, sel := SelectReading(t.Context(), root, hs, files, all, o)
	plain := Select(root, hs, files, all, o)
	for i := range sel {
		if !slices.Equal(sel[i].Files, plain[i].Files) || sel[i].Skip != plain[i].Skip {
			t.Errorf("%s: SelectReading gave %q (%q), Select %q (%q)", sel[i].Hook.ID, sel[i].Files, sel[i].Skip, plain[i].Files, plain[i].Skip)
		}
	}
	if want := []string{"a.txt", "empty", "run", "sub/b.py"}; !slices.Equal(sel[0].Files, want) {
		t.Errorf("text hook got %q, want %q", sel[0].Files, want)
	}
	if want := []string{"run", "sub/b.py"}; !slices.Equal(sel[1].Files, want) {
		t.Errorf("python hook got %q, want %q", sel[1].Files, want)
	}
	run := hooks.WithFileCacheFor(ctx, 0)
	notRead := func(p string) ([]byte, error) { return nil, fmt.Errorf("%s read again", p) }
	for _, f := range []string{"a.txt", "empty", "run", "sub/b.py"} {
		abs := filepath.Join(root, filepath.FromSlash(f))
		want, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := hooks.ReadCached(run, abs, notRead)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: got %q, %v; want %q read ahead", f, got, err, want)
		}
	}
	for _, f := range []string{"link.txt", "gone.txt"} {
		if _, err := hooks.ReadCached(run, filepath.Join(root, f), notRead); err == nil {
			t.Errorf("%s was read ahead", f)
		}
	}
	// The seed goes to one FileCache only.
	if _, err := hooks.ReadCached(hooks.WithFileCacheFor(ctx, 0), filepath.Join(root, "a.txt"), notRead); err == nil {
		t.Error("a second FileCache found a.txt read ahead")
	}

	hide := all
	hide.Hide = true
	ctx, _ = SelectReading(t.Context(), root, hs, files, hide, o)
	if _, err := hooks.ReadCached(hooks.WithFileCacheFor(ctx, 0), filepath.Join(root, "a.txt"), notRead); err == nil {
		t.Error("a run that hides unstaged work read a.txt ahead")
	}
	// A hook that is not in-process reads the files itself: nothing is read ahead.
	ext := &hooks.Hook{ID: "ext", PassFiles: true, Match: hooks.Matcher{Types: []string{"text"}}}
	ctx, _ = SelectReading(t.Context(), root, []*hooks.Hook{text, ext}, files, all, o)
	if _, err := hooks.ReadCached(hooks.WithFileCacheFor(ctx, 0), filepath.Join(root, "a.txt"), notRead); err == nil {
		t.Error("a run with a hook that is not in-process read a.txt ahead")
	}
}
