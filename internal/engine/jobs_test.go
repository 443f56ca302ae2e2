package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// TestJobsPipelineNativeHooks: native pre-commit-hooks hooks are cut into pipelineRuns
// batches per slot at the same file names, whatever files each has, so that an ordered
// plan pairs their batches up; a native that asks git, and a command, are not.
func TestJobsPipelineNativeHooks(t *testing.T) {
	t.Parallel()
	native := func(id string, writes, git bool) *hooks.Hook {
		return &hooks.Hook{
			ID: id, PassFiles: true, CanFix: writes, ReadsRepo: git, Native: "native " + id,
			Builtin: func(context.Context, string, []string) (int, []byte) { return 0, nil },
		}
	}
	all := numbered(100)
	odd := []string{}
	for i, f := range all {
		if i%2 == 1 {
			odd = append(odd, f)
		}
	}
	sel := []hooks.Selection{
		{Hook: native("trailing-whitespace", true, false), Files: all},
		{Hook: native("end-of-file-fixer", true, false), Files: odd},
		{Hook: native("check-added-large-files", false, true), Files: all},
		{Hook: native("check-yaml", false, false), Files: all[:40]},
		{Hook: &hooks.Hook{ID: "cmd", PassFiles: true, CheckCmd: "true"}, Files: all},
	}
	e := New(Options{Repo: &gitrepo.Repo{Root: t.TempDir()}, Jobs: 2, Mode: hooks.Fix})
	jobs, batches := e.Jobs(sel)
	// check-yaml, which only reads, gets its own 40 files in 8 batches of 5, not the 4
	// batches of the cuts that hold them.
	if want := []int{2 * pipelineRuns, 2 * pipelineRuns, 1, 8, 1}; !slices.Equal(batches, want) {
		t.Fatalf("batches = %v, want %v", batches, want)
	}
	// Batch k of end-of-file-fixer lies within batch k of trailing-whitespace, which
	// has all the files: the two are cut at the same names.
	n := 2 * pipelineRuns
	for _, j := range jobs[n : 2*n] {
		lo, hi := jobs[j.Batch].Files[0], ""
		if j.Batch+1 < n {
			hi = jobs[j.Batch+1].Files[0]
		}
		first, last := j.Files[0], j.Files[len(j.Files)-1]
		if first < lo || hi != "" && last >= hi {
			t.Errorf("%s batch %d = %s..%s: not within %s..%s", j.Hook.ID, j.Batch, first, last, lo, hi)
		}
	}
}
