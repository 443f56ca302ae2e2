// Package command runs user-written hook commands (`run:`, `check:`, `fix:`): a shell
// command line with the job's files as positional arguments, never spliced into it.
package command

import (
	"context"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/shell"
)

// Runner runs command hooks for one repository: a shell command line with the job's
// files as positional arguments.
type Runner struct {
	Root string // absolute repository root
}

var _ hooks.Runner = Runner{}

// Run runs the hook's command for mode m. The files are passed as "$@" to
// `sh -c CMD ID`, relative to the hook's root, so names with spaces, quotes, leading
// dashes or shell syntax reach the command as single arguments; whether the command
// reads them or gets "$@" appended is shell.Argv's decision.
func (r Runner) Run(ctx context.Context, j hooks.Job, m hooks.Mode, start hooks.StartFunc) (hooks.Outcome, error) {
	h := j.Hook
	cmdline, _ := h.Command(m)
	prog, args := shell.Argv(cmdline, h.ID, h.RelFiles(j.Files))
	out, err := start(ctx, hooks.Process{Argv: append([]string{prog}, args...), Dir: h.Dir(r.Root)})
	return hooks.Outcome{Status: hooks.StatusOf(out.ExitCode), ExitCode: out.ExitCode, Output: out.Output}, err
}
