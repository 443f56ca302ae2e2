package report

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/hookrun/hookrun/hooks"
)

// Fold turns a run's job results, added as the jobs finish, into one HookReport per
// selected hook. It is the only place that decides how a hook's batches add up; Text,
// Live and the machine reports all read its reports. A Fold is not safe for concurrent
// use: the sinks call it under their own locks.
type Fold struct {
	sel     []hooks.Selection
	pos     map[*hooks.Hook]int
	results [][]hooks.Result // per hook, in the order they were added
	left    []int            // jobs not added yet, per hook
	closed  bool
}

// NewFold starts a fold of the selected hooks, in config order; batches[i] is how many
// jobs hook i runs.
func NewFold(sel []hooks.Selection, batches []int) *Fold {
	f := &Fold{
		sel: sel, pos: make(map[*hooks.Hook]int, len(sel)),
		results: make([][]hooks.Result, len(sel)), left: slices.Clone(batches),
	}
	for i, s := range sel {
		f.pos[s.Hook] = i
	}
	return f
}

// Len is how many hooks the fold reports on.
func (f *Fold) Len() int { return len(f.sel) }

// Index returns the config-order index of hook h, and false if h was not selected.
func (f *Fold) Index(h *hooks.Hook) (int, bool) {
	i, ok := f.pos[h]
	return i, ok
}

// Add folds in one job's result, whose Status already has the fix policy applied. A
// result for a hook that was not selected is ignored.
func (f *Fold) Add(r hooks.Result) {
	i, ok := f.pos[r.Job.Hook]
	if !ok {
		return
	}
	f.results[i] = append(f.results[i], r)
	f.left[i]--
}

// Done reports whether hook i's report can no longer change: every one of its jobs was
// added, or the fold was closed.
func (f *Fold) Done(i int) bool { return f.closed || f.left[i] <= 0 }

// Close ends the run: from now on a hook with jobs not added is reported Cancelled.
func (f *Fold) Close() { f.closed = true }

// Reports returns every hook's report, in config order.
func (f *Fold) Reports() []HookReport {
	out := make([]HookReport, len(f.sel))
	for i := range f.sel {
		out[i] = f.Report(i)
	}
	return out
}

// Report folds hook i's results so far. Batches are taken in batch order, whatever order
// they finished in: the status is the worst of them (hooks.Status runs from best to
// worst); the exit code, error and tool version are the first non-empty ones; output,
// diagnostics, diffs and commands are concatenated; the files it modified are sorted
// and unique; the duration is the longest batch's (batches run side by side) and Started
// the earliest start. A skipped selection is Skipped, or NoFiles when no file matched;
// a hook with jobs outstanding after Close is Cancelled.
func (f *Fold) Report(i int) HookReport {
	s := f.sel[i]
	hr := HookReport{
		ID: s.Hook.ID, Name: s.Hook.Name, Config: s.Hook.Pos, Skip: s.Skip,
		Files: slices.Clone(s.Files), Uses: s.Hook.Uses, Verbose: s.Hook.Verbose,
	}
	switch {
	case s.Skip == "no files to check": // hooks.Select's reason when no file matched
		hr.Status = hooks.NoFiles
	case s.Skip != "":
		hr.Status = hooks.Skipped
	case f.closed && f.left[i] > 0:
		hr.Status = hooks.Cancelled
	}
	rs := slices.Clone(f.results[i])
	slices.SortStableFunc(rs, func(a, b hooks.Result) int { return cmp.Compare(a.Job.Batch, b.Job.Batch) })
	for j := range rs {
		hr.add(&rs[j])
	}
	hr.Cached = len(rs) > 0 && !slices.ContainsFunc(rs, func(r hooks.Result) bool { return !r.Cached })
	hr.Remote = hr.Cached && slices.ContainsFunc(rs, func(r hooks.Result) bool { return r.Remote })
	slices.Sort(hr.Modified)
	hr.Modified = slices.Compact(hr.Modified)
	return hr
}

// add folds one batch's result into hr; batches come in batch order.
func (hr *HookReport) add(r *hooks.Result) {
	hr.Status = max(hr.Status, r.Status)
	hr.ExitCode = cmp.Or(hr.ExitCode, r.ExitCode)
	if hr.Err == "" && r.Err != nil {
		hr.Err = r.Err.Error()
		if r.Status == hooks.Cancelled && errors.Is(r.Err, context.Canceled) { // Ctrl-C, SIGTERM, a sibling that failed fast
			hr.Err = "stopped before it finished"
		}
	}
	hr.ToolVersion = cmp.Or(hr.ToolVersion, r.ToolVersion)
	hr.Output = append(hr.Output, r.Output...)
	hr.Diagnostics = append(hr.Diagnostics, r.Diagnostics...)
	hr.Old += r.Old
	hr.Modified = append(hr.Modified, r.Modified...)
	hr.Diff = append(hr.Diff, r.Diff...)
	if r.Command != "" {
		hr.Commands = append(hr.Commands, r.Command)
	}
	hr.Duration = max(hr.Duration, r.Duration) // batches run side by side
	if !r.Started.IsZero() && (hr.Started.IsZero() || r.Started.Before(hr.Started)) {
		hr.Started = r.Started
	}
}
