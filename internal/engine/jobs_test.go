package engine

import (
	"context"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// TestJobsPipelineNativeHooks: native pre-commit-hooks hooks are cut into one batch per
// slot at the same file names, whatever files each has, so that an ordered plan pairs
// their batches up; a native that asks git, and a command, are not.
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
		{Hook: &hooks.Hook{ID: "cmd", PassFiles: true, CheckCmd: "true"}, Files: all},
	}
	e := New(Options{Repo: &gitrepo.Repo{Root: t.TempDir()}, Jobs: 2, Mode: hooks.Fix})
	jobs, batches := e.Jobs(sel)
	if want := []int{2, 2, 1, 1}; !slices.Equal(batches, want) {
		t.Fatalf("batches = %v, want %v", batches, want)
	}
	// Batch 1 of each native starts at the same file, the first of the second half.
	cut := all[50]
	for _, j := range jobs[:4] {
		if first := j.Files[0]; j.Batch == 1 && first < cut || j.Batch == 0 && j.Files[len(j.Files)-1] >= cut {
			t.Errorf("%s batch %d = %s..%s: not cut at %s", j.Hook.ID, j.Batch, first, j.Files[len(j.Files)-1], cut)
		}
	}
}
