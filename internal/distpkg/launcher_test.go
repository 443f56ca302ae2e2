//go:build unix

// The fake hookrun is a shell script, and signals are POSIX's.

package distpkg

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeBinary stands in for hookrun behind the launcher: it prints its arguments, exits
// with a code, kills itself, or waits (10 s at most) for SIGTERM and exits 42 when it comes.
const fakeBinary = `#!/bin/sh
case "$1" in
args) shift; printf '<%s>\n' "$@" ;;
exit) exit "$2" ;;
die) kill -TERM $$ ;;
wait) trap 'echo got TERM; exit 42' TERM; echo ready; i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done ;;
esac
`

// launcherProject lays out node_modules as npm installs it on this machine: hookrun with
// its launcher, and this platform's package holding fakeBinary.
func launcherProject(t *testing.T) string {
	t.Helper()
	requireTool(t, "node")
	p, err := LookupPlatform(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := NpmMain(filepath.Join(dir, "node_modules", "hookrun"), "0.1.0"); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "fake")
	writeFile(t, bin, fakeBinary)
	if err := NpmPlatform(filepath.Join(dir, "node_modules", "@hookrun", p.NodeOS+"-"+p.NodeCPU), "0.1.0", p, bin); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "node_modules", "hookrun", "bin", "hookrun.js")
}

func TestLauncherPassesArgumentsAndExitCode(t *testing.T) {
	t.Parallel()
	js := launcherProject(t)
	out, err := exec.Command("node", js, "args", "a b", "", "--x=1").CombinedOutput()
	if err != nil || string(out) != "<a b>\n<>\n<--x=1>\n" {
		t.Errorf("got %q, %v", out, err)
	}
	err = exec.Command("node", js, "exit", "7").Run()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); !ok || exitErr.ExitCode() != 7 {
		t.Errorf("exit: %v, want exit status 7", err)
	}
}

func TestLauncherDiesOfTheBinarysSignal(t *testing.T) {
	t.Parallel()
	js := launcherProject(t)
	err := exec.Command("node", js, "die").Run()
	exitErr, ok := errors.AsType[*exec.ExitError](err)
	if !ok {
		t.Fatalf("got %v, want death by SIGTERM", err)
	}
	if ws := exitErr.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("got %v, want death by SIGTERM", err)
	}
}

// TestLauncherForwardsSignals sends SIGTERM to the launcher alone: hookrun gets it, and
// its exit code is the launcher's.
func TestLauncherForwardsSignals(t *testing.T) {
	t.Parallel()
	js := launcherProject(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", js, "wait")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if startErr := cmd.Start(); startErr != nil {
		t.Fatal(startErr)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || lines.Text() != "ready" {
		t.Fatalf("the fake binary did not start: %q", lines.Text())
	}
	if sigErr := cmd.Process.Signal(syscall.SIGTERM); sigErr != nil {
		t.Fatal(sigErr)
	}
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	err = cmd.Wait()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); !ok || exitErr.ExitCode() != 42 || strings.Join(rest, "\n") != "got TERM" {
		t.Errorf("got %v and %q, want exit status 42 after got TERM", err, rest)
	}
}

func TestLauncherNamesAMissingPlatformPackage(t *testing.T) {
	t.Parallel()
	js := launcherProject(t)
	p, err := LookupPlatform(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}
	if rmErr := os.RemoveAll(filepath.Join(filepath.Dir(js), "..", "..", "@hookrun")); rmErr != nil {
		t.Fatal(rmErr)
	}
	out, err := exec.Command("node", js, "version").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "the package "+p.NpmName()+", which holds the hookrun binary for this platform, is not installed") {
		t.Errorf("got %q, %v", out, err)
	}
}

// requireTool fails the test when name is not on PATH and the run requires every tool
// (HOOKRUN_REQUIRE_TOOLS, as CI sets it), and skips it otherwise.
func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("HOOKRUN_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required (HOOKRUN_REQUIRE_TOOLS is set): %v", name, err)
		}
		t.Skipf("%s not on PATH: %v", name, err)
	}
}
