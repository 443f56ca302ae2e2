package gitrepo

import (
	"slices"
	"testing"
)

func TestRecoverReportMessages(t *testing.T) {
	if msgs := (RecoverReport{}).Messages(); len(msgs) != 0 {
		t.Errorf("empty report: %q", msgs)
	}
	rep := RecoverReport{Restored: []string{"a.py"}, RolledBack: []string{"b.py", "c.py"}, RemovedLock: ".git/index.lock", HeadMoved: true}
	want := []string{
		"restored unstaged changes from an interrupted run (1 file: a.py)",
		"rolled back edits an interrupted hook made to 2 files: b.py, c.py",
		"removed .git/index.lock left by an interrupted git command",
		rep.Notes()[0],
	}
	if got := rep.Messages(); !slices.Equal(got, want) {
		t.Errorf("Messages() = %q\nwant %q", got, want)
	}
}
