package gitrepo

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
)

// TestIndexGuard: a refresh of stat data is no change; a hook's git add, git reset or
// deleted index is put back, with the hook's index saved.
func TestIndexGuard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		hook    func(sr *stRepo)
		changed bool
		rescued bool
	}{
		{"nothing", func(*stRepo) {}, false, false},
		{"a refresh of stat data", func(sr *stRepo) { sr.git("update-index", "--refresh") }, false, false},
		{"git add", func(sr *stRepo) { sr.write("b.txt", "hook\n"); sr.git("add", "b.txt") }, true, true},
		{"git reset", func(sr *stRepo) { sr.git("reset", "-q") }, true, true},
		{"a deleted index", func(sr *stRepo) {
			if err := os.Remove(sr.r.IndexFile()); err != nil {
				t.Fatal(err)
			}
		}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sr := stInit(t)
			sr.commit("a.txt", "a\n", "b.txt", "b\n")
			sr.stage("a.txt", "staged\n")
			before := sr.git("ls-files", "-s")
			g, err := sr.r.GuardIndex()
			if err != nil {
				t.Fatal(err)
			}
			tc.hook(sr)
			err = g.Check(ctx)
			changed, ok := errors.AsType[*IndexChangedError](err)
			if ok != tc.changed || (!ok && err != nil) {
				t.Fatalf("Check = %v, want changed %v", err, tc.changed)
			}
			if got := sr.git("ls-files", "-s"); got != before {
				t.Errorf("index after Check:\n%s\nwant:\n%s", got, before)
			}
			if ok && (changed.Rescued != "") != tc.rescued {
				t.Errorf("rescued = %q, want one: %v", changed.Rescued, tc.rescued)
			}
			if ok && changed.Rescued != "" {
				if _, err := os.Stat(changed.Rescued); err != nil {
					t.Errorf("the hook's index was not saved: %v", err)
				}
			}
		})
	}
}

// TestIndexGuardChanges names the paths whose entries a hook changed, added or
// removed, and none for a refresh of stat data; the index is left as the hook made it.
func TestIndexGuardChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		hook func(sr *stRepo)
		want []string
	}{
		{"nothing", func(*stRepo) {}, nil},
		{"a refresh of stat data", func(sr *stRepo) { sr.git("update-index", "--refresh") }, nil},
		{"git add -u of a fix", func(sr *stRepo) { sr.write("b.txt", "fixed\n"); sr.git("add", "-u") }, []string{"b.txt"}},
		{"a new file and a removal", func(sr *stRepo) {
			sr.write("c.txt", "c\n")
			sr.git("add", "c.txt")
			sr.git("rm", "-q", "--cached", "a.txt")
		}, []string{"a.txt", "c.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sr := stInit(t)
			sr.commit("a.txt", "a\n", "b.txt", "b\n")
			sr.stage("a.txt", "staged\n")
			g, err := sr.r.GuardIndex()
			if err != nil {
				t.Fatal(err)
			}
			tc.hook(sr)
			after := sr.git("ls-files", "-s")
			changes, err := g.Changes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, c.Path)
				if c.Gitlink {
					t.Errorf("%s: a gitlink, want a file", c.Path)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Changes = %v, want %v", got, tc.want)
			}
			if now := sr.git("ls-files", "-s"); now != after {
				t.Errorf("Changes changed the index:\n%s\nwant:\n%s", now, after)
			}
		})
	}
}
