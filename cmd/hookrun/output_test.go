package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHugeOutputStaysBounded: a hook that prints 300 MB and fails (issue 9: hookrun grew
// to 2.4 GB, and `yes` under a timeout ran it out of memory). hookrun keeps a head and a
// tail, says where the whole output went, stays small, and the run fails as the hook did.
func TestHugeOutputStaysBounded(t *testing.T) {
	t.Parallel()
	// A binary of its own: the race detector, which the test binary may carry, multiplies
	// memory, and the limit is about hookrun as users run it.
	bin := filepath.Join(t.TempDir(), "hookrun")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	env := killEnv(dir)
	if err := os.MkdirAll(filepath.Join(dir, ".git", "test-home"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "version: 1\nhooks:\n" +
		"  - id: loud\n    pass_files: false\n    always_run: true\n" +
		"    run: \"echo first; head -c 300000000 /dev/zero | tr '\\\\0' x; echo; echo last; exit 1\"\n" +
		"  - id: endless\n    pass_files: false\n    always_run: true\n    timeout: 2s\n    run: yes\n"
	if err := os.WriteFile(filepath.Join(dir, "hookrun.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	git := exec.Command("git", "init", "-q")
	git.Dir, git.Env = dir, env
	if out, err := git.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "run", "--all", "--jobs", "2")
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit code %d (%v), want 1\n%s", code, err, tail(stderr.String()))
	}
	rss, ok := peakRSSMiB(cmd.ProcessState)
	if !ok {
		t.Skip("no peak RSS on this system")
	}
	t.Logf("hookrun's peak RSS: %d MiB", rss)
	if rss > 200 {
		t.Errorf("hookrun's peak RSS was %d MiB, want under 200 MiB", rss)
	}
	out := stderr.String()
	for _, want := range []string{"first", "last", "300,000,0", "in the middle not shown", "full output in ", "timed out after 2s"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, tail(out))
		}
	}
	if len(out) > 10<<20 {
		t.Errorf("hookrun printed %d bytes, want the head and tail only", len(out))
	}
}

// tail is the end of a long output, for a failure message.
func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}
