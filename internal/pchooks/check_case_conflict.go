package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
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
	repo := withParents(outputLines(listed))
	relevant := withParents(append(slices.Clone(files), outputLines(added)...))
	for p := range relevant {
		delete(repo, p)
	}
	conflicts := map[string]bool{}
	lowerRepo := make(map[string]bool, len(repo))
	for p := range repo {
		lowerRepo[strings.ToLower(p)] = true
	}
	lowerRelevant := make(map[string]int, len(relevant))
	for p := range relevant {
		l := strings.ToLower(p)
		lowerRelevant[l]++
		if lowerRepo[l] {
			conflicts[l] = true
		}
	}
	for l, n := range lowerRelevant {
		if n > 1 {
			conflicts[l] = true
		}
	}
	if len(conflicts) == 0 {
		return 0, nil
	}
	var names []string
	for _, set := range []map[string]bool{repo, relevant} {
		for p := range set {
			if conflicts[strings.ToLower(p)] {
				names = append(names, p)
			}
		}
	}
	slices.Sort(names)
	var out bytes.Buffer
	for _, p := range names {
		fmt.Fprintf(&out, "Case-insensitivity conflict found: %s\n", p)
	}
	return 1, out.Bytes()
}

// withParents is the set of paths and every directory above each. A directory found in
// the set already has every directory above it there too: the walk up stops at it.
func withParents(paths []string) map[string]bool {
	set := make(map[string]bool, len(paths)+len(paths)/4)
	for _, p := range paths {
		set[p] = true
		for i := strings.LastIndexByte(p, '/'); i >= 0; i = strings.LastIndexByte(p, '/') {
			p = p[:i]
			if set[p] {
				break
			}
			set[p] = true
		}
	}
	return set
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
