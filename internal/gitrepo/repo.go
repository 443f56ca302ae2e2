// Package gitrepo is hookrun's only way into git: it finds the repository, lists changed
// files, hides and restores unstaged work, and installs hook shims. go-git is imported
// here and nowhere else; the git command serves where a benchmark says it is faster.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/internal/proc"
)

// ErrNotRepo is wrapped by Open's error outside a git work tree.
var ErrNotRepo = errors.New("not a git repository")

// Repo is an opened repository with a work tree.
type Repo struct {
	Root      string // absolute work-tree root
	GitDir    string // absolute per-worktree git dir (".git", or .git/worktrees/NAME)
	CommonDir string // absolute common git dir (hooks, config, objects)
	// Env is the environment every git child gets. It keeps GIT_INDEX_FILE and the like
	// that git passes to hooks (so `git commit -a` works), and pins what hookrun relies on.
	Env []string
	// Durable makes the stash survive a system crash, not only hookrun's death: its
	// backup is flushed to disk (syncfs) before the work tree is touched, and the
	// restored files before the backup is deleted. Off by default: syncfs also waits for
	// every other process's writes, which on a busy disk stalled a commit for 0.4 s here.
	Durable bool
}

// Open finds the repository that contains dir, as `git rev-parse --show-toplevel
// --absolute-git-dir --git-common-dir` would, with symlinks resolved in every path.
//
// It reads the repository in-process with go-git when that gives git's answer for sure
// (about 35x faster than starting git; numbers at the top of changes.go), and asks git
// otherwise: when GIT_WORK_TREE, GIT_CEILING_DIRECTORIES and the like are set, GIT_DIR
// names another directory, core.worktree is set, the repository belongs to another user
// (safe.directory), or go-git fails. Git's answer decides every error.
func Open(ctx context.Context, dir string) (*Repo, error) {
	return OpenEnv(ctx, dir, os.Environ())
}

// OpenEnv is Open with hookrun's environment given (environ, as os.Environ returns it),
// which decides the git variables it honours; tests stay hermetic without t.Setenv.
func OpenEnv(ctx context.Context, dir string, environ []string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	r := &Repo{Env: gitEnv(environ)}
	if info, ok := openFast(abs, r.Env); ok {
		r.Root, r.GitDir, r.CommonDir = info.Root, info.GitDir, info.CommonDir
		return r, nil
	}
	if err := r.openCLI(ctx, dir, abs); err != nil {
		return nil, err
	}
	return r, nil
}

// openCLI fills r's paths from `git rev-parse` run in abs, the absolute form of dir.
func (r *Repo) openCLI(ctx context.Context, dir, abs string) error {
	out, err := r.gitIn(ctx, abs, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir")
	if gerr, ok := errors.AsType[*GitError](err); ok {
		msg, _, _ := strings.Cut(strings.TrimSpace(gerr.Stderr), "\n")
		msg = strings.TrimPrefix(msg, "fatal: ")
		// git's own words begin with what ErrNotRepo says: keep only what they add.
		if rest, ok := strings.CutPrefix(msg, ErrNotRepo.Error()); ok {
			return fmt.Errorf("%s: %w%s", dir, ErrNotRepo, strings.TrimRight(rest, " "))
		}
		return fmt.Errorf("%s: %w (%s)", dir, ErrNotRepo, msg)
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 3 || lines[0] == "" {
		return fmt.Errorf("%s: %w (bare repository or inside .git)", dir, ErrNotRepo)
	}
	r.Root, r.GitDir, r.CommonDir = lines[0], lines[1], lines[2]
	if !filepath.IsAbs(r.CommonDir) { // relative to the directory git ran in
		r.CommonDir = filepath.Join(abs, r.CommonDir)
	}
	for _, p := range []*string{&r.Root, &r.GitDir, &r.CommonDir} {
		if resolved, err := filepath.EvalSymlinks(*p); err == nil {
			*p = resolved
		}
		*p = filepath.Clean(*p)
	}
	return nil
}

// IndexFile is the index git uses for this run: GIT_INDEX_FILE when git set it (as
// `git commit -a` does), else GitDir/index.
func (r *Repo) IndexFile() string {
	for _, kv := range r.Env {
		if v, ok := strings.CutPrefix(kv, "GIT_INDEX_FILE="); ok && v != "" {
			if !filepath.IsAbs(v) {
				v = filepath.Join(r.Root, v)
			}
			return v
		}
	}
	return filepath.Join(r.GitDir, "index")
}

// GitError is returned when git exits non-zero; callers that branch on the exit code
// use errors.As.
type GitError struct {
	Args     []string
	ExitCode int
	Stderr   string
}

func (e *GitError) Error() string {
	return fmt.Sprintf("git %s: exit %d: %s", strings.Join(e.Args, " "), e.ExitCode, strings.TrimSpace(e.Stderr))
}

// Git runs git in the work-tree root and returns its stdout. A non-zero exit is a *GitError.
func (r *Repo) Git(ctx context.Context, args ...string) ([]byte, error) {
	return r.gitIn(ctx, r.Root, args...)
}

// GitInput is Git with stdin.
func (r *Repo) GitInput(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	return r.run(ctx, r.Root, bytes.NewReader(stdin), args)
}

func (r *Repo) gitIn(ctx context.Context, dir string, args ...string) ([]byte, error) {
	return r.run(ctx, dir, nil, args)
}

func (r *Repo) run(ctx context.Context, dir string, stdin *bytes.Reader, args []string) ([]byte, error) {
	c := proc.Cmd{Path: "git", Args: args, Dir: dir, Env: r.Env}
	if stdin != nil {
		c.Stdin = stdin
	}
	res, err := proc.Run(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	if res.ExitCode != 0 {
		return res.Stdout, &GitError{Args: args, ExitCode: res.ExitCode, Stderr: string(res.Stderr)}
	}
	return res.Stdout, nil
}

// gitEnv returns env with the settings hookrun's git calls rely on: no pager, no
// optional locks (so a status never fights the user's own git over index.lock), and
// no colour or external diff drivers in machine-read output.
func gitEnv(env []string) []string {
	out := make([]string, 0, len(env)+3)
	for _, kv := range env {
		if strings.HasPrefix(kv, "GIT_OPTIONAL_LOCKS=") || strings.HasPrefix(kv, "GIT_PAGER=") ||
			strings.HasPrefix(kv, "GIT_EXTERNAL_DIFF=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "GIT_OPTIONAL_LOCKS=0", "GIT_PAGER=cat", "LC_ALL=C")
}
