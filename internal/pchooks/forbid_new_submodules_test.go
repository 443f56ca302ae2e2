package pchooks

import (
	"path/filepath"
	"testing"
)

func TestForbidNewSubmodulesMatchesPython(t *testing.T) {
	addSubmodule := func(t *testing.T, dir string) {
		t.Helper()
		sub := filepath.Join(dir, "sub")
		git(t, sub, "init", "-q")
		git(t, sub, "commit", "-q", "--allow-empty", "-m", "s")
		git(t, dir, "add", "sub")
	}
	files := map[string]string{"a.txt": "a\n", "sub/x": "x\n"}
	refs := func(t *testing.T, dir string) {
		t.Helper()
		git(t, dir, "rm", "-q", "-r", "--cached", "sub")
		git(t, dir, "commit", "-q", "-m", "base")
		git(t, dir, "tag", "base")
		addSubmodule(t, dir)
		git(t, dir, "commit", "-q", "-m", "sub")
	}
	diffTest(t, "forbid-new-submodules", "forbid-new-submodules", []diffCase{
		{Name: "staged submodule", Files: files, Git: true, Setup: func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "rm", "-q", "-r", "--cached", "sub")
			addSubmodule(t, dir)
		}, Pass: []string{"a.txt", "sub"}},
		{Name: "no submodule", Files: map[string]string{"a.txt": "a\n"}, Git: true},
		{
			Name: "between refs", Files: files, Git: true, Setup: refs, Pass: []string{"sub"},
			Env: []string{"PRE_COMMIT_FROM_REF=base", "PRE_COMMIT_TO_REF=HEAD"},
		},
		{
			Name: "refs, file not passed", Files: files, Git: true, Setup: refs, Pass: []string{"a.txt"},
			Env: []string{"PRE_COMMIT_FROM_REF=base", "PRE_COMMIT_TO_REF=HEAD"},
		},
	})
}
