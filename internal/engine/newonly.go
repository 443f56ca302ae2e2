package engine

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/newonly"
)

// Holding the line (--new-only, new_only: true): a built-in's findings on lines the
// run's change did not touch are counted, not failed on. The change is read once,
// before any job runs (gitrepo.LineDiff: the staged change, the range, the last
// commit). A tool with a mode of its own (tool.Tool.NewFrom) is given the base commit
// and judges by itself; every other built-in's findings are intersected with the
// diff's hunks (internal/newonly). Commands and in-process hooks are left as they are:
// they report no findings with a file and a line (config refuses new_only on them; the
// run flag covers only the hooks it can).

// newOnly says whether h holds the line in this run.
func (e *Engine) newOnly(h *hooks.Hook) bool {
	return (e.opt.NewOnly || h.NewOnly) && h.Builtin == nil && h.RunsTool(e.opt.Mode)
}

// readChange reads the run's change when a job holds the line. An error ends the run:
// without the change no finding can be told old.
func (e *Engine) readChange(ctx context.Context, jobs []hooks.Job) error {
	if !slices.ContainsFunc(jobs, func(j hooks.Job) bool { return e.newOnly(j.Hook) }) {
		return nil
	}
	ld, err := e.opt.Repo.LineDiff(ctx, e.opt.Change)
	if err != nil {
		return fmt.Errorf("--new-only: %w", err)
	}
	c := &newonly.Change{Everything: true}
	if !ld.Everything {
		if c, err = newonly.Parse(ld.Diff); err != nil {
			return fmt.Errorf("--new-only: %w", err)
		}
	}
	sum := sha256.Sum256(ld.Diff)
	e.change, e.changeID = c, fmt.Sprintf("base %s everything %t diff %x", ld.Base, ld.Everything, sum)
	e.base = ld.Base
	return nil
}

// newOnlyJob gives j the base commit when its tool holds the line itself.
func (e *Engine) newOnlyJob(j hooks.Job) hooks.Job {
	if e.change != nil && e.base != "" && e.newOnly(j.Hook) && e.ownMode(j.Hook) {
		j.NewFrom = e.base
	}
	return j
}

// ownMode says whether h's tool has a new-only mode of its own.
func (e *Engine) ownMode(h *hooks.Hook) bool {
	t := e.opt.Tools.Tool(h)
	return t != nil && t.NewFrom != nil
}

// holdLine keeps of r's findings those on lines the change touched. A hook that failed
// only on old findings passes, with the count of them (Result.Old); one with any new
// finding fails with only those. A result without findings (a crash, output no parser
// read) stands as it is: nothing in it can be shown to be old.
func (e *Engine) holdLine(r hooks.Result) hooks.Result {
	if e.change == nil || !e.newOnly(r.Job.Hook) || r.Job.NewFrom != "" || len(r.Diagnostics) == 0 || r.Err != nil {
		return r
	}
	fresh, old := e.change.Filter(r.Diagnostics)
	if old == 0 {
		return r
	}
	r.Diagnostics, r.Old = fresh, old
	r.Output = nil // the raw output lists the old findings too
	if r.Status == hooks.Failed && len(fresh) == 0 {
		r.Status = hooks.Passed
	}
	return r
}

// newOnlyKey is what a hook's result cache key adds when it holds the line: the
// change's base and the hash of its diff (with the same files, a pass depends on which
// of their lines count as new, and golangci-lint on the base). Nil when it does not.
func (e *Engine) newOnlyKey(h *hooks.Hook) []string {
	if e.change == nil || !e.newOnly(h) {
		return nil
	}
	return []string{"new-only=" + e.changeID}
}
