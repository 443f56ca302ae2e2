package python

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

type ruffPos struct {
	Row    int `json:"row"`
	Column int `json:"column"`
}

type ruffFinding struct {
	Code        *string `json:"code"`
	Name        string  `json:"name"`
	Filename    string  `json:"filename"`
	Location    ruffPos `json:"location"`
	EndLocation ruffPos `json:"end_location"`
	Message     string  `json:"message"`
	Severity    string  `json:"severity"`
}

// parseRuff reads ruff check --output-format=json: an array, 1-based, end exclusive.
func parseRuff(out tool.Output) ([]hooks.Diagnostic, error) {
	if len(bytes.TrimSpace(out.Stdout)) == 0 {
		return nil, nil // a crash or config error before any report; Verdict says so
	}
	var found []ruffFinding
	if err := tool.DecodeJSON(out.Stdout, &found); err != nil {
		return nil, err
	}
	diags := make([]hooks.Diagnostic, 0, len(found))
	for _, f := range found {
		rule := f.Name
		if f.Code != nil && *f.Code != "" {
			rule = *f.Code
		}
		d := hooks.Diagnostic{
			Path: out.RepoPath(f.Filename), Line: f.Location.Row, Col: f.Location.Column,
			Rule: rule, Severity: tool.Severity(pySeverity, f.Severity), Message: f.Message, Tool: out.Tool,
		}
		tool.SetEnd(&d, f.EndLocation.Row, f.EndLocation.Column)
		diags = append(diags, d)
	}
	return diags, nil
}

// ruffFormatErrRe is how ruff format (fix mode, text output) reports a file it cannot parse.
var ruffFormatErrRe = tool.Regexp(`^error: Failed to parse (.+?):(\d+):(\d+): (.*)$`)

// parseRuffFormat reads ruff format: JSON in check mode (one "unformatted" finding per
// file, or "invalid-syntax"), text errors on stderr in fix mode.
func parseRuffFormat(out tool.Output) ([]hooks.Diagnostic, error) {
	if out.Mode == hooks.Check {
		return parseRuff(out)
	}
	return tool.MatchLines(&out, out.Stderr, tool.LineRule{Re: ruffFormatErrRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{
			Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]),
			Rule: "invalid-syntax", Message: m[4],
		}, true
	}}), nil
}

var (
	blackWouldRe = tool.Regexp(`^would reformat (.+)$`)
	// black 24+: "error: cannot format F: Cannot parse for target version ...: 1:11: text";
	// black 26: "error: cannot parse: F:1:11". Columns are 0-based.
	blackParseRe  = tool.Regexp(`^error: cannot format (.+?): Cannot parse[^:]*: (\d+):(\d+): (.*)$`)
	blackParse2Re = tool.Regexp(`^error: cannot parse: (.+?):(\d+):(\d+)$`)
	blackErrRe    = tool.Regexp(`^error: cannot format (.+?): (.*)$`)
)

// parseBlack reads black's status lines on stderr (it has no machine format).
func parseBlack(out tool.Output) ([]hooks.Diagnostic, error) {
	parseErr := func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		msg := "cannot parse"
		if len(m) > 4 {
			msg = "cannot parse: " + m[4]
		}
		return hooks.Diagnostic{
			Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]) + 1,
			Rule: "syntax", Message: msg,
		}, true
	}
	return tool.MatchLines(&out, out.Stderr,
		tool.LineRule{Re: blackWouldRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{Path: out.RepoPath(m[1]), Rule: "black", Message: "would reformat: run black"}, true
		}},
		tool.LineRule{Re: blackParseRe(), Make: parseErr},
		tool.LineRule{Re: blackParse2Re(), Make: parseErr},
		tool.LineRule{Re: blackErrRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{Path: out.RepoPath(m[1]), Rule: "error", Message: m[2]}, true
		}},
	), nil
}

var isortRe = tool.Regexp(`^ERROR: (.+?) Imports are incorrectly sorted and/or formatted\.$`)

// parseIsort reads isort --check-only's stderr: one ERROR line per unsorted file.
func parseIsort(out tool.Output) ([]hooks.Diagnostic, error) {
	return tool.MatchLines(&out, out.Stderr, tool.LineRule{Re: isortRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{Path: out.RepoPath(m[1]), Rule: "isort", Message: "imports are not sorted: run isort"}, true
	}}), nil
}

// flake8Re is flake8's default format: path:row:col: CODE text (1-based).
var flake8Re = tool.Regexp(`^(.+?):(\d+):(\d+): ([A-Z]+[0-9]+) (.*)$`)

func parseFlake8(out tool.Output) ([]hooks.Diagnostic, error) {
	return tool.MatchLines(&out, out.Stdout, tool.LineRule{Re: flake8Re(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{
			Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]), Rule: m[4], Message: m[5],
		}, true
	}}), nil
}

type mypyFinding struct {
	File      string  `json:"file"`
	Line      int     `json:"line"`
	Column    int     `json:"column"`
	EndLine   int     `json:"end_line"`
	EndColumn int     `json:"end_column"`
	Message   string  `json:"message"`
	Hint      *string `json:"hint"`
	Code      *string `json:"code"`
	Severity  string  `json:"severity"`
}

var (
	// mypy prints blocking errors as text even with -O json.
	mypyTextRe = tool.Regexp(`^(.+?):(\d+)(?::(\d+))?: (error|note|warning): (.*?)(?:  \[([a-z0-9-]+)\])?$`)
	mypyFileRe = tool.Regexp(`^(.+?): (error): (.*)$`)
)

// parseMypy reads mypy -O json: JSON lines with 0-based columns and a 0-based exclusive
// end column, except syntax errors, whose columns come 1-based from the parser (checked
// against ruff on the same file); plus the text lines of blocking errors.
func parseMypy(out tool.Output) ([]hooks.Diagnostic, error) {
	var diags []hooks.Diagnostic
	text, err := tool.DecodeStream(out.Stdout, func(f mypyFinding) {
		d := hooks.Diagnostic{
			Path: out.RepoPath(f.File), Line: f.Line, Col: f.Column + 1,
			Severity: tool.Severity(pySeverity, f.Severity), Message: f.Message, Tool: out.Tool,
		}
		if f.Code != nil {
			d.Rule = *f.Code
		}
		if f.Hint != nil && *f.Hint != "" {
			d.Message += " (" + *f.Hint + ")"
		}
		if d.Rule == "syntax" {
			d.Col = f.Column
			tool.SetEnd(&d, f.EndLine, f.EndColumn)
		} else {
			tool.SetEnd(&d, f.EndLine, f.EndColumn+1)
		}
		diags = append(diags, d)
	})
	if err != nil {
		return nil, err
	}
	textOut := []byte(strings.Join(text, "\n"))
	return append(diags, tool.MatchLines(&out, textOut,
		tool.LineRule{Re: mypyTextRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{
				Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]),
				Severity: tool.Severity(pySeverity, m[4]), Message: m[5], Rule: m[6],
			}, true
		}},
		tool.LineRule{Re: mypyFileRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{Path: out.RepoPath(m[1]), Message: m[3], Rule: "blocking"}, true
		}},
	)...), nil
}

// mypyConfigRe matches the warnings mypy prints, exiting 0, for a broken config file.
var mypyConfigRe = tool.Regexp(`(?m)^(\S*(mypy\.ini|setup\.cfg|pyproject\.toml)): .*$`)

// verdictMypy: exit 2 is a blocking error that hides every other finding; a broken
// config only warns on stderr, whatever the exit code.
func verdictMypy(out tool.Output, diags []hooks.Diagnostic) (hooks.Status, error) {
	if m := mypyConfigRe().Find(out.Stderr); m != nil {
		return hooks.Failed, fmt.Errorf("%s: config error: %s", out.Tool, m)
	}
	if out.ExitCode == 2 {
		if len(diags) > 0 {
			return hooks.Failed, fmt.Errorf("%s: blocking error: mypy stopped there, so other errors are not reported until it is fixed", out.Tool)
		}
		return hooks.Failed, tool.Problem(out, "blocking error")
	}
	return tool.Codes{}.Verdict(out, diags)
}

type pylintReport struct {
	Messages []struct {
		Type         string `json:"type"`
		Symbol       string `json:"symbol"`
		Message      string `json:"message"`
		MessageID    string `json:"messageId"`
		Line         int    `json:"line"`
		Column       int    `json:"column"`
		EndLine      *int   `json:"endLine"`
		EndColumn    *int   `json:"endColumn"`
		Path         string `json:"path"`
		AbsolutePath string `json:"absolutePath"`
	} `json:"messages"`
}

// parsePylint reads pylint --output-format=json2. Columns are 0-based and the end
// column exclusive, except syntax errors (E0001), whose column is Python's 1-based
// offset. The rule is the message id; the message ends with the symbol.
func parsePylint(out tool.Output) ([]hooks.Diagnostic, error) {
	if len(bytes.TrimSpace(out.Stdout)) == 0 {
		return nil, nil
	}
	var rep pylintReport
	if err := tool.DecodeJSON(out.Stdout, &rep); err != nil {
		return nil, err
	}
	diags := make([]hooks.Diagnostic, 0, len(rep.Messages))
	for _, m := range rep.Messages {
		p := m.Path
		if filepath.IsAbs(m.AbsolutePath) {
			p = m.AbsolutePath
		}
		d := hooks.Diagnostic{
			Path: out.RepoPath(p), Line: m.Line, Col: m.Column + 1, Rule: m.MessageID,
			Severity: pylintSeverity(m.Type, out.ExitCode), Message: m.Message + " (" + m.Symbol + ")", Tool: out.Tool,
		}
		if m.MessageID == "E0001" {
			d.Col = m.Column
		}
		if m.EndLine != nil && m.EndColumn != nil {
			tool.SetEnd(&d, *m.EndLine, *m.EndColumn+1)
		}
		diags = append(diags, d)
	}
	return diags, nil
}

// pylintBits are the exit-code bits of pylint's message categories.
var pylintBits = map[string]int{"fatal": 1, "error": 2, "warning": 4, "refactor": 8, "convention": 16}

// pylintSeverity: pylint fails on every category its exit code has the bit of (all of
// them by default; none with --exit-zero or a --fail-under score met), so a message of
// such a category is an error, whatever its name, and one of a category the run does
// not fail on is a warning. Informational messages (I) never fail it.
func pylintSeverity(typ string, code int) hooks.Severity {
	bit, ok := pylintBits[typ]
	switch {
	case !ok:
		return hooks.SevInfo
	case code&bit != 0:
		return hooks.SevError
	}
	return hooks.SevWarning
}

// pylintUsage is pylint's exit bit for a usage or config error; bits 1-16 are message
// categories (fatal, error, warning, refactor, convention).
const pylintUsage = 32

// pylintConfigRe matches what pylint prints on stdout, before its report, for a config
// file it cannot read: it then runs with its defaults, as if the file were not there.
var pylintConfigRe = tool.Regexp(`(?m)^Failed to load '[^']*': .*$`)

// verdictPylint: a config file pylint could not read fails the run whatever the exit
// code, as for mypy: the findings are those of pylint's defaults, not the project's.
func verdictPylint(out tool.Output, diags []hooks.Diagnostic) (hooks.Status, error) {
	if m := pylintConfigRe().Find(out.Stdout); m != nil {
		return hooks.Failed, fmt.Errorf("%s: config error: %s", out.Tool, bytes.TrimSpace(m))
	}
	switch code := out.ExitCode; {
	case code == 0:
		return tool.Codes{}.Verdict(out, diags)
	case code&pylintUsage != 0 || code > 63:
		return hooks.Failed, tool.Problem(out, "usage or configuration error")
	case len(diags) == 0:
		return hooks.Failed, tool.Problem(out, fmt.Sprintf("exited %d but reported no message", code))
	}
	return hooks.Failed, nil
}

type pyrightPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type pyrightReport struct {
	GeneralDiagnostics []struct {
		File     string `json:"file"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Rule     string `json:"rule"`
		Range    struct {
			Start pyrightPos `json:"start"`
			End   pyrightPos `json:"end"`
		} `json:"range"`
	} `json:"generalDiagnostics"`
}

// parsePyright reads pyright --outputjson: lines and characters 0-based, end exclusive.
// Syntax errors have no rule.
func parsePyright(out tool.Output) ([]hooks.Diagnostic, error) {
	if len(bytes.TrimSpace(out.Stdout)) == 0 {
		return nil, nil
	}
	var rep pyrightReport
	if err := tool.DecodeJSON(out.Stdout, &rep); err != nil {
		return nil, err
	}
	diags := make([]hooks.Diagnostic, 0, len(rep.GeneralDiagnostics))
	for _, g := range rep.GeneralDiagnostics {
		d := hooks.Diagnostic{
			Path: out.RepoPath(g.File), Line: g.Range.Start.Line + 1, Col: g.Range.Start.Character + 1,
			Rule: g.Rule, Severity: tool.Severity(pySeverity, g.Severity), Message: g.Message, Tool: out.Tool,
		}
		tool.SetEnd(&d, g.Range.End.Line+1, g.Range.End.Character+1)
		diags = append(diags, d)
	}
	return diags, nil
}
