package gitrepo

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// chgOddNames are file names a shell or a line-based parser would break.
var chgOddNames = []string{
	"with space.txt", "new\nline.txt", `quote"d.txt`, "'single'.txt", "-leading-dash.txt",
	"--", "\xff\xfenot-utf8.txt", "$(touch pwned).txt", "back\\slash.txt", "tab\there.txt",
}

// chgStagedCase is a repository state and the staged files it must give; the
// differential test runs the same cases through go-git.
type chgStagedCase struct {
	name  string
	setup func(c *chgRepo) *Repo // changes chgBaseRepo and returns the repository to ask
	want  []string
}

func chgStagedCases() []chgStagedCase {
	return []chgStagedCase{
		{name: "a staged new file is listed", setup: func(c *chgRepo) *Repo {
			c.write("new.txt", "x")
			c.git("add", "new.txt")
			return c.open()
		}, want: []string{"new.txt"}},
		{name: "a staged modification is listed", setup: func(c *chgRepo) *Repo {
			c.write("a.txt", "changed")
			c.git("add", "a.txt")
			return c.open()
		}, want: []string{"a.txt"}},
		{name: "an unstaged modification is not listed", setup: func(c *chgRepo) *Repo {
			c.write("a.txt", "changed")
			return c.open()
		}},
		{name: "a staged deletion is never listed", setup: func(c *chgRepo) *Repo {
			c.git("rm", "-q", "a.txt")
			return c.open()
		}},
		{name: "a rename lists only the new path", setup: func(c *chgRepo) *Repo {
			c.git("mv", "a.txt", "dir/renamed.txt")
			return c.open()
		}, want: []string{"dir/renamed.txt"}},
		{name: "a copy lists the copy", setup: func(c *chgRepo) *Repo {
			c.write("copy.txt", "a.txt\n")
			c.git("add", "copy.txt")
			return c.open()
		}, want: []string{"copy.txt"}},
		{name: "a type change to a symlink is listed", setup: func(c *chgRepo) *Repo {
			c.remove("a.txt")
			if err := os.Symlink("b.txt", filepath.Join(c.dir, "a.txt")); err != nil {
				c.t.Fatal(err)
			}
			c.git("add", "a.txt")
			return c.open()
		}, want: []string{"a.txt"}},
		{name: "an executable bit change is listed", setup: func(c *chgRepo) *Repo {
			c.git("update-index", "--chmod=+x", "b.txt")
			return c.open()
		}, want: []string{"b.txt"}},
		{name: "an unborn HEAD lists every file in the index", setup: func(c *chgRepo) *Repo {
			c.git("checkout", "-q", "--orphan", "fresh")
			return c.open()
		}, want: []string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt"}},
		{name: "an added submodule is not listed but .gitmodules is", setup: func(c *chgRepo) *Repo {
			sub := chgBaseRepo(c.t)
			c.git("submodule", "add", "-q", sub.dir, "sm")
			return c.open()
		}, want: []string{".gitmodules"}},
		{name: "an intent-to-add file is not listed", setup: func(c *chgRepo) *Repo {
			c.write("later.txt", "x")
			c.git("add", "-N", "later.txt")
			return c.open()
		}},
		{name: "a staged file deleted from the work tree is not listed", setup: func(c *chgRepo) *Repo {
			c.write("gone.txt", "x")
			c.git("add", "gone.txt")
			c.remove("gone.txt")
			return c.open()
		}},
		{name: "odd file names survive", setup: func(c *chgRepo) *Repo {
			chgAddOdd(c)
			return c.open()
		}, want: chgSorted(chgOddNames)},
		{name: "a linked worktree lists its own staged files", setup: func(c *chgRepo) *Repo {
			wt := c.at(filepath.Join(chgRealDir(c.t), "wt"))
			c.git("worktree", "add", "-q", "-b", "side", wt.dir)
			wt.write("dir/side.txt", "x")
			wt.git("add", "dir/side.txt")
			c.write("main-only.txt", "x")
			c.git("add", "main-only.txt")
			return wt.open()
		}, want: []string{"dir/side.txt"}},
		{name: "opened from a subdirectory paths are still repo-relative", setup: func(c *chgRepo) *Repo {
			c.write("dir/e.txt", "x")
			c.git("add", "dir/e.txt")
			return c.at(filepath.Join(c.dir, "dir")).open()
		}, want: []string{"dir/e.txt"}},
		{name: "GIT_INDEX_FILE set by git commit -a is honoured", setup: func(c *chgRepo) *Repo {
			idx := "GIT_INDEX_FILE=" + filepath.Join(c.dir, ".git", "other-index")
			c.write("b.txt", "changed")
			c.write("a.txt", "changed")
			c.git("add", "a.txt")
			chgMust(c.t)(c.gitWith([]string{idx}, "read-tree", "HEAD"))
			chgMust(c.t)(c.gitWith([]string{idx}, "add", "b.txt"))
			return c.open(idx)
		}, want: []string{"b.txt"}},
	}
}

func TestChangesStaged(t *testing.T) {
	t.Parallel()
	for _, tt := range chgStagedCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			r := tt.setup(c)
			got, err := r.Changes(t.Context(), Scope{Kind: Staged})
			if err != nil {
				t.Fatal(err)
			}
			chgCompare(t, got, tt.want)
			if _, err := os.Stat(filepath.Join(c.dir, "pwned")); err == nil {
				t.Error("a file name was run as a command")
			}
		})
	}
}

// TestChangesScopes covers every scope but Staged on chgBaseRepo (a.txt, b.txt,
// dir/c.txt, dir/d.txt in one root commit on main).
func TestChangesScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(c *chgRepo)
		scope Scope
		want  []string
	}{
		{
			name: "all lists every tracked file present, without submodules or deleted files",
			setup: func(c *chgRepo) {
				c.git("submodule", "add", "-q", chgBaseRepo(c.t).dir, "sm")
				c.remove("b.txt")
				c.write("untracked.txt", "x")
			},
			scope: Scope{Kind: All},
			want:  []string{".gitmodules", "a.txt", "dir/c.txt", "dir/d.txt"},
		},
		{
			name:  "all keeps odd file names",
			setup: func(c *chgRepo) { chgAddOdd(c) },
			scope: Scope{Kind: All},
			want:  chgSorted(append([]string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt"}, chgOddNames...)),
		},
		{
			name:  "all leaves out the files a sparse checkout did not check out (issue 12)",
			setup: chgSparse,
			scope: Scope{Kind: All},
			want:  []string{"a.txt", "b.txt", "other/e.txt"},
		},
		{
			name: "all leaves them out with a sparse index too (issue 12)",
			setup: func(c *chgRepo) {
				chgSparse(c)
				c.git("sparse-checkout", "init", "--cone", "--sparse-index")
			},
			scope: Scope{Kind: All},
			want:  []string{"a.txt", "b.txt", "other/e.txt"},
		},
		{
			name: "a range leaves out changed files a sparse checkout did not check out (issue 12)",
			setup: func(c *chgRepo) {
				c.git("checkout", "-q", "-b", "feature")
				c.write("dir/c.txt", "changed\n")
				c.write("other/e.txt", "changed\n")
				c.commitAll("feature")
				c.git("sparse-checkout", "set", "other")
			},
			scope: Scope{Kind: Range, From: "main", To: "feature"},
			want:  []string{"other/e.txt"},
		},
		{
			name:  "a range lists added, modified and renamed files on the branch since it forked",
			setup: chgFeatureBranch,
			scope: Scope{Kind: Range, From: "main", To: "feature"},
			want:  []string{"a.txt", "dir/renamed.txt", "new.txt"},
		},
		{
			name:  "a range to an empty To means HEAD",
			setup: chgFeatureBranch,
			scope: Scope{Kind: Range, From: "main"},
			want:  []string{"a.txt", "dir/renamed.txt", "new.txt"},
		},
		{
			name:  "a range keeps odd file names",
			setup: func(c *chgRepo) { chgAddOdd(c); c.git("commit", "-q", "-m", "odd") },
			scope: Scope{Kind: Range, From: "HEAD~1", To: "HEAD"},
			want:  chgSorted(chgOddNames),
		},
		{
			name: "the last commit lists what HEAD changed",
			setup: func(c *chgRepo) {
				c.write("a.txt", "changed")
				c.write("new.txt", "x")
				c.git("rm", "-q", "b.txt")
				c.commitAll("second")
			},
			scope: Scope{Kind: LastCommit},
			want:  []string{"a.txt", "new.txt"},
		},
		{
			name:  "the last commit lists every file of a root commit",
			setup: func(*chgRepo) {},
			scope: Scope{Kind: LastCommit},
			want:  []string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt"},
		},
		{
			name: "the last commit of a merge lists what it brought to the first parent",
			setup: func(c *chgRepo) {
				chgFeatureBranch(c)
				c.git("checkout", "-q", "main")
				c.git("merge", "-q", "--no-ff", "--no-edit", "feature")
			},
			scope: Scope{Kind: LastCommit},
			want:  []string{"a.txt", "dir/renamed.txt", "new.txt"},
		},
		{
			name:  "named files are kept when present, untracked ones too, and cleaned",
			setup: func(c *chgRepo) { c.write("untracked.txt", "x") },
			scope: Scope{Kind: Files, Files: []string{"untracked.txt", "missing.txt", "dir", "./dir/../a.txt", "a.txt", "dir//c.txt"}},
			want:  []string{"a.txt", "dir/c.txt", "untracked.txt"},
		},
		{
			name:  "named files keep odd names",
			setup: func(c *chgRepo) { chgAddOdd(c) },
			scope: Scope{Kind: Files, Files: chgOddNames},
			want:  chgSorted(chgOddNames),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			tt.setup(c)
			got, err := c.open().Changes(t.Context(), tt.scope)
			if err != nil {
				t.Fatal(err)
			}
			chgCompare(t, got, tt.want)
		})
	}
}

func TestChangesFilesAcceptsAbsolutePathsInside(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	got, err := c.open().Changes(t.Context(), Scope{Kind: Files, Files: []string{filepath.Join(c.dir, "dir", "c.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{"dir/c.txt"})
}

func TestChangesErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		scope Scope
		want  string
	}{
		{"a range without From is an error", Scope{Kind: Range}, "empty revision"},
		{"a revision that looks like an option is refused", Scope{Kind: Range, From: "--output=x"}, "starts with '-'"},
		{"an unknown revision is git's error", Scope{Kind: Range, From: "no-such-branch"}, "no-such-branch"},
		{"a named file outside the repository is an error", Scope{Kind: Files, Files: []string{"../x"}}, "outside the repository"},
		{"an unknown scope kind is an error", Scope{Kind: ScopeKind(42)}, "unknown scope kind 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			_, err := c.open().Changes(t.Context(), tt.scope)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestChangesLastCommitOnUnbornHEADIsAnError(t *testing.T) {
	t.Parallel()
	c := chgNewRepo(t)
	_, err := c.open().Changes(t.Context(), Scope{Kind: LastCommit})
	if _, ok := errors.AsType[*GitError](err); !ok {
		t.Fatalf("got %v, want a *GitError", err)
	}
}

func TestUnmergedDuringAConflictedMerge(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	c.git("checkout", "-q", "-b", "feature")
	c.write("a.txt", "feature side\n")
	c.write("dir/c.txt", "feature side\n")
	c.write("clean.txt", "merges cleanly\n")
	c.commitAll("feature")
	c.git("checkout", "-q", "main")
	c.write("a.txt", "main side\n")
	c.write("dir/c.txt", "main side\n")
	c.commitAll("main")
	if _, err := c.gitWith(nil, "merge", "-q", "feature"); err == nil {
		t.Fatal("merge succeeded; want a conflict")
	}
	r := c.open()
	got, err := r.Unmerged(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{"a.txt", "dir/c.txt"})

	// As pre-commit: during a merge the staged scope is the conflicted files, not the
	// one that came in cleanly (the stash refuses to run before this matters).
	staged, err := r.Changes(t.Context(), Scope{Kind: Staged})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, staged, []string{"a.txt", "dir/c.txt"})

	all, err := r.Changes(t.Context(), Scope{Kind: All})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, all, []string{"a.txt", "b.txt", "clean.txt", "dir/c.txt", "dir/d.txt"})
}

func TestUnmergedWithoutAMergeIsEmpty(t *testing.T) {
	t.Parallel()
	got, err := chgBaseRepo(t).open().Unmerged(t.Context())
	if err != nil || len(got) != 0 {
		t.Fatalf("got %q, %v; want nothing", got, err)
	}
}

// chgFeatureBranch makes branch feature from main: a.txt modified, new.txt added,
// b.txt renamed to dir/renamed.txt, dir/c.txt deleted. Main then moves on (dir/d.txt
// changed), which a merge-base range must not show. feature is checked out.
func chgFeatureBranch(c *chgRepo) {
	c.t.Helper()
	c.git("checkout", "-q", "-b", "feature")
	c.write("a.txt", "feature\n")
	c.write("new.txt", "new\n")
	c.git("mv", "b.txt", "dir/renamed.txt")
	c.git("rm", "-q", "dir/c.txt")
	c.commitAll("feature")
	c.git("checkout", "-q", "main")
	c.write("dir/d.txt", "main moved on\n")
	c.commitAll("main moves on")
	c.git("checkout", "-q", "feature")
}

// chgAddOdd writes and stages chgOddNames.
func chgAddOdd(c *chgRepo) {
	c.t.Helper()
	for _, n := range chgOddNames {
		c.write(n, n)
	}
	c.git(append([]string{"add", "--"}, chgOddNames...)...)
}

func chgSorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func chgCompare(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// chgMust fails the test on a non-nil error from a two-result call.
func chgMust(tb testing.TB) func(string, error) string {
	tb.Helper()
	return func(s string, err error) string {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return s
	}
}

// chgSparse commits other/e.txt and checks out only other/ (and the root files): dir/
// stays in the index, marked skip-worktree, and absent from the work tree.
func chgSparse(c *chgRepo) {
	c.write("other/e.txt", "e\n")
	c.commitAll("other")
	c.git("sparse-checkout", "set", "other")
}
