package gitrepo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stOutside makes a directory outside the repository holding a.txt and c.txt, whose
// content the tests check was never written.
func stOutside(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	for _, name := range []string{"a.txt", "c.txt"} {
		if err := os.WriteFile(filepath.Join(out, name), []byte("outside "+name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func stAssertOutsideIntact(t *testing.T, out string) {
	t.Helper()
	for _, name := range []string{"a.txt", "c.txt"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(b) != "outside "+name+"\n" {
			t.Errorf("outside %s = %q, %v; written through a symbolic link", name, b, err)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("outside directory holds %d entries, want the 2 it had", len(entries))
	}
}

// TestStashLeavesADirectoryReplacedByASymlinkAlone_issue12: a tracked directory the user
// replaced with a link to a directory outside the repository is the user's change: Stash
// neither hides it nor writes the index versions through the link.
func TestStashLeavesADirectoryReplacedByASymlinkAlone_issue12(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("dir/a.txt", "staged a\n", "dir/c.txt", "staged c\n", "b.txt", "b\n")
	sr.write("b.txt", "unstaged b\n")
	out := stOutside(t)
	sr.remove("dir")
	sr.symlink(out, "dir")
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stAssertOutsideIntact(t, out)
	if got := st.Hidden(); len(got) != 1 || got[0] != "b.txt" {
		t.Errorf("hidden = %q, want only b.txt", got)
	}
	if err := st.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	stAssertOutsideIntact(t, out)
	if target, err := os.Readlink(sr.abs("dir")); err != nil || target != out {
		t.Errorf("dir = %q, %v; want the user's link kept", target, err)
	}
	if got := sr.read("b.txt"); got != "unstaged b\n" {
		t.Errorf("b.txt = %q", got)
	}
	stAssertNoStash(t, sr)
}

// TestStashRollbackNeverWritesThroughASymlinkAHookMade_issue12: a hook replaces a directory
// holding a hidden file and another tracked file with a link out of the repository. The
// rollback writes nothing through the link; it keeps the user's version of the hidden
// file in the backup and says why, and once the link is moved aside Recover puts it back.
func TestStashRollbackNeverWritesThroughASymlinkAHookMade_issue12(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("dir/a.txt", "staged a\n", "dir/c.txt", "staged c\n", "b.txt", "b\n")
	sr.write("dir/a.txt", "unstaged a\n")
	sr.write("b.txt", "unstaged b\n")
	out := stOutside(t)
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sr.remove("dir") // the hook
	sr.symlink(out, "dir")
	err = st.Abort(ctx, errors.New("a hook changed the index"))
	if _, ok := errors.AsType[*BeyondLinkError](err); !ok || !strings.Contains(err.Error(), "dir/a.txt") {
		t.Errorf("Abort = %v, want it to say dir/a.txt is below a link", err)
	}
	stAssertOutsideIntact(t, out)
	if got := sr.read("b.txt"); got != "unstaged b\n" {
		t.Errorf("b.txt = %q, want the user's version back", got)
	}
	if !stashExists(stashDirOf(sr.r)) {
		t.Fatal("the backup holding the user's dir/a.txt is gone")
	}
	if err := st.j.close(); err != nil { // the process ends: its lock goes
		t.Fatal(err)
	}
	if _, err := sr.r.Recover(ctx); err == nil {
		t.Error("Recover with the link still there succeeded")
	}
	stAssertOutsideIntact(t, out)
	sr.remove("dir") // the user moves the link aside
	if _, err := sr.r.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	if got := sr.read("dir/a.txt"); got != "unstaged a\n" {
		t.Errorf("dir/a.txt = %q, want the user's version", got)
	}
	stAssertNoStash(t, sr)
}

// TestStashRestoreSaysTheBackupIsKeptBelowASymlink_issue12: Restore after a hook swapped the
// directory of a hidden file for a link fails with a *BeyondLinkError (so the caller does
// not claim the changes are back), writes nothing through the link and keeps the backup.
func TestStashRestoreSaysTheBackupIsKeptBelowASymlink_issue12(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("dir/a.txt", "staged a\n", "dir/c.txt", "staged c\n")
	sr.write("dir/a.txt", "unstaged a\n")
	out := stOutside(t)
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sr.remove("dir") // the hook
	sr.symlink(out, "dir")
	err = st.Restore(ctx, nil)
	if _, ok := errors.AsType[*BeyondLinkError](err); !ok {
		t.Errorf("Restore = %v, want a *BeyondLinkError", err)
	}
	stAssertOutsideIntact(t, out)
	if !stashExists(stashDirOf(sr.r)) {
		t.Error("the backup holding the user's dir/a.txt is gone")
	}
}
