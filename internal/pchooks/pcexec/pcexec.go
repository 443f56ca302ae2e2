// Package pcexec runs the native pre-commit-hooks of package pchooks in-process as
// hookrun hooks (hooks.Hook.Builtin): it gives them the run's environment and, to those
// that ask git, a git started through internal/proc. pchooks itself starts no process,
// so the config layers may read hooks' args with pchooks.Lookup.
package pcexec

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/pchooks"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// Builtin is the in-process hook a hooks.Hook runs: files relative to dir.
type Builtin = func(ctx context.Context, dir string, files []string) (int, []byte)

// Native returns the in-process hook for the native version of id with args, as a
// pre-commit config runs it: exit codes are pre-commit-hooks' (a fixer that changed a
// file exits 1) and it writes in either mode, as the Python hook would. A hook
// that records its writes (pchooks.RecordsWrites: give its hooks.Hook ReportsWrites)
// tells hooks.RecordWrite of each file it writes. It runs
// with the environment the hook would get as a process (hooks.ProcessEnv, which the
// engine's InProcess runner gives), else with environ. ok is false when id has no native
// version; err says why args cannot run natively (pchooks.Lookup).
func Native(id string, args, environ []string) (b Builtin, ok bool, err error) {
	f, ok, err := pchooks.Lookup(id, args)
	if !ok || err != nil {
		return nil, ok, err
	}
	return func(ctx context.Context, dir string, files []string) (int, []byte) {
		return f(ctx, nativeEnv(ctx, id, dir, environ), files)
	}, true, nil
}

// BuiltIn is Native for a hook of hookrun.yaml (`- id: trailing-whitespace`), where a fix
// is a fix, as for any built-in tool: a fixer that exits 1 only because it changed files
// (pchooks.Env.FixedOnly) exits 0 with its writes, which the engine reports as fixed
// (and stages with stage_fixed). In check mode (hooks.CheckMode) it writes nothing and
// fails on every file it would fix, showing the fix as a diff. A real failure (a problem
// it cannot fix, an error) stays one.
func BuiltIn(id string, args, environ []string) (b Builtin, ok bool, err error) {
	f, ok, err := pchooks.Lookup(id, args)
	if !ok || err != nil {
		return nil, ok, err
	}
	return func(ctx context.Context, dir string, files []string) (int, []byte) {
		env := nativeEnv(ctx, id, dir, environ)
		var fixedOnly bool
		env.FixedOnly = &fixedOnly
		if !hooks.CheckMode(ctx) {
			code, out := f(ctx, env, files)
			if fixedOnly {
				code = 0
			}
			return code, out
		}
		var diff []byte
		env.DryRun = func(path string, data []byte) {
			old, err := env.Read(path, pchooks.ReadFile)
			if err != nil {
				return
			}
			name := path
			if rel, err := filepath.Rel(dir, path); err == nil {
				name = filepath.ToSlash(rel)
			}
			diff = append(diff, textdiff.Diff(name, old, data)...)
		}
		code, out := f(ctx, env, files)
		if len(diff) > 0 {
			out = append(append(out, "check mode: nothing written; the fix would be:\n"...), diff...)
		}
		return code, out
	}, true, nil
}

// nativeEnv is what the native hook id gets when its Builtin runs with ctx in dir.
func nativeEnv(ctx context.Context, id, dir string, environ []string) pchooks.Env {
	if e := hooks.ProcessEnv(ctx); e != nil {
		environ = e
	}
	env := pchooks.Env{Dir: dir, Getenv: func(k string) string { return proc.Getenv(environ, k) }}
	if pchooks.ReadsGit(id) {
		env.Git = gitIn(dir, environ)
	}
	if pchooks.RecordsWrites(id) {
		env.Wrote = func(path string) { hooks.RecordWrite(ctx, path) }
	}
	readFile := pchooks.ReadFileUnder(dir)
	env.Read = func(path string, _ func(string) ([]byte, error)) ([]byte, error) {
		return hooks.ReadCached(ctx, path, readFile)
	}
	return env
}

// Warm returns, for the native version of id with args, what asks ahead the git
// questions it will ask (pchooks.Asks), for hooks.Hook.Warm: in a run whose reads are
// shared (hooks.Remember), its Builtin then finds the answers ready, or being worked
// out, instead of starting git itself. Nil when it asks none.
func Warm(id string, args, environ []string) func(ctx context.Context, dir string) {
	questions := pchooks.Asks(id, args)
	if len(questions) == 0 {
		return nil
	}
	return func(ctx context.Context, dir string) {
		environ := environ
		if e := hooks.ProcessEnv(ctx); e != nil {
			environ = e
		}
		var wg sync.WaitGroup
		for _, q := range questions {
			wg.Go(func() { _, _ = remembered(ctx, dir, environ, q) })
		}
		wg.Wait()
	}
}

// Command is what -v shows a native hook ran.
func Command(id string, args []string) string {
	s := "native " + id + " (pre-commit-hooks " + pchooks.Version + ", in-process)"
	if len(args) > 0 {
		s += " " + strings.Join(args, " ")
	}
	return s
}

// gitIn is pchooks.Env.Git: git in dir with environ.
func gitIn(dir string, environ []string) func(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	return func(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
		if stdin == nil {
			return remembered(ctx, dir, environ, args)
		}
		return runGit(ctx, dir, environ, stdin, args)
	}
}

// remembered answers a question about the index or the commits once per run
// (hooks.Remember says when that holds): another hook may ask it again
// (check-added-large-files and check-case-conflict both list the added files), or Warm
// may have asked it ahead.
// What the run can answer itself (answered) starts no process.
func remembered(ctx context.Context, dir string, environ, args []string) ([]byte, error) {
	if out, ok := answered(ctx, environ, args); ok {
		return out, nil
	}
	key := "git\x00" + dir + "\x00" + strings.Join(args, "\x00")
	return hooks.Remember(ctx, key, func() ([]byte, error) { return runGit(ctx, dir, environ, nil, args) })
}

// runGit runs git in dir with environ, stdin and args and returns its output.
func runGit(ctx context.Context, dir string, environ []string, stdin []byte, args []string) ([]byte, error) {
	c := proc.Cmd{Path: "git", Args: args, Dir: dir, Env: environ}
	if stdin != nil {
		c.Stdin = bytes.NewReader(stdin)
	}
	res, err := proc.Run(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	if res.ExitCode != 0 {
		return res.Stdout, fmt.Errorf("git %s: exit %d: %s", strings.Join(args, " "), res.ExitCode, bytes.TrimSpace(res.Stderr))
	}
	return res.Stdout, nil
}
