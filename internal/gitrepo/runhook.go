package gitrepo

import (
	"bytes"
	"context"
	"io"

	"github.com/hookrun/hookrun/internal/proc"
)

// RunHook runs the git hook script at path as git would (HookCommand), with git's
// arguments and stdin, its output to stdout and stderr; it returns the hook's exit code.
// The error is for a hook that could not run at all.
func RunHook(ctx context.Context, path string, args []string, stdin []byte, stdout, stderr io.Writer) (int, error) {
	prog, argv := HookCommand(path, args)
	res, err := proc.Run(ctx, proc.Cmd{
		Path: prog, Args: argv, Stdin: bytes.NewReader(stdin),
		Stdout: stdout, Stderr: stderr,
	})
	return res.ExitCode, err
}
