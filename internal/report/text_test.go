package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestTextPrintsInConfigOrder feeds results in reverse finishing order and expects the
// report in config order, byte for byte.
func TestTextPrintsInConfigOrder(t *testing.T) {
	t.Parallel()
	fmtHook := &hooks.Hook{ID: "gofmt", Name: "gofmt"}
	lint := &hooks.Hook{ID: "lint", Name: "lint"}
	fixer := &hooks.Hook{ID: "tidy", Name: "tidy"}
	skipped := &hooks.Hook{ID: "mypy", Name: "mypy"}
	sel := []hooks.Selection{
		{Hook: fmtHook, Files: []string{"a.go", "b.go", "c.go"}},
		{Hook: lint, Files: []string{"a.go"}},
		{Hook: skipped, Skip: "no files to check"},
		{Hook: fixer, Files: []string{"a.txt"}},
	}
	for _, tc := range []struct {
		name string
		opt  TextOptions
	}{
		{"plain", TextOptions{}},
		{"verbose", TextOptions{Verbose: true}},
		{"quiet", TextOptions{Quiet: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			rep := NewText(&buf, tc.opt, sel, []int{2, 1, 0, 1})
			rep.Finished(hooks.Result{Job: hooks.Job{Hook: fixer}, Status: hooks.Modified, Modified: []string{"a.txt"}, Duration: time.Second})
			rep.Finished(hooks.Result{
				Job: hooks.Job{Hook: lint}, Status: hooks.Failed, ExitCode: 1,
				Output: []byte("a.go:3:1: unused variable x\n"), Duration: 2 * time.Second,
			})
			rep.Finished(hooks.Result{Job: hooks.Job{Hook: fmtHook, Batch: 1}, Status: hooks.Passed, Output: []byte("batch 2\n")})
			if buf.Len() != 0 {
				t.Fatalf("printed before the first hook finished:\n%s", buf.String())
			}
			rep.Finished(hooks.Result{Job: hooks.Job{Hook: fmtHook}, Status: hooks.Passed, Output: []byte("batch 1\n"), Duration: 300 * time.Millisecond})
			rep.Flush()
			golden(t, filepath.Join("testdata", "text-"+tc.name+".golden"), buf.Bytes())
		})
	}
}

func TestTextFlushMarksUnfinishedCancelled(t *testing.T) {
	t.Parallel()
	h := &hooks.Hook{ID: "slow", Name: "slow"}
	var buf bytes.Buffer
	rep := NewText(&buf, TextOptions{}, []hooks.Selection{{Hook: h, Files: []string{"a"}}}, []int{1})
	rep.Flush()
	if got := rep.Results()[0].Status; got != hooks.Cancelled {
		t.Errorf("unfinished hook status = %v, want cancelled", got)
	}
	if want := "STOP  slow (1 file)\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test -update writes it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestTextShowsDiagnosticsAsTheLiveViewDoes: a built-in's findings are printed as
// path:line:col lines under the hook, in position order, instead of the tool's raw output,
// which only -v adds.
func TestTextShowsDiagnosticsAsTheLiveViewDoes(t *testing.T) {
	t.Parallel()
	h := &hooks.Hook{ID: "ruff", Name: "ruff", Uses: "ruff"}
	res := hooks.Result{
		Job: hooks.Job{Hook: h}, Status: hooks.Failed, ExitCode: 1, Output: []byte(`[{"raw": "json"}]`),
		Diagnostics: []hooks.Diagnostic{
			{Path: "b.py", Line: 2, Col: 1, Rule: "F841", Message: "unused x", Tool: "ruff"},
			{Path: "a.py", Line: 9, Col: 80, Rule: "E501", Message: "line too long", Tool: "ruff", Severity: hooks.SevWarning},
			{Path: "a.py", Line: 1, Col: 1, Rule: "F401", Message: "os unused", Tool: "ruff"},
		},
	}
	for _, verbose := range []bool{false, true} {
		var buf bytes.Buffer
		rep := NewText(&buf, TextOptions{Verbose: verbose}, []hooks.Selection{{Hook: h, Files: []string{"a.py", "b.py"}}}, []int{1})
		rep.Finished(res)
		rep.Flush()
		// The first line (the hook, with timings under -v) is tested elsewhere.
		want := "    exit code 1\n" +
			"    a.py:1:1: F401 os unused (ruff)\n" +
			"    a.py:9:80: E501 line too long (ruff, warning)\n" +
			"    b.py:2:1: F841 unused x (ruff)\n"
		if verbose {
			want += "    [{\"raw\": \"json\"}]\n"
		}
		first, body, _ := strings.Cut(buf.String(), "\n")
		if !strings.HasPrefix(first, "FAIL  ruff (2 files") || body != want {
			t.Errorf("verbose=%v: got\n%s\nwant the hook's line, then\n%s", verbose, buf.String(), want)
		}
		if !verbose && strings.Contains(buf.String(), "raw") {
			t.Errorf("raw output shown without -v:\n%s", buf.String())
		}
	}
}

// TestHookBodyIsWhatBothTerminalViewsShow: Text and Live print the same body under a
// hook, built by hookBody.
func TestHookBodyIsWhatBothTerminalViewsShow(t *testing.T) {
	t.Parallel()
	diag := []hooks.Diagnostic{{Path: "a.py", Line: 1, Col: 1, Rule: "F401", Message: "os unused", Tool: "ruff"}}
	for _, tc := range []struct {
		name    string
		rep     HookReport
		verbose bool
		want    string
	}{
		{
			name: "a built-in's fix output is left out, the files say it all",
			rep:  HookReport{Uses: "ruff", Status: hooks.Modified, Modified: []string{"a.py"}, Output: []byte(`{"json":1}`)},
			want: "files modified by this hook: a.py\n",
		},
		{
			name: "verbose shows a built-in's fix output and the commands",
			rep: HookReport{
				Uses: "ruff", Status: hooks.Modified, Modified: []string{"a.py"}, Output: []byte(`{"json":1}`),
				Commands: []string{"ruff check --fix a.py"},
			},
			verbose: true,
			want:    "$ ruff check --fix a.py\nfiles modified by this hook: a.py\n{\"json\":1}\n",
		},
		{
			name: "diagnostics stand for the raw output",
			rep:  HookReport{Status: hooks.Failed, ExitCode: 1, Diagnostics: diag, Output: []byte("raw\n")},
			want: "exit code 1\na.py:1:1: F401 os unused (ruff)\n",
		},
		{
			name: "an error is shown instead of the exit code, and a diff ends its line",
			rep:  HookReport{Status: hooks.Failed, ExitCode: 2, Err: "timed out", Diff: []byte("+x")},
			want: "error: timed out\n+x\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := string(hookBody(&tc.rep, false, tc.verbose)); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
