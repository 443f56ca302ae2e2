// Package command runs user-written hook commands (`run:`, `check:`, `fix:`): a shell
// command line with the job's files as positional arguments, never spliced into it.
package command

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
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/shell"
)

// Runner runs jobs for one repository.
type Runner struct {
	Root string // absolute repository root
	Mode hooks.Mode
	Env  []string // base environment (hookrun's own, plus HOOKRUN_ACTIVE etc.)
	// Track, when set, records each started process group until it ends, so that the
	// next run can stop whatever a killed run left behind.
	Track func(pgid int) (done func())
}

// Exec runs one job and reports how it ended. The files are passed as "$@" to
// `sh -c CMD hookrun`, relative to the hook's root, so names with spaces, quotes, leading
// dashes or shell syntax reach the command as single arguments.
func (r *Runner) Exec(ctx context.Context, j hooks.Job) hooks.Result {
	h := j.Hook
	if h.Builtin != nil {
		return r.builtin(ctx, j)
	}
	cmdline, _ := h.Command(r.Mode)
	var files []string
	if h.PassFiles {
		files = relFiles(h.Root, j.Files)
	}
	prog, args := shell.Argv(cmdline, h.ID, files)
	if h.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.Timeout)
		defer cancel()
	}
	res := hooks.Result{Job: j, Started: time.Now()}
	untrack := func() {}
	defer func() { untrack() }()
	out, err := proc.Run(ctx, proc.Cmd{
		Path:          prog,
		Args:          args,
		Dir:           filepath.Join(r.Root, filepath.FromSlash(h.Root)),
		Env:           r.env(h),
		CombineOutput: true,
		OnStart: func(pid int) {
			if r.Track != nil {
				untrack = r.Track(pid)
			}
		},
	})
	res.Duration = time.Since(res.Started)
	res.Output, res.ExitCode = out.Stdout, out.ExitCode
	switch {
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil && h.Timeout > 0:
		res.Status, res.Err = hooks.Failed, fmt.Errorf("timed out after %s", h.Timeout)
	case errors.Is(err, context.Canceled):
		res.Status, res.Err = hooks.Cancelled, err
	case err != nil:
		res.Status, res.Err = hooks.Failed, err
	case out.ExitCode != 0:
		res.Status = hooks.Failed
	default:
		res.Status = hooks.Passed
	}
	return res
}

func relFiles(root string, files []string) []string {
	if root == "" {
		return files
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimPrefix(f, root+"/")
	}
	return out
}

// env is the base environment with the hook's own variables on top, sorted by key so
// that a variable set twice resolves the same way every run.
func (r *Runner) env(h *hooks.Hook) []string {
	if len(h.Env) == 0 {
		return r.Env
	}
	env := slices.Clone(r.Env)
	for _, k := range slices.Sorted(maps.Keys(h.Env)) {
		env = append(env, k+"="+h.Env[k])
	}
	return env
}

// BaseEnv is the environment every hook gets: hookrun's own, with HOOKRUN_ACTIVE set to
// the repository's git dir (gitDir) so that a hook that runs git commit there does not
// start a nested hookrun, while a commit in another repository still runs that one's
// hooks; and the mode it runs in.
func BaseEnv(mode hooks.Mode, plain bool, gitDir string) []string {
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOOKRUN_LEGACY_HOOK=") { // the shim's, not the hooks'
			env = append(env, kv)
		}
	}
	env = append(env, "HOOKRUN_ACTIVE="+gitDir, "HOOKRUN_MODE="+mode.String())
	if plain {
		env = append(env, "NO_COLOR=1")
	}
	return env
}

// builtin runs a hook that hookrun implements in-process (pre-commit's fail, pygrep and
// meta hooks): no process, the same result shape.
func (r *Runner) builtin(ctx context.Context, j hooks.Job) hooks.Result {
	h := j.Hook
	var files []string
	if h.PassFiles {
		files = relFiles(h.Root, j.Files)
	}
	res := hooks.Result{Job: j, Started: time.Now()}
	res.ExitCode, res.Output = h.Builtin(ctx, filepath.Join(r.Root, filepath.FromSlash(h.Root)), files)
	res.Duration = time.Since(res.Started)
	switch {
	case ctx.Err() != nil:
		res.Status, res.Err = hooks.Cancelled, ctx.Err()
	case res.ExitCode != 0:
		res.Status = hooks.Failed
	default:
		res.Status = hooks.Passed
	}
	return res
}
