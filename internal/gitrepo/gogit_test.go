package gitrepo

// Differential tests: go-git and the git command must agree wherever go-git answers,
// and go-git must step aside (an error, or openFast declining) where it cannot.

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestStagedGoGitMatchesCLI(t *testing.T) {
	t.Parallel()
	cases := append(chgStagedCases(),
		chgStagedCase{name: "a conflicted path is left out by both", setup: func(c *chgRepo) *Repo {
			c.git("checkout", "-q", "-b", "feature")
			c.write("a.txt", "feature side\n")
			c.write("clean.txt", "x")
			c.commitAll("feature")
			c.git("checkout", "-q", "main")
			c.write("a.txt", "main side\n")
			c.commitAll("main")
			_, _ = c.gitWith(nil, "merge", "-q", "feature") // conflicts on purpose
			return c.open()
		}},
		chgStagedCase{name: "a submodule replaced by a file is a type change for both", setup: func(c *chgRepo) *Repo {
			c.git("submodule", "add", "-q", chgBaseRepo(c.t).dir, "sm")
			c.commitAll("submodule")
			c.git("rm", "-q", "--cached", "sm")
			if err := os.RemoveAll(filepath.Join(c.dir, "sm")); err != nil {
				c.t.Fatal(err)
			}
			c.write("sm", "now a file")
			c.git("add", "sm")
			return c.open()
		}},
		chgStagedCase{name: "index format 4 reads the same", setup: func(c *chgRepo) *Repo {
			c.git("update-index", "--index-version", "4")
			c.write("dir/e.txt", "x")
			c.git("add", "dir/e.txt")
			return c.open()
		}},
	)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.setup(chgBaseRepo(t))
			cli, err := r.stagedCLI(t.Context(), diffArgs(Scope{}))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(cli)
			gg, err := r.gogitStaged()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gg, cli) {
				t.Errorf("go-git %q\ngit    %q", gg, cli)
			}
		})
	}
}

// TestGoGitRefusalsFallBackToGit covers repositories go-git cannot read: its staged
// list fails, while Open (which would use go-git) and Changes still answer as git does.
func TestGoGitRefusalsFallBackToGit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		setup       func(c *chgRepo)
		gogitOpenOK bool
	}{
		{name: "a split index", gogitOpenOK: true, setup: func(c *chgRepo) {
			c.git("update-index", "--split-index")
		}},
		{name: "a sparse checkout with a sparse index", setup: func(c *chgRepo) {
			c.git("sparse-checkout", "init", "--cone", "--sparse-index")
			c.git("sparse-checkout", "set", "dir")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			tt.setup(c)
			c.write("dir/new.txt", "x")
			c.git("add", "dir/new.txt")
			r := c.open()
			if _, err := r.gogitStaged(); err == nil {
				t.Error("go-git read the index; the test no longer covers a refusal")
			}
			if _, err := gogitOpen(c.dir); (err == nil) != tt.gogitOpenOK {
				t.Errorf("gogitOpen error = %v, want success %v", err, tt.gogitOpenOK)
			}
			gotOpen := *r
			wantOpen := Repo{Env: r.Env}
			if err := wantOpen.openCLI(t.Context(), c.dir, c.dir); err != nil {
				t.Fatal(err)
			}
			instSameRepo(t, &gotOpen, &wantOpen)
			got, err := r.Changes(t.Context(), Scope{Kind: Staged})
			if err != nil {
				t.Fatal(err)
			}
			chgCompare(t, got, []string{"dir/new.txt"})
		})
	}
}

func TestOpenMatchesGit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// setup returns the directory to open and extra environment, as git would
		// set it for a hook.
		setup    func(c *chgRepo) (dir string, env []string)
		wantFast bool // whether go-git answers (else Open must ask git)
	}{
		{name: "the work-tree root", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			return c.dir, nil
		}},
		{name: "a subdirectory", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			return filepath.Join(c.dir, "dir"), nil
		}},
		{name: "a linked worktree's subdirectory", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			wt := filepath.Join(chgRealDir(c.t), "wt")
			c.git("worktree", "add", "-q", "-b", "side", wt)
			return filepath.Join(wt, "dir"), nil
		}},
		{name: "a linked worktree's root with GIT_DIR set as git sets it for a hook", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			wt := filepath.Join(chgRealDir(c.t), "wt")
			c.git("worktree", "add", "-q", "-b", "side", wt)
			return wt, []string{"GIT_DIR=" + filepath.Join(c.dir, ".git", "worktrees", "wt")}
		}},
		{name: "a subdirectory with GIT_DIR set is left to git, which makes it the root", setup: func(c *chgRepo) (string, []string) {
			return filepath.Join(c.dir, "dir"), []string{"GIT_DIR=" + filepath.Join(c.dir, ".git")}
		}},
		{name: "a submodule's work tree", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			c.git("submodule", "add", "-q", chgBaseRepo(c.t).dir, "sm")
			return filepath.Join(c.dir, "sm", "dir"), nil
		}},
		{name: "a path through a symlink", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			link := filepath.Join(chgRealDir(c.t), "link")
			if err := os.Symlink(c.dir, link); err != nil {
				c.t.Fatal(err)
			}
			return filepath.Join(link, "dir"), nil
		}},
		{name: "a relative GIT_DIR naming the repository", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			return c.dir, []string{"GIT_DIR=.git"}
		}},
		{name: "GIT_DIR naming another repository is left to git", setup: func(c *chgRepo) (string, []string) {
			other := chgBaseRepo(c.t)
			return c.dir, []string{"GIT_DIR=" + filepath.Join(other.dir, ".git")}
		}},
		{name: "GIT_WORK_TREE is left to git", setup: func(c *chgRepo) (string, []string) {
			return filepath.Join(c.dir, "dir"), []string{"GIT_WORK_TREE=" + c.dir}
		}},
		{name: "core.worktree naming the work tree itself", wantFast: true, setup: func(c *chgRepo) (string, []string) {
			c.git("config", "core.worktree", "..")
			return c.dir, nil
		}},
		{name: "core.worktree naming another directory is left to git", setup: func(c *chgRepo) (string, []string) {
			c.git("config", "core.worktree", chgRealDir(c.t))
			return c.dir, nil
		}},
		{name: "per-worktree config (a repository extension) is left to git", setup: func(c *chgRepo) (string, []string) {
			c.git("config", "core.repositoryFormatVersion", "1")
			c.git("config", "extensions.worktreeConfig", "true")
			c.git("config", "--worktree", "core.hooksPath", "elsewhere")
			return c.dir, nil
		}},
		{name: "an extension in the common config, seen from a linked worktree, is left to git", setup: func(c *chgRepo) (string, []string) {
			wt := filepath.Join(chgRealDir(c.t), "wt")
			c.git("worktree", "add", "-q", "-b", "side", wt)
			c.git("config", "core.repositoryFormatVersion", "1")
			c.git("config", "extensions.noop-v1", "true")
			c.git("config", "extensions.objectFormat", "sha1")
			return wt, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			dir, extra := tt.setup(c)
			env := gitEnv(append(slices.Clone(c.env), extra...))
			if _, fast := openFast(dir, env); fast != tt.wantFast {
				t.Errorf("openFast answered %v, want %v", fast, tt.wantFast)
			}
			got, err := OpenEnv(t.Context(), dir, env)
			if err != nil {
				t.Fatal(err)
			}
			want := &Repo{Env: env}
			if err := want.openCLI(t.Context(), dir, dir); err != nil {
				t.Fatal(err)
			}
			instSameRepo(t, got, want)
		})
	}
}

func TestOpenOutsideAWorkTreeIsErrNotRepo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(c *chgRepo) string
	}{
		{"a directory outside any repository", func(c *chgRepo) string { return chgRealDir(c.t) }},
		{"inside the .git directory", func(c *chgRepo) string { return filepath.Join(c.dir, ".git", "refs") }},
		{"a bare repository", func(c *chgRepo) string {
			bare := filepath.Join(chgRealDir(c.t), "bare.git")
			c.git("init", "-q", "--bare", bare)
			return bare
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			dir := tt.setup(c)
			if _, fast := openFast(dir, gitEnv(c.env)); fast {
				t.Error("openFast answered; want it to leave this to git")
			}
			// A ceiling keeps git from finding a repository above the temporary dir.
			env := append(slices.Clone(c.env), "GIT_CEILING_DIRECTORIES="+filepath.Dir(c.dir))
			if _, err := OpenEnv(t.Context(), dir, env); !errors.Is(err, ErrNotRepo) {
				t.Fatalf("got %v, want ErrNotRepo", err)
			}
		})
	}
}

func TestGoGitHooksPathMatchesLocalConfig(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	c.git("config", "core.hooksPath", "~/some hooks")
	info, err := gogitOpen(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(c.git("config", "--local", "core.hooksPath"))
	if info.HooksPath != want {
		t.Fatalf("go-git core.hooksPath = %q, git = %q", info.HooksPath, want)
	}
}

func instSameRepo(t *testing.T, got, want *Repo) {
	t.Helper()
	if got.Root != want.Root || got.GitDir != want.GitDir || got.CommonDir != want.CommonDir {
		t.Errorf("got  Root %s GitDir %s CommonDir %s\nwant Root %s GitDir %s CommonDir %s",
			got.Root, got.GitDir, got.CommonDir, want.Root, want.GitDir, want.CommonDir)
	}
}
