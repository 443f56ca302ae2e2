package gitrepo

import (
	"fmt"
	"strings"
)

// Messages says, one sentence each, everything Recover did, for the user: the files it
// put back, rolled back and rescued, the index it saved, the lock it removed, then its
// Notes. Nothing when it did nothing.
func (rep RecoverReport) Messages() []string {
	var msgs []string
	if n := len(rep.Restored); n > 0 {
		msgs = append(msgs, fmt.Sprintf("restored unstaged changes from an interrupted run (%d %s: %s)", n, fileOrFiles(n), strings.Join(rep.Restored, ", ")))
	}
	if n := len(rep.RolledBack); n > 0 {
		msgs = append(msgs, fmt.Sprintf("rolled back edits an interrupted hook made to %d %s: %s", n, fileOrFiles(n), strings.Join(rep.RolledBack, ", ")))
	}
	if n := len(rep.Rescued); n > 0 {
		msgs = append(msgs, fmt.Sprintf("%d %s changed since the interruption; their contents were saved in %s: %s", n, fileOrFiles(n), rep.RescueDir, strings.Join(rep.Rescued, ", ")))
	}
	if rep.RescuedIndex != "" {
		msgs = append(msgs, "the index had changed since the interruption; it was saved as "+rep.RescuedIndex)
	}
	if rep.RemovedLock != "" {
		msgs = append(msgs, "removed "+rep.RemovedLock+" left by an interrupted git command")
	}
	return append(msgs, rep.Notes()...)
}

func fileOrFiles(n int) string {
	if n == 1 {
		return "file"
	}
	return "files"
}
