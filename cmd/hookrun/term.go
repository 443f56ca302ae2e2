package main

import (
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/report"
)

// isTerminal reports whether w is a terminal: one that answers a terminal's ioctl, not
// merely a character device (/dev/null is one too), and that takes escape sequences.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd())) && report.EnableEscapes(f)
}

// reportRecovery tells the user what finishing an interrupted run put back.
func reportRecovery(s stdio, rep gitrepo.RecoverReport) {
	if n := len(rep.Restored); n > 0 {
		s.errorf("restored unstaged changes from an interrupted run (%d %s: %s)", n, plural(n, "file", "files"), strings.Join(rep.Restored, ", "))
	}
	if n := len(rep.RolledBack); n > 0 {
		s.errorf("rolled back edits an interrupted hook made to %d %s: %s", n, plural(n, "file", "files"), strings.Join(rep.RolledBack, ", "))
	}
	if n := len(rep.Rescued); n > 0 {
		s.errorf("%d %s changed since the interruption; their contents were saved in %s: %s", n, plural(n, "file", "files"), rep.RescueDir, strings.Join(rep.Rescued, ", "))
	}
	if rep.RescuedIndex != "" {
		s.errorf("the index had changed since the interruption; it was saved as %s", rep.RescuedIndex)
	}
	if rep.RemovedLock != "" {
		s.errorf("removed %s left by an interrupted git command", rep.RemovedLock)
	}
	for _, note := range rep.Notes() {
		s.errorf("%s", note)
	}
}
