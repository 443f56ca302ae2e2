package engine

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// Shard is one of Total parts of a run's work, numbered from 1, as `--shard I/N` names
// it: N CI jobs running shards 1..N of the same run together run every file of every
// hook exactly once. The zero Shard, like 1/1, is the whole run.
type Shard struct{ Index, Total int }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Total) }

// whole reports whether s is the whole run.
func (s Shard) whole() bool { return s.Total <= 1 }

// ParseShard parses the value of --shard: "I/N" with 1 <= I <= N, "" for the whole run,
// or "auto" for ci and ciErr, the shard the CI's environment names (CIShard).
func ParseShard(text string, ci Shard, ciErr error) (Shard, error) {
	switch text {
	case "":
		return Shard{}, nil
	case "auto":
		return ci, ciErr
	}
	i, n, ok := strings.Cut(text, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%q is not I/N (this job's part, from 1, and the number of parts) nor auto", text)
	}
	return newShard(i, n, 1, text)
}

// CIShard returns the shard a CI's parallel job is, from the environment get reads:
// HOOKRUN_SHARD=I/N first, then CircleCI's CIRCLE_NODE_INDEX (from 0) of
// CIRCLE_NODE_TOTAL, then GitLab's CI_NODE_INDEX (from 1) of CI_NODE_TOTAL. A job
// without parallelism (a total of 1, or none of them set) is the whole run.
func CIShard(get func(string) string) (Shard, error) {
	if v := get("HOOKRUN_SHARD"); v != "" {
		s, err := ParseShard(v, Shard{}, nil)
		if err == nil && v == "auto" {
			err = errors.New(`"auto" is for --shard; give I/N`)
		}
		if err != nil {
			return Shard{}, fmt.Errorf("HOOKRUN_SHARD: %w", err)
		}
		return s, nil
	}
	for _, vars := range [][2]string{{"CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL"}, {"CI_NODE_INDEX", "CI_NODE_TOTAL"}} {
		index, total := get(vars[0]), get(vars[1])
		if total == "" || total == "1" {
			continue
		}
		from := 1
		if vars[0] == "CIRCLE_NODE_INDEX" {
			from = 0
		}
		return newShard(index, total, from, fmt.Sprintf("%s=%s with %s=%s", vars[0], index, vars[1], total))
	}
	return Shard{}, nil
}

// newShard makes the shard index of total, where the first index is from; what names
// the values in errors.
func newShard(index, total string, from int, what string) (Shard, error) {
	i, ierr := strconv.Atoi(index)
	n, nerr := strconv.Atoi(total)
	switch {
	case ierr != nil || nerr != nil:
		return Shard{}, fmt.Errorf("%s: not numbers", what)
	case n < 1:
		return Shard{}, fmt.Errorf("%s: there must be at least one shard", what)
	case i < from || i >= n+from:
		return Shard{}, fmt.Errorf("%s: the index must be from %d to %d", what, from, n+from-1)
	}
	return Shard{Index: i - from + 1, Total: n}, nil
}

// ShardSelections narrows the selected hooks to shard s's part of the run, in place:
// the same hooks in the same order, each with the files this shard runs, or skipped
// with the reason. whole reports the hooks that must run as one (a command that takes
// no files, a tool that checks a module or project at a time); each runs in exactly
// one shard, with all its files. The files of every other hook are cut into s.Total
// contiguous parts of near-equal size, one per shard, so that the shards together run
// each file once per hook, and the scheduler batches each part as it would a whole run.
// A hook with no files (a stage that passes none, always_run) counts as whole.
//
// Work is balanced by file count: the one-file-larger parts of the split hooks go round
// the shards in turn, then the whole hooks, largest first, each go to the shard with the
// fewest files so far (the lowest-numbered of equals). The result depends only on the
// arguments, so every CI job computes the same division.
func ShardSelections(sel []hooks.Selection, s Shard, whole func(*hooks.Hook) bool) {
	if s.whole() {
		return
	}
	n, me := s.Total, s.Index-1
	load := make([]int, n)
	var wholes []int
	offset := 0 // the shard the next one-larger part goes to
	for i := range sel {
		files := sel[i].Files
		switch {
		case sel[i].Skip != "":
			continue
		case len(files) == 0 || whole(sel[i].Hook):
			wholes = append(wholes, i)
			continue
		}
		base, extra := len(files)/n, len(files)%n
		start, size := 0, 0
		for k := range n {
			part := base
			if (k-offset+n)%n < extra {
				part++
			}
			load[k] += part
			switch {
			case k < me:
				start += part
			case k == me:
				size = part
			}
		}
		offset = (offset + extra) % n
		sel[i].Files = files[start : start+size : start+size]
		if size == 0 {
			sel[i].Skip = "no files in shard " + s.String()
		}
	}
	weight := func(i int) int { return max(1, len(sel[i].Files)) }
	slices.SortStableFunc(wholes, func(a, b int) int { return cmp.Compare(weight(b), weight(a)) })
	for _, i := range wholes {
		k := slices.Index(load, slices.Min(load))
		load[k] += weight(i)
		if k != me {
			sel[i].Skip = fmt.Sprintf("runs in shard %d/%d", k+1, n)
		}
	}
}

// wholeHook reports whether h's work in this run cannot be divided between shards: a
// command that takes no files, or a built-in whose unit is a module or a project.
func (e *Engine) wholeHook(h *hooks.Hook) bool {
	if t := e.opt.Tools.Tool(h); t != nil && h.RunsTool(e.opt.Mode) {
		return !t.Unit.Splittable()
	}
	return !h.PassFiles
}
