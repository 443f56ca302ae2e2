package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// TestMain lets the test binary play a small program that uses the live view (see
// liveDemo) when HOOKRUN_LIVE_DEMO is set, so that the tmux test runs the code under
// test in a real terminal.
func TestMain(m *testing.M) {
	if release := os.Getenv("HOOKRUN_LIVE_DEMO"); release != "" {
		liveDemo(release)
		os.Exit(0)
	}
	if release := os.Getenv("HOOKRUN_LIVE_HOSTILE"); release != "" {
		hostileDemo(release)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// liveDemo runs five hooks through a live view on stdout, at the pace of a real run;
// the hook "slow" finishes only once the file release exists, and the program ends only
// once release+".quit" does.
func liveDemo(release string) {
	h := func(id string) *hooks.Hook { return &hooks.Hook{ID: id, Name: id} }
	sel := []hooks.Selection{
		{Hook: h("gofmt"), Files: []string{"a.go", "b.go", "c.go"}},
		{Hook: h("lint"), Files: []string{"a.go"}},
		{Hook: h("mypy"), Skip: "no files to check"},
		{Hook: h("slow"), Files: []string{"big.bin"}},
		{Hook: h("tidy"), Files: []string{"go.mod"}},
	}
	l := NewLive(os.Stdout, LiveOptions{Color: true, Width: 100, Height: 20}, sel, []int{2, 1, 0, 1, 1})
	l.Start()
	job := func(i, batch int) hooks.Job { return hooks.Job{Hook: sel[i].Hook, Batch: batch} }
	finish := func(j hooks.Job, r hooks.Result) {
		r.Job, r.Started, r.Duration = j, time.Now(), 250*time.Millisecond
		l.Finished(r)
	}
	for _, j := range []hooks.Job{job(0, 0), job(0, 1), job(1, 0), job(3, 0)} {
		l.Started(j)
	}
	time.Sleep(300 * time.Millisecond)
	finish(job(0, 0), hooks.Result{Status: hooks.Passed})
	finish(job(0, 1), hooks.Result{Status: hooks.Passed})
	time.Sleep(200 * time.Millisecond)
	finish(job(1, 0), hooks.Result{
		Status: hooks.Failed, ExitCode: 1, Output: []byte("a.go:3:1: unused variable x\n"),
		Diagnostics: []hooks.Diagnostic{{Path: "a.go", Line: 3, Col: 1, Rule: "U1000", Message: "unused variable x", Tool: "staticcheck"}},
	})
	l.Started(job(4, 0))
	time.Sleep(200 * time.Millisecond)
	finish(job(4, 0), hooks.Result{Status: hooks.Modified, Modified: []string{"go.mod"}})
	waitFor(release, 30*time.Second)
	finish(job(3, 0), hooks.Result{Status: hooks.Passed})
	l.Flush()
	fmt.Println("DEMO-DONE")
	// Stay until the test has read the screen: when a program ends, tmux writes a
	// note at the bottom of the pane that scrolls it.
	waitFor(release+".quit", time.Minute)
}

// hostileDemo runs a clean hook, then the hostile one (see hostile), through a live view
// on stdout, and waits for release+".quit".
func hostileDemo(release string) {
	sel, res := hostile()
	clean := &hooks.Hook{ID: "first", Name: "first"}
	l := NewLive(os.Stdout, LiveOptions{Color: true, Width: 100, Height: 20}, []hooks.Selection{{Hook: clean}, sel}, []int{1, 1})
	l.Start()
	l.Started(hooks.Job{Hook: clean})
	l.Finished(hooks.Result{Job: hooks.Job{Hook: clean}, Status: hooks.Passed, Started: time.Now(), Duration: 250 * time.Millisecond})
	l.Started(res.Job)
	time.Sleep(200 * time.Millisecond)
	res.Started, res.Duration = time.Now(), 250*time.Millisecond
	l.Finished(res)
	l.Flush()
	fmt.Println("DEMO-DONE")
	waitFor(release+".quit", time.Minute)
}

func waitFor(file string, limit time.Duration) {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(file); err == nil {
			return
		}
	}
}

// TestLiveInARealTerminal runs liveDemo in tmux (100x20) and reads the screen while
// the slow hook runs and after the end: one line per hook in config order, a spinner
// only while running, ✓/✗ after, the failure expanded, and the summary. A missing tmux
// fails the test when HOOKRUN_REQUIRE_TOOLS names tmux or is "all".
func TestLiveInARealTerminal(t *testing.T) {
	t.Parallel()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		missingTool(t, "tmux", "not on PATH (apt-get install tmux)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sock, conf, release := filepath.Join(dir, "sock"), filepath.Join(dir, "tmux.conf"), filepath.Join(dir, "release")
	// remain-on-exit keeps the screen if the program dies early; no status line.
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\nset -g status off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(ctx, tmux, append([]string{"-S", sock, "-f", conf}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	t.Cleanup(func() {
		_ = os.WriteFile(release+".quit", nil, 0o644)
		_ = exec.Command(tmux, "-S", sock, "kill-server").Run() // our own server only
	})
	tm("new-session", "-d", "-x", "100", "-y", "20", "-e", "HOOKRUN_LIVE_DEMO="+release,
		"'"+exe+"' -test.run='^$'")
	screen := func(done func(string) bool) string {
		t.Helper()
		var s string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if s = tm("capture-pane", "-p"); done(s) {
				return s
			}
		}
		t.Fatalf("the screen never got there; last:\n%s", s)
		return ""
	}

	mid := screen(func(s string) bool { return strings.Contains(s, "✎ tidy") })
	checkLines(t, "while slow runs", mid, []string{
		`^✓ gofmt \(3 files, 250ms\)$`, `^✗ lint \(1 file, 250ms\)$`, `^- mypy \(no files to check\)$`,
		`^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] slow \(1 file, \d+\.\ds\)$`, `^✎ tidy \(1 file, 250ms\)$`,
	})
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	final := screen(func(s string) bool { return strings.Contains(s, "DEMO-DONE") })
	checkLines(t, "at the end", final, []string{
		`^✓ gofmt \(3 files, 250ms\)$`, `^✗ lint \(1 file, 250ms\)$`, `^- mypy \(no files to check\)$`,
		`^✓ slow \(1 file, 250ms\)$`, `^✎ tidy \(1 file, 250ms\)$`, `^$`,
		`^✗ lint$`, `^    exit code 1$`, `^    a\.go:3:1: U1000 unused variable x \(staticcheck\)$`,
		`^✎ tidy$`, `^    files modified by this hook: go\.mod$`, `^$`,
		`^✗ 5 hooks: 2 passed, 1 failed, 1 modified files, 1 no files in \d+(\.\d+)?m?s$`,
		`^  \(gofmt 250ms, lint 250ms, slow 250ms, tidy 250ms\)$`,
		`^DEMO-DONE$`,
	})
	if strings.ContainsAny(final, "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏\x1b") {
		t.Errorf("a spinner or an escape sequence is left on the screen:\n%s", final)
	}
}

// checkLines matches the screen's first lines against patterns, one per line.
func checkLines(t *testing.T, when, screen string, patterns []string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, p := range patterns {
		if i >= len(lines) || !regexp.MustCompile(p).MatchString(lines[i]) {
			t.Errorf("%s, line %d does not match %s; screen:\n%s", when, i+1, p, screen)
			return
		}
	}
}

// TestLiveHostileHookInARealTerminal: a hook whose name, output, files and findings hold
// OSC 52 and ESC[2J, shown in the live view in tmux (which takes OSC 52 into a paste
// buffer with set-clipboard on), clears nothing and sets no clipboard: the screen keeps
// the first hook's line, and the sequences are spelt out.
func TestLiveHostileHookInARealTerminal(t *testing.T) {
	t.Parallel()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		missingTool(t, "tmux", "not on PATH (apt-get install tmux)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sock, conf, release := filepath.Join(dir, "sock"), filepath.Join(dir, "tmux.conf"), filepath.Join(dir, "release")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\nset -g status off\nset -g set-clipboard on\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.CommandContext(ctx, tmux, append([]string{"-S", sock, "-f", conf}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	t.Cleanup(func() {
		_ = os.WriteFile(release+".quit", nil, 0o644)
		_ = exec.Command(tmux, "-S", sock, "kill-server").Run() // our own server only
	})
	tm("new-session", "-d", "-x", "100", "-y", "20", "-e", "HOOKRUN_LIVE_HOSTILE="+release,
		"'"+exe+"' -test.run='^$'")
	var final string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if final = tm("capture-pane", "-p"); strings.Contains(final, "DEMO-DONE") {
			break
		}
	}
	checkLines(t, "at the end", final, []string{
		`^✓ first \(250ms\)$`,
		`^✗ evil\\x1b\[2J\\u009b2J\\r\\n✓ ok \(1 file, 250ms\)$`,
	})
	for _, want := range []string{`a\x1b[2Jb.txt:1: R\x1b[2J bad\x1b]52;c;aGVsbG8=\x07\x9b2J`, "DEMO-DONE"} {
		if !strings.Contains(final, want) {
			t.Errorf("the screen lacks %s:\n%s", want, final)
		}
	}
	if bufs := tm("list-buffers"); bufs != "" {
		t.Errorf("a hook set the clipboard (tmux buffers: %s)", bufs)
	}
}
