package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
)

func init() {
	register(Hook{
		ID: "check-added-large-files", Parse: parseCheckAddedLargeFiles, Git: true, ReadOnly: true,
		Asks: func(args []string) [][]string {
			if slices.Contains(args, "--enforce-all") {
				return nil
			}
			return [][]string{addedFiles}
		},
	})
}

// parseCheckAddedLargeFiles reads --maxkb (500 by default) and --enforce-all.
func parseCheckAddedLargeFiles(args []string) (Func, error) {
	maxKB := 500
	var all bool
	err := parseArgs(args,
		flag(&all, "--enforce-all"),
		valued(func(v string) error {
			n, err := strconv.Atoi(v)
			if err != nil { // Python's int() takes more ("1_000", " 7 "): let it decide
				return fmt.Errorf("--maxkb %q: %w", v, ErrUnsupported)
			}
			maxKB = n
			return nil
		}, "--maxkb"),
	)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, env Env, files []string) (int, []byte) {
		return largeFiles(ctx, env, files, maxKB, all)
	}, nil
}

// largeFiles fails for each of files larger than maxKB (rounded up to whole KiB) that is
// added in the index (any of them with all), leaving out files git-lfs tracks. The
// Python hook asks git-lfs's attribute of every file and then keeps the added ones; here
// the added ones are kept first, so that git is asked the attributes of those alone
// (none, in a run over a clean tree): the same files remain.
func largeFiles(ctx context.Context, env Env, files []string, maxKB int, all bool) (int, []byte) {
	set := make(map[string]bool, len(files))
	for _, f := range files {
		set[f] = true
	}
	if !all {
		added, err := env.Git(ctx, nil, addedFiles...)
		if err != nil {
			return 1, crash(err)
		}
		isAdded := map[string]bool{}
		for _, l := range strings.Split(string(added), "\n") {
			isAdded[strings.TrimSuffix(l, "\r")] = true
		}
		for f := range set {
			if !isAdded[f] {
				delete(set, f)
			}
		}
	}
	if len(set) > 0 {
		asked := slices.Sorted(maps.Keys(set))
		attrs, err := env.Git(ctx, []byte(strings.Join(asked, "\x00")), "check-attr", "filter", "-z", "--stdin")
		if err != nil {
			return 1, crash(err)
		}
		fields := zsplit(string(attrs))
		for i := 0; i+2 < len(fields); i += 3 {
			if fields[i+2] == "lfs" {
				delete(set, fields[i])
			}
		}
	}
	var out bytes.Buffer
	code := 0
	for _, f := range slices.Sorted(maps.Keys(set)) {
		fi, err := os.Stat(env.path(f))
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		if kb := (fi.Size() + 1023) / 1024; kb > int64(maxKB) {
			fmt.Fprintf(&out, "%s (%d KB) exceeds %d KB.\n", f, kb, maxKB)
			code = 1
		}
	}
	return code, out.Bytes()
}

// zsplit is the fields of NUL-separated output, the outer NULs trimmed.
func zsplit(s string) []string {
	s = strings.Trim(s, "\x00")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x00")
}
