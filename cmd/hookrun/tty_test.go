package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTerminalViewInTmux runs hookrun on a real terminal (tmux, 100x20) and reads the
// screen: the live view's final lines, the failure expanded, no stray control codes. A
// missing tmux fails the test when HOOKRUN_REQUIRE_TOOLS names it or is "all".
func TestTerminalViewInTmux(t *testing.T) {
	t.Parallel()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		if req := os.Getenv("HOOKRUN_REQUIRE_TOOLS"); req == "all" || strings.Contains(","+req+",", ",tmux,") {
			t.Fatalf("tmux is required (HOOKRUN_REQUIRE_TOOLS=%s) but not on PATH: apt-get install tmux", req)
		}
		t.Skip("tmux not installed")
	}
	bin := buildHookrun(t)
	dir := killFixture(t) // a repository with staged and partially staged files
	cfg := "version: 1\nhooks:\n  - id: quick\n    check: 'true'\n  - id: slow\n    pass_files: false\n    check: 'sleep 0.5'\n" +
		"  - id: broken\n    check: 'echo something is wrong; exit 4'\n"
	if err := os.WriteFile(filepath.Join(dir, "hookrun.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "sock")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(ctx, tmux, append([]string{"-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	defer func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() }() // our server only
	script := "cd " + shellQuote(dir) + " && " + envLine(dir) + " " + shellQuote(bin) + " run --all; echo EXIT=$?; sleep 30"
	run("new-session", "-d", "-x", "100", "-y", "20", "sh", "-c", script)
	var screen string
	for range 200 {
		screen = run("capture-pane", "-p")
		if strings.Contains(screen, "EXIT=") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, want := range []string{"✓ quick", "✓ slow", "✗ broken", "something is wrong", "EXIT=1"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "\x1b") {
		t.Errorf("raw escape codes reached the screen:\n%q", screen)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// envLine renders killEnv's variables that differ from ours as `K=V ...` for a shell.
func envLine(dir string) string {
	var parts []string
	for _, kv := range killEnv(dir)[len(os.Environ()):] {
		k, v, _ := strings.Cut(kv, "=")
		parts = append(parts, k+"="+shellQuote(v))
	}
	return strings.Join(parts, " ")
}
