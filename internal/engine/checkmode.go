package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/sched"
)

// Check mode changes nothing. Before the run the files hooks may touch are snapshot
// (treeSnapshot): each job's files, and the whole work tree (tracked files and untracked
// ones git does not ignore) when a hook takes no file list or the config is pre-commit's.
// The snapshot is compared whenever a job starts or ends, so a change is seen within the
// span of the jobs running then; a change that only one of them could have made (its own
// file, or a file no one else running was given) is that job's, settled as it ends.
// When several could have (hooks side by side, one without a file list), their results
// wait for the end of the run: the tree is restored, and each suspect is run again alone
// to name the one that changes it. Every change is put back, content and mode, and the
// job that made it ends Modified with the files named.

// jobKey names a job of a run: a hook's batches are numbered.
type jobKey struct {
	hook  *hooks.Hook
	batch int
}

func keyOf(j hooks.Job) jobKey { return jobKey{j.Hook, j.Batch} }

// checkWatch is a check-mode run's snapshot and what it has learnt about who changed what.
type checkWatch struct {
	e    *Engine
	snap *treeSnapshot
	mu   sync.Mutex
	// running are the jobs running now; since are those that ran at any moment since the
	// last comparison, one of which made any change it finds.
	running, since []jobKey
	jobs           map[jobKey]hooks.Job
	suspects       map[int][]jobKey // changed file (snapshot index) → jobs that may have changed it
	blame          map[jobKey][]int // job → files it changed
	held           map[jobKey]bool  // jobs whose results wait for the end of the run
	unsure         map[int]bool     // files whose culprit reruns could not name
	failed         error            // the snapshot could not be compared
}

// watchCheck snapshots what the jobs may touch in a check-mode run; nil in fix mode.
func (e *Engine) watchCheck(ctx context.Context, jobs []hooks.Job) (*checkWatch, error) {
	if e.opt.Mode != hooks.Check {
		return nil, nil //nolint:nilnil // no watch, and nothing went wrong
	}
	files, dirty, err := e.watchedFiles(ctx, jobs)
	if err != nil {
		return nil, err
	}
	snap, err := takeSnapshot(e.opt.Repo, files, dirty)
	if err != nil {
		return nil, err
	}
	w := &checkWatch{
		e: e, snap: snap, jobs: map[jobKey]hooks.Job{},
		suspects: map[int][]jobKey{}, blame: map[jobKey][]int{}, held: map[jobKey]bool{}, unsure: map[int]bool{},
	}
	for _, j := range jobs {
		w.jobs[keyOf(j)] = j
	}
	return w, nil
}

// watchedFiles lists the files the jobs may touch, sorted, and among them those git does
// not hold (modified against the index, or untracked): one listing of the tree, shared
// with the result cache.
func (e *Engine) watchedFiles(ctx context.Context, jobs []hooks.Job) ([]string, map[string]bool, error) {
	tree, err := e.treeIDs(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("check mode: %w", err)
	}
	whole := e.opt.PreCommit || slices.ContainsFunc(jobs, func(j hooks.Job) bool { return !j.Hook.PassFiles })
	var files []string
	if whole {
		files = slices.Concat(slices.Collect(maps.Keys(tree.IDs)), tree.Modified, tree.Untracked)
	} else {
		for _, j := range jobs {
			files = append(files, j.Files...)
		}
	}
	slices.Sort(files)
	files = slices.Compact(files)
	dirty := make(map[string]bool, len(files))
	for _, f := range files {
		if _, clean := tree.IDs[f]; !clean { // the index does not hold its content
			dirty[f] = true
		}
	}
	return files, dirty, nil
}

// exec wraps next: the snapshot is compared as each job starts and as it ends, and the
// job's share of what changed meanwhile is settled.
func (w *checkWatch) exec(next sched.Exec) sched.Exec {
	return func(ctx context.Context, j hooks.Job) hooks.Result {
		k := keyOf(j)
		w.mu.Lock()
		if len(w.running) > 0 { // else nothing ran since the last look
			w.look(ctx)
		}
		w.running = append(w.running, k)
		w.since = slices.Clone(w.running)
		w.mu.Unlock()

		r := next(ctx, j)

		w.mu.Lock()
		defer w.mu.Unlock()
		w.look(ctx)
		w.running = slices.DeleteFunc(w.running, func(o jobKey) bool { return o == k })
		w.since = slices.Clone(w.running)
		w.settle(k)
		return r
	}
}

// look compares the snapshot and records, beside each file changed since the last look,
// the jobs that ran meanwhile. Called with mu held.
func (w *checkWatch) look(ctx context.Context) {
	if w.failed != nil {
		return
	}
	changed, err := w.snap.compare(ctx)
	if err != nil {
		w.failed = err
		return
	}
	for _, i := range changed {
		w.suspects[i] = slices.Clip(w.suspects[i]) // seen with no job running: the key says it changed
		for _, k := range w.since {
			if !slices.Contains(w.suspects[i], k) {
				w.suspects[i] = append(w.suspects[i], k)
			}
		}
	}
}

// candidates narrows the suspects of file i to the jobs that were given it or no file
// list; when none was, any of them wrote outside its files.
func (w *checkWatch) candidates(i int) []jobKey {
	f := w.snap.files[i]
	var out []jobKey
	for _, k := range w.suspects[i] {
		if j := w.jobs[k]; !j.Hook.PassFiles || slices.Contains(j.Files, f) {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return w.suspects[i]
	}
	return out
}

// settle decides, as job k ends, which changes are surely its own (it alone could have
// made them) and whether any change it may have made is in doubt, which holds its result
// back. Called with mu held.
func (w *checkWatch) settle(k jobKey) {
	for _, i := range slices.Sorted(maps.Keys(w.suspects)) {
		c := w.candidates(i)
		switch {
		case !slices.Contains(c, k):
		case len(c) == 1:
			w.blameFile(k, i)
		default:
			w.held[k] = true
		}
	}
}

func (w *checkWatch) blameFile(k jobKey, i int) {
	if !slices.Contains(w.blame[k], i) {
		w.blame[k] = append(w.blame[k], i)
	}
}

// hold applies what is known of r's changes to r and says whether its result must wait
// for the end of the run.
func (w *checkWatch) hold(r *hooks.Result) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.apply(r)
	return w.held[keyOf(r.Job)]
}

// apply marks r Modified, with the files it changed, when it changed any. Called with mu
// held.
func (w *checkWatch) apply(r *hooks.Result) {
	files := w.blame[keyOf(r.Job)]
	if len(files) == 0 {
		return
	}
	for _, i := range files {
		r.Modified = append(r.Modified, w.snap.files[i])
	}
	slices.Sort(r.Modified)
	r.Modified = slices.Compact(r.Modified)
	r.Status = max(r.Status, hooks.Modified)
}

// finish ends the run: a last comparison, every change restored, the doubtful culprits
// named by running them again one at a time, and the results settled, those held back
// reported now. It says what changed what.
func (w *checkWatch) finish(ctx context.Context, results []hooks.Result, report func(*hooks.Result)) Verdict {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.since = nil
	w.look(ctx)
	v := w.restoreAll()
	doubt := w.doubtful()
	if len(doubt) > 0 {
		v = max(v, w.rerun(ctx, doubt))
	}
	for i := range results {
		r := &results[i]
		w.apply(r)
		if w.held[keyOf(r.Job)] {
			report(r)
		}
	}
	if w.failed != nil {
		w.e.opt.Warn("%v", w.failed)
		return max(v, Environment)
	}
	if msg := w.describe(); msg != "" {
		w.e.opt.Warn("hooks changed files in check mode, where no hook may (put back as they were): %s", msg)
		v = max(v, Failed)
	}
	return v
}

// close removes the snapshot's copies; nil does nothing.
func (w *checkWatch) close() {
	if w != nil {
		_ = w.snap.close() // a leftover copy costs only disk
	}
}

// restoreAll puts back every file changed. Called with mu held.
func (w *checkWatch) restoreAll() Verdict {
	v := OK
	for i := range w.snap.files {
		if !w.snap.changed[i] {
			continue
		}
		if err := w.snap.restore(i); err != nil {
			w.e.opt.Warn("%v", err)
			v = Environment
		}
	}
	return v
}

// doubtful returns the changed files whose culprit is not known yet, with the jobs that
// may have changed them.
func (w *checkWatch) doubtful() map[int][]jobKey {
	out := map[int][]jobKey{}
	for i := range w.suspects {
		c := w.candidates(i)
		if len(c) == 0 {
			// Seen only at the end (something outlived its job): any job that could.
			c = w.couldChange(i)
		}
		if len(c) > 1 || len(c) == 1 && !slices.Contains(w.blame[c[0]], i) {
			out[i] = c
		}
	}
	return out
}

// rerun runs each job suspected of a doubtful change alone, in job order, on the restored
// tree, and blames it for the doubtful files it changes; each rerun is restored in turn.
// A file no rerun changes is blamed on all its suspects.
func (w *checkWatch) rerun(ctx context.Context, doubt map[int][]jobKey) Verdict {
	var order []jobKey
	for _, ks := range doubt {
		order = append(order, ks...)
	}
	order = w.ordered(order)
	v := OK
	found := map[int]bool{}
	for _, k := range order {
		if ctx.Err() != nil {
			break
		}
		w.since = []jobKey{k}
		w.e.execMode(ctx, w.jobs[k], w.e.opt.Mode)
		changed, err := w.snap.compare(ctx)
		if err != nil {
			w.failed = err
			break
		}
		for _, i := range changed {
			if slices.Contains(doubt[i], k) {
				w.blameFile(k, i)
				found[i] = true
			}
		}
		v = max(v, w.restoreAll())
	}
	for i, ks := range doubt {
		if found[i] {
			continue
		}
		w.unsure[i] = true
		for _, k := range ks {
			w.blameFile(k, i)
		}
	}
	return v
}

// couldChange returns the jobs given file i or no file list; all of them when none was.
func (w *checkWatch) couldChange(i int) []jobKey {
	var out, all []jobKey
	for k, j := range w.jobs {
		all = append(all, k)
		if !j.Hook.PassFiles || slices.Contains(j.Files, w.snap.files[i]) {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// ordered returns the distinct keys in a fixed order: by hook id, then batch.
func (w *checkWatch) ordered(keys []jobKey) []jobKey {
	slices.SortFunc(keys, func(a, b jobKey) int {
		if a.hook != b.hook {
			return strings.Compare(a.hook.ID, b.hook.ID)
		}
		return a.batch - b.batch
	})
	return slices.Compact(keys)
}

// describe says which hook changed which file: "a.txt (by fmt), b.txt (by one of a, b)".
func (w *checkWatch) describe() string {
	by := map[int][]string{}
	for k, files := range w.blame {
		for _, i := range files {
			if !slices.Contains(by[i], k.hook.ID) {
				by[i] = append(by[i], k.hook.ID)
			}
		}
	}
	var parts []string
	for _, i := range slices.Sorted(maps.Keys(by)) {
		ids := by[i]
		slices.Sort(ids)
		who := "by " + strings.Join(ids, ", ")
		if w.unsure[i] && len(ids) > 1 {
			who = "by one of " + strings.Join(ids, ", ")
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", w.snap.files[i], who))
	}
	return strings.Join(parts, ", ")
}
