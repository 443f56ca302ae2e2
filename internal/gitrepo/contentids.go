package gitrepo

import (
	"context"
	"fmt"
	"strings"
)

// TreeIDs is what the index says about the work tree's content, for the result cache:
// one `git ls-files` call, no file read by hookrun.
type TreeIDs struct {
	// IDs maps each tracked path (stage 0) to "<mode> <blob id>" as the index holds it.
	IDs map[string]string
	// Modified are the tracked paths whose work tree may differ from the index (git's
	// stat check, racy entries compared by content; deleted ones included), and
	// Untracked the files git neither tracks nor ignores. Both are repo-relative.
	Modified, Untracked []string
}

// ContentIDs lists the index's blob ids, the paths whose work tree differs from them,
// and the untracked files git does not ignore, in one git call. Unmerged paths have no
// id: they count as modified.
func (r *Repo) ContentIDs(ctx context.Context) (TreeIDs, error) {
	out, err := r.Git(ctx, "ls-files", "-z", "-t", "--stage", "--modified", "--others", "--exclude-standard", "--full-name")
	if err != nil {
		return TreeIDs{}, fmt.Errorf("list content ids: %w", err)
	}
	t := TreeIDs{IDs: map[string]string{}}
	for _, rec := range splitZ(out) {
		// "H <mode> <object> <stage>\t<path>", "C ..." when modified, "? <path>" untracked;
		// -t tags skip-worktree entries S and unmerged ones M.
		tag, rest, _ := strings.Cut(rec, " ")
		if tag == "?" {
			t.Untracked = append(t.Untracked, rest)
			continue
		}
		meta, p, ok := strings.Cut(rest, "\t")
		fields := strings.Fields(meta)
		switch {
		case !ok || len(fields) != 3:
			return TreeIDs{}, fmt.Errorf("list content ids: unexpected record %q", rec)
		case tag == "C" || fields[2] != "0":
			t.Modified = append(t.Modified, p)
		case tag == "H":
			t.IDs[p] = fields[0] + " " + fields[1]
		default: // skip-worktree (S) and anything else: not known to match the work tree
			t.Modified = append(t.Modified, p)
		}
	}
	for _, p := range t.Modified { // listed H before C: the index's id no longer holds
		delete(t.IDs, p)
	}
	return t, nil
}

// ContentIDsLater starts ContentIDs in the background and returns the function that
// waits for its answer (the same one every call): a caller that will need the ids
// starts the git call as soon as the work tree is what the hooks will see, and does
// other work meanwhile.
func (r *Repo) ContentIDsLater(ctx context.Context) func() (TreeIDs, error) {
	var (
		ids  TreeIDs
		err  error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		ids, err = r.ContentIDs(ctx)
	}()
	return func() (TreeIDs, error) {
		<-done
		return ids, err
	}
}
