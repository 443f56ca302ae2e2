package gitrepo

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestContentIDsSplitsCleanModifiedAndUntracked(t *testing.T) {
	t.Parallel()
	for _, large := range []bool{false, true} {
		t.Run(map[bool]string{false: "ls-files --modified", true: "diff-files"}[large], func(t *testing.T) {
			t.Parallel()
			contentIDsSplit(t, large)
		})
	}
}

// contentIDsSplit checks ContentIDs on a small index, or on one of diffFilesMin entries
// or more (large), where git diff-files finds the changed files.
func contentIDsSplit(t *testing.T, large bool) {
	t.Helper()
	c := chgBaseRepo(t)
	var fill []string
	if large {
		for i := range diffFilesMin {
			f := fmt.Sprintf("fill/%02d/f%05d.txt", i%50, i)
			c.write(f, f+"\n")
			fill = append(fill, f)
		}
		c.git("add", "fill")
		c.write("fill/00/f00000.txt", "fill/00/f00000.txt\n") // rewritten, the same content
	}
	c.write(".gitignore", "ignored\n")
	c.git("add", ".gitignore")
	c.write("a.txt", "changed\n")   // modified, unstaged
	c.write("new.txt", "new\n")     // untracked
	c.write("ignored", "ignored\n") // ignored: not listed
	c.remove("dir/d.txt")           // deleted: modified
	got, err := c.open().ContentIDs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	clean := slices.DeleteFunc(slices.Sorted(maps.Keys(got.IDs)), func(p string) bool { return strings.HasPrefix(p, "fill/") })
	if want := []string{".gitignore", "b.txt", "dir/c.txt"}; !slices.Equal(clean, want) {
		t.Errorf("IDs = %v, want keys %v", clean, want)
	}
	for _, f := range fill { // a rewrite with the same content may count as modified: hashed, never stale
		if _, ok := got.IDs[f]; !ok && (f != "fill/00/f00000.txt" || !slices.Contains(got.Modified, f)) {
			t.Errorf("%s: neither clean nor modified", f)
		}
	}
	got.Modified = slices.DeleteFunc(got.Modified, func(p string) bool { return p == "fill/00/f00000.txt" })
	blob := strings.TrimSpace(c.git("rev-parse", ":b.txt"))
	if got.IDs["b.txt"] != "100644 "+blob {
		t.Errorf("IDs[b.txt] = %q, want %q", got.IDs["b.txt"], "100644 "+blob)
	}
	if want := []string{"a.txt", "dir/d.txt"}; !slices.Equal(slices.Sorted(slices.Values(got.Modified)), want) {
		t.Errorf("Modified = %v, want %v", got.Modified, want)
	}
	if want := []string{"new.txt"}; !slices.Equal(got.Untracked, want) {
		t.Errorf("Untracked = %v, want %v", got.Untracked, want)
	}
}

func TestContentIDsLaterGivesWhatContentIDsGives(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	c.write("a.txt", "changed\n")
	c.write("new.txt", "new\n")
	r := c.open()
	wait := r.ContentIDsLater(t.Context())
	want, err := r.ContentIDs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // every call gives the one answer
		got, err := wait()
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got.IDs, want.IDs) || !slices.Equal(got.Modified, want.Modified) || !slices.Equal(got.Untracked, want.Untracked) {
			t.Errorf("ContentIDsLater = %+v, want %+v", got, want)
		}
	}
}

// AllFiles from the content ids lists what Changes lists for the All scope with its own
// git calls: modified files yes, deleted ones, a file replaced with a directory and a file
// below a linked directory no, untracked ones no.
func TestAllFilesFromContentIDsIsChangesAll(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	c.write("e/f.txt", "f\n")
	c.write("g/h.txt", "h\n")
	c.commitAll("more")
	c.write("a.txt", "changed\n") // modified
	c.remove("dir/d.txt")         // deleted
	c.write("new.txt", "new\n")   // untracked
	c.remove("b.txt")             // a directory where a file was
	c.write("b.txt/x", "x\n")
	c.remove("e/f.txt") // a linked directory where a directory was
	c.remove("e")
	if err := os.Symlink("g", filepath.Join(c.dir, "e")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	c.write("g/f.txt", "f\n")
	r := c.open()
	want, err := r.Changes(t.Context(), Scope{Kind: All})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := r.ContentIDs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := r.AllFiles(ids, false); !slices.Equal(got, want) {
		t.Errorf("AllFiles = %v, Changes(All) = %v", got, want)
	}
}

func TestIndexEntriesCountsTheIndex(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	r := c.open()
	want := strings.Count(c.git("ls-files", "-z", "--stage"), "\x00")
	if n, ok := r.IndexEntries(); !ok || n != want {
		t.Errorf("IndexEntries = %d, %v, want %d, true", n, ok, want)
	}
	if err := os.Remove(r.IndexFile()); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.IndexEntries(); ok {
		t.Error("IndexEntries without an index said ok")
	}
}

// The staged list the stash's status gives is the one `git diff --cached` gives, in
// every kind of staged change: added, modified, type-changed, deleted (left out), a
// rename (its new path), staged and then changed again or deleted in the work tree, an
// intent-to-add entry (left out), on an unborn branch too.
func TestStashStagedListIsTheStagedScope(t *testing.T) {
	t.Parallel()
	for name, setup := range map[string]func(c *chgRepo){
		"every kind of change": func(c *chgRepo) {
			c.write("a.txt", "staged\n")
			c.write("new.txt", "new\n")
			c.git("add", "a.txt", "new.txt")
			c.write("a.txt", "staged, then changed again\n")
			c.git("rm", "-q", "b.txt")
			c.git("mv", "dir/c.txt", "dir/renamed.txt")
			c.remove("dir/d.txt")
			if err := os.Symlink("a.txt", filepath.Join(c.dir, "dir", "d.txt")); err != nil {
				t.Fatal(err)
			}
			c.git("add", "dir/d.txt")
			c.write("gone.txt", "added, then deleted\n")
			c.git("add", "gone.txt")
			c.remove("gone.txt")
			c.write("ita.txt", "intent\n")
			c.git("add", "-N", "ita.txt")
			c.write("unstaged.txt", "untracked\n")
		},
		"unborn branch": func(c *chgRepo) {
			c.git("update-ref", "-d", "HEAD")
			c.write("more.txt", "more\n")
			c.git("add", "more.txt")
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			setup(c)
			r := c.open()
			want, err := r.Candidates(t.Context(), Scope{})
			if err != nil || len(want) == 0 {
				t.Fatalf("Candidates = %q, %v", want, err)
			}
			st, err := r.Stash(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			got := st.StagedList()
			if err := st.Restore(t.Context(), nil); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("StagedList = %q, want %q (git diff --cached)", got, want)
			}
		})
	}
}
