package proc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// The test binary doubles as the child process: HOOKRUN_PROC_HELPER selects a behaviour.
func TestMain(m *testing.M) {
	switch os.Getenv("HOOKRUN_PROC_HELPER") {
	case "":
		os.Exit(m.Run())
	case "exit":
		code, _ := strconv.Atoi(os.Args[1])
		fmt.Fprint(os.Stdout, "out;")
		fmt.Fprint(os.Stderr, "err;")
		os.Exit(code)
	case "grandchild":
		// Start a long sleeper in our process group, record its pid, then wait forever.
		pidFile := os.Args[1]
		p, err := os.StartProcess(os.Args[0], []string{os.Args[0]}, &os.ProcAttr{
			Env: []string{"HOOKRUN_PROC_HELPER=sleep"},
		})
		if err != nil {
			os.Exit(99)
		}
		_ = os.WriteFile(pidFile, []byte(strconv.Itoa(p.Pid)), 0o644)
		time.Sleep(time.Minute)
		os.Exit(0)
	case "sleep":
		time.Sleep(time.Minute)
		os.Exit(0)
	case "flood":
		// Write N bytes of numbered lines to stdout, a 64 KiB block at a time (the
		// numbers repeat), then a last line to stderr.
		n, _ := strconv.Atoi(os.Args[1])
		var block []byte
		for i := 0; len(block) < 1<<16; i++ {
			block = fmt.Appendf(block, "line %09d\n", i)
		}
		for n > 0 {
			m, err := os.Stdout.Write(block[:min(n, len(block))])
			if err != nil {
				os.Exit(99)
			}
			n -= m
		}
		fmt.Fprint(os.Stderr, "end\n")
		os.Exit(0)
	case "ignore-term":
		sig := make(chan os.Signal, 1)
		// Ignore SIGTERM so only the SIGKILL after the grace period stops us.
		ignoreTerm(sig)
		fmt.Fprintln(os.Stdout, "ready")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
}

func helper(t *testing.T, mode string, args ...string) Cmd {
	t.Helper()
	return Cmd{Path: os.Args[0], Args: args, Env: append(os.Environ(), "HOOKRUN_PROC_HELPER="+mode)}
}

func TestRunExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		code    int
		combine bool
		stdout  string
		stderr  string
	}{
		{"a zero exit is a result", 0, false, "out;", "err;"},
		{"a non-zero exit is a result, not an error", 3, false, "out;", "err;"},
		{"combined output interleaves stdout and stderr", 1, true, "out;err;", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := helper(t, "exit", strconv.Itoa(tt.code))
			c.CombineOutput = tt.combine
			res, err := Run(context.Background(), c)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if res.ExitCode != tt.code || string(res.Stdout) != tt.stdout || string(res.Stderr) != tt.stderr {
				t.Errorf("got exit %d stdout %q stderr %q, want %d %q %q", res.ExitCode, res.Stdout, res.Stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestRunMissingProgram(t *testing.T) {
	t.Parallel()
	_, err := Run(context.Background(), Cmd{Path: "hookrun-no-such-program"})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

// TestRunCancelKillsGroup cancels a child that started a grandchild: both must be gone
// when Run returns, and Run's error wraps context.Canceled.
func TestRunCancelKillsGroup(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, helper(t, "grandchild", pidFile))
		done <- err
	}()
	pid := waitForPid(t, pidFile)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	waitGone(t, pid)
}

func waitForPid(t *testing.T, file string) int {
	t.Helper()
	for range 1000 {
		if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
			pid, err := strconv.Atoi(string(b))
			if err == nil {
				return pid
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("grandchild never started")
	return 0
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for range 500 {
		// A zombie reparented to init goes quickly.
		if !alive(pid) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("grandchild %d outlived the run", pid)
}
