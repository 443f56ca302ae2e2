package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/filetype"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// Files says which files a run checks.
type Files struct {
	Scope   gitrepo.Scope // its Files already repo-relative
	NoFiles bool          // the stage passes no files (post-checkout, post-merge, pre-rebase)
	MsgFile string        // commit-msg and prepare-commit-msg: the message file, the only one
	Hide    bool          // hide unstaged changes while hooks run
	Phase   PhaseFunc     // sees Gather's phases, hiding and listing; nil: none
	// ContentIDs, when set in the All scope (which hides nothing), waits for the tree's
	// content ids (Repo.ContentIDsLater), which then give the files (Repo.AllFiles)
	// instead of two more git calls.
	ContentIDs func() (gitrepo.TreeIDs, error)
	// CleanIDs, set once Gather has hidden unstaged work, are the ids of the staged files
	// the stash's status found unchanged in the work tree (gitrepo.Stash.CleanIDs).
	CleanIDs map[string]string
}

// Gather hides unstaged changes (when f asks) and lists the files. They are independent
// git work, run side by side, unless the stash's status says which files are staged too
// (stagedFromStash); the stash refuses a merge with unresolved files by itself. On
// failure, anything hidden is back, warn has said why, and the verdict is not OK. The
// stash is nil when nothing was hidden.
func Gather(ctx context.Context, repo *gitrepo.Repo, f Files, warn func(string, ...any)) ([]string, *gitrepo.Stash, Verdict) {
	type hidden struct {
		stash *gitrepo.Stash
		err   error
	}
	fromStash := stagedFromStash(repo, f)
	ch := make(chan hidden, 1)
	if f.Hide {
		go func() {
			end := f.Phase.begin("hiding unstaged changes")
			st, err := repo.Stash(ctx)
			end()
			ch <- hidden{st, err}
		}()
	} else {
		ch <- hidden{}
	}
	var (
		files []string
		v     Verdict
		err   error
	)
	if !fromStash {
		end := f.Phase.begin("listing files")
		files, v, err = List(ctx, repo, f, f.Hide)
		end()
	}
	h := <-ch
	stash, sv := hideResult(h.stash, h.err, repo, warn)
	switch {
	case sv != OK:
		return nil, nil, sv
	case fromStash && stash != nil:
		files = slices.Clone(stash.StagedList())
	case fromStash: // Stash always returns one; should it not, list the files as usual
		files, v, err = List(ctx, repo, f, f.Hide)
	}
	switch {
	case err != nil:
		warn("%v", err)
		return nil, nil, max(v, FinishStash(ctx, repo, stash, nil, warn))
	case f.Hide:
		return presentStaged(ctx, repo, f, files, stash, warn)
	}
	return files, stash, OK
}

// stagedFromStash reports whether the stash's status gives f's files
// (gitrepo.Stash.StagedList), saving a `git diff --cached`: a staged scope that hides
// unstaged work, outside a merge (pre-commit's merge files) and without submodules
// (the status ignores them).
func stagedFromStash(repo *gitrepo.Repo, f Files) bool {
	return f.Hide && f.Scope.Kind == gitrepo.Staged && !f.Scope.Gitlinks && !f.NoFiles &&
		f.MsgFile == "" && !repo.InMerge()
}

// presentStaged keeps the staged files present in the work tree once the stash has put
// back any that were deleted there: those are committed, so they must be checked. A
// staged file still missing fails the run, with the stash finished.
func presentStaged(ctx context.Context, repo *gitrepo.Repo, f Files, files []string, stash *gitrepo.Stash, warn func(string, ...any)) ([]string, *gitrepo.Stash, Verdict) {
	// A file the status found clean is there (git looked): only the others are looked for.
	clean := stash.CleanIDs()
	var known, ask []string
	for _, p := range files {
		if id := clean[p]; regularID(id) || strings.HasPrefix(id, "120000 ") {
			known = append(known, p)
		} else {
			ask = append(ask, p)
		}
	}
	present, err := repo.ExistingIn(ctx, f.Scope, ask)
	if err != nil {
		warn("%v", err)
		return nil, nil, max(Environment, FinishStash(ctx, repo, stash, nil, warn))
	}
	present = append(present, known...)
	slices.Sort(present)
	present = slices.Compact(present) // a merge lists a path once per stage
	if missing := missingStaged(files, present); len(missing) > 0 {
		// The stash put back every staged file it could; one still missing has a
		// directory (or a file where its directory goes) in its place, and its staged
		// content, which would be committed, cannot be checked.
		warn("cannot check %s: staged, but something else is in its place in the work tree "+
			"(a directory, or a file where its directory goes); move that aside and commit again",
			strings.Join(missing, ", "))
		return nil, nil, max(Environment, FinishStash(ctx, repo, stash, nil, warn))
	}
	return present, stash, OK
}

// missingStaged lists the files that are not present (gitrepo.Repo.ExistingIn).
func missingStaged(files, present []string) []string {
	if len(present) == len(slices.Compact(slices.Sorted(slices.Values(files)))) {
		return nil
	}
	var missing []string
	for _, f := range files {
		if !slices.Contains(present, f) {
			missing = append(missing, f)
		}
	}
	return missing
}

// hideResult reports how hiding unstaged changes went.
func hideResult(st *gitrepo.Stash, err error, repo *gitrepo.Repo, warn func(string, ...any)) (*gitrepo.Stash, Verdict) {
	switch {
	case errors.As(err, new(*gitrepo.UnmergedError)):
		warn("%v\nresolve them and `git add` them, then commit again", err)
		return nil, Environment
	case err != nil:
		msg := err.Error()
		if !strings.HasPrefix(msg, "hide unstaged changes") {
			msg = "hide unstaged changes: " + msg
		}
		warn("%s", msg)
		return nil, Environment
	case st == nil:
		return nil, OK
	}
	if n := len(st.Hidden()); n > 0 {
		warn("hid unstaged changes in %d %s while hooks run (backup in %s)", n, plural(n, "file", "files"), StashDir(repo))
	}
	return st, OK
}

// List returns the files f names (with candidates, before the existence check: see
// gitrepo.Candidates); on failure, the verdict and the error to show.
func List(ctx context.Context, repo *gitrepo.Repo, f Files, candidates bool) ([]string, Verdict, error) {
	switch {
	case f.NoFiles:
		return nil, OK, nil
	case f.MsgFile != "":
		return []string{f.MsgFile}, OK, nil
	}
	if f.Scope.Kind == gitrepo.All && f.ContentIDs != nil && !f.Hide {
		if ids, err := f.ContentIDs(); err == nil {
			return repo.AllFiles(ids, f.Scope.Gitlinks), OK, nil
		} // else list them the usual way, which says what failed
	}
	changes := repo.Changes
	if candidates {
		changes = repo.Candidates
	}
	files, err := changes(ctx, f.Scope)
	if unknown, ok := errors.AsType[*gitrepo.UnknownRevError](err); ok {
		return nil, Usage, unknown
	}
	if err != nil {
		return nil, Environment, fmt.Errorf("list files: %w", err)
	}
	return files, OK, nil
}

// MergeNote is what to tell the user when a merge in progress narrowed the staged files
// to the merge's conflicted ones (gitrepo.InMerge), as pre-commit does; "" otherwise. Ask
// once the stash has not refused the merge's unresolved files, so the two never
// contradict.
func MergeNote(repo *gitrepo.Repo, f Files) string {
	if f.Scope.Kind == gitrepo.Staged && !f.NoFiles && f.MsgFile == "" && repo.InMerge() {
		return "merge in progress: checking merge-conflict files only"
	}
	return ""
}

// Select picks the hooks of a run and the files each one gets (hooks.Select), working
// out each file's type tags once, not once per hook with types. A stage that passes no
// files runs its hooks all the same. files are those f named (List); when the listing
// did not look for them in the work tree (gitrepo.Scope.Unchecked), every file is
// tagged first and those lstat does not find are dropped, as pre-commit drops them.
func Select(root string, hs []*hooks.Hook, files []string, f Files, o hooks.SelectOptions) []hooks.Selection {
	return selectWith(root, hs, files, f, o, nil)
}

// SelectReading is Select that, for a fix-mode run over every file (the All scope,
// listed unchecked, nothing hidden) of hooks that all run in-process, reads the content
// of the files as it tags them (filetype.OfRead), instead of an lstat now and an open
// when the first hook reads each: ctx then carries them (hooks.WithSeed) for the run's
// FileCache. Otherwise it is Select, and ctx is returned as it is.
func SelectReading(ctx context.Context, root string, hs []*hooks.Hook, files []string, f Files, o hooks.SelectOptions) (context.Context, []hooks.Selection) {
	if f.Scope.Kind != gitrepo.All || !f.Scope.Unchecked || f.Hide || f.NoFiles || f.MsgFile != "" ||
		len(hs) == 0 || slices.ContainsFunc(hs, func(h *hooks.Hook) bool { return h.Builtin == nil }) {
		return ctx, Select(root, hs, files, f, o)
	}
	seed := hooks.NewSeed(len(files))
	return hooks.WithSeed(ctx, seed), selectWith(root, hs, files, f, o, seed)
}

// selectWith is Select, keeping in seed (when not nil) the content of the files it tags
// ahead of the hooks.
func selectWith(root string, hs []*hooks.Hook, files []string, f Files, o hooks.SelectOptions, seed *hooks.Seed) []hooks.Selection {
	defer f.Phase.begin("selecting files")()
	// Select calls Prepare, then Tags, from one goroutine.
	tags := make(map[string]tagged, len(files))
	if f.Scope.Kind == gitrepo.All && f.Scope.Unchecked {
		// Every file is tagged first, and those lstat does not find dropped: Select
		// then asks by index, and has nothing left to prepare.
		end := f.Phase.begin("tagging every file")
		got := tagAll(root, files, tags, seed)
		end()
		kept, keptTags := make([]string, 0, len(files)), make([]filetype.Tags, 0, len(files))
		for i, p := range files {
			if len(got[i].tags) > 0 {
				kept, keptTags = append(kept, p), append(keptTags, got[i].tags)
			}
		}
		files = kept
		o.TagsAt = func(i int, want []string) bool { return keptTags[i].HasAll(want) }
	} else {
		o.Prepare = func(paths []string) {
			tagAll(root, slices.DeleteFunc(paths, func(p string) bool { _, ok := tags[p]; return ok }), tags, nil)
		}
		o.Tags = func(p string, want []string) bool {
			t, ok := tags[p]
			if !ok {
				t = tagged{tags: filetype.Of(root, p)}
				tags[p] = t
			}
			return t.tags.HasAll(want)
		}
	}
	o.Linked = linkedIn(root, files, tags, cleanFiles(f))
	sel := hooks.Select(hs, files, o)
	if f.NoFiles {
		for i := range sel {
			if sel[i].Skip == "no files to check" {
				sel[i].Skip = ""
			}
		}
	}
	return sel
}

// tagged is what selection learnt of a file: its tags, and whether opening it proved
// that no directory on its way from the root is a symbolic link (filetype.OfRead).
type tagged struct {
	tags    filetype.Tags
	noLinks bool
}

// tagAll puts the tags of paths (filetype.Of: an lstat each, and a read of the head of
// those whose name does not tell text from binary) into tags, and returns them in the
// order of paths. It works on parts of them side by side: on a large repository this is
// a good part of the time before the first hook starts. With a seed, each regular file
// is read whole instead (filetype.OfRead) and kept there, by its absolute path (root
// and p joined as they are: paths as git lists them are clean).
func tagAll(root string, paths []string, tags map[string]tagged, seed *hooks.Seed) []tagged {
	under := root
	if inRoot(root) {
		under = "." // relative paths: the kernel walks only the path within the root
	}
	got := make([]tagged, len(paths))
	tag := func(from, to int) {
		for i := from; i < to; i++ {
			p := paths[i]
			if seed == nil {
				got[i].tags = filetype.Of(under, p)
				continue
			}
			t, data, noLinks := filetype.OfRead(under, p, seed.Fits)
			got[i] = tagged{t, noLinks}
			if data != nil {
				seed.Add(root+string(filepath.Separator)+filepath.FromSlash(p), data)
			}
		}
	}
	eachChunk(len(paths), tag)
	for i, p := range paths {
		tags[p] = got[i]
	}
	return got
}

// inRoot reports whether the working directory is root, so that paths relative to it
// reach the files: the kernel then walks only the part within the root, and openat2's
// check for links covers that part alone.
func inRoot(root string) bool {
	wd, err := syscall.Getwd()
	return err == nil && wd == root
}

// cleanFiles returns, for an All scope whose content ids were listed or a staged one
// whose stash read the status, whether the index holds a path as a regular file that git
// found unchanged in the work tree: git would have seen a link in its place (a type
// change). Nil otherwise.
func cleanFiles(f Files) func(p string) bool {
	ids := f.CleanIDs
	if f.Scope.Kind == gitrepo.All && f.ContentIDs != nil {
		tree, err := f.ContentIDs() // listing waited for them already
		if err != nil {
			return nil
		}
		ids = tree.IDs
	}
	if ids == nil {
		return nil
	}
	return func(p string) bool { return regularID(ids[p]) }
}

// regularID reports whether a content id ("<mode> <blob id>") is a regular file's.
func regularID(id string) bool {
	return strings.HasPrefix(id, "100644 ") || strings.HasPrefix(id, "100755 ")
}

// eachChunk calls do on [0, n) in chunks of tagChunk, from a goroutine per CPU when n
// is at least tagPartMin per CPU. Each goroutine takes the next chunk when done: files
// differ in size, so equal halves would leave one CPU idle while the other reads the
// larger files.
func eachChunk(n int, do func(from, to int)) {
	parts := min(runtime.GOMAXPROCS(0), n/tagPartMin)
	if parts < 2 {
		do(0, n)
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range parts {
		wg.Go(func() {
			for {
				to := int(next.Add(tagChunk))
				from := to - tagChunk
				if from >= n {
					return
				}
				do(from, min(to, n))
			}
		})
	}
	wg.Wait()
}

// tagPartMin is the fewest paths worth a goroutine of eachChunk, and tagChunk how many a
// goroutine takes at a time.
const (
	tagPartMin = 200
	tagChunk   = 32
)

// linkedIn returns a function that reports whether a repo-relative path is a symbolic
// link under root, or lies below one (a directory replaced with a link). Each directory
// is looked at once, from the root down with lstat, so no look follows a link; a path
// whose tags are known (they come from lstat too) is not looked at again. Otherwise a
// directory holding at least readDirMin of files is read once (its entries' types, as
// lstat would give them) instead of an lstat per file: 2,000 files are a hundred reads,
// not 2,000 calls. Two answers need no look at all: a file read ahead through openat2
// (tagged noLinks), and a file clean says git found as a regular file in a directory
// linkFreeDirs vouches for. Like Tags, it is called from one goroutine.
func linkedIn(root string, files []string, tags map[string]tagged, clean func(p string) bool) func(p string) bool {
	perDir := make(map[string]int, len(files)/8)
	for _, f := range files {
		perDir[path.Dir(f)]++
	}
	clearDirs := linkFreeDirs(root, files, clean)
	seen := make(map[string]bool, len(perDir))             // path -> a link, or below one
	links := make(map[string]map[string]bool, len(perDir)) // directory read whole -> its entries that are links
	var linked func(p string) bool
	linked = func(p string) bool {
		if v, ok := seen[p]; ok {
			return v
		}
		known, isTagged := tags[p]
		v := false
		dir := path.Dir(p)
		switch {
		case dir != "." && linked(dir):
			v = true
		case isTagged:
			return known.tags["symlink"] // a file, asked once (Select remembers): nothing to keep
		case perDir[dir] >= readDirMin:
			in, ok := links[dir]
			if !ok {
				in = linksIn(filepath.Join(root, filepath.FromSlash(dir)))
				links[dir] = in
			}
			if in != nil {
				v = in[path.Base(p)]
				break
			}
			v = isLink(filepath.Join(root, filepath.FromSlash(p))) // the directory could not be read
		default:
			v = isLink(filepath.Join(root, filepath.FromSlash(p)))
		}
		seen[p] = v
		return v
	}
	// Select asks about files only; linked also walks their directories.
	return func(p string) bool {
		if tags[p].noLinks {
			return false // opened with no link on its way: a file, asked once (Select remembers)
		}
		if dir := path.Dir(p); (dir == "." || clearDirs[dir]) && clean != nil && clean(p) {
			return false // no link on its way, and git found a regular file at p
		}
		return linked(p)
	}
}

// linkFreeDirs returns the directories of the clean files (see cleanFiles) that have no
// symbolic link on their way from root (filetype.NoLinksOnPath: one openat2 each, side
// by side): a clean file in one is no link and lies below none. Nil when clean is nil or
// the working directory is not root (the check takes paths relative to it).
func linkFreeDirs(root string, files []string, clean func(p string) bool) map[string]bool {
	if clean == nil {
		return nil
	}
	if !inRoot(root) {
		return nil
	}
	var dirs []string
	seen := map[string]bool{}
	for _, f := range files {
		if d := path.Dir(f); d != "." && !seen[d] && clean(f) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	ok := make([]bool, len(dirs))
	eachChunk(len(dirs), func(from, to int) {
		for i := from; i < to; i++ {
			ok[i] = filetype.NoLinksOnPath(dirs[i])
		}
	})
	out := make(map[string]bool, len(dirs))
	for i, d := range dirs {
		if ok[i] {
			out[d] = true
		}
	}
	return out
}

// readDirMin is how many of a directory's files linkedIn must be asked about before it
// reads the directory rather than lstat each one.
const readDirMin = 4

// isLink reports whether abs is a symbolic link (false when it cannot be looked at).
func isLink(abs string) bool {
	fi, err := os.Lstat(abs)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// linksIn returns the names of the symbolic links in the directory abs, read whole (the
// types the directory's entries give, lstat where the file system gives none); nil
// when it cannot be read.
func linksIn(abs string) map[string]bool {
	f, err := os.Open(abs)
	if err != nil {
		return nil
	}
	defer func() { _ = f.Close() }() // read only: a close error loses nothing
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil
	}
	in := map[string]bool{}
	for _, e := range ents {
		if e.Type()&fs.ModeSymlink != 0 {
			in[e.Name()] = true
		}
	}
	return in
}
