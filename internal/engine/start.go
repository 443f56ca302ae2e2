package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/proc"
)

// starter is how every runner starts processes for h: with the hook's environment, its
// process group recorded while it runs, and its output captured with bounded memory (a
// head and a tail; the rest spills to a file under OutputDir, and the output says so).
func (e *Engine) starter(h *hooks.Hook) hooks.StartFunc {
	env := e.env(h)
	return func(ctx context.Context, p hooks.Process) (hooks.ProcessResult, error) {
		untrack := func() {}
		defer func() { untrack() }()
		shown := proc.NewCapture(proc.CaptureOptions{Dir: e.opt.OutputDir, Name: h.ID})
		defer func() { _ = shown.Close() }() // a spill file stays for the user to read
		c := proc.Cmd{
			Path: p.Argv[0], Args: p.Argv[1:], Dir: p.Dir, Env: env,
			Stdout: shown, CombineOutput: true,
			OnStart: func(pid int) {
				if e.track != nil {
					untrack = e.track(pid)
				}
			},
		}
		if !p.Split {
			res, err := proc.Run(ctx, c)
			return hooks.ProcessResult{ExitCode: res.ExitCode, Output: shown.Bytes()}, err
		}
		// The parser reads each stream whole: a report larger than the head spills to a
		// file that is read back, then removed.
		stdout := proc.NewCapture(proc.CaptureOptions{Dir: e.opt.OutputDir, Name: h.ID + "-stdout", Head: parseHead})
		stderr := proc.NewCapture(proc.CaptureOptions{Dir: e.opt.OutputDir, Name: h.ID + "-stderr", Head: parseHead})
		defer func() { _, _ = stdout.Remove(), stderr.Remove() }() // a leftover is pruned later
		c.CombineOutput = false
		c.Stdout, c.Stderr = io.MultiWriter(stdout, shown), io.MultiWriter(stderr, shown)
		res, err := proc.Run(ctx, c)
		out := hooks.ProcessResult{ExitCode: res.ExitCode, Output: shown.Bytes()}
		var errOut, errErr error
		out.Stdout, errOut = stdout.ReadAll()
		out.Stderr, errErr = stderr.ReadAll()
		if rerr := errors.Join(errOut, errErr); err == nil && rerr != nil {
			err = fmt.Errorf("%s: %w", p.Argv[0], rerr)
		}
		return out, err
	}
}

// parseHead is how much of a tool's report a parser reads from memory; a larger one is
// read back from its spill file.
const parseHead = 8 << 20

// BaseEnv is the environment every hook gets: environ (hookrun's own), with
// HOOKRUN_ACTIVE set to the repository's git dir (gitDir) so that a hook that runs git
// commit there does not start a nested hookrun, while a commit in another repository
// still runs that one's hooks; the mode it runs in; and NO_COLOR=1 when output is plain.
func BaseEnv(environ []string, mode hooks.Mode, plain bool, gitDir string) []string {
	env := make([]string, 0, len(environ)+3)
	for _, kv := range environ {
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
