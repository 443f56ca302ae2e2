package pchooks

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCheckMergeConflictMatchesPython(t *testing.T) {
	files := edgeFiles()
	files["conflict.txt"] = "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> other\n"
	files["conflict-crlf.txt"] = "<<<<<<< HEAD\r\n=======\r\n>>>>>>> x\r\n"
	files["near.txt"] = "<<<<<<<\n=======x\n ======= \n>>>>>>>\n======= y\n"
	files["eof.txt"] = "a\n======="
	inMerge := func(t *testing.T, dir string) {
		t.Helper()
		for _, n := range []string{"MERGE_MSG", "MERGE_HEAD"} {
			if err := os.WriteFile(filepath.Join(dir, ".git", n), []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	rebase := func(t *testing.T, dir string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, ".git", "MERGE_MSG"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(dir, ".git", "rebase-merge"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	msgOnly := func(t *testing.T, dir string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, ".git", "MERGE_MSG"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diffTest(t, "check-merge-conflict", "check-merge-conflict", []diffCase{
		{Name: "not in merge", Files: files, Git: true},
		{Name: "random", Files: randomFiles(11, 30), Git: true, Args: []string{"--assume-in-merge"}},
		{Name: "assume in merge", Files: files, Git: true, Args: []string{"--assume-in-merge"}},
		{Name: "in merge", Files: files, Git: true, Setup: inMerge},
		{Name: "in rebase", Files: files, Git: true, Setup: rebase},
		{Name: "merge msg only", Files: files, Git: true, Setup: msgOnly},
		{
			Name: "subdir", Files: map[string]string{"sub/a.txt": "<<<<<<< x\n"}, Git: true, Setup: inMerge,
			Pass: []string{"sub/a.txt"},
		},
		{Name: "not a repository", Files: files, Args: []string{"--assume-in-merge"}},
		{Name: "link", Files: map[string]string{"c": "<<<<<<< x\n"}, Links: map[string]string{"l": "c"}, Git: true, Setup: inMerge, Pass: []string{"l"}},
	})
}
