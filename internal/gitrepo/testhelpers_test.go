package gitrepo

// Helpers for the changes, install and benchmark tests. Names start with chg so they do
// not clash with the stash tests in the same package.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/proc"
)

// chgEnv returns a hermetic environment for git: no GIT_* variables from the caller
// (tests may run inside a git hook), a private HOME, no system config, a global config
// with an identity and init.defaultBranch=main, and fixed commit dates. Tests pass it
// through Repo.Env instead of t.Setenv, so they can run in parallel.
func chgEnv(tb testing.TB) []string {
	tb.Helper()
	home := tb.TempDir()
	cfg := filepath.Join(home, "gitconfig")
	text := "[user]\n\tname = hookrun test\n\temail = test@example.com\n" +
		"[init]\n\tdefaultBranch = main\n[protocol \"file\"]\n\tallow = always\n" +
		"[advice]\n\tdetachedHead = false\n[core]\n\tautocrlf = false\n"
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") || strings.HasPrefix(kv, "HOME=") ||
			strings.HasPrefix(kv, "XDG_CONFIG_HOME=") || strings.HasPrefix(kv, "HOOKRUN_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+cfg, "TZ=UTC",
		"GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z")
}

// chgRepo is a test repository: a work tree and the environment its git runs with.
type chgRepo struct {
	t   testing.TB
	dir string
	env []string
}

// chgNewRepo runs `git init` in a new temporary directory.
func chgNewRepo(tb testing.TB) *chgRepo {
	tb.Helper()
	c := &chgRepo{t: tb, dir: chgRealDir(tb), env: chgEnv(tb)}
	c.git("init", "-q")
	return c
}

// chgBaseRepo is chgNewRepo with one commit: a.txt, b.txt, dir/c.txt, dir/d.txt.
func chgBaseRepo(tb testing.TB) *chgRepo {
	tb.Helper()
	c := chgNewRepo(tb)
	for _, name := range []string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt"} {
		c.write(name, name+"\n")
	}
	c.commitAll("base")
	return c
}

// chgRealDir is a temporary directory with symlinks resolved, as git reports paths.
func chgRealDir(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.EvalSymlinks(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

// at returns the repository whose work tree is dir, sharing c's environment.
func (c *chgRepo) at(dir string) *chgRepo { return &chgRepo{t: c.t, dir: dir, env: c.env} }

// git runs git in the work tree and fails the test on a non-zero exit.
func (c *chgRepo) git(args ...string) string {
	c.t.Helper()
	out, err := c.gitWith(nil, args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// gitWith runs git with extra environment variables and returns stdout and, on a
// non-zero exit, an error with stderr.
func (c *chgRepo) gitWith(extra []string, args ...string) (string, error) {
	c.t.Helper()
	env := append(append([]string(nil), c.env...), extra...)
	res, err := proc.Run(c.t.Context(), proc.Cmd{Path: "git", Args: args, Dir: c.dir, Env: env})
	if err != nil {
		return "", err
	}
	if res.ExitCode != 0 {
		return string(res.Stdout), &GitError{Args: args, ExitCode: res.ExitCode, Stderr: string(res.Stderr)}
	}
	return string(res.Stdout), nil
}

// rev resolves a revision to its object name.
func (c *chgRepo) rev(rev string) string {
	c.t.Helper()
	return strings.TrimSpace(c.git("rev-parse", "--verify", rev))
}

// write creates or replaces a work-tree file, making its directories.
func (c *chgRepo) write(name, content string) {
	c.t.Helper()
	p := filepath.Join(c.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// remove deletes a work-tree file.
func (c *chgRepo) remove(name string) {
	c.t.Helper()
	if err := os.Remove(filepath.Join(c.dir, filepath.FromSlash(name))); err != nil {
		c.t.Fatal(err)
	}
}

// commitAll stages everything and commits.
func (c *chgRepo) commitAll(msg string) {
	c.t.Helper()
	c.git("add", "-A")
	c.git("commit", "-q", "--no-verify", "-m", msg)
}

// open opens the repository as hookrun would, with c's environment plus extra.
func (c *chgRepo) open(extra ...string) *Repo {
	c.t.Helper()
	r, err := OpenEnv(c.t.Context(), c.dir, append(append([]string(nil), c.env...), extra...))
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}
