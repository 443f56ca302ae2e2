package gitrepo

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// TreeIDs is what the index says about the work tree's content, for the result cache:
// one `git ls-files` call, no file read by hookrun.
type TreeIDs struct {
	// IDs maps each tracked path (stage 0) to "<mode> <blob id>" as the index holds it.
	IDs map[string]string
	// Modified are the tracked paths whose work tree may differ from the index (git
	// diff-files: a changed stat, racy entries compared by content; deleted ones
	// included), sorted, each once, and
	// Untracked the files git neither tracks nor ignores. Both are repo-relative.
	Modified, Untracked []string
	// Gitlinks are the tracked paths that are submodules (mode 160000), clean or not, and
	// Sparse the skip-worktree ones (a sparse checkout left them out; among Modified).
	Gitlinks, Sparse map[string]bool
	// listed are the paths of IDs as git listed them (its index order, which is sorted),
	// so that AllFiles need not sort them again; nil when unknown.
	listed []string
}

// ContentIDs lists the index's blob ids, the paths whose work tree differs from them,
// and the untracked files git does not ignore. Unmerged paths have no id: they count as
// modified. Three git calls side by side: listing the index is quick, while checking
// every tracked file and walking the tree for untracked ones are each most of the work.
// In an index of at least diffFilesMin entries the check is git diff-files, which stats
// the files on several threads (core.preloadIndex) where `ls-files --modified` uses one:
// 24 ms against 42 at 20,000 files. It may name a file whose stat changed but not its
// content (never the other way): that file is only hashed. Submodules count by their
// commit, as ls-files judges them, not by their content. In a smaller index the third
// process costs more than it saves, and `ls-files --modified` tags the changed entries C.
func (r *Repo) ContentIDs(ctx context.Context) (TreeIDs, error) {
	out, changed, others, err := r.listContent(ctx)
	if err != nil {
		return TreeIDs{}, fmt.Errorf("list content ids: %w", err)
	}
	t := TreeIDs{IDs: map[string]string{}, Gitlinks: map[string]bool{}, Sparse: map[string]bool{}, Untracked: splitZ(others)}
	t.Modified = splitZ(changed)
	for _, rec := range splitZ(out) {
		// "H <mode> <object> <stage>\t<path>", "C ..." when --modified finds it
		// modified; -t tags skip-worktree entries S and unmerged ones M.
		// The id ("<mode> <object>") is a slice of git's output, as the path is: no
		// allocation per entry (20,000 of them in --all).
		tag, rest, _ := strings.Cut(rec, " ")
		meta, p, ok := strings.Cut(rest, "\t")
		sp := strings.LastIndexByte(meta, ' ')
		id, stage := meta[:max(sp, 0)], meta[sp+1:]
		mode, object, two := strings.Cut(id, " ")
		if !ok || sp < 0 || !two || mode == "" || object == "" || stage == "" || strings.ContainsRune(object, ' ') {
			return TreeIDs{}, fmt.Errorf("list content ids: unexpected record %q", rec)
		}
		if mode == "160000" {
			t.Gitlinks[p] = true
		}
		switch {
		case tag == "C" || stage != "0":
			t.Modified = append(t.Modified, p)
		case tag == "H":
			t.IDs[p] = id
			t.listed = append(t.listed, p)
		default: // skip-worktree (S) and anything else: not known to match the work tree
			t.Modified = append(t.Modified, p)
			t.Sparse[p] = tag == "S"
		}
	}
	t.dropModified()
	return t, nil
}

// listContent runs ContentIDs' git calls side by side: the index (with C records of
// the modified entries in a small index), the changed files (a large index's only; nil
// otherwise) and the untracked ones.
func (r *Repo) listContent(ctx context.Context) (index, changed, others []byte, err error) {
	var (
		oerr, cerr error
		wg         sync.WaitGroup
	)
	wg.Go(func() { others, oerr = r.Git(ctx, "ls-files", "-z", "--others", "--exclude-standard", "--full-name") })
	list := []string{"ls-files", "-z", "-t", "--stage", "--full-name"}
	if n, ok := r.IndexEntries(); ok && n >= diffFilesMin {
		wg.Go(func() { changed, cerr = r.Git(ctx, "diff-files", "-z", "--name-only", "--ignore-submodules=dirty") })
	} else {
		list = append(list, "--modified")
	}
	index, err = r.Git(ctx, list...)
	wg.Wait()
	return index, changed, others, cmp.Or(err, oerr, cerr)
}

// diffFilesMin is the size of index from which ContentIDs asks git diff-files for the
// changed files: below it, one git process fewer is worth more than the threads.
const diffFilesMin = 8000

// dropModified takes the modified paths out of IDs and listed (the index's id no longer
// holds for them), and lists each modified path once.
func (t *TreeIDs) dropModified() {
	slices.Sort(t.Modified)
	t.Modified = slices.Compact(t.Modified)
	for _, p := range t.Modified {
		delete(t.IDs, p)
	}
	if len(t.Modified) > 0 {
		t.listed = slices.DeleteFunc(t.listed, func(p string) bool { _, ok := t.IDs[p]; return !ok })
	}
	if !slices.IsSorted(t.listed) { // git's index order is byte order; should it not be, sort
		slices.Sort(t.listed)
	}
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

// AllFiles is what Changes gives for the All scope (every tracked file present in the
// work tree), worked out from ids instead of two more git calls: the clean entries are
// present (git has just compared them with the work tree); of the others, a
// skip-worktree entry counts when it is a file or a link in the work tree (Existing),
// and any other when lstat finds something at its path, as `git ls-files --deleted`
// judges. Submodules count only with gitlinks, as directories.
func (r *Repo) AllFiles(ids TreeIDs, gitlinks bool) []string {
	paths := make([]string, 0, len(ids.IDs)+len(ids.Modified))
	sorted := ids.listed != nil && len(ids.listed) == len(ids.IDs)
	if sorted {
		paths = append(paths, ids.listed...)
	} else {
		for p := range ids.IDs {
			paths = append(paths, p)
		}
	}
	if len(ids.Gitlinks) > 0 {
		paths = slices.DeleteFunc(paths, func(p string) bool { return ids.Gitlinks[p] })
	}
	clean := len(paths)
	var sparse []string
	for _, p := range ids.Modified {
		switch {
		case ids.Gitlinks[p]:
		case ids.Sparse[p]:
			sparse = append(sparse, p)
		default:
			if _, err := os.Lstat(filepath.Join(r.Root, filepath.FromSlash(p))); err == nil {
				paths = append(paths, p)
			}
		}
	}
	paths = append(paths, r.Existing(sparse)...)
	for p := range ids.Gitlinks {
		if gitlinks && r.isDir(p) {
			paths = append(paths, p)
		}
	}
	if !sorted || len(paths) > clean { // the clean paths come sorted; anything else is sorted in
		slices.Sort(paths)
	}
	return slices.Compact(paths)
}

// IndexEntries is how many entries the index holds, read from its header (12 bytes; no
// entry is decoded); false when it cannot be read. A split index counts only its own
// part: a hint of the tree's size, not an exact count.
func (r *Repo) IndexEntries() (int, bool) {
	_, n, ok := r.indexHeader()
	return n, ok
}

// indexHeader reads the index's 12-byte header: its format version and how many entries
// it holds; false when it cannot be read or is no index.
func (r *Repo) indexHeader() (version, entries int, ok bool) {
	f, err := os.Open(r.IndexFile())
	if err != nil {
		return 0, 0, false
	}
	defer func() { _ = f.Close() }() // read only: a close error loses nothing
	var h [12]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:4]) != "DIRC" {
		return 0, 0, false
	}
	return int(binary.BigEndian.Uint32(h[4:8])), int(binary.BigEndian.Uint32(h[8:])), true
}
