package engine

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/hookrun/hookrun/internal/gitrepo"
)

// FinishStash puts the hidden work back (st; nil when nothing was hidden), staging fixes
// first. A fixer whose edits collide with unstaged changes gets every fix rolled back,
// and the run fails.
func FinishStash(ctx context.Context, repo *gitrepo.Repo, st *gitrepo.Stash, stage []string, warn func(string, ...any)) Verdict {
	if st == nil {
		return OK
	}
	err := st.Restore(context.WithoutCancel(ctx), stage)
	var conflict *gitrepo.ConflictError
	var damaged *gitrepo.BackupError
	switch {
	case errors.As(err, &damaged): // said first: the work it names is not safe anywhere
		warn("restore unstaged changes: %v", err)
		return Environment
	case errors.As(err, &conflict):
		warn("%v\nthe fixes were rolled back and your unstaged changes restored; stage or stash them, then commit again", err)
		return Failed
	case err != nil && len(st.Hidden()) == 0: // nothing was hidden: staging the fixes failed
		warn("%v", err)
		return Environment
	case err != nil:
		// Promised only when the backup verifiably holds everything, in one copy or the other.
		if berr := st.CheckBackup(); berr != nil {
			warn("restore unstaged changes: %v\n%v", err, berr)
			return Environment
		}
		warn("restore unstaged changes: %v\nyour changes are safe in %s; run `hookrun restore`", err, StashDir(repo))
		return Environment
	}
	if n := len(st.Hidden()); n > 0 {
		warn("restored unstaged changes in %d %s", n, plural(n, "file", "files"))
	}
	return OK
}

// StashDir is where hidden unstaged work is backed up while hooks run, relative to the
// repository root as messages name it.
func StashDir(repo *gitrepo.Repo) string {
	rel, err := filepath.Rel(repo.Root, filepath.Join(repo.GitDir, "hookrun", "stash"))
	if err != nil {
		return filepath.Join(repo.GitDir, "hookrun", "stash")
	}
	return rel
}

func stageFiles(ctx context.Context, repo *gitrepo.Repo, files []string, warn func(string, ...any)) Verdict {
	if _, err := repo.Git(context.WithoutCancel(ctx), append([]string{"add", "--"}, files...)...); err != nil {
		warn("stage fixed files: %v", err)
		return Failed
	}
	return OK
}
