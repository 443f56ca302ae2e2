package pchooks

import "testing"

func TestNoCommitToBranchMatchesPython(t *testing.T) {
	on := func(branch string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "checkout", "-q", "-b", branch)
		}
	}
	detached := func(t *testing.T, dir string) {
		t.Helper()
		git(t, dir, "commit", "-q", "-m", "x")
		git(t, dir, "checkout", "-q", "--detach")
	}
	files := map[string]string{"a": "a\n"}
	none := []string{}
	diffTest(t, "no-commit-to-branch", "no-commit-to-branch", []diffCase{
		{Name: "main", Files: files, Git: true, Pass: none},
		{Name: "master", Files: files, Git: true, Pass: none, Setup: on("master")},
		{Name: "feature", Files: files, Git: true, Pass: none, Setup: on("feature/x")},
		{Name: "branch arg", Files: files, Git: true, Pass: none, Setup: on("dev"), Args: []string{"--branch", "dev"}},
		{Name: "branch arg not main", Files: files, Git: true, Pass: none, Args: []string{"-b", "dev", "-b=prod"}},
		{Name: "pattern", Files: files, Git: true, Pass: none, Setup: on("release/1.0"), Args: []string{"--pattern", `release/\d+`}},
		{Name: "pattern not at start", Files: files, Git: true, Pass: none, Setup: on("my-release"), Args: []string{"-p", "release"}},
		{Name: "pattern flags", Files: files, Git: true, Pass: none, Setup: on("HOTFIX-1"), Args: []string{"-p", "(?i)hotfix"}},
		{Name: "detached", Files: files, Git: true, Pass: none, Setup: detached},
		{Name: "not a repository", Files: files, Pass: none},
	})
}
