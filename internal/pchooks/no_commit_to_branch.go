package pchooks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/internal/pyregex"
)

func init() {
	register(Hook{ID: "no-commit-to-branch", Parse: parseNoCommitToBranch, Git: true, ReadOnly: true})
}

// parseNoCommitToBranch reads -b/--branch and -p/--pattern (Python regular expressions
// matched at the start of the branch name), each repeatable; the branches are master
// and main when none is given.
func parseNoCommitToBranch(args []string) (Func, error) {
	var branches []string
	var patterns []*pyregex.Regexp
	err := parseArgs(args,
		valued(func(v string) error { branches = append(branches, v); return nil }, "-b", "--branch"),
		valued(func(v string) error {
			re, err := pyregex.Compile(v, pyregex.Flags{})
			if err != nil {
				return fmt.Errorf("--pattern %q: %w: %w", v, err, ErrUnsupported)
			}
			patterns = append(patterns, re)
			return nil
		}, "-p", "--pattern"),
	)
	if err != nil {
		return nil, err
	}
	if branches == nil {
		branches = []string{"master", "main"}
	}
	return func(ctx context.Context, env Env, _ []string) (int, []byte) {
		ref, err := env.Git(ctx, nil, "symbolic-ref", "HEAD")
		if err != nil {
			return 0, nil // a detached HEAD is on no branch
		}
		chunks := strings.Split(strings.TrimSpace(string(ref)), "/")
		branch := ""
		if len(chunks) > 2 {
			branch = strings.Join(chunks[2:], "/")
		}
		if slices.Contains(branches, branch) {
			return 1, nil
		}
		for _, re := range patterns {
			if start, _, ok := re.Find(branch); ok && start == 0 {
				return 1, nil
			}
		}
		return 0, nil
	}, nil
}
