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
}

// Open finds the repository that contains dir.
func Open(ctx context.Context, dir string) (*Repo, error) {
	r := &Repo{Env: gitEnv(os.Environ())}
	out, err := r.gitIn(ctx, dir, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepo)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != 3 || lines[0] == "" {
		return nil, fmt.Errorf("%s: %w (bare repository or inside .git)", dir, ErrNotRepo)
	}
	r.Root, r.GitDir = lines[0], lines[1]
	r.CommonDir = lines[2]
	if !filepath.IsAbs(r.CommonDir) {
		r.CommonDir = filepath.Join(dir, r.CommonDir)
	}
	r.CommonDir = filepath.Clean(r.CommonDir)
	return r, nil
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
