package gitrepo

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// chgResolvedMerge merges branch feature into main with conflicts in conflict.txt,
// theirs.txt and gone.txt, and resolves them: conflict.txt by hand, theirs.txt by taking
// feature's side whole, gone.txt by deleting it. Besides: clean.txt comes cleanly from
// feature, ours.txt changed on main only, hunks.txt changed on both sides in different
// lines (merged cleanly, so it differs from both), added.txt is new in the merge.
func chgResolvedMerge(c *chgRepo) {
	c.t.Helper()
	c.write("hunks.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n")
	for _, n := range []string{"conflict.txt", "theirs.txt", "gone.txt", "ours.txt"} {
		c.write(n, "base\n")
	}
	c.commitAll("merge base")
	c.git("checkout", "-q", "-b", "feature")
	for _, n := range []string{"conflict.txt", "theirs.txt", "gone.txt", "clean.txt"} {
		c.write(n, "feature\n")
	}
	c.write("hunks.txt", "1\n2\n3\n4\n5\n6\n7\n8\nnine\n")
	c.commitAll("feature")
	c.git("checkout", "-q", "main")
	for _, n := range []string{"conflict.txt", "theirs.txt", "gone.txt", "ours.txt"} {
		c.write(n, "main\n")
	}
	c.write("hunks.txt", "one\n2\n3\n4\n5\n6\n7\n8\n9\n")
	c.commitAll("main")
	if _, err := c.gitWith(nil, "merge", "-q", "feature"); err == nil {
		c.t.Fatal("merge succeeded; want a conflict")
	}
	c.write("conflict.txt", "resolved\n")
	c.git("checkout", "-q", "--theirs", "theirs.txt")
	c.git("rm", "-q", "gone.txt")
	c.write("added.txt", "added\n")
	c.git("add", "conflict.txt", "theirs.txt", "added.txt")
}

func TestChangesStagedDuringAMergeListsItsConflictedFiles(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	chgResolvedMerge(c)
	r := c.open()
	if !r.InMerge() {
		t.Fatal("InMerge is false during a merge")
	}
	got, err := r.Changes(t.Context(), Scope{Kind: Staged})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{"added.txt", "conflict.txt", "hunks.txt", "theirs.txt"})

	// The same set as pre-commit's own commands: MERGE_MSG's list plus the combined diff
	// of the index's tree against both sides, less what no longer exists.
	tree := strings.TrimSpace(c.git("write-tree"))
	combined := splitZ([]byte(c.git("diff", "--name-only", "--no-ext-diff", "-z", "-m", tree, "HEAD", "MERGE_HEAD", "--")))
	msg, err := os.ReadFile(filepath.Join(r.GitDir, "MERGE_MSG"))
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, r.Existing(append(combined, mergeMsgConflicts(msg)...)))
}

func TestChangesStagedOutsideAMergeListsEveryStagedFile(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	chgResolvedMerge(c)
	c.git("commit", "-q", "--no-verify", "--no-edit")
	c.write("a.txt", "changed\n")
	c.git("add", "a.txt")
	// A stray MERGE_HEAD without MERGE_MSG is not a merge, for pre-commit either.
	if err := os.WriteFile(filepath.Join(c.dir, ".git", "MERGE_HEAD"), []byte(c.rev("HEAD~1")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.open()
	if r.InMerge() {
		t.Fatal("InMerge is true without MERGE_MSG")
	}
	got, err := r.Changes(t.Context(), Scope{Kind: Staged})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{"a.txt"})
}

func TestChangesStagedDuringAMergeInALinkedWorktree(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	wt := filepath.Join(chgRealDir(t), "wt")
	c.git("checkout", "-q", "--detach") // so main can be checked out in wt
	c.git("worktree", "add", "-q", wt, "main")
	w := c.at(wt)
	chgResolvedMerge(w)
	r := w.open()
	if !strings.Contains(filepath.ToSlash(r.GitDir), ".git/worktrees/") {
		t.Fatalf("git dir %s is not a linked worktree's", r.GitDir)
	}
	got, err := r.Changes(t.Context(), Scope{Kind: Staged})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{"added.txt", "conflict.txt", "hunks.txt", "theirs.txt"})
	// The main work tree is not merging.
	if c.open().InMerge() {
		t.Error("the main work tree reports the linked worktree's merge")
	}
}

func TestMergeMsgConflicts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		msg  string
		want []string
	}{
		{
			name: "git's commented conflict list gives its paths",
			msg:  "Merge branch 'feature'\n\n# Conflicts:\n#\ta.txt\n#\tdir/c d.txt\n",
			want: []string{"a.txt", "dir/c d.txt"},
		},
		{
			name: "the uncommented list of git before 2.4.1 gives its paths",
			msg:  "Merge branch 'feature'\n\nConflicts:\n\ta.txt\n",
			want: []string{"a.txt"},
		},
		{
			name: "CRLF line ends and trailing blanks are trimmed",
			msg:  "Merge\r\n#\ta.txt \r\n",
			want: []string{"a.txt"},
		},
		{
			name: "other lines, and tabs not at the start, are not paths",
			msg:  "Merge\n# Conflicts:\n# \tspace.txt\n##\ttwo.txt\nx\ty.txt\n#\t\n",
			want: nil,
		},
		{
			name: "paths that leave the work tree are dropped",
			msg:  "#\t../outside.txt\n#\t/etc/passwd\n#\tin.txt\n",
			want: []string{"in.txt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := mergeMsgConflicts([]byte(tt.msg))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
