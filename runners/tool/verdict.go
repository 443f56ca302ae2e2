package tool

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// Codes is a tool's exit-code table. Exit 0 means success, except that diagnostics at
// error severity fail the run anyway: several tools exit 0 while reporting problems
// (gofmt -l, goimports, go vet -json).
type Codes struct {
	// Findings are the codes that mean "problems found"; nil means {1}. Such an exit
	// with no parsed diagnostic is a contradiction and is reported as an error.
	Findings []int
	// Errors maps the codes that mean the tool itself failed to what they mean. When
	// the parser still found diagnostics (a syntax error, a file that did not parse),
	// those explain the failure; otherwise the meaning and the tool's first lines do.
	Errors map[int]string
	// Failure is what a findings code without diagnostics means; "" says just that.
	Failure string
}

// Verdict returns a Tool.Verdict applying the table. Any code outside it is a failure
// with an error that quotes the tool.
func (c Codes) Verdict(out Output, diags []hooks.Diagnostic) (hooks.Status, error) {
	findings := c.Findings
	if findings == nil {
		findings = []int{1}
	}
	code := out.ExitCode
	switch {
	case code == 0 && !HasErrors(diags):
		return hooks.Passed, nil
	case code == 0:
		return hooks.Failed, nil
	case slices.Contains(findings, code) && len(diags) > 0:
		return hooks.Failed, nil
	case slices.Contains(findings, code) && c.Failure != "":
		return hooks.Failed, Problem(out, c.Failure)
	case slices.Contains(findings, code):
		return hooks.Failed, Problem(out, fmt.Sprintf("exited %d but reported no findings", code))
	case c.Errors[code] != "" && len(diags) > 0:
		return hooks.Failed, nil
	case c.Errors[code] != "":
		return hooks.Failed, Problem(out, c.Errors[code])
	}
	return hooks.Failed, Problem(out, fmt.Sprintf("unexpected exit code %d", code))
}

// HasErrors reports whether any diagnostic has error severity.
func HasErrors(diags []hooks.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d hooks.Diagnostic) bool { return d.Severity == hooks.SevError })
}

// Problem is an error naming the tool, what went wrong and the first lines the tool
// printed as text (stderr, else stdout less its machine-format documents), so a crash
// or a config error reads as such.
func Problem(out Output, what string) error {
	excerpt := Excerpt(out.Stderr, 3)
	if excerpt == "" {
		excerpt = Excerpt([]byte(Text(out.Stdout)), 3)
	}
	return &ProblemError{Tool: out.Tool, What: what, ExitCode: out.ExitCode, Excerpt: excerpt}
}

// ProblemError is Problem's error: a tool that failed beyond its findings.
type ProblemError struct {
	Tool, What string
	ExitCode   int
	Excerpt    string // the first lines the tool printed; "" when it printed none
}

func (e *ProblemError) Error() string {
	if e.Excerpt == "" {
		return fmt.Sprintf("%s: %s (exit %d, no output)", e.Tool, e.What, e.ExitCode)
	}
	return e.Brief() + ": " + e.Excerpt
}

// Brief is the error without the excerpt, for a view that shows the tool's text beside
// it: the same lines are then not printed twice.
func (e *ProblemError) Brief() string {
	return fmt.Sprintf("%s: %s (exit %d)", e.Tool, e.What, e.ExitCode)
}

// Text is what a tool printed for people: out less the JSON documents that start a line
// (its machine-format report), trimmed.
func Text(out []byte) string {
	var lines []string
	for _, c := range splitJSONValues(out) {
		if c.text != "" {
			lines = append(lines, c.text)
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// Excerpt is up to n non-blank lines of b, trimmed and joined with " | ".
func Excerpt(b []byte, n int) string {
	var lines []string
	for _, l := range Lines(b) {
		if l = strings.TrimSpace(l); l != "" && len(lines) < n {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, " | ")
}

// Judge parses a finished run's output and decides its status: the pure half of Run.
// Output that cannot be parsed fails the run, with the parser's error unless the exit
// code already explains the failure. Severities follow the exit code: a finding of a
// kind the tool fails on is an error, one it does not fail on a warning or info, so
// that what blocks a commit always reads as an error.
func Judge(t *Tool, out Output) (hooks.Status, []hooks.Diagnostic, error) {
	diags, perr := t.Parse(out)
	for i := range diags {
		diags[i].Tool = t.Name
	}
	SortDiagnostics(diags)
	status, verr := t.Verdict(out, diags)
	if status == hooks.Failed && verr == nil && out.ExitCode != 0 && !HasErrors(diags) {
		// The exit code failed on findings none of which is an error (eslint
		// --max-warnings, pyright --warnings): the warnings are what failed.
		for i := range diags {
			if diags[i].Severity == hooks.SevWarning {
				diags[i].Severity = hooks.SevError
			}
		}
	}
	switch {
	case perr != nil && verr != nil:
		return hooks.Failed, diags, verr
	case perr != nil:
		return hooks.Failed, diags, fmt.Errorf("%s: read output: %w", t.Name, perr)
	}
	return status, diags, verr
}

// SortDiagnostics orders diagnostics by path, position, rule and message.
func SortDiagnostics(diags []hooks.Diagnostic) {
	slices.SortStableFunc(diags, func(a, b hooks.Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message),
		)
	})
}
