package cache

import (
	"cmp"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // git's object ids are SHA-1: the ids must match the index's
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// configNames are the base names of the config files tools read, and configPatterns
// (prefix, suffix) the families of them: a job's key covers those in the directories
// of its files and above. A file of these names anywhere else (another project's)
// leaves the job's key alone.
var (
	configNames = map[string]bool{
		"pyproject.toml": true, "setup.cfg": true, "tox.ini": true, ".flake8": true,
		"ruff.toml": true, ".ruff.toml": true, "mypy.ini": true, ".mypy.ini": true,
		".pylintrc": true, "pylintrc": true, ".isort.cfg": true, ".editorconfig": true,
		".python-version": true, "uv.lock": true, "poetry.lock": true, "Pipfile.lock": true,
		"package.json": true, "package-lock.json": true, "npm-shrinkwrap.json": true,
		"yarn.lock": true, "pnpm-lock.yaml": true, "bun.lock": true, "bun.lockb": true,
		".prettierignore": true, ".eslintignore": true, "deno.json": true, "deno.jsonc": true,
		"go.mod": true, "go.sum": true, "go.work": true, "go.work.sum": true,
		"staticcheck.conf": true, ".gitattributes": true,
	}
	configPatterns = [][2]string{
		{"eslint.config.", ""},
		{".eslintrc", ""},
		{"tsconfig", ".json"},
		{"jsconfig", ".json"},
		{".prettierrc", ""},
		{"prettier.config.", ""},
		{"biome.json", ""},
		{".golangci.", ""},
		{"requirements", ".txt"},
		{".stylelintrc", ""},
		{".markdownlint", ""},
		{".yamllint", ""},
	}
)

// IsConfig reports whether the repo-relative path p names a tool config file.
func IsConfig(p string) bool {
	base := path.Base(p)
	if configNames[base] {
		return true
	}
	for _, pat := range configPatterns {
		if strings.HasPrefix(base, pat[0]) && strings.HasSuffix(base, pat[1]) {
			return true
		}
	}
	return false
}

// Tree gives the files of one run their content ids: "<mode> <git blob id>". A tracked
// file whose work tree matched the index when the run began, and that no job that may
// write it has started on since (Touch), has the index's id, read from git's listing
// with nothing hashed; any other file is hashed from the work tree, the way git would
// hash it, so that the same content has the same id either way. A symbolic link's id is
// that of its target's name: nothing is read through it. It is safe for concurrent use.
type Tree struct {
	root    string
	ids     map[string]string // clean tracked path -> id
	paths   func() []string   // every tracked and untracked path, sorted (sorted once asked)
	configs []string          // the config files among paths, sorted
	// listed is false for a tree made by NewHashedTree: no listing, so paths and configs
	// are unknown; Configs reads the directories it is asked about instead (dirs).
	listed  bool
	mu      sync.Mutex
	dirs    map[string]dirConfigs // directory -> the config files in it (unlisted tree)
	gen     uint64                // how many times Touch was called: ids taken at one gen hold until the next
	nhashed int                   // how many files were hashed from the work tree (Hashed)
	// touchGen is, for each path a writer started on, the gen of the latest such Touch;
	// allGen that of the latest writer that may write anywhere (0: none). A path is hashed
	// again for each job unless its last hash was settled: begun at gen when no writer of
	// it was running (active, activeAll: Touch counts up, Done down), with no Touch of it
	// since. A path no writer started on is hashed once; a fixer's files are hashed once
	// after it, not once per later job.
	touchGen  map[string]uint64
	allGen    uint64
	active    map[string]int
	activeAll int
	settled   map[string]settledID
}

// settledID is a path's id hashed from the work tree while no writer of it was running,
// and the gen the hash began at.
type settledID struct {
	id  string
	gen uint64
}

// NewTree returns the tree of the work tree at root (absolute), given what the index
// says (gitrepo's ContentIDs): ids of the clean tracked paths, the modified ones and the
// untracked ones.
//
// Only a whole-project job asks for every path (Under): they are sorted then, once. The
// config files among them are picked out now.
func NewTree(root string, ids map[string]string, modified, untracked []string) *Tree {
	t := &Tree{root: root, ids: ids, listed: true}
	t.init()
	t.paths = sync.OnceValue(func() []string {
		paths := make([]string, 0, len(ids)+len(modified)+len(untracked))
		for p := range ids {
			paths = append(paths, p)
		}
		paths = append(append(paths, modified...), untracked...)
		slices.Sort(paths)
		return slices.Compact(paths)
	})
	for p := range ids {
		if IsConfig(p) {
			t.configs = append(t.configs, p)
		}
	}
	for _, p := range slices.Concat(modified, untracked) {
		if IsConfig(p) {
			t.configs = append(t.configs, p)
		}
	}
	slices.Sort(t.configs)
	t.configs = slices.Compact(t.configs)
	return t
}

// NewHashedTree returns the tree of the work tree at root (absolute) without listing it:
// every file is hashed from the work tree (WorkID, the id git would give it, so keys
// match those NewTree gives), once while no writer has started on it. Configs reads the
// directories asked about; Under cannot answer (a whole-project job needs NewTree). For
// a run of a few files, where listing and checking the whole tree costs more than
// hashing them.
func NewHashedTree(root string) *Tree {
	t := &Tree{root: root, dirs: map[string]dirConfigs{}}
	t.init()
	return t
}

func (t *Tree) init() {
	t.active, t.touchGen, t.settled = map[string]int{}, map[string]uint64{}, map[string]settledID{}
}

// Know gives a tree that was not listed ids it need not hash: the index's ids of files
// whose work tree matched the index when the run began (gitrepo.Stash.CleanIDs), held as
// NewTree holds a listing's, until a writer starts on them. Call it before any Files.
func (t *Tree) Know(ids map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.listed {
		t.ids = ids
	}
}

// Touch records that a job that may rewrite paths starts: from now on their ids are
// hashed from the work tree. Touch(nil, true) is a job that may write anywhere. Done
// with the same arguments says the job ended. It returns the gen the touch made.
func (t *Tree) Touch(paths []string, anywhere bool) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	if anywhere {
		t.activeAll++
		t.allGen = t.gen
	}
	for _, p := range paths {
		t.active[p]++
		t.touchGen[p] = t.gen
	}
	return t.gen
}

// Keep settles the ids of files (as Files gave them at gen-1) for a writer that touched
// them at gen, has ended (Done), and says it left them as they were: an in-process
// writer that reports the files it wrote (hooks.Hook.ReportsWrites). A file is kept
// only if no other job touched it since and no other writer of it runs; else it is
// hashed again when asked.
func (t *Tree) Keep(files []File, gen uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.allGen >= gen || t.activeAll > 0 {
		return
	}
	for _, f := range files {
		if t.touchGen[f.Path] == gen && t.active[f.Path] == 0 && f.ID != "" {
			t.settled[f.Path] = settledID{f.ID, gen}
		}
	}
}

// Done records that a job Touch announced with the same arguments has ended: a hash of
// its paths taken from now on, while no other writer of them runs, can be given again.
func (t *Tree) Done(paths []string, anywhere bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if anywhere {
		t.activeAll--
	}
	for _, p := range paths {
		if t.active[p]--; t.active[p] <= 0 {
			delete(t.active, p)
		}
	}
}

// Gen is the number of Touch calls so far: no index id Files gives changes while it
// stays the same.
func (t *Tree) Gen() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.gen
}

// Files returns paths with their content ids, in the order given. The index's ids are
// read under one lock; the other files are hashed after it.
func (t *Tree) Files(paths []string) []File {
	out := make([]File, len(paths))
	var hash []int    // indexes of out to hash from the work tree
	var settle []bool // by hash: whether that hash will be settled (no writer of it runs)
	t.mu.Lock()
	gen := t.gen
	for i, p := range paths {
		out[i].Path = p
		touchGen, touched := t.touchGen[p]
		if id, ok := t.ids[p]; ok && !touched && t.allGen == 0 {
			out[i].ID = id
		} else if s, ok := t.settled[p]; ok && s.gen >= touchGen && s.gen >= t.allGen {
			out[i].ID = s.id
		} else {
			hash = append(hash, i)
			settle = append(settle, t.activeAll == 0 && t.active[p] == 0)
		}
	}
	t.mu.Unlock()
	t.hash(out, hash, settle, gen)
	return out
}

// hashParallel is how many files Files hashes before it spreads them over the CPUs.
const hashParallel = 64

// hash sets the ids of out[i] for each i in idx from the work tree, and remembers them;
// settle[k] says idx[k]'s hash, begun at gen, is settled.
func (t *Tree) hash(out []File, idx []int, settle []bool, gen uint64) {
	one := func(i int) { out[i].ID = WorkID(filepath.Join(t.root, filepath.FromSlash(out[i].Path))) }
	if n := min(runtime.GOMAXPROCS(0), len(idx)/hashParallel); n > 1 {
		var wg sync.WaitGroup
		for w := range n {
			wg.Go(func() {
				for k := w; k < len(idx); k += n {
					one(idx[k])
				}
			})
		}
		wg.Wait()
	} else {
		for _, i := range idx {
			one(i)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nhashed += len(idx)
	for k, i := range idx {
		// Given again until a writer starts on it (Files).
		if settle[k] {
			t.settled[out[i].Path] = settledID{out[i].ID, gen}
		}
	}
}

// Hashed is how many times the tree has hashed a file from the work tree: what its ids
// have cost so far.
func (t *Tree) Hashed() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.nhashed
}

// Under returns every tracked or untracked path at or below the repo-relative dir
// ("" or "." for the whole tree), sorted; false for a tree that was not listed
// (NewHashedTree), which does not know them.
func (t *Tree) Under(dir string) ([]string, bool) {
	if !t.listed {
		return nil, false
	}
	paths := t.paths()
	if dir == "" || dir == "." {
		return paths, true
	}
	prefix := dir + "/"
	i, _ := slices.BinarySearch(paths, prefix)
	j := i
	for j < len(paths) && strings.HasPrefix(paths[j], prefix) {
		j++
	}
	return paths[i:j], true
}

// Configs returns the config files (IsConfig) in the repo-relative dirs and in the
// directories above them, up to the root, with their ids, sorted by path.
func (t *Tree) Configs(dirs []string) []File {
	near := map[string]bool{".": true}
	for _, d := range dirs {
		for d = path.Clean(d); d != "." && d != "/" && !near[d]; d = path.Dir(d) {
			near[d] = true
		}
	}
	var out []string
	var unreadable []File
	if !t.listed {
		out, unreadable = t.configsIn(near)
	}
	for _, p := range t.configs {
		if near[path.Dir(p)] {
			out = append(out, p)
		}
	}
	return append(t.Files(out), unreadable...)
}

// configsIn returns the config files in the directories near (repo-relative, each with
// every directory above it), read from the work tree, sorted: those of an unlisted tree.
// A directory that is a symbolic link, or lies below one, is not read. Unlike a listing it
// counts ignored config files too: more inputs, never fewer. A directory that cannot be
// read is in unreadable with an id that matches nothing (it may hold any config).
func (t *Tree) configsIn(near map[string]bool) (names []string, unreadable []File) {
	dirs := slices.SortedFunc(maps.Keys(near), func(a, b string) int { // each after the one above it
		return cmp.Or(cmp.Compare(depth(a), depth(b)), strings.Compare(a, b))
	})
	// Read level by level (a directory only once the one above it is known to be real),
	// the directories of a level side by side.
	for lo := 0; lo < len(dirs); {
		hi := lo
		for hi < len(dirs) && depth(dirs[hi]) == depth(dirs[lo]) {
			hi++
		}
		t.readLevel(dirs[lo:hi])
		lo = hi
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, d := range dirs {
		dc := t.dirs[d]
		if dc.unreadable {
			unreadable = append(unreadable, File{Path: d + "/", ID: unstable()})
		}
		names = append(names, dc.names...)
	}
	slices.Sort(names)
	return names, unreadable
}

// readLevel reads the directories of one depth that are not read yet, and whose parent
// was read and is real; the others are left out (as if empty).
func (t *Tree) readLevel(dirs []string) {
	t.mu.Lock()
	var todo []string
	for _, d := range dirs {
		if _, ok := t.dirs[d]; ok {
			continue
		}
		if d == "." || t.dirs[path.Dir(d)].real {
			todo = append(todo, d)
		}
	}
	t.mu.Unlock()
	got := make([]dirConfigs, len(todo))
	read := func(i int) { got[i] = readConfigs(t.root, todo[i]) }
	if n := min(runtime.GOMAXPROCS(0), len(todo)/readParallel); n > 1 {
		var wg sync.WaitGroup
		for w := range n {
			wg.Go(func() {
				for i := w; i < len(todo); i += n {
					read(i)
				}
			})
		}
		wg.Wait()
	} else {
		for i := range todo {
			read(i)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, d := range todo {
		t.dirs[d] = got[i]
	}
}

// readParallel is how many directories readLevel reads before it spreads them over the
// CPUs.
const readParallel = 16

// depth is how many directories the repo-relative dir lies below the root ("." is -1).
func depth(dir string) int {
	if dir == "." {
		return -1
	}
	return strings.Count(dir, "/")
}

// dirConfigs is what readConfigs found in one directory.
type dirConfigs struct {
	real       bool     // a directory, not a symbolic link to one: its subdirectories may be read
	unreadable bool     // a directory that could not be read
	names      []string // its config files (IsConfig) that are not directories, repo-relative
}

// WorkID is the content id of the file at abs as git would record it: its mode (100644,
// 100755 or 120000) and its blob id. A missing file is "missing"; a directory (a
// submodule, whose commit this cannot tell), device or FIFO (never opened), and a file
// that changes while it is hashed, get an id that matches nothing, ever.
func WorkID(abs string) string {
	fi, err := os.Lstat(abs)
	switch {
	case err != nil:
		return "missing"
	case fi.Mode()&fs.ModeSymlink != 0:
		target, lerr := os.Readlink(abs)
		if lerr != nil {
			return unstable()
		}
		return "120000 " + blobID([]byte(target))
	case !fi.Mode().IsRegular():
		return unstable() // a submodule's commit, a device's content: nothing to name them by
	}
	f, err := os.OpenFile(abs, os.O_RDONLY|syscall.O_NONBLOCK, 0) // never blocks on a FIFO swapped in
	if err != nil {
		return unstable()
	}
	defer func() { _ = f.Close() }() // read-only: a close error loses nothing
	ofi, err := f.Stat()
	if err != nil || !os.SameFile(fi, ofi) {
		return unstable()
	}
	h := sha1.New() //nolint:gosec // git's object ids
	fmt.Fprintf(h, "blob %d\x00", ofi.Size())
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	// Through a plain Reader: *os.File's WriteTo would take a new 32 KiB buffer per file.
	if n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf); err != nil || n != ofi.Size() {
		return unstable()
	}
	mode := "100644"
	if ofi.Mode()&0o100 != 0 {
		mode = "100755"
	}
	return mode + " " + hex.EncodeToString(h.Sum(nil))
}

// copyBufs are WorkID's read buffers.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

func blobID(b []byte) string {
	h := sha1.New() //nolint:gosec // git's object ids
	fmt.Fprintf(h, "blob %d\x00", len(b))
	_, _ = h.Write(b) // a hash's Write never fails
	return hex.EncodeToString(h.Sum(nil))
}

// unstable is an id no other file, and no other run, ever has.
func unstable() string {
	return "unstable " + rand.Text()
}
