package report

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// fixtureRun is a run with one hook of every kind: passed; failed with diagnostics
// (warning, info, a path-less one, two alike); failed with only raw output; modified
// with a diff; skipped; no files; could not start; cancelled. Paths have spaces and
// non-ASCII letters; messages have "%", newlines, ":" and ",".
func fixtureRun() Run {
	pos := func(line int) config.Pos { return config.Pos{File: "hookrun.yaml", Line: line, Col: 5} }
	diff := append(
		textdiff.Diff("web/app.ts", []byte("const a = {b:1}\nexport default a\n"), []byte("const a = { b: 1 };\nexport default a;\n")),
		textdiff.Diff("web/ü style.css", []byte("a{color:red}\n"), []byte("a {\n  color: red;\n}\n"))...)
	unused := "local variable `x` is assigned to but never used:\nremove the assignment, or use it"
	return Run{
		Tool: "hookrun", Version: "1.2.3", Mode: "check", Stage: "pre-commit", Root: "/home/dev/my repo",
		Duration: 3210 * time.Millisecond,
		Hooks: []HookReport{
			{
				ID: "gofmt", Name: "gofmt", Config: pos(3), Status: hooks.Passed,
				Files: []string{"cmd/main.go", "docs/read me.go"}, Duration: 300 * time.Millisecond,
			},
			{
				ID: "ruff", Name: "ruff (lint)", Config: pos(6), Status: hooks.Failed, ExitCode: 1,
				Files: []string{"src/my file.py", "src/ünïcode.py"}, Duration: 2 * time.Second, ToolVersion: "0.17.6",
				Output: []byte("\x1b[1msrc/my file.py\x1b[0m:3:1: F401 `os` imported but unused\n::warning::not a command\nFound 4 errors.\n"),
				Diagnostics: []hooks.Diagnostic{
					{Path: "src/ünïcode.py", Line: 10, Col: 80, EndLine: 10, EndCol: 95, Rule: "E501", Severity: hooks.SevWarning, Message: "line too long (95 > 79), 100% sure: split it", Tool: "ruff"},
					{Path: "src/my file.py", Line: 12, Col: 5, Rule: "F841", Message: unused, Tool: "ruff"},
					{Path: "src/my file.py", Line: 3, Col: 1, EndLine: 3, EndCol: 9, Rule: "F401", Message: "`os` imported but unused", Tool: "ruff"},
					{Path: "src/my file.py", Line: 7, Col: 5, Rule: "F841", Message: unused, Tool: "ruff"},
					{Rule: "config", Severity: hooks.SevInfo, Message: "unknown setting line-length, using 88", Tool: "ruff"},
				},
			},
			{
				ID: "shellcheck", Config: pos(9), Status: hooks.Failed, ExitCode: 2,
				Files: []string{"scripts/deploy.sh"}, Duration: 450 * time.Millisecond,
				Output: []byte("In scripts/deploy.sh line 3:\nif [ $x = 1 ]\n     ^-- SC2086: Double quote to prevent globbing & word splitting <here>.\n"),
			},
			{
				ID: "prettier", Name: "prettier", Config: pos(12), Status: hooks.Modified, ToolVersion: "3.10.1",
				Files: []string{"web/app.ts", "web/ü style.css"}, Modified: []string{"web/app.ts", "web/ü style.css"},
				Diff: diff, Duration: time.Second,
			},
			{ID: "mypy", Name: "mypy", Config: pos(15), Status: hooks.Skipped, Skip: "skipped by HOOKRUN_SKIP"},
			{ID: "eslint", Name: "eslint", Config: pos(18), Status: hooks.NoFiles, Skip: "no files to check"},
			{
				ID: "typos", Name: "typos", Config: pos(21), Status: hooks.Failed, ExitCode: 127,
				Files: []string{"README.md"}, Duration: 2 * time.Millisecond,
				Err: `exec: "typos": executable file not found in $PATH`,
			},
			{ID: "slow", Name: "slow", Config: pos(24), Status: hooks.Cancelled, Files: []string{"big.bin"}},
		},
	}
}

// TestWriteMatchesGolden renders the fixture in every machine format, byte for byte.
// (The text format is Text's output, whose goldens are text-*.golden; see
// TestWriteTextIsTheTextReport.)
func TestWriteMatchesGolden(t *testing.T) {
	t.Parallel()
	for _, format := range Formats() {
		if format == "text" {
			continue
		}
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			got := render(t, format, fixtureRun())
			golden(t, filepath.Join("testdata", "report."+format+".golden"), got)
		})
	}
}

// TestWriteIsAFunctionOfTheRun shuffles what has no defined order and expects the same
// bytes: diagnostics come out sorted whatever order the tools printed them in.
func TestWriteIsAFunctionOfTheRun(t *testing.T) {
	t.Parallel()
	shuffled := fixtureRun()
	slices.Reverse(shuffled.Hooks[1].Diagnostics)
	for _, format := range Formats() {
		if a, b := render(t, format, fixtureRun()), render(t, format, shuffled); !bytes.Equal(a, b) {
			t.Errorf("%s: output depends on the order of diagnostics", format)
		}
	}
}

// TestWriteTextIsTheTextReport: Write("text") prints what Text prints for the same
// results, less terminal escapes.
func TestWriteTextIsTheTextReport(t *testing.T) {
	t.Parallel()
	run := fixtureRun()
	run.Hooks[1].Output = []byte(plainText(run.Hooks[1].Output) + "\n")
	var want bytes.Buffer
	sel := make([]hooks.Selection, len(run.Hooks))
	batches := make([]int, len(run.Hooks))
	for i, h := range run.Hooks {
		sel[i] = hooks.Selection{Hook: &hooks.Hook{ID: h.ID, Name: h.name()}, Files: h.Files, Skip: h.Skip}
		if h.Skip == "" {
			batches[i] = 1
		}
	}
	text := NewText(&want, TextOptions{}, sel, batches)
	for i, h := range run.Hooks {
		if h.Skip != "" || h.Status == hooks.Cancelled {
			continue
		}
		var err error
		if h.Err != "" {
			err = errors.New(h.Err)
		}
		text.Finished(hooks.Result{
			Job: hooks.Job{Hook: sel[i].Hook}, Status: h.Status, ExitCode: h.ExitCode, Output: h.Output, Err: err,
			Modified: h.Modified, Duration: h.Duration, Diagnostics: h.Diagnostics, Diff: h.Diff,
		})
	}
	text.Flush()
	if got := render(t, "text", fixtureRun()); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("Write(text):\n%s\nText:\n%s", got, want.Bytes())
	}
	if !strings.Contains(want.String(), "FAIL  ruff (lint) (2 files)") {
		t.Errorf("the text report lacks ruff's line:\n%s", want.Bytes())
	}
}

func TestWriteRejectsAnUnknownFormat(t *testing.T) {
	t.Parallel()
	err := Write("yaml", &bytes.Buffer{}, Run{})
	var unknown *UnknownFormatError
	if !errors.As(err, &unknown) || unknown.Format != "yaml" {
		t.Fatalf("Write(yaml) error = %v, want an UnknownFormatError", err)
	}
	if want := `unknown report format "yaml" (want one of: checkstyle, github, gitlab, json, junit, sarif, text)`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

// TestWriteReportsAWriteError makes sure a failed write is not swallowed.
func TestWriteReportsAWriteError(t *testing.T) {
	t.Parallel()
	for _, format := range Formats() {
		if format == "text" {
			continue // the text report, like Text, does not fail a run over a closed terminal
		}
		if err := Write(format, failingWriter{}, fixtureRun()); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: error = %v, want the write error", format, err)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func render(t *testing.T, format string, r Run) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(format, &b, r); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return b.Bytes()
}
