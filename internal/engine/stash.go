package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

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
	case errors.As(err, new(*gitrepo.BeyondLinkError)):
		// Checked before a conflict: a file a hook put below a symbolic link was not
		// restored, so "your unstaged changes restored" would be untrue.
		warn("restore unstaged changes: %v\nyour changes are safe in %s", err, StashDir(repo))
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

// stageFiles stages files, each by its name alone: as a pathspec, "?.txt" would stage
// every one-letter .txt file, with whatever unstaged work it holds. The names go on stdin,
// so no number of them exceeds the argument limit.
func stageFiles(ctx context.Context, repo *gitrepo.Repo, files []string, warn func(string, ...any)) Verdict {
	in := []byte(strings.Join(files, "\x00"))
	if _, err := repo.GitInput(context.WithoutCancel(ctx), in,
		"--literal-pathspecs", "add", "--pathspec-from-file=-", "--pathspec-file-nul"); err != nil {
		warn("stage fixed files: %v", err)
		return Failed
	}
	return OK
}

// stageable drops from stage the fixes whose staging could put content read through a
// symbolic link into the index (gitrepo.Unstageable): a link a hook replaced with a
// regular file, or a file below a link. Each is named, and the run fails, for the user to
// look at. When the check itself fails, nothing is staged.
func stageable(ctx context.Context, repo *gitrepo.Repo, stage []string, warn func(string, ...any)) ([]string, Verdict) {
	refused, err := repo.Unstageable(context.WithoutCancel(ctx), stage)
	if err != nil {
		warn("stage fixed files: %v", err)
		return nil, Failed
	}
	if len(refused) == 0 {
		return stage, OK
	}
	var keep, msgs []string
	for _, f := range stage {
		if why, ok := refused[f]; ok {
			msgs = append(msgs, fmt.Sprintf("%s (%s)", f, why))
		} else {
			keep = append(keep, f)
		}
	}
	slices.Sort(msgs)
	warn("not staged: %s; hookrun never stages content read through a symbolic link", strings.Join(slices.Compact(msgs), ", "))
	return keep, Failed
}
