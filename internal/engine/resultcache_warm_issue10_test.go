package engine

import (
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
	var files []string
	for i := range 1000 {
		f := fmt.Sprintf("d%02d/f%04d.txt", i%40, i)
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
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
