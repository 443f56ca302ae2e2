package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/precommittest"
)

// TestHookrunInsidePreCommit is hookrun as a hook of the real pre-commit: a project's
// .pre-commit-config.yaml points at this repository (a local path at the current commit),
// pre-commit builds hookrun with `go install` (language: golang, from
// .pre-commit-hooks.yaml) and runs it on the files it passes; hookrun runs the project's
// hookrun.yaml, failing on a bad file and passing on a good one.
func TestHookrunInsidePreCommit(t *testing.T) {
	t.Parallel()
	pc := precommittest.PreCommit(t)
	root, rev := moduleCommit(t)
	dir := t.TempDir()
	project := filepath.Join(dir, "project")
	env := preCommitEnv(t, dir)
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(project, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(name string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), name, args...)
		cmd.Dir, cmd.Env = project, env
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return string(out), ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return string(out), 0
	}
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	write(".pre-commit-config.yaml", "repos:\n- repo: "+root+"\n  rev: "+rev+"\n  hooks:\n  - id: hookrun\n")
	write("hookrun.yaml", "version: 1\nhooks:\n  - id: no-bad-words\n    files: ['*.txt']\n"+
		"    check: 'if grep -n BAD \"$@\"; then echo \"bad words found\"; exit 1; fi'\n")
	write("good.txt", "all fine\n")
	run("git", "init", "-q")
	run("git", "add", "-A")
	if out, code := run(pc, "run", "--all-files"); code != 0 {
		t.Fatalf("pre-commit run on good files: exit %d, want 0\n%s", code, out)
	}
	write("bad.txt", "a BAD word\n")
	run("git", "add", "bad.txt")
	out, code := run(pc, "run", "--all-files")
	if code != 1 || !strings.Contains(out, "bad words found") || !strings.Contains(out, "bad.txt:1:a BAD word") {
		t.Fatalf("pre-commit run with a bad file: exit %d, want 1 and hookrun's finding\n%s", code, out)
	}
}

// moduleCommit returns this repository's root and its current commit, which pre-commit
// clones as it would any hook repository.
func moduleCommit(t *testing.T) (root, rev string) {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "git", "rev-parse", "--show-toplevel", "HEAD").Output()
	if err != nil {
		t.Fatalf("this test needs hookrun's own git checkout: %v", err)
	}
	parts := strings.Fields(string(out))
	return parts[0], parts[1]
}

// preCommitEnv is a hermetic environment for pre-commit and git that reuses the Go
// module cache (pre-commit's golang environments would otherwise download every module).
func preCommitEnv(t *testing.T, dir string) []string {
	t.Helper()
	modcache, err := exec.CommandContext(t.Context(), "go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	gitconfig := filepath.Join(home, ".gitconfig")
	if err := os.WriteFile(gitconfig, []byte("[user]\n\tname = T\n\temail = t@example.com\n[protocol \"file\"]\n\tallow = always\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GIT_") || strings.HasPrefix(name, "PRE_COMMIT") || strings.HasPrefix(name, "HOOKRUN") ||
			name == "HOME" || name == "CI" || name == "SKIP" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+gitconfig,
		"PRE_COMMIT_HOME="+filepath.Join(dir, "pre-commit-home"), "PRE_COMMIT_COLOR=never",
		"GOMODCACHE="+strings.TrimSpace(string(modcache)), "GOFLAGS=-modcacherw")
}
