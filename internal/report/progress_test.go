package report

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// starter returns the text report as the Starter cmd/hookrun wires to the engine.
func starter(t *testing.T, rep Sink) Starter {
	t.Helper()
	st, ok := rep.(Starter)
	if !ok {
		t.Fatalf("%T is not a Starter: plain output would show nothing while hooks run", rep)
	}
	return st
}

// syncBuffer is a bytes.Buffer the heartbeat's goroutine and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTextPrintsStartLinesInConfigOrder_issue11 starts and finishes hooks out of config
// order, as parallel jobs do, and expects each hook that ran to read "start", then its
// result, in config order: the same bytes whatever the timing.
func TestTextPrintsStartLinesInConfigOrder_issue11(t *testing.T) {
	t.Parallel()
	lint := &hooks.Hook{ID: "lint", Name: "lint"}
	pylint := &hooks.Hook{ID: "pylint", Name: "pylint"}
	skipped := &hooks.Hook{ID: "mypy", Name: "mypy"}
	tidy := &hooks.Hook{ID: "tidy", Name: "tidy"}
	sel := []hooks.Selection{
		{Hook: lint, Files: []string{"a.go"}},
		{Hook: pylint, Files: []string{"a.py", "b.py"}},
		{Hook: skipped, Skip: "no files to check"},
		{Hook: tidy},
	}
	var buf bytes.Buffer
	rep := NewText(&buf, TextOptions{}, sel, []int{1, 2, 0, 1})
	st := starter(t, rep)
	now := time.Now()
	st.Started(hooks.Job{Hook: pylint, Batch: 1})
	st.Started(hooks.Job{Hook: tidy})
	if buf.Len() != 0 {
		t.Fatalf("printed a later hook's start before the first hook's:\n%s", buf.String())
	}
	st.Started(hooks.Job{Hook: lint})
	if want := "start lint (1 file)\n"; buf.String() != want {
		t.Fatalf("after the first hook started: got %q, want %q", buf.String(), want)
	}
	rep.Finished(hooks.Result{Job: hooks.Job{Hook: tidy}, Status: hooks.Passed, Started: now})
	rep.Finished(hooks.Result{Job: hooks.Job{Hook: pylint, Batch: 1}, Status: hooks.Passed, Started: now})
	rep.Finished(hooks.Result{Job: hooks.Job{Hook: lint}, Status: hooks.Passed, Started: now})
	st.Started(hooks.Job{Hook: pylint})
	rep.Finished(hooks.Result{Job: hooks.Job{Hook: pylint}, Status: hooks.Failed, ExitCode: 1, Started: now})
	rep.Flush()
	want := "start lint (1 file)\n" +
		"ok    lint (1 file)\n" +
		"start pylint (2 files)\n" +
		"FAIL  pylint (2 files)\n" +
		"    exit code 1\n" +
		"skip  mypy (no files to check)\n" +
		"start tidy\n" +
		"ok    tidy\n"
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestTextStartLinesQuietAndUnstarted: -q prints no start lines, and a hook that never
// started (cancelled, or its tool missing) gets none either.
func TestTextStartLinesQuietAndUnstarted_issue11(t *testing.T) {
	t.Parallel()
	a := &hooks.Hook{ID: "a", Name: "a"}
	b := &hooks.Hook{ID: "b", Name: "b"}
	sel := []hooks.Selection{{Hook: a, Files: []string{"x"}}, {Hook: b, Files: []string{"x"}}}
	for _, tc := range []struct {
		name string
		opt  TextOptions
		want string
	}{
		{"plain", TextOptions{}, "start a (1 file)\nFAIL  a (1 file)\n    exit code 1\nSTOP  b (1 file)\n"},
		{"quiet", TextOptions{Quiet: true}, "FAIL  a (1 file)\n    exit code 1\nSTOP  b (1 file)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			rep := NewText(&buf, tc.opt, sel, []int{1, 1})
			starter(t, rep).Started(hooks.Job{Hook: a})
			rep.Finished(hooks.Result{Job: hooks.Job{Hook: a}, Status: hooks.Failed, ExitCode: 1, Started: time.Now()})
			rep.Flush()
			if buf.String() != tc.want {
				t.Errorf("got %q, want %q", buf.String(), tc.want)
			}
		})
	}
}

// TestTextHeartbeat_issue11: while hooks run and the report has printed nothing for the
// heartbeat interval, it says which are still running (several on one line, in config
// order), also with -q; a run shorter than the interval prints none.
func TestTextHeartbeat_issue11(t *testing.T) {
	t.Parallel()
	for _, quiet := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "quiet"}[quiet], func(t *testing.T) {
			t.Parallel()
			pylint := &hooks.Hook{ID: "pylint", Name: "pylint"}
			mypy := &hooks.Hook{ID: "mypy", Name: "mypy"}
			sel := []hooks.Selection{{Hook: pylint, Files: []string{"a.py"}}, {Hook: mypy, Files: []string{"a.py"}}}
			var buf syncBuffer
			const interval = 200 * time.Millisecond
			rep := NewText(&buf, TextOptions{Quiet: quiet, Heartbeat: interval}, sel, []int{1, 1})
			st := starter(t, rep)
			st.Started(hooks.Job{Hook: pylint})
			st.Started(hooks.Job{Hook: mypy})
			beat := regexp.MustCompile(`(?m)^still running: pylint [0-9.]+m?s, mypy [0-9.]+m?s$`)
			deadline := time.Now().Add(10 * time.Second)
			for !beat.MatchString(buf.String()) {
				if time.Now().After(deadline) {
					t.Fatalf("no heartbeat after 10s at a %v interval; got:\n%s", interval, buf.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			rep.Finished(hooks.Result{Job: hooks.Job{Hook: mypy}, Status: hooks.Passed, Started: time.Now()})
			rep.Finished(hooks.Result{Job: hooks.Job{Hook: pylint}, Status: hooks.Passed, Started: time.Now()})
			rep.Flush()
			got := buf.String()
			if !quiet && !strings.HasPrefix(got, "start pylint (1 file)\nstill running: ") {
				t.Errorf("want the start line, then the heartbeat; got:\n%s", got)
			}
			if want := "ok    mypy (1 file)\n"; !quiet && !strings.HasSuffix(got, want) {
				t.Errorf("the report does not end with %q:\n%s", want, got)
			}
		})
	}
	t.Run("short run", func(t *testing.T) {
		t.Parallel()
		h := &hooks.Hook{ID: "fast", Name: "fast"}
		var buf syncBuffer
		rep := NewText(&buf, TextOptions{Heartbeat: time.Minute}, []hooks.Selection{{Hook: h, Files: []string{"a"}}}, []int{1})
		starter(t, rep).Started(hooks.Job{Hook: h})
		rep.Finished(hooks.Result{Job: hooks.Job{Hook: h}, Status: hooks.Passed, Started: time.Now()})
		rep.Flush()
		if want := "start fast (1 file)\nok    fast (1 file)\n"; buf.String() != want {
			t.Errorf("got %q, want %q", buf.String(), want)
		}
	})
}

// TestTextHeartbeatWaitsForSilence_issue11: output resets the heartbeat's clock; a hook
// that prints within the interval is not announced as still running.
func TestTextHeartbeatWaitsForSilence_issue11(t *testing.T) {
	t.Parallel()
	var hs []*hooks.Hook
	var sel []hooks.Selection
	for _, id := range []string{"a", "b", "c", "d"} {
		h := &hooks.Hook{ID: id, Name: id}
		hs = append(hs, h)
		sel = append(sel, hooks.Selection{Hook: h, Files: []string{"x"}})
	}
	var buf syncBuffer
	rep := NewText(&buf, TextOptions{Heartbeat: 300 * time.Millisecond}, sel, []int{1, 1, 1, 1})
	st := starter(t, rep)
	for _, h := range hs { // each hook runs 100ms: the report is never silent for 300ms
		st.Started(hooks.Job{Hook: h})
		time.Sleep(100 * time.Millisecond)
		rep.Finished(hooks.Result{Job: hooks.Job{Hook: h}, Status: hooks.Passed, Started: time.Now()})
	}
	rep.Flush()
	if strings.Contains(buf.String(), "still running") {
		t.Errorf("a heartbeat while the report kept printing:\n%s", buf.String())
	}
}
