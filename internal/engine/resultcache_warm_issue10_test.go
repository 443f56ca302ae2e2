package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cache"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// Jobs that take their keys side by side before the run (takeAll) hash each file of a
// hashed tree once between them, not once each: before, the first two jobs hashed the
// same files at the same time, neither finding the other's ids yet.
func TestKeysBeforeTheRunHashEachFileOnce(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := writeFiles(t, root, 1000, 40)
	e := New(Options{Repo: &gitrepo.Repo{Root: root}, Mode: hooks.Check})
	c := &resultCache{
		e: e, tree: cache.NewHashedTree(root), hashed: true,
		keys: map[jobKey]passKeys{}, cfgs: map[string]string{}, pre: map[jobKey]takenInput{},
	}
	var jobs []hooks.Job
	for i := range 4 {
		h := &hooks.Hook{ID: fmt.Sprintf("h%d", i), CheckCmd: "true", PassFiles: true}
		jobs = append(jobs, hooks.Job{Hook: h, Files: files})
	}
	takens := c.takeAll(jobs)
	for i, tk := range takens {
		if !tk.ok || len(tk.in.Files) != len(files) {
			t.Fatalf("job %d: ok %v, %d files", i, tk.ok, len(tk.in.Files))
		}
	}
	if got := c.tree.Hashed(); got != len(files) {
		t.Errorf("hashed %d files for 4 jobs of the same %d", got, len(files))
	}
}

// In a commit that hides unstaged work, a hashed tree takes the ids of the staged files
// the stash's status found clean from that status: only the file whose unstaged work
// was hidden is hashed, and every id is the one hashing gives.
func TestCommitKeysTakeCleanIDsFromTheStash(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	files := map[string]string{}
	for i := range 60 {
		files[fmt.Sprintf("d%d/f%02d.txt", i%4, i)] = fmt.Sprintf("file %d\n", i)
	}
	repo := snapshotRepo(t, files)
	// 30 of the 60 files: more than a hashed tree would hash (hashedShare), but 29 of
	// them are clean, and cost only the reading of their 4 directories.
	staged := []string{"d2/f02.txt"}
	for i := range 60 {
		if f := fmt.Sprintf("d%d/f%02d.txt", i%4, i); i < 30 && f != "d2/f02.txt" {
			staged = append(staged, f)
		}
	}
	for _, f := range staged {
		if err := os.WriteFile(filepath.Join(repo.Root, f), []byte("staged "+f+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := repo.Git(ctx, append([]string{"add", "--"}, staged...)...); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo.Root, "d2/f02.txt"), []byte("unstaged work\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stash, err := repo.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := stash.Restore(ctx, nil); err != nil {
			t.Error(err)
		}
	}()
	h := &hooks.Hook{ID: "h", CheckCmd: "true", PassFiles: true}
	jobs := []hooks.Job{{Hook: h, Files: staged}, {Hook: h, Files: staged, Batch: 1}}
	e := New(Options{Repo: repo, Mode: hooks.Check, Cache: true})
	c := e.openCache(ctx, jobs, stash)
	if c == nil || !c.hashed {
		t.Fatalf("openCache gave %+v, want a hashed tree", c)
	}
	for i, tk := range c.takeAll(jobs) {
		for _, f := range tk.in.Files {
			if want := cache.WorkID(filepath.Join(repo.Root, f.Path)); f.ID != want {
				t.Errorf("job %d: %s has id %q, hashing gives %q", i, f.Path, f.ID, want)
			}
		}
	}
	if got := c.tree.Hashed(); got != 1 {
		t.Errorf("hashed %d of the staged files, want 1 (the one whose unstaged work was hidden)", got)
	}
}

// In a cold cache, a fixer's files are hashed once, when its key is taken again after it
// ended, and the checks after it reuse those ids: a pre-commit config's dozen checks
// after its fixers hashed every file a dozen times on the first run.
func TestChecksAfterAFixerHashItsFilesOnce(t *testing.T) {
	t.Parallel()
	_, files, _, c := coldCache(t, 200)
	passed := func(j hooks.Job) func() hooks.Result {
		return func() hooks.Result { return hooks.Result{Job: j, Status: hooks.Passed} }
	}
	fixer := hooks.Job{Hook: &hooks.Hook{ID: "fixer", FixCmd: "true", PassFiles: true}, Files: files, Writes: true}
	c.exec(t.Context(), fixer, passed(fixer))
	for i := range 5 {
		check := hooks.Job{Hook: &hooks.Hook{ID: fmt.Sprintf("check%d", i), CheckCmd: "true", PassFiles: true}, Files: files}
		c.exec(t.Context(), check, passed(check))
	}
	// Once each: for the fixer's key taken again after it ended; the checks reuse those.
	if got := c.tree.Hashed(); got != len(files) {
		t.Errorf("a fixer and 5 checks after it hashed %d files, want each of the %d once", got, len(files))
	}
}

// An in-process fixer that reports what it wrote leaves the ids of the files it did not
// write standing: only the one it wrote is hashed, for its own key and the checks after.
func TestFixerThatReportsWritesHashesOnlyWhatItWrote(t *testing.T) {
	t.Parallel()
	root, files, ids, c := coldCache(t, 100)
	wrote := files[7]
	native := func(context.Context, string, []string) (int, []byte) { return 0, nil }
	fixer := hooks.Job{Hook: &hooks.Hook{ID: "fixer", PassFiles: true, ReportsWrites: true, Builtin: native}, Files: files, Writes: true}
	c.exec(t.Context(), fixer, func() hooks.Result {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(wrote)), []byte("fixed\n"), 0o644); err != nil {
			t.Error(err)
		}
		return hooks.Result{Job: fixer, Status: hooks.Passed, Wrote: []string{wrote}}
	})
	check := hooks.Job{Hook: &hooks.Hook{ID: "check", CheckCmd: "true", PassFiles: true}, Files: files}
	var got cache.Input
	c.exec(t.Context(), check, func() hooks.Result {
		got, _ = c.input(check)
		return hooks.Result{Job: check, Status: hooks.Passed}
	})
	if n := c.tree.Hashed(); n != 1 {
		t.Errorf("hashed %d files, want only the one the fixer wrote", n)
	}
	for _, f := range got.Files {
		want := ids[f.Path]
		if f.Path == wrote {
			want = cache.WorkID(filepath.Join(root, filepath.FromSlash(wrote)))
		}
		if f.ID != want {
			t.Errorf("%s: id %q, want %q", f.Path, f.ID, want)
		}
	}
}

// coldCache makes n files in a fresh work tree, all clean in the index (ids), and an
// empty result cache over it, for a fix-mode run.
func coldCache(t *testing.T, n int) (root string, files []string, ids map[string]string, c *resultCache) {
	t.Helper()
	root = t.TempDir()
	files = writeFiles(t, root, n, 10)
	ids = map[string]string{}
	for _, f := range files {
		ids[f] = cache.WorkID(filepath.Join(root, filepath.FromSlash(f)))
	}
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{Repo: &gitrepo.Repo{Root: root}, Mode: hooks.Fix})
	c = &resultCache{
		e: e, tree: cache.NewTree(root, ids, nil, nil), store: store,
		keys: map[jobKey]passKeys{}, cfgs: map[string]string{}, pre: map[jobKey]takenInput{},
	}
	return root, files, ids, c
}

// writeFiles writes n files under root, spread over dirs directories, each holding its
// own name, and returns their repo-relative paths in the order written.
func writeFiles(t *testing.T, root string, n, dirs int) []string {
	t.Helper()
	files := make([]string, 0, n)
	for i := range n {
		f := fmt.Sprintf("d%02d/f%04d.txt", i%dirs, i)
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}
