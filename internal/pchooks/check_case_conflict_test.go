package pchooks

import "testing"

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
