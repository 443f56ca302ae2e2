package pchooks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func init() {
	register(Hook{
		ID: "check-merge-conflict", Parse: parseCheckMergeConflict, Git: true, ReadOnly: true,
		Asks: always(gitDir),
	})
}

// conflictPatterns are the line starts check-merge-conflict looks for.
var conflictPatterns = []string{"<<<<<<< ", "======= ", "=======\r\n", "=======\n", ">>>>>>> "}

// parseCheckMergeConflict reads --assume-in-merge.
func parseCheckMergeConflict(args []string) (Func, error) {
	var assume bool
	if err := parseArgs(args, flag(&assume, "--assume-in-merge")); err != nil {
		return nil, err
	}
	return func(ctx context.Context, env Env, files []string) (int, []byte) {
		// Like the Python hook, it asks git for the git dir even with --assume-in-merge
		// (outside a repository it fails).
		inMerge, err := isInMerge(ctx, env)
		if err != nil {
			return 1, crash(err)
		}
		if !inMerge && !assume {
			return 0, nil
		}
		var out bytes.Buffer
		code := 0
		for _, f := range files {
			found, err := findConflicts(&out, env.Dir, f)
			if err != nil {
				return 1, append(out.Bytes(), crash(err)...)
			}
			if found {
				code = 1
			}
		}
		return code, out.Bytes()
	}, nil
}

// gitDir asks git for its directory.
var gitDir = []string{"rev-parse", "--git-dir"}

// isInMerge reports whether git is in a merge: MERGE_MSG and one of MERGE_HEAD,
// rebase-apply and rebase-merge exist in the git dir.
func isInMerge(ctx context.Context, env Env) (bool, error) {
	out, err := env.Git(ctx, nil, gitDir...)
	if err != nil {
		return false, err
	}
	dir := strings.TrimRight(string(out), " \t\r\n")
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(env.Dir, dir)
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(dir, name))
		return err == nil
	}
	return exists("MERGE_MSG") && (exists("MERGE_HEAD") || exists("rebase-apply") || exists("rebase-merge")), nil
}

// findConflicts prints each line of the file that starts with a conflict marker.
func findConflicts(out *bytes.Buffer, dir, name string) (bool, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return false, err
	}
	defer func() { _ = f.Close() }()
	r := bufio.NewReader(f)
	found := false
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		for _, p := range conflictPatterns {
			if bytes.HasPrefix(line, []byte(p)) {
				fmt.Fprintf(out, "%s:%d: Merge conflict string '%s' found\n", name, n, strings.TrimSpace(p))
				found = true
			}
		}
		if err != nil {
			return found, nil //nolint:nilerr // the end of the file (a read error ends it early, as Python's would raise)
		}
	}
}
