package pchooks

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

func TestCheckCaseConflictMatchesPython(t *testing.T) {
	commitAll := func(t *testing.T, dir string) {
		t.Helper()
		git(t, dir, "commit", "-q", "-m", "base")
	}
	diffTest(t, "check-case-conflict", "check-case-conflict", []diffCase{
		{Name: "edge files", Files: edgeFiles(), Git: true},
		{Name: "two new files", Files: map[string]string{"a.txt": "", "A.txt": "", "b": ""}, Git: true},
		{
			Name: "new against tracked", Files: map[string]string{"README": "", "readme": ""}, Git: true,
			Setup: func(t *testing.T, dir string) {
				t.Helper()
				git(t, dir, "reset", "-q", "--", "readme")
				git(t, dir, "commit", "-q", "-m", "base")
				git(t, dir, "add", "readme")
			}, Pass: []string{"readme"},
		},
		{Name: "directory against file", Files: map[string]string{"Docs/a": "", "docs": ""}, Git: true},
		{
			Name: "nested dirs", Files: map[string]string{"x/Y/z": "", "x/y/w": "", "q": ""}, Git: true, Setup: commitAll,
			Pass: []string{"q"},
		},
		{Name: "no conflict", Files: map[string]string{"a": "", "b/c": ""}, Git: true},
		{
			Name: "deep shared parents", Git: true,
			Files: map[string]string{"a/b/c/d/x": "", "a/b/c/e": "", "a/B/c/d/y": "", "a/b/f/g/h": "", "A/z": ""},
		},
		{Name: "link", Files: map[string]string{"a": ""}, Links: map[string]string{"A": "a"}, Git: true},
	})
}

// caseConflictEnv is an Env whose git answers ls-files with listed and lists no added
// file, the same bytes on every call, as a run's remembered answers are.
func caseConflictEnv(listed []byte) Env {
	return Env{Git: func(_ context.Context, _ []byte, args ...string) ([]byte, error) {
		if args[0] == "ls-files" {
			return listed, nil
		}
		return nil, nil
	}}
}

func TestCheckCaseConflictIndexesTrackedPathsOncePerAnswer(t *testing.T) { //nolint:paralleltest // AllocsPerRun counts the whole process's allocations
	var listed []byte
	for i := range 2000 {
		listed = fmt.Appendf(listed, "dir%d/Sub%d/file%d.py\n", i%50, i%7, i)
	}
	env := caseConflictEnv(listed)
	checkCaseConflict(t.Context(), env, []string{"new.txt"}) // the first batch indexes them
	allocs := testing.AllocsPerRun(5, func() {
		if code, out := checkCaseConflict(t.Context(), env, []string{"new.txt"}); code != 0 {
			t.Fatalf("exit %d: %s", code, out)
		}
	})
	if allocs > 50 {
		t.Errorf("a later batch over the same answer made %v allocations: it indexed the 2,000 tracked paths again", allocs)
	}
}

func TestCheckCaseConflictSharedIndexFollowsTheAnswer(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		listed string
		files  []string
		want   string
	}{
		{"a tracked path differing in case conflicts", "docs/README\n", []string{"docs/readme"}, "Case-insensitivity conflict found: docs/README\nCase-insensitivity conflict found: docs/readme\n"},
		{"another answer is indexed anew", "docs/other\n", []string{"docs/readme"}, ""},
		{"a tracked directory conflicts with a given file", "Docs/a\n", []string{"docs"}, "Case-insensitivity conflict found: Docs\nCase-insensitivity conflict found: docs\n"},
		{"a given path is not its own conflict", "docs/readme\n", []string{"docs/readme"}, ""},
		{"paths tracked in two cases conflict only with a given one", "a/X\na/x\n", []string{"b"}, ""},
		{"a given path tracked in two cases conflicts with the other", "a/X\na/x\nA/y\n", []string{"a/x"}, "Case-insensitivity conflict found: A\nCase-insensitivity conflict found: a\nCase-insensitivity conflict found: a/X\nCase-insensitivity conflict found: a/x\n"},
	}
	for _, c := range cases {
		env := caseConflictEnv([]byte(c.listed))
		var wg sync.WaitGroup
		for range 4 { // batches side by side over one answer
			wg.Go(func() {
				code, out := checkCaseConflict(t.Context(), env, c.files)
				if string(out) != c.want || (code == 1) != (c.want != "") {
					t.Errorf("%s: exit %d, output %q; want %q", c.name, code, out, c.want)
				}
			})
		}
		wg.Wait()
	}
}

func BenchmarkCheckCaseConflictBatch(b *testing.B) {
	var listed []byte
	for i := range 4000 {
		listed = fmt.Appendf(listed, "dir%d/Sub%d/file%d.py\n", i%50, i%7, i)
	}
	env := caseConflictEnv(listed)
	files := []string{"dir1/Sub1/file1.py", "dir2/sub2/new.py"}
	for b.Loop() {
		checkCaseConflict(b.Context(), env, files)
	}
}

func BenchmarkCheckCaseConflictLargeBatch(b *testing.B) {
	var listed []byte
	var files []string
	for i := range 4000 {
		p := fmt.Sprintf("dir%d/sub%d/file%d.py", i%50, i%7, i)
		listed = fmt.Appendf(listed, "%s\n", p)
		if i%2 == 0 {
			files = append(files, p)
		}
	}
	env := caseConflictEnv(listed)
	for b.Loop() {
		checkCaseConflict(b.Context(), env, files)
	}
}
