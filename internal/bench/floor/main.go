// Command floor is the zero-overhead hook runner the whole-run benchmark measures hookrun
// against: one git command lists the files (`git diff --cached`, or `git ls-files` with
// -all), then the hook processes are spawned directly, all at once, with the file names as
// arguments split into argv chunks of at most -chunk bytes, as a real runner must split
// them. It reads no config, hides no unstaged changes and prints nothing.
//
//	floor [-all] [-hooks 5] [-chunk 131072] [-- CMD ARGS...]   (CMD defaults to true)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hookrun/hookrun/internal/proc"
)

func main() {
	code, err := run(context.Background(), os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		code = 2
	}
	os.Exit(code) //nolint:forbidigo // a standalone benchmark tool, not hookrun's CLI
}

func run(ctx context.Context, args []string) (int, error) {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	all := fs.Bool("all", false, "run on all tracked files instead of the staged ones")
	hooks := fs.Int("hooks", 5, "number of hooks")
	chunk := fs.Int("chunk", 128<<10, "most bytes of file names in one argv")
	if err := fs.Parse(args); err != nil {
		return 0, err
	}
	cmd := fs.Args()
	if len(cmd) == 0 {
		cmd = []string{"true"}
	}
	path, err := proc.LookPath(cmd[0])
	if err != nil {
		return 0, err
	}
	files, err := listFiles(ctx, *all)
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		return 0, nil
	}
	var wg sync.WaitGroup
	var failed atomic.Bool
	for range *hooks {
		for _, batch := range split(files, *chunk) {
			wg.Go(func() {
				res, err := proc.Run(ctx, proc.Cmd{Path: path, Args: append(cmd[1:len(cmd):len(cmd)], batch...)})
				if err != nil || res.ExitCode != 0 {
					failed.Store(true)
				}
			})
		}
	}
	wg.Wait()
	if failed.Load() {
		return 1, nil
	}
	return 0, nil
}

func listFiles(ctx context.Context, all bool) ([]string, error) {
	args := []string{"diff", "--cached", "--name-only", "--no-ext-diff", "-z", "--diff-filter=ACMRTUXB"}
	if all {
		args = []string{"ls-files", "-z"}
	}
	res, err := proc.Run(ctx, proc.Cmd{Path: "git", Args: args})
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, fmt.Errorf("git %s: exit %d: %s", args[0], res.ExitCode, res.Stderr)
	}
	out := strings.TrimSuffix(string(res.Stdout), "\x00")
	if out == "" {
		return nil, nil
	}
	return strings.Split(out, "\x00"), nil
}

// split cuts files into batches whose names (with their terminating NULs) take at most
// limit bytes; a batch always holds at least one file.
func split(files []string, limit int) [][]string {
	var batches [][]string
	start, size := 0, 0
	for i, f := range files {
		if i > start && size+len(f)+1 > limit {
			batches = append(batches, files[start:i])
			start, size = i, 0
		}
		size += len(f) + 1
	}
	return append(batches, files[start:])
}
