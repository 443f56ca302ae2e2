package report

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// ANSI styles used by the terminal views.
const (
	ansiReset  = "\033[0m"
	ansiBold   = "\033[1m"
	ansiDim    = "\033[2m"
	ansiRed    = "\033[31m"
	ansiGreen  = "\033[32m"
	ansiYellow = "\033[33m"
	ansiBlue   = "\033[34m"
	ansiCyan   = "\033[36m"
)

var severityColor = map[hooks.Severity]string{
	hooks.SevError: ansiRed, hooks.SevWarning: ansiYellow, hooks.SevInfo: ansiBlue,
}

// FormatDiagnostics renders findings for people, one per line and grouped by file (sorted
// by path, then position):
//
//	src/app.py:3:1: F401 `os` imported but unused (ruff)
//	src/app.py:9:80: E501 line too long (ruff, warning)
//
// Unknown positions are left out (`path:3:`, `path:`); errors carry no severity word,
// warnings and infos say so beside the tool. Further lines of a multi-line message are
// indented by two spaces. With color, the path is bold, the rule takes its severity's
// colour and the tool is dim. The text view prints this instead of a hook's raw output
// when the hook has diagnostics (the raw output then only with -v). Lines end in "\n";
// no diagnostics give nil.
func FormatDiagnostics(ds []hooks.Diagnostic, color bool) []byte {
	return formatDiagnostics(ds, nil, color)
}

// formatDiagnostics is FormatDiagnostics for a hook given files (sorted): a finding in
// a file not among them says so beside its tool (see outside).
func formatDiagnostics(ds []hooks.Diagnostic, files []string, color bool) []byte {
	if len(ds) == 0 {
		return nil
	}
	var b bytes.Buffer
	for _, d := range sortedDiagnostics(ds) {
		formatDiagnostic(&b, &d, outside(&d, files), color)
	}
	return b.Bytes()
}

// outsideNote marks a finding in a file the hook was not given: a project-wide tool
// (tsc, mypy, go vet) reads the files around the changed ones, untracked ones too, and
// a finding there is easily taken for one in the change.
const outsideNote = "outside this run's files: untracked or unchanged"

// outside reports whether d is about a file that is not among files, the sorted files
// a hook was given; never when the hook was given none (it checks the whole project).
func outside(d *hooks.Diagnostic, files []string) bool {
	if d.Path == "" || len(files) == 0 {
		return false
	}
	_, found := slices.BinarySearch(files, d.Path)
	return !found
}

func formatDiagnostic(b *bytes.Buffer, d *hooks.Diagnostic, outsideFiles, color bool) {
	style := func(code, s string) string {
		if !color || s == "" {
			return s
		}
		return code + s + ansiReset
	}
	if loc := position(d); loc != "" {
		b.WriteString(style(ansiBold, loc))
		b.WriteString(": ")
	}
	if d.Rule != "" {
		b.WriteString(style(severityColor[d.Severity], visibleLine(d.Rule)))
		b.WriteByte(' ')
	}
	msg := Visible(strings.TrimRight(d.Message, "\n"))
	b.WriteString(strings.ReplaceAll(msg, "\n", "\n  "))
	var tail []string
	if d.Tool != "" {
		tail = append(tail, visibleLine(d.Tool))
	}
	if d.Severity != hooks.SevError {
		tail = append(tail, d.Severity.String())
	}
	if outsideFiles {
		tail = append(tail, outsideNote)
	}
	if len(tail) > 0 {
		b.WriteString(" " + style(ansiDim, "("+strings.Join(tail, ", ")+")"))
	}
	b.WriteByte('\n')
}

// position renders path:line:col, leaving out what is unknown.
func position(d *hooks.Diagnostic) string {
	s := visibleLine(d.Path)
	if s == "" {
		return ""
	}
	if d.Line > 0 {
		s += ":" + strconv.Itoa(d.Line)
		if d.Col > 0 {
			s += ":" + strconv.Itoa(d.Col)
		}
	}
	return s
}
