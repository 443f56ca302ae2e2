package gitrepo

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/newonly"
)

// lines numbers n lines "name k".
func lines(name string, n int) string {
	var b strings.Builder
	for k := 1; k <= n; k++ {
		fmt.Fprintf(&b, "%s %d\n", name, k)
	}
	return b.String()
}

// TestLineDiffIssue15 reads a change line by line from real git: modified and added
// lines count, deleted ones leave nothing, a file renamed with one edit maps through the
// rename (only the edited line is new), a renamed file with no edit has no new line, a
// path git quotes is read back, and user config that changes diff output is ignored.
func TestLineDiffIssue15(t *testing.T) {
	t.Parallel()
	c := chgNewRepo(t)
	c.write("mod.txt", lines("mod", 10))
	c.write("del.txt", lines("del", 10))
	c.write("old/ren.txt", lines("ren", 20))
	c.write("old/same.txt", lines("same", 20))
	c.write("tab\there.txt", lines("tab", 3))
	c.commitAll("legacy")
	for _, kv := range [][2]string{{"diff.noprefix", "true"}, {"diff.mnemonicPrefix", "true"}, {"diff.context", "5"}, {"diff.renames", "false"}} {
		c.git("config", kv[0], kv[1])
	}
	c.write("mod.txt", strings.Replace(lines("mod", 10), "mod 3\n", "changed\n", 1)+"mod 11\nmod 12\n")
	c.write("del.txt", strings.Replace(lines("del", 10), "del 5\n", "", 1))
	c.remove("old/ren.txt")
	c.write("new/ren.txt", strings.Replace(lines("ren", 20), "ren 7\n", "edited\n", 1))
	c.remove("old/same.txt")
	c.write("new/same.txt", lines("same", 20))
	c.write("tab\there.txt", lines("tab", 4))
	c.write("added.txt", lines("added", 2))
	c.git("add", "-A")

	ld, err := c.open().LineDiff(context.Background(), Scope{Kind: Staged})
	if err != nil {
		t.Fatal(err)
	}
	if ld.Everything || ld.Base != c.rev("HEAD") {
		t.Fatalf("LineDiff = %+v, want the change against HEAD %s", ld, c.rev("HEAD"))
	}
	ch, err := newonly.Parse(ld.Diff)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]newonly.Span{
		"mod.txt":       {{From: 3, To: 3}, {From: 11, To: 12}},
		"del.txt":       nil,
		"new/ren.txt":   {{From: 7, To: 7}},
		"new/same.txt":  nil,
		"tab\there.txt": {{From: 4, To: 4}},
		"added.txt":     {{From: 1, To: 2}},
	}
	if !reflect.DeepEqual(ch.Files, want) {
		t.Errorf("changed lines:\n got %v\nwant %v", ch.Files, want)
	}
	for _, tc := range []struct {
		file string
		line int
		want bool
	}{
		{"mod.txt", 3, true},
		{"mod.txt", 4, false},
		{"mod.txt", 12, true},
		{"new/ren.txt", 7, true},
		{"new/ren.txt", 8, false},
		{"new/same.txt", 1, false},
		{"untouched.txt", 1, false},
		{"mod.txt", 0, true},
		{"new/same.txt", 0, false},
	} {
		if got := ch.Touched(tc.file, tc.line, 0); got != tc.want {
			t.Errorf("Touched(%q, %d) = %v, want %v", tc.file, tc.line, got, tc.want)
		}
	}
}

// TestLineDiffRangeAndRootIssue15: a range is what its end changed since the merge
// base, whatever the base branch did since; the last commit of a repository with one
// commit, and an unborn branch, are all new.
func TestLineDiffRangeAndRootIssue15(t *testing.T) {
	t.Parallel()
	c := chgNewRepo(t)
	ctx := context.Background()
	ld, err := c.open().LineDiff(ctx, Scope{Kind: Staged})
	if err != nil || !ld.Everything {
		t.Fatalf("unborn: LineDiff = %+v, %v; want everything new", ld, err)
	}
	c.write("a.txt", lines("a", 5))
	c.commitAll("root")
	if ld, err = c.open().LineDiff(ctx, Scope{Kind: LastCommit}); err != nil || !ld.Everything {
		t.Fatalf("root commit: LineDiff = %+v, %v; want everything new", ld, err)
	}
	base := c.rev("HEAD")
	c.git("checkout", "-q", "-b", "topic")
	c.write("a.txt", strings.Replace(lines("a", 5), "a 2\n", "topic\n", 1))
	c.commitAll("topic")
	c.git("checkout", "-q", "main")
	c.write("a.txt", strings.Replace(lines("a", 5), "a 5\n", "main\n", 1))
	c.commitAll("main moved on")
	c.git("checkout", "-q", "topic")
	ld, err = c.open().LineDiff(ctx, Scope{Kind: Range, From: "main"})
	if err != nil {
		t.Fatal(err)
	}
	if ld.Base != base || ld.To != c.rev("HEAD") {
		t.Errorf("range: base %s to %s, want the merge base %s to HEAD", ld.Base, ld.To, base)
	}
	ch, err := newonly.Parse(ld.Diff)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string][]newonly.Span{"a.txt": {{From: 2, To: 2}}}; !reflect.DeepEqual(ch.Files, want) {
		t.Errorf("range: changed lines %v, want %v", ch.Files, want)
	}
	if _, err := c.open().LineDiff(ctx, Scope{Kind: Range, From: "nosuch"}); err == nil {
		t.Error("range from an unknown ref: no error")
	}
}

// TestLineDiffPushIssue15: a push of two refs checks the union of their files, and
// holds the line against the union of their changes, not the work tree against HEAD
// (which is nothing after a commit); a pushed root commit is all new.
func TestLineDiffPushIssue15(t *testing.T) {
	t.Parallel()
	c := chgNewRepo(t)
	ctx := context.Background()
	c.write("a.txt", lines("a", 5))
	c.write("b.txt", lines("b", 5))
	c.commitAll("base")
	base := c.rev("HEAD")
	c.git("checkout", "-q", "-b", "one")
	c.write("a.txt", strings.Replace(lines("a", 5), "a 2\n", "one\n", 1))
	c.commitAll("one")
	c.git("checkout", "-q", "-b", "two", base)
	c.write("b.txt", strings.Replace(lines("b", 5), "b 4\n", "two\n", 1))
	c.commitAll("two")
	repo := c.open()
	s, ok, err := repo.PushScope(ctx, "origin", []PushRange{
		{LocalRef: "refs/heads/one", LocalSHA: c.rev("one"), RemoteRef: "refs/heads/one", RemoteSHA: base},
		{LocalRef: "refs/heads/two", LocalSHA: c.rev("two"), RemoteRef: "refs/heads/two", RemoteSHA: base},
	})
	if err != nil || !ok || s.Kind != Files || !s.Pushed {
		t.Fatalf("PushScope = %+v, %v, %v; want a pushed Files scope", s, ok, err)
	}
	ld, err := repo.LineDiff(ctx, s)
	if err != nil || ld.Everything || ld.Base != "" {
		t.Fatalf("LineDiff = %+v, %v; want two ranges' diffs, no single base", ld, err)
	}
	ch, err := newonly.Parse(ld.Diff)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]newonly.Span{"a.txt": {{From: 2, To: 2}}, "b.txt": {{From: 4, To: 4}}}
	if !reflect.DeepEqual(ch.Files, want) {
		t.Errorf("pushed changed lines %v, want %v", ch.Files, want)
	}
	if ld, err := repo.LineDiff(ctx, Scope{Kind: Files, Files: []string{"a.txt"}, Pushed: true}); err != nil || !ld.Everything {
		t.Errorf("a pushed root commit: LineDiff = %+v, %v; want everything new", ld, err)
	}
}
