package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

func init() {
	register(Hook{
		ID: "check-case-conflict", Parse: noArgs(checkCaseConflict), Git: true, ReadOnly: true,
		Asks: always(lsFiles, addedFiles),
	})
}

// The questions check-case-conflict and check-added-large-files ask git: the files in
// the index, and those added to it.
var (
	lsFiles    = []string{"ls-files"}
	addedFiles = []string{"diff", "--staged", "--name-only", "--diff-filter=A"}
)

// checkCaseConflict fails when two paths would be one on a case-insensitive file
// system: a given or added file (or a directory of one) and a path git tracks, or two
// of the given and added ones.
func checkCaseConflict(ctx context.Context, env Env, files []string) (int, []byte) {
	listed, err := env.Git(ctx, nil, lsFiles...)
	if err != nil {
		return 1, crash(err)
	}
	added, err := env.Git(ctx, nil, addedFiles...)
	if err != nil {
		return 1, crash(err)
	}
	tracked := trackedCasesOf(listed)
	relevant := withParents(append(slices.Clone(files), outputLines(added)...))
	conflicts := tracked.conflicts(relevant)
	if len(conflicts) == 0 {
		return 0, nil
	}
	var names []string
	for l := range conflicts {
		tracked.paths(l, func(q string) bool {
			if !relevant[q] {
				names = append(names, q)
			}
			return true
		})
	}
	for p := range relevant {
		if conflicts[strings.ToLower(p)] {
			names = append(names, p)
		}
	}
	slices.Sort(names)
	var out bytes.Buffer
	for _, p := range names {
		fmt.Fprintf(&out, "Case-insensitivity conflict found: %s\n", p)
	}
	return 1, out.Bytes()
}

// conflicts is the lowercase forms shared by a relevant path and either a tracked one
// that is not relevant (the Python hook takes the relevant paths out of the
// repository's) or another relevant one. Most relevant paths are tracked alone in
// their form: they conflict only with an untracked relevant path of the same form,
// and there are none of those in most batches.
func (t *trackedCases) conflicts(relevant map[string]bool) map[string]bool {
	type form struct{ path, lower string }
	forms := make([]form, 0, len(relevant))
	var untracked map[string]int // relevant paths git does not track, by lowercase form
	for p := range relevant {
		l := strings.ToLower(p)
		forms = append(forms, form{p, l})
		if !t.has(l, p) {
			if untracked == nil {
				untracked = map[string]int{}
			}
			untracked[l]++
		}
	}
	conflicts := map[string]bool{}
	for _, f := range forms {
		if conflicts[f.lower] {
			continue
		}
		n := untracked[f.lower] // relevant paths of this form
		t.paths(f.lower, func(q string) bool {
			if q != f.path && !relevant[q] {
				conflicts[f.lower] = true
				return false
			}
			n++
			return true
		})
		if n > 1 {
			conflicts[f.lower] = true
		}
	}
	return conflicts
}

// has says p, whose lowercase form is l, is a tracked path.
func (t *trackedCases) has(l, p string) bool {
	first, ok := t.one[l]
	return ok && (first == p || len(t.more) > 0 && slices.Contains(t.more[l], p))
}

// trackedCases is the paths git tracks (`git ls-files`, with every directory above
// each) by their lowercase form: the first path of each form in one, the others (a
// conflict in the repository itself, rare) in more.
type trackedCases struct {
	one  map[string]string
	more map[string][]string
}

func newTrackedCases(listed []byte) *trackedCases {
	lines := outputLines(listed)
	t := &trackedCases{one: make(map[string]string, len(lines)+len(lines)/4), more: map[string][]string{}}
	addWithParents(lines, t.add)
	return t
}

// add records p, and reports whether it was new.
func (t *trackedCases) add(p string) bool {
	l := strings.ToLower(p)
	first, ok := t.one[l]
	switch {
	case !ok:
		t.one[l] = p
		return true
	case first == p || slices.Contains(t.more[l], p):
		return false
	}
	t.more[l] = append(t.more[l], p)
	return true
}

// paths calls yield with each tracked path whose lowercase form is l, until it returns
// false.
func (t *trackedCases) paths(l string, yield func(string) bool) {
	first, ok := t.one[l]
	if !ok || !yield(first) {
		return
	}
	for _, p := range t.more[l] {
		if !yield(p) {
			return
		}
	}
}

// lastTracked is the trackedCases of the last `git ls-files` answer check-case-conflict
// saw. A run asks git once (Env.Git's answers are remembered per run and never changed:
// hooks.Remember) and runs the hook in batches, so every batch after the first finds the
// same answer, by its address, here: the paths are indexed once per run, not per batch.
// The entry holds the answer, so no other one can take its address while it is here.
var lastTracked struct {
	mu     sync.Mutex
	listed []byte
	cases  func() *trackedCases
}

// trackedCasesOf is newTrackedCases(listed), built once for the same answer.
func trackedCasesOf(listed []byte) *trackedCases {
	if len(listed) == 0 {
		return newTrackedCases(nil)
	}
	lastTracked.mu.Lock()
	if len(lastTracked.listed) != len(listed) || &lastTracked.listed[0] != &listed[0] {
		lastTracked.listed = listed
		lastTracked.cases = sync.OnceValue(func() *trackedCases { return newTrackedCases(listed) })
	}
	cases := lastTracked.cases
	lastTracked.mu.Unlock()
	return cases()
}

// withParents is the set of paths and every directory above each.
func withParents(paths []string) map[string]bool {
	set := make(map[string]bool, len(paths)+len(paths)/4)
	addWithParents(paths, func(p string) bool {
		if set[p] {
			return false
		}
		set[p] = true
		return true
	})
	return set
}

// addWithParents calls add with each of paths and the directories above it, walking up
// while add reports the path new: one it had already has every directory above it
// there too.
func addWithParents(paths []string, add func(string) bool) {
	for _, p := range paths {
		for add(p) {
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
}

// outputLines is git's output split into lines, as Python's str.splitlines (of the
// separators that occur in git's output) leaves them: no empty last line.
func outputLines(out []byte) []string {
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return lines
}
