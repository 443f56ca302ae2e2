package engine

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/proc"
)

// starter is how every runner starts processes for h: with the hook's environment, its
// process group recorded while it runs, and its output captured.
func (e *Engine) starter(h *hooks.Hook) hooks.StartFunc {
	env := e.env(h)
	return func(ctx context.Context, p hooks.Process) (hooks.ProcessResult, error) {
		untrack := func() {}
		defer func() { untrack() }()
		both := &lockedBuffer{}
		c := proc.Cmd{
			Path: p.Argv[0], Args: p.Argv[1:], Dir: p.Dir, Env: env,
			Stdout: both, CombineOutput: true,
			OnStart: func(pid int) {
				if e.track != nil {
					untrack = e.track(pid)
				}
			},
		}
		var stdout, stderr bytes.Buffer
		if p.Split {
			c.CombineOutput = false
			c.Stdout, c.Stderr = io.MultiWriter(&stdout, both), io.MultiWriter(&stderr, both)
		}
		res, err := proc.Run(ctx, c)
		out := hooks.ProcessResult{ExitCode: res.ExitCode, Output: both.Bytes()}
		if p.Split {
			out.Stdout, out.Stderr = stdout.Bytes(), stderr.Bytes()
		}
		return out, err
	}
}

// lockedBuffer collects stdout and stderr, which the process writes from two goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

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
