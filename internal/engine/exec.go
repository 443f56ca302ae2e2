package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// exec runs one job, unless the result cache holds its pass (resultcache.go).
func (e *Engine) exec(ctx context.Context, j hooks.Job) hooks.Result {
	j = e.newOnlyJob(j)
	run := func() hooks.Result { return e.execWithPreview(ctx, j) }
	if e.opt.PreCommit && j.Writes && j.Hook.WritesIndex {
		return e.execStaging(ctx, j, func() hooks.Result { return e.cache.exec(ctx, j, run) })
	}
	return e.cache.exec(ctx, j, run)
}

// execWithPreview runs j in the run's mode and, for a failed check whose hook can fix,
// its fixer to show what the fix would change.
func (e *Engine) execWithPreview(ctx context.Context, j hooks.Job) hooks.Result {
	r := e.holdLine(e.execMode(ctx, j, e.opt.Mode))
	// A failed check whose hook can fix shows what the fix would change: the check's
	// findings say what is wrong, the diff how to put it right.
	if r.Status == hooks.Failed && e.previews(j.Hook) {
		diff, err := previewFix(ctx, e.opt.Repo.Root, j, func(ctx context.Context, j hooks.Job) hooks.Result {
			return e.execMode(ctx, j, hooks.Fix)
		})
		r.Diff = diff
		if err != nil { // the files could not be put back: that outranks the findings
			r.Err = err
		}
	}
	if j.Hook.LogFile != "" && (r.Status >= hooks.Modified || j.Hook.Verbose) {
		e.appendLog(j.Hook, r.Output)
	}
	return r
}

// runner is the runner of h in mode m: its built-in tool, its command, or hookrun itself.
func (e *Engine) runner(h *hooks.Hook, m hooks.Mode) hooks.Runner {
	switch {
	case h.Builtin != nil:
		return e.inproc
	case h.RunsTool(m):
		return e.opt.Tools
	}
	return e.cmds
}

// execMode is the one path every job takes, whatever runs it: the hook's timeout and
// environment, the run's process tracking and output capture, and the mapping of how it
// ended to a status.
func (e *Engine) execMode(ctx context.Context, j hooks.Job, m hooks.Mode) hooks.Result {
	h := j.Hook
	runCtx := ctx
	if h.Timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, h.Timeout)
		defer cancel()
	}
	res := hooks.Result{Job: j, Started: time.Now()}
	oc, err := e.runner(h, m).Run(runCtx, j, m, e.starter(h))
	res.Duration = time.Since(res.Started)
	res.ExitCode, res.Output, res.Diagnostics = oc.ExitCode, oc.Output, oc.Diagnostics
	res.Command, res.ToolVersion, res.Wrote = oc.Command, oc.ToolVersion, oc.Wrote
	res.Status, res.Err = status(ctx, runCtx, h.Timeout, oc, err)
	return res
}

// status maps how a runner ended to the job's status: a timeout fails the hook, the
// run's cancellation cancels it, a process that could not start fails it, and otherwise
// the runner's judgement stands.
func status(parent, ctx context.Context, timeout time.Duration, oc hooks.Outcome, err error) (hooks.Status, error) {
	switch {
	case err == nil:
		return oc.Status, oc.Err
	case timeout > 0 && parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return hooks.Failed, fmt.Errorf("timed out after %s", timeout)
	case errors.Is(err, context.Canceled) || parent.Err() != nil:
		return hooks.Cancelled, err
	}
	return hooks.Failed, err
}

// env is the run's environment with the hook's own variables on top, sorted by key so
// that a variable set twice resolves the same way every run.
func (e *Engine) env(h *hooks.Hook) []string {
	if len(h.Env) == 0 {
		return e.opt.Env
	}
	env := slices.Clone(e.opt.Env)
	for _, k := range slices.Sorted(maps.Keys(h.Env)) {
		env = append(env, k+"="+h.Env[k])
	}
	return env
}

// gitDir is the git directory git run by h finds: the run's (the environment the
// repository was opened with is the hooks'), unless h's env sets a GIT_ variable, when
// only git can tell ("").
func (e *Engine) gitDir(h *hooks.Hook) string {
	for k := range h.Env {
		if strings.HasPrefix(k, "GIT_") {
			return ""
		}
	}
	return e.opt.Repo.GitDir
}

// previews reports whether h runs its fixer to show a diff in this check-mode run: only
// fixers whose effects stay within the files they are given, so that putting those back
// undoes everything.
func (e *Engine) previews(h *hooks.Hook) bool {
	if !e.opt.Preview || !h.PassFiles || !h.CanFix && h.FixCmd == "" {
		return false
	}
	if h.RunsTool(hooks.Fix) {
		t := e.opt.Tools.Tool(h)
		return t != nil && t.CanFix() && t.Unit.Splittable()
	}
	return h.FixCmd != "" && h.FixCmd != h.CheckCmd
}

// appendLog adds a hook's shown output to its log_file (pre-commit's), relative to the
// repository root. Jobs of one hook may finish together, hence the lock.
func (e *Engine) appendLog(h *hooks.Hook, out []byte) {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	f, err := os.OpenFile(filepath.Join(e.opt.Repo.Root, filepath.FromSlash(h.LogFile)), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		e.opt.Warn("%s: log_file: %v", h.ID, err)
		return
	}
	_, werr := f.Write(out)
	if err := errors.Join(werr, f.Close()); err != nil {
		e.opt.Warn("%s: log_file: %v", h.ID, err)
	}
}
