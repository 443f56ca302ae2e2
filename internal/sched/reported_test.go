package sched

import (
	"context"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// nativeWriter is an in-process fixer that reports the files it writes
// (hooks.Hook.ReportsWrites), as the native pre-commit-hooks do.
func nativeWriter(id string, files ...string) hooks.Job {
	h := &hooks.Hook{ID: id, PassFiles: true, ReportsWrites: true, Builtin: func(context.Context, string, []string) (int, []byte) { return 0, nil }}
	return hooks.Job{Hook: h, Files: files, Writes: true}
}

// TestRunTrustsReportedWrites: Run hashes nothing for a fixer that reports its writes:
// the files it says it wrote are its Modified files, and a check beside it that read one
// runs again, though the files here do not exist (a snapshot would see no change).
func TestRunTrustsReportedWrites(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	both := newBarrier(2)
	var runs counter
	exec := func(ctx context.Context, j hooks.Job) hooks.Result {
		runs.add(j.Hook.ID)
		if j.Writes {
			if err := both.wait(ctx); err != nil { // the check has started
				return hooks.Result{Status: hooks.Failed, Err: err}
			}
			return hooks.Result{Status: hooks.Passed, Wrote: []string{"b.txt"}}
		}
		if runs.get(j.Hook.ID) == 1 {
			if err := both.wait(ctx); err != nil {
				return hooks.Result{Status: hooks.Failed, Err: err}
			}
		}
		return hooks.Result{Status: hooks.Passed}
	}
	jobs := []hooks.Job{reader("check", "b.txt"), reader("other", "a.txt"), nativeWriter("fixer", "a.txt", "b.txt")}
	got := Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: 4, Root: root})
	if want := []string{"b.txt"}; !slices.Equal(got[2].Modified, want) {
		t.Errorf("fixer Modified = %q, want %q (its report)", got[2].Modified, want)
	}
	if n := runs.get("check"); n != 2 {
		t.Errorf("the check of b.txt ran %d times, want 2: the fixer wrote b.txt as it ran", n)
	}
	if n := runs.get("other"); n != 1 {
		t.Errorf("the check of a.txt ran %d times, want 1: the fixer did not write a.txt", n)
	}
}

// TestRunReportedWritesNeedBuiltin: ReportsWrites counts only for an in-process hook;
// a command's job is hashed as ever, whatever Result.Wrote says.
func TestRunReportedWritesNeedBuiltin(t *testing.T) {
	t.Parallel()
	j := nativeWriter("fixer", "a.txt")
	j.Hook.Builtin = nil
	exec := func(context.Context, hooks.Job) hooks.Result {
		return hooks.Result{Status: hooks.Passed, Wrote: []string{"a.txt"}}
	}
	got := Run(t.Context(), NewPlan([]hooks.Job{j}), exec, Options{Jobs: 1, Root: t.TempDir()})
	if len(got[0].Modified) != 0 {
		t.Errorf("Modified = %q, want none: nothing changed on disk", got[0].Modified)
	}
}
