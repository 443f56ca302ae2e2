package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRestoreStopsOrphanedHooks: hookrun alone is killed (kill -9 of its pid, not of its
// process group) while a fixer's grandchild, which outlives it, is about to write. `hookrun
// restore` must stop that process before it puts the file back, or the write lands on the
// restored file.
func TestRestoreStopsOrphanedHooks(t *testing.T) {
	t.Parallel()
	// The fixer's own child does the writing: when hookrun dies, the fixer gets SIGKILL
	// (Pdeathsig) but its child lives on, in the hook's process group.
	fixer := "sh -c 'sleep 3; sed -i s/^a$/FIXER/ a.txt' &\ntouch started\nsleep 5\n"
	t.Run("a command hook", func(t *testing.T) {
		t.Parallel()
		testOrphans(t, "#!/bin/sh\n"+fixer,
			"version: 1\nhooks:\n  - id: slowfix\n    fix: ./fixer.sh\n    check: 'true'\n    files: ['*.txt']\n")
	})
	// A built-in's processes are tracked as a command's are (issue 9). The tool is a
	// stand-in on PATH: a real ruff cannot be made to leave a writer behind.
	t.Run("a built-in hook", func(t *testing.T) {
		t.Parallel()
		testOrphans(t, "#!/bin/sh\ncase \"$1\" in --version) echo 'ruff 0.9.0'; exit 0;; esac\n"+fixer,
			"version: 1\nhooks:\n  - id: ruff\n    files: ['*.txt']\n")
	})
}

// testOrphans kills hookrun while the fixer script runs under the config, then restores.
func testOrphans(t *testing.T, script, config string) {
	t.Helper()
	bin := buildHookrun(t)
	dir := t.TempDir()
	env := killEnv(dir)
	for i, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			env[i] = "PATH=" + filepath.Join(dir, ".git", "test-bin") + string(os.PathListSeparator) + kv[len("PATH="):]
		}
	}
	run := func(name string, args ...string) {
		t.Helper()
		c := exec.Command(name, args...)
		c.Dir, c.Env = dir, env
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"test-home", "test-bin"} {
		if err := os.MkdirAll(filepath.Join(dir, ".git", d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	run("git", "init", "-q")
	run("git", "config", "user.email", "t@example.com")
	run("git", "config", "user.name", "t")
	write("fixer.sh", script)
	write(".git/test-bin/ruff", script)
	write("hookrun.yaml", config)
	write("a.txt", "a\n")
	run("git", "add", ".")
	run("git", "commit", "-qm", "init")
	write("a.txt", "a\na2\n")
	run("git", "add", "a.txt")
	write("a.txt", "a\na2\na3\n")

	cmd := exec.Command(bin, "run")
	cmd.Dir, cmd.Env = dir, env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "started")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the fixer never started")
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Kill() // SIGKILL
	_ = cmd.Wait()
	run(bin, "restore")
	time.Sleep(3500 * time.Millisecond) // past the moment the orphan would have written
	got, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "a\na2\na3\n" {
		t.Errorf("a.txt after restore = %q, want the user's %q", got, "a\na2\na3\n")
	}
}
