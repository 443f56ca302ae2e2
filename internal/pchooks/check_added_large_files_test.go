package pchooks

import (
	"strings"
	"testing"
)

func TestCheckAddedLargeFilesMatchesPython(t *testing.T) {
	files := edgeFiles() // long.txt is 391 KiB
	files["big.bin"] = strings.Repeat("x", 600*1024+1)
	files["exact.bin"] = strings.Repeat("x", 2048)
	files["lfs.bin"] = strings.Repeat("x", 600*1024)
	files[".gitattributes"] = "lfs.bin filter=lfs diff=lfs merge=lfs -text\n"
	commitSome := func(t *testing.T, dir string) {
		t.Helper()
		git(t, dir, "reset", "-q")
		git(t, dir, "add", "big.bin")
		git(t, dir, "commit", "-q", "-m", "big")
		git(t, dir, "add", "-A")
	}
	diffTest(t, "check-added-large-files", "check-added-large-files", []diffCase{
		{Name: "default", Files: files, Git: true},
		{Name: "maxkb", Files: files, Git: true, Args: []string{"--maxkb=2"}},
		{Name: "maxkb exact", Files: files, Git: true, Args: []string{"--maxkb", "1"}},
		{Name: "committed not added", Files: files, Git: true, Setup: commitSome, Args: []string{"--maxkb=1"}},
		{Name: "enforce all", Files: files, Git: true, Setup: commitSome, Args: []string{"--maxkb=1", "--enforce-all"}},
		{Name: "not staged", Files: files, Git: true, Setup: func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "reset", "-q")
		}, Args: []string{"--maxkb=1"}},
		{Name: "no files", Files: map[string]string{}, Git: true, Pass: []string{}},
		{
			Name: "link to a large file", Files: map[string]string{"big.bin": strings.Repeat("x", 3000)}, Links: map[string]string{"link": "big.bin"},
			Git: true, Args: []string{"--maxkb=2"}, Pass: []string{"link"},
		},
	})
}
