package main

import (
	"context"
)

// cmdRestore finishes an interrupted run: it stops the killed run's hooks that are still
// running (before anything is put back, so none writes over a restored file), then puts
// back what was hidden. Every command that runs hooks does the same first; this command
// gives users a name for it.
func cmdRestore(ctx context.Context, args []string, s stdio) int {
	fs := newFlags("restore", "restore")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	repo, rec, code := openRecovered(ctx, s)
	if repo == nil {
		return code
	}
	if rec.stopped == 0 && rec.report.Empty() {
		s.errorf("nothing to restore")
	}
	return exitOK
}
