package engine

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cache"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/proc"
)

// The result cache (internal/cache): a job that passed on exactly the same inputs is not
// run again. Which jobs may be cached, and why that is safe:
//
//   - A job's key is taken just before it would run, from the content its files have
//     then: the index's ids for files no writer has started on, hashed otherwise (Tree).
//     A job whose key differs after it ran (a writer changed its inputs meanwhile) is not
//     recorded. While no writer has started (the tree's Gen), the tree gives every file
//     the id it gave before, so the key is not taken again.
//   - Only what hookrun knows the inputs of: built-in tools (a whole-project tool's
//     inputs are every file of its project), and commands and in-process hooks that are
//     given their files. A command with pass_files: false may read anything: never cached.
//   - A pass is recorded once the run has judged it: Passed after the fix policy and
//     the check-mode watch, with nothing modified, and only when the run found no change
//     it could not explain. A fixer that passed changing nothing is a pass too: with the
//     same inputs it would change nothing again.
//   - Before the run, jobs whose inputs no fixer that will run can touch are looked up
//     at once, and their hits never reach the scheduler (no file is hashed for them).
//     The others are looked up as they start.
//   - The shared cache (cache.Remote, when configured) answers what the local store
//     does not: the jobs looked up before the run are asked for at once, in parallel;
//     a hit is kept in the local store too. Its key (Input.RemoteKey) leaves out where
//     tools are installed, so machines share passes. Only a run configured to write
//     (CI on the main branch) puts its passes there, after the local store.

// resultCache is one run's use of the cache.
type resultCache struct {
	e     *Engine
	store *cache.Store
	tree  *cache.Tree
	// hashed is true for a tree that was not listed (hashedTree): its ids and config
	// directories are read from the work tree as jobs ask for them.
	hashed bool
	self   string // hookrun's own identity: its executable's path, size and time
	// runEnv are the variables of the run's environment that join every key.
	runEnv []string
	mu     sync.Mutex
	keys   map[jobKey]passKeys // jobs that ran with one key before and after
	// pre holds the inputs upFront took, for exec to reuse while no writer has started
	// since (the tree's Gen is the same): a job's 2,000 files are not listed and hashed
	// into a key twice before it runs.
	pre  map[jobKey]takenInput
	cfgs map[string]string // config file -> content id

	// The shared cache: nil when there is none. rself is hookrun's identity in its keys;
	// fetched holds what the lookups before the run found, by remote key, and asked
	// says which remote keys were asked for then. ctx is the run's, for its requests.
	remote  *cache.Remote
	rself   string
	fetched map[cache.Key]cache.Entry
	asked   map[cache.Key]bool
	ctx     context.Context
}

// passKeys are a job's keys in the local store and in the shared cache.
type passKeys struct{ local, remote cache.Key }

// openCache opens the result cache for a run of jobs; nil when it is off, when no job
// may be cached, or when it cannot be used (a cache that fails is only a miss).
//
// A hashed tree takes the ids of the staged files the stash's status found clean from
// it (gitrepo.Stash.CleanIDs): a commit of 1,000 files hashes none of them, and reads
// only their directories, so such a commit hashes rather than lists (hashedTree).
func (e *Engine) openCache(ctx context.Context, jobs []hooks.Job, stash *gitrepo.Stash) *resultCache {
	if !e.opt.Cache || !slices.ContainsFunc(jobs, func(j hooks.Job) bool { return e.cacheable(j.Hook) }) {
		return nil
	}
	var tree *cache.Tree
	var clean map[string]string
	if stash != nil {
		clean = stash.CleanIDs()
	}
	hashed := e.hashedTree(jobs, clean)
	if hashed {
		tree = cache.NewHashedTree(e.opt.Repo.Root)
		tree.Know(clean)
	} else {
		ids, err := e.treeIDs(ctx)
		if err != nil {
			return nil // a miss for every job: the run goes on
		}
		tree = cache.NewTree(e.opt.Repo.Root, ids.IDs, ids.Modified, ids.Untracked)
	}
	store, err := cache.Open(e.opt.Repo.CommonDir)
	if err != nil {
		return nil // a miss for every job: the run goes on
	}
	c := &resultCache{
		e: e, store: store, tree: tree, hashed: hashed,
		keys: map[jobKey]passKeys{}, cfgs: map[string]string{}, runEnv: cache.RunEnv(e.opt.Env),
		pre:     map[jobKey]takenInput{},
		fetched: map[cache.Key]cache.Entry{}, asked: map[cache.Key]bool{}, ctx: ctx,
	}
	if rc, headerVar, ok := remoteConfig(e.opt.RemoteCache, e.opt.Env, e.opt.Warn); ok {
		c.remote, c.rself = cache.NewRemote(rc, e.opt.Warn), cache.SelfID()
		// The variable holding the token is no input of any hook's.
		c.runEnv = slices.DeleteFunc(c.runEnv, func(kv string) bool { return strings.HasPrefix(kv, headerVar+"=") })
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			c.self = fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return c
}

// hashedMax is the most files a run's cacheable jobs may check for hashedTree to hash
// them rather than list the tree, and hashedShare the most of the tree's files they may
// be: hashing a file and reading its directory for config files costs several times
// what git's check of one tracked file does (internal/bench: 1,000 of 2,000 files hashed
// took longer than the listing; 1,000 of 20,000 took less).
const (
	hashedMax   = 2000
	hashedShare = 10 // at most one file in hashedShare
	// hashedFloor is how many files (and directories of clean ones) are hashed whatever
	// the tree's size: a listing costs two git processes, about as much as hashing this
	// many small files, even in a tree of 50.
	hashedFloor = 64
)

// hashedTree reports whether the result cache takes its ids from the work tree, file by
// file (cache.NewHashedTree), instead of listing the whole tree (treeIDs): when nothing
// else in the run lists it (no listing was started for it, check mode's snapshot and
// stage_fixed's tracked test take one: see Run), no cacheable job is a whole-project
// tool (its key covers every file of its project), and the jobs check at most hashedMax
// files and at most a hashedShare part of the index's, or at most hashedFloor whatever
// the index holds (a file whose id the stash's status gave, clean, counts only through
// its directory, read once). A one-file commit then hashes one file, where a listing
// checks every file of the tree and walks it for untracked ones. The ids are the same
// either way (git's id of the file's content), so keys do not depend on which was used.
func (e *Engine) hashedTree(jobs []hooks.Job, clean map[string]string) bool {
	if e.tree != nil || e.opt.ContentIDs != nil {
		return false
	}
	// What the tree will cost, in files hashed: each file to hash, and for the files
	// whose ids the stash's status gave (clean), the reading of their directories.
	files, dirs := map[string]bool{}, map[string]bool{}
	for _, j := range jobs {
		if !e.cacheable(j.Hook) {
			continue
		}
		if j.Hook.Builtin == nil && j.Hook.RunsTool(e.opt.Mode) && !e.opt.Tools.Tool(j.Hook).Unit.Splittable() {
			return false
		}
		for _, f := range j.Files {
			if _, ok := clean[f]; ok {
				dirs[path.Dir(f)] = true
			} else {
				files[f] = true
			}
		}
		if len(files)+len(dirs) > hashedMax {
			return false
		}
	}
	if len(files)+len(dirs) <= hashedFloor {
		return true
	}
	n, ok := e.opt.Repo.IndexEntries()
	return ok && (len(files)+len(dirs))*hashedShare <= n
}

// cacheable reports whether h's jobs may be cached in this run: see the top of the file.
func (e *Engine) cacheable(h *hooks.Hook) bool {
	switch {
	case h.Builtin != nil:
		return h.PassFiles && !h.ReadsRepo
	case h.RunsTool(e.opt.Mode):
		return e.opt.Tools.Tool(h) != nil
	}
	return h.PassFiles
}

// input is what decides j's outcome, taken now; false when j may not be cached.
func (c *resultCache) input(j hooks.Job) (cache.Input, bool) {
	e, h, m := c.e, j.Hook, c.e.opt.Mode
	if !e.cacheable(h) {
		return cache.Input{}, false
	}
	in := cache.Input{
		Hook: h.ID, Mode: m.String(), Args: h.Args, Env: h.Env, Root: h.Root, Dir: j.Dir, Targets: j.Targets,
		HookConfig: c.configID(h.Pos.File), Self: c.self, RunEnv: append(e.newOnlyKey(h), c.runEnv...),
	}
	files, dirs := j.Files, []string{h.Root, j.Dir}
	switch {
	case h.Builtin != nil:
		in.Runner = "inproc"
	case h.RunsTool(m):
		t := e.opt.Tools.Tool(h)
		exe, ok := e.opt.Tools.Exe(j)
		if !ok {
			return cache.Input{}, false
		}
		in.Runner, in.Tool, in.Exe, in.Version = "tool", t.Name, exe.Argv, exe.Version
		// A daemon's results are its own (dmypy checks with local partial types), in the
		// shared cache's key too, which leaves Exe out.
		if t.UseDaemon {
			in.Tool += "+" + t.Bin
		}
		in.Argv = t.Args(m, nil, h.Args, j.Targets) // the tools' own cache flags change no result
		if !t.Unit.Splittable() {                   // a whole-project tool reads its whole project
			if files, ok = c.tree.Under(path.Clean(j.Dir)); !ok {
				return cache.Input{}, false // never with hashedTree's tree
			}
			dirs = []string{j.Dir}
		}
	default:
		in.Runner = "command"
		in.Command, _ = h.Command(m)
	}
	if len(files) == len(j.Files) { // per-file: the config files near each of them
		dirs = fileDirs(dirs, files)
	}
	in.Files = c.tree.Files(files)
	in.Configs = c.tree.Configs(slices.Compact(dirs))
	return in, true
}

// fileDirs appends the directory of each of files (sorted) to dirs, each run of one
// directory once ("" for the root: Configs cleans it).
func fileDirs(dirs, files []string) []string {
	prev, first := "", true
	for _, f := range files {
		if d := f[:max(strings.LastIndexByte(f, '/'), 0)]; d != prev || first {
			dirs, prev, first = append(dirs, d), d, false
		}
	}
	return dirs
}

// takenInput is a job's input and key, taken when the tree's Gen was gen.
type takenInput struct {
	gen uint64
	in  cache.Input
	ok  bool
	key cache.Key
}

// take takes j's input and key now (input).
func (c *resultCache) take(j hooks.Job) takenInput {
	t := takenInput{gen: c.tree.Gen()}
	if t.in, t.ok = c.input(j); t.ok {
		t.key = t.in.Key()
	}
	return t
}

// before is j's input and key just before it runs: what upFront took, if no writer has
// started since, else taken now.
func (c *resultCache) before(j hooks.Job) takenInput {
	c.mu.Lock()
	t, had := c.pre[keyOf(j)]
	delete(c.pre, keyOf(j))
	c.mu.Unlock()
	if had && t.gen == c.tree.Gen() {
		return t
	}
	return c.take(j)
}

// configID is the content id of the config file that defines a hook and of the local
// override beside it.
func (c *resultCache) configID(file string) string {
	if file == "" {
		return ""
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(c.e.opt.Repo.Root, filepath.FromSlash(file))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.cfgs[file]; ok {
		return id
	}
	id := cache.WorkID(file) + "," + cache.WorkID(filepath.Join(filepath.Dir(file), config.LocalFileName))
	c.cfgs[file] = id
	return id
}

// hit returns j's result from the cache entry for its input in (key k), if the local
// store or the shared cache has one.
func (c *resultCache) hit(j hooks.Job, in *cache.Input, k cache.Key) (hooks.Result, bool) {
	ent, ok := c.store.Get(k)
	remote := false
	if !ok && c.remote != nil {
		if ent, ok = c.remoteGet(in.RemoteKey(c.rself)); ok {
			remote = true
			_ = c.store.Put(k, ent) // the next run finds it here; else it only asks again
		}
	}
	if !ok {
		return hooks.Result{}, false
	}
	return hooks.Result{
		Job: j, Status: hooks.Passed, Cached: true, Remote: remote, Started: time.Now(),
		Output: ent.Output, Diagnostics: ent.Diagnostics, ToolVersion: ent.ToolVersion, Command: ent.Command,
	}, true
}

// remoteGet asks the shared cache for rk, unless the lookups before the run did.
func (c *resultCache) remoteGet(rk cache.Key) (cache.Entry, bool) {
	c.mu.Lock()
	ent, ok := c.fetched[rk]
	asked := c.asked[rk]
	c.mu.Unlock()
	if ok || asked {
		return ent, ok
	}
	return c.remote.Get(c.ctx, rk)
}

// prefetch asks the shared cache, in parallel, for the inputs the local store misses.
func (c *resultCache) prefetch(takens []takenInput) {
	if c.remote == nil {
		return
	}
	var wg sync.WaitGroup
	for _, t := range takens {
		if !t.ok {
			continue
		}
		if _, ok := c.store.Get(t.key); ok {
			continue
		}
		rk := t.in.RemoteKey(c.rself)
		c.mu.Lock()
		dup := c.asked[rk]
		c.asked[rk] = true
		c.mu.Unlock()
		if dup {
			continue
		}
		wg.Go(func() { // the client bounds the requests in flight (cache.RemoteConcurrency)
			if ent, ok := c.remote.Get(c.ctx, rk); ok {
				c.mu.Lock()
				c.fetched[rk] = ent
				c.mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// writes returns the files a writer job j may change: its own, and for a whole-project
// tool every input (in, when ok).
func writes(j hooks.Job, in cache.Input, ok bool) []string {
	if !ok {
		return j.Files
	}
	files := make([]string, len(in.Files))
	for i, f := range in.Files {
		files[i] = f.Path
	}
	return files
}

// exec runs j unless the cache holds its pass, and remembers the key of a job that ran
// on inputs that did not change while it ran.
func (c *resultCache) exec(ctx context.Context, j hooks.Job, run func() hooks.Result) hooks.Result {
	if c == nil {
		return run()
	}
	t := c.before(j)
	in, ok, before := t.in, t.ok, t.key
	if ok {
		if r, hit := c.hit(j, &in, before); hit {
			return r
		}
	}
	var (
		w       []string
		touched uint64
	)
	if j.Writes {
		w = writes(j, in, ok)
		touched = c.tree.Touch(w, !j.Hook.PassFiles)
	}
	r := run()
	if j.Writes { // ended: the key taken again below settles its files (cache.Tree.Done)
		c.tree.Done(w, !j.Hook.PassFiles)
		c.keepUnwritten(j, in, ok, r, t.gen, touched)
	}
	if !ok || r.Status != hooks.Passed || ctx.Err() != nil {
		return r
	}
	after, same := in, c.tree.Gen() == t.gen
	if !same { // a writer started since the key was taken: take it again
		after, ok = c.input(j)
		same = ok && after.Key() == before
	}
	if same {
		pk := passKeys{local: before}
		if c.remote.Writes() {
			pk.remote = after.RemoteKey(c.rself)
		}
		c.mu.Lock()
		c.keys[keyOf(j)] = pk
		c.mu.Unlock()
	}
	return r
}

// keepUnwritten tells the tree that a writer which reports what it wrote (an in-process
// hook with ReportsWrites, whose Wrote lists every file whose content it changed) left
// the rest of its files as its key found them, when that key was the last one taken
// before it touched them (gen then touched = gen+1): their ids stand, nothing is hashed.
func (c *resultCache) keepUnwritten(j hooks.Job, in cache.Input, ok bool, r hooks.Result, gen, touched uint64) {
	if !ok || !j.Hook.PassFiles || !j.Hook.ReportsWrites || j.Hook.Builtin == nil || r.Err != nil || touched != gen+1 {
		return
	}
	kept := make([]cache.File, 0, len(in.Files))
	for _, f := range in.Files {
		if _, wrote := slices.BinarySearch(r.Wrote, f.Path); !wrote {
			kept = append(kept, f)
		}
	}
	c.tree.Keep(kept, touched)
}

// upFront looks up, before anything runs, the jobs whose inputs no job that will run
// may write: those of writers are looked up in config order, each only if no writer
// before it that missed shares its inputs. It returns the hits by job index.
func (c *resultCache) upFront(jobs []hooks.Job) map[int]hooks.Result {
	if c == nil {
		return nil
	}
	hits := map[int]hooks.Result{}
	written := map[string]bool{}
	anywhere := false
	free := func(in cache.Input) bool {
		if anywhere {
			return false
		}
		for _, f := range in.Files {
			if written[f.Path] {
				return false
			}
		}
		return true
	}
	takens := c.takeAll(jobs)
	c.prefetch(takens)
	for _, writers := range []bool{true, false} {
		for i, j := range jobs {
			if j.Writes != writers {
				continue
			}
			t := takens[i]
			in, ok := t.in, t.ok
			if ok && free(in) {
				if r, hit := c.hit(j, &in, t.key); hit {
					hits[i] = r
					continue
				}
			}
			c.pre[keyOf(j)] = t
			if writers { // it will run: what it may write is no one's to look up now
				anywhere = anywhere || !j.Hook.PassFiles
				for _, f := range writes(j, in, ok) {
					written[f] = true
				}
			}
		}
	}
	return hits
}

// takeAll takes every job's input and key before anything runs, the jobs spread over
// the CPUs: in --all on 20,000 files that is every file's id and a hash of them all per
// job. Nothing has run yet, so each is what it would be taken one after another.
func (c *resultCache) takeAll(jobs []hooks.Job) []takenInput {
	c.warm(jobs)
	takens := make([]takenInput, len(jobs))
	n := min(runtime.GOMAXPROCS(0), len(jobs))
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(jobs); i += n {
				takens[i] = c.take(jobs[i])
			}
		})
	}
	wg.Wait()
	return takens
}

// warm reads, for a hashed tree, what the cacheable jobs' keys will ask of it, once: the
// ids of their files and the config files near them, each spread over the CPUs by the
// tree. Jobs that take their keys side by side (takeAll) would otherwise each hash the
// same files and read the same directories at once, before either remembers them: two
// passes over a commit's 1,000 files where one does.
func (c *resultCache) warm(jobs []hooks.Job) {
	if !c.hashed || len(jobs) < 2 {
		return
	}
	seen := map[string]bool{}
	var files, dirs []string
	for _, j := range jobs {
		if !c.e.cacheable(j.Hook) {
			continue
		}
		dirs = fileDirs(append(dirs, j.Hook.Root, j.Dir), j.Files)
		for _, f := range j.Files {
			if !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	c.tree.Files(files)
	c.tree.Configs(dirs)
}

// record stores the passes of the run's results (see the top of the file) and prunes.
func (c *resultCache) record(results []hooks.Result) {
	if c == nil {
		return
	}
	stored := 0
	var wg sync.WaitGroup
	for _, r := range results {
		k, ok := c.keys[keyOf(r.Job)]
		if !ok || r.Cached || r.Status != hooks.Passed || len(r.Modified) > 0 || r.Err != nil {
			continue
		}
		ent := cache.Entry{Hook: r.Job.Hook.ID, Output: r.Output, Diagnostics: r.Diagnostics, ToolVersion: r.ToolVersion, Command: r.Command}
		if c.store.Put(k.local, ent) == nil { // a pass not recorded only runs again
			stored++
		}
		if c.remote.Writes() && c.ctx.Err() == nil {
			wg.Go(func() { c.remote.Put(c.ctx, k.remote, ent) }) // bounded by the client
		}
	}
	wg.Wait()
	if stored > 0 {
		_ = c.store.Prune(cache.MaxEntries, cache.MaxBytes) // an oversized cache only costs disk
	}
}

// close releases the store; nil does nothing.
func (c *resultCache) close() {
	if c != nil {
		_ = c.store.Close() // a handle on a directory: nothing to lose
		c.remote.Close()
	}
}

// The environment's say over the shared cache, above the config's cache keys.
const (
	EnvRemoteCache      = "HOOKRUN_REMOTE_CACHE"       // its URL
	EnvRemoteCacheWrite = "HOOKRUN_REMOTE_CACHE_WRITE" // 1 or true: put passes; 0 or false: do not
	// EnvRemoteCacheHeader is the default of cache.remote_header_env: "Name: value", or a
	// bare token sent as "Authorization: Bearer <token>".
	EnvRemoteCacheHeader = "HOOKRUN_REMOTE_CACHE_HEADER"
)

// remoteConfig is the run's shared cache, from the config's cache keys (c, nil when not
// given) and the environment; false when there is none. headerVar names the variable
// the header came from.
func remoteConfig(c *config.Cache, env []string, warn func(string, ...any)) (rc cache.RemoteConfig, headerVar string, ok bool) {
	headerVar = EnvRemoteCacheHeader
	if c != nil {
		rc.URL, rc.Write = c.Remote, c.RemoteWrite
		headerVar = cmp.Or(c.RemoteHeaderEnv, headerVar)
	}
	if u := proc.Getenv(env, EnvRemoteCache); u != "" {
		if msg := config.RemoteURLProblem(u); msg != "" {
			warn("%s %s; the shared cache is off", EnvRemoteCache, msg)
			return rc, headerVar, false
		}
		rc.URL = u
	}
	switch proc.Getenv(env, EnvRemoteCacheWrite) {
	case "1", "true":
		rc.Write = true
	case "0", "false":
		rc.Write = false
	}
	if h := proc.Getenv(env, headerVar); h != "" {
		if !strings.Contains(h, ":") {
			h = "Authorization: Bearer " + h
		}
		rc.Header = h
	}
	return rc, headerVar, rc.URL != ""
}
