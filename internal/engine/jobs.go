package engine

import (
	"os"
	"slices"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/sched"
	"github.com/hookrun/hookrun/runners"
)

// Jobs splits each selected hook's files into jobs: a command's into batches, a built-in
// tool's into the invocations its tool plans (per file batch, per module, per project
// root); batches[i] counts hook i's jobs. A hook left with no job is marked skipped in sel.
// With Options.Shard, sel is first narrowed to the shard's part (ShardSelections).
func (e *Engine) Jobs(sel []hooks.Selection) (jobs []hooks.Job, batches []int) {
	ShardSelections(sel, e.opt.Shard, e.wholeHook)
	batches = make([]int, len(sel))
	limit := e.argLimit()
	// Hooks already run side by side; splitting a hook's files further only pays when
	// there are more slots than hooks, and otherwise just starts more processes.
	running := 0
	for _, s := range sel {
		if s.Skip == "" {
			running++
		}
	}
	slots := max(1, e.opt.Jobs/max(1, running))
	bounds := pipelineBounds(sel, e.opt.Jobs)
	for i, s := range sel {
		if s.Skip != "" {
			continue
		}
		_, writes := s.Hook.Command(e.opt.Mode)
		writes = writes || e.previews(s.Hook) // a previewed fixer writes, if only for a moment
		var hj []hooks.Job
		if t := e.opt.Tools.Tool(s.Hook); t != nil && s.Hook.RunsTool(e.opt.Mode) {
			hj = e.toolJobs(s.Hook, t, s.Files, writes, slots, limit)
		} else {
			parts := [][]string{s.Files}
			switch {
			case pipelined(s.Hook) && writes:
				parts = sched.SplitAt(s.Files, bounds)
			case pipelined(s.Hook):
				// A hook that only reads pairs up with no later one: its own files cut
				// evenly, each batch waits for the fixers' batches that hold its files.
				parts = sched.Split(s.Hook, s.Files, pipelineRuns*e.opt.Jobs, limit)
			case s.Hook.PassFiles && len(s.Files) > 0:
				parts = sched.Split(s.Hook, s.Files, slots, limit)
			}
			for b, files := range parts {
				hj = append(hj, hooks.Job{Hook: s.Hook, Files: files, Writes: writes, Batch: b})
			}
		}
		if len(hj) == 0 { // a tool found nothing to run on (deleted files, no project)
			sel[i].Skip = "no files to check"
		}
		jobs = append(jobs, hj...)
		batches[i] = len(hj)
	}
	return jobs, batches
}

// argLimit is the most argument bytes a batch of this run may take (sched.ArgLimit). A
// pre-commit config's hooks were written against pre-commit's 128 KiB batches: a hook
// that joins its files into one string (sh -c "$*", shell=True) fits those, and Linux
// refuses any one string over 128 KiB (MAX_ARG_STRLEN).
func (e *Engine) argLimit() int {
	limit := sched.ArgLimit(e.opt.Env)
	if e.opt.PreCommit {
		limit = min(limit, sched.DefaultArgLimit)
	}
	return limit
}

// toolJobs turns a built-in hook's files into jobs: one per invocation the tool plans,
// split into batches only for per-file tools.
func (e *Engine) toolJobs(h *hooks.Hook, t *runners.Tool, files []string, writes bool, slots, limit int) []hooks.Job {
	var jobs []hooks.Job
	for _, inv := range runners.Plan(t, os.DirFS(e.opt.Repo.Root), files) {
		parts := [][]string{inv.Files}
		if t.Unit.Splittable() {
			parts = sched.Split(h, inv.Files, slots, limit)
		}
		start := 0
		for _, part := range parts {
			targets := inv.Args
			if t.Unit.Splittable() { // Args[i] names Files[i], so a batch is a range of both
				targets = inv.Args[start : start+len(part)]
				start += len(part)
			}
			jobs = append(jobs, hooks.Job{
				Hook: h, Files: part, Writes: writes, Batch: len(jobs), Dir: inv.Dir, Targets: targets,
			})
		}
	}
	return jobs
}

// pipelined reports whether h's jobs are cut into many batches, at common bounds
// (pipelineBounds) when it writes: a native pre-commit-hooks hook (in-process: a batch
// costs nothing to start) that takes files, may run in batches, and does not ask git
// (which it would once per batch).
func pipelined(h *hooks.Hook) bool {
	return h.Builtin != nil && h.Native != "" && h.PassFiles && !h.Serial && !h.ReadsRepo
}

// pipelineBounds cuts the files of the pipelined hooks of sel into pipelineRuns runs per
// slot (sched.Bounds). Every such hook is cut at the same points, so where a config
// orders them (a fixer before the hooks after it of the same files), batch k of each
// waits only for batch k of the one before: the slots each run a pipeline of hooks
// instead of every hook waiting for all of the previous one.
func pipelineBounds(sel []hooks.Selection, slots int) []string {
	if slots < 2 {
		return nil
	}
	most := 0
	for _, s := range sel {
		most = max(most, len(s.Files))
	}
	seen := make(map[string]bool, most)
	all := make([]string, 0, most)
	for _, s := range sel {
		if s.Skip != "" || !pipelined(s.Hook) {
			continue
		}
		for _, f := range s.Files {
			if !seen[f] {
				seen[f] = true
				all = append(all, f)
			}
		}
	}
	slices.Sort(all)
	return sched.Bounds(all, pipelineRuns*slots)
}

// pipelineRuns is how many runs per slot pipelineBounds cuts: more than one, because a
// hook's files are not spread evenly over the names (check-yaml's 95 files of 1,605 on
// the pre-commit-hooks bench fall mostly in one half), nor is the work over the files (a
// 1 MB minified script): with smaller batches a slot that ends early takes the next one
// instead of waiting for the other. A batch in-process costs next to nothing.
const pipelineRuns = 4
