package gitrepo

import (
	"context"
	"fmt"
	"strings"
)

// LineDiff is the change a --new-only run holds the line against: Diff is the
// `git diff -U0 --find-renames` of it (internal/newonly parses it), Base the commit it
// starts from, for tools that hold the line themselves (golangci-lint's
// --new-from-rev). Everything says there is no base (an unborn branch, a root commit):
// every line is new, Diff and Base are empty. To is the commit compared with Base, ""
// for the work tree.
type LineDiff struct {
	Diff       []byte
	Base, To   string
	Everything bool
}

// lineDiffArgs make the diff's hunks exact and its paths plain, whatever the user's
// config says: no context, renames followed, a/ and b/ prefixes, no external diff or
// textconv (whose output has other line numbers), submodules ignored.
var lineDiffArgs = []string{
	"-c", "core.quotePath=false", "diff", "-U0", "--find-renames", "--no-color", "--no-ext-diff",
	"--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules=all",
}

// LineDiff returns the change of scope s, line by line: for a range, what To changed
// since it forked from From (as the file listing does); for the last commit, what HEAD
// changed against its first parent; otherwise (staged, all, named files) what the work
// tree changed against HEAD, which while the stash hides unstaged work is the staged
// change, and otherwise the lines the tools read.
func (r *Repo) LineDiff(ctx context.Context, s Scope) (LineDiff, error) {
	if s.Pushed {
		return r.pushedLineDiff(ctx, s)
	}
	var base, to string
	switch s.Kind {
	case Range:
		if to = s.To; to == "" {
			to = "HEAD"
		}
		if err := checkRev(s.From); err != nil {
			return LineDiff{}, err
		}
		if err := checkRev(to); err != nil {
			return LineDiff{}, err
		}
		out, err := r.Git(ctx, "merge-base", "--end-of-options", s.From, to)
		if err != nil {
			return LineDiff{}, fmt.Errorf("the merge base of %s and %s: %w", s.From, to, err)
		}
		base = strings.TrimSpace(string(out))
		if out, err = r.Git(ctx, "rev-parse", "--verify", "--end-of-options", to+"^{commit}"); err != nil {
			return LineDiff{}, &UnknownRevError{Rev: to}
		}
		to = strings.TrimSpace(string(out))
	case LastCommit:
		out, err := r.Git(ctx, "rev-list", "--parents", "-n", "1", "HEAD", "--")
		if err != nil {
			return LineDiff{}, fmt.Errorf("read HEAD: %w", err)
		}
		commits := strings.Fields(string(out))
		if len(commits) == 1 {
			return LineDiff{Everything: true}, nil
		}
		base, to = commits[1], commits[0]
	default:
		out, err := r.Git(ctx, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
		if err != nil {
			return LineDiff{Everything: true}, nil // an unborn branch: all of it is new
		}
		base = strings.TrimSpace(string(out))
	}
	args := append([]string{}, lineDiffArgs...)
	args = append(args, base)
	if to != "" {
		args = append(args, to)
	}
	out, err := r.Git(ctx, append(args, "--")...)
	if err != nil {
		return LineDiff{}, fmt.Errorf("diff for --new-only: %w", err)
	}
	return LineDiff{Diff: out, Base: base, To: to}, nil
}

// pushedLineDiff is the change of a push of several refs: the diffs of their ranges one
// after another (a file in two of them has the changed lines of both), with no single
// base. A pushed root commit, alone or among others, makes every line new.
func (r *Repo) pushedLineDiff(ctx context.Context, s Scope) (LineDiff, error) {
	if len(s.Parts) == 0 {
		return LineDiff{Everything: true}, nil
	}
	var all LineDiff
	for _, p := range s.Parts {
		ld, err := r.LineDiff(ctx, p)
		if err != nil || ld.Everything {
			return ld, err
		}
		all.Diff = append(all.Diff, ld.Diff...)
	}
	return all, nil
}
