package gitrepo

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
)

// BenchmarkChanges compares go-git with the git command for what Open and the Staged
// scope need, and for a work-tree status, on a generated repository of 2,000 files
// (40 directories of 50) with 1 and then 1,000 files staged. The results and the choice
// they led to are at the top of changes.go; reproduce them with
//
//	go test -run '^$' -bench BenchmarkChanges -count 6 ./internal/gitrepo | benchstat -
func BenchmarkChanges(b *testing.B) {
	c := chgNewRepo(b)
	chgFill(c, 40, 50)
	b.Run("op=open/impl=git", func(b *testing.B) {
		for b.Loop() {
			r := &Repo{Env: gitEnv(c.env)}
			if err := r.openCLI(b.Context(), c.dir, c.dir); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=open/impl=gogit", func(b *testing.B) {
		for b.Loop() {
			if _, err := gogitOpen(c.dir); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Open as shipped: go-git plus the checks that decide whether git must answer.
	b.Run("op=open/impl=Open", func(b *testing.B) {
		for b.Loop() {
			if _, err := OpenEnv(b.Context(), c.dir, c.env); err != nil {
				b.Fatal(err)
			}
		}
	})
	r := c.open()
	for _, n := range []int{1, 1000} {
		chgStageFirst(c, n)
		chgBenchStaged(b, r, n)
		chgBenchStatus(b, r, n)
	}
}

// chgBenchStaged measures the staged list of both implementations.
func chgBenchStaged(b *testing.B, r *Repo, n int) {
	b.Helper()
	b.Run(fmt.Sprintf("op=staged/staged=%d/impl=git", n), func(b *testing.B) {
		for b.Loop() {
			if got, err := r.stagedCLI(b.Context(), diffArgs(Scope{})); err != nil || len(got) != n {
				b.Fatalf("got %d files, err %v; want %d", len(got), err, n)
			}
		}
	})
	b.Run(fmt.Sprintf("op=staged/staged=%d/impl=gogit", n), func(b *testing.B) {
		for b.Loop() {
			if got, err := r.gogitStaged(); err != nil || len(got) != n {
				b.Fatalf("got %d files, err %v; want %d", len(got), err, n)
			}
		}
	})
}

// chgBenchStatus measures a full work-tree status: `git status` against go-git's
// Worktree.Status, each including its open.
func chgBenchStatus(b *testing.B, r *Repo, n int) {
	b.Helper()
	b.Run(fmt.Sprintf("op=status/staged=%d/impl=git", n), func(b *testing.B) {
		for b.Loop() {
			if _, err := r.Git(b.Context(), "status", "--porcelain", "-z"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("op=status/staged=%d/impl=gogit", n), func(b *testing.B) {
		for b.Loop() {
			repo, err := git.PlainOpenWithOptions(r.Root, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
			if err != nil {
				b.Fatal(err)
			}
			wt, err := repo.Worktree()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := wt.Status(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// chgPast is the modification time given to generated files: well before the index is
// written, so no entry is "racily clean" and neither implementation re-reads contents.
var chgPast = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// chgFill commits dirs*files small files and packs the repository, as a clone is.
func chgFill(c *chgRepo, dirs, files int) {
	c.t.Helper()
	for d := range dirs {
		for f := range files {
			c.write(chgBenchName(d, f), fmt.Sprintf("package p%d\n\n// file %d\n", d, f))
			chgTouchPast(c, chgBenchName(d, f))
		}
	}
	c.commitAll("generated")
	c.git("repack", "-adq")
}

// chgStageFirst modifies and stages the first n generated files.
func chgStageFirst(c *chgRepo, n int) {
	c.t.Helper()
	args := []string{"add", "--"}
	for i := range n {
		name := chgBenchName(i/50, i%50)
		c.write(name, fmt.Sprintf("package p%d\n\n// changed %d\n", i/50, i))
		chgTouchPast(c, name)
		args = append(args, name)
	}
	c.git(args...)
}

func chgBenchName(d, f int) string { return fmt.Sprintf("pkg%02d/file%02d.go", d, f) }

func chgTouchPast(c *chgRepo, name string) {
	c.t.Helper()
	if err := os.Chtimes(filepath.Join(c.dir, name), chgPast, chgPast); err != nil {
		c.t.Fatal(err)
	}
}
