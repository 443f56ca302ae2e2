package gitrepo

import (
	"strings"
	"testing"
)

// CleanIDs gives the staged files whose work tree matches the index their index ids, and
// nothing once an entry is skip-worktree: the status calls such an entry clean without
// looking at the work tree, where the file may hold anything.
func TestStashCleanIDs(t *testing.T) {
	t.Parallel()
	c := chgNewRepo(t)
	c.write("a.txt", "a\n")
	c.write("b.txt", "b\n")
	c.write("c.txt", "c\n")
	c.commitAll("one")
	c.write("a.txt", "staged a\n")
	c.write("b.txt", "staged b\n")
	c.git("add", "a.txt", "b.txt")
	c.write("b.txt", "unstaged b\n")
	r := c.open()
	s, err := r.Stash(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ids := s.CleanIDs()
	if err = s.Restore(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	want := "100644 " + strings.TrimSpace(c.git("rev-parse", ":a.txt"))
	if len(ids) != 1 || ids["a.txt"] != want {
		t.Errorf("CleanIDs = %v, want only a.txt: %s", ids, want)
	}

	c.git("update-index", "--skip-worktree", "c.txt") // the index becomes version 3
	c.write("c.txt", "changed behind git's back\n")
	s, err = r.Stash(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ids = s.CleanIDs()
	if err = s.Restore(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 0 {
		t.Errorf("CleanIDs = %v with a skip-worktree entry, want none", ids)
	}
}
