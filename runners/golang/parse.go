package golang

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

var (
	// file:line:col: message, as Go tools print syntax and compile errors.
	posMsgRe = tool.Regexp(`^(.+?):(\d+):(\d+): (.*)$`)
	// go vet prints load errors as "vet: file:line:col: message" after a "# pkg" line.
	vetErrRe = tool.Regexp(`^vet: (.+?):(\d+):(\d+): (.*)$`)
	posRe    = tool.Regexp(`^(.*):(\d+):(\d+)$`)
	// golangci-lint fmt --diff starts each file's patch with "diff a.go.orig a.go".
	fmtDiffRe = tool.Regexp(`^diff (.+)\.orig (.+)$`)
	// golangci-lint fmt only logs a file it cannot parse, and exits 0.
	fmtSyntaxRe = tool.Regexp(`^level=warning msg="\(fmt\) formatting file (.+?): (\d+):(\d+): (.*)"$`)
	wholeLineRe = tool.Regexp(`^(.+)$`)
	tidyDiffRe  = tool.Regexp(`^diff current/(\S+) tidy/\S+$`)
	// A rule code golangci-lint puts in front of a linter's text: "SA4000: ", "printf: ".
	codePrefixRe = tool.Regexp(`^([A-Za-z][A-Za-z0-9_-]*): (.*)$`)
)

func syntaxRule(re *regexp.Regexp) tool.LineRule {
	return tool.LineRule{Re: re, Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{
			Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]),
			Rule: "syntax", Message: m[4],
		}, true
	}}
}

// parseFormatter reads gofmt -l / goimports -l: each line of stdout is a file that is
// not formatted; stderr carries syntax errors. Fix mode (-w) prints nothing else.
func parseFormatter(rule, msg string) func(tool.Output) ([]hooks.Diagnostic, error) {
	return func(out tool.Output) ([]hooks.Diagnostic, error) {
		var diags []hooks.Diagnostic
		if out.Mode == hooks.Check {
			diags = tool.MatchLines(&out, out.Stdout, tool.LineRule{
				Re: wholeLineRe(),
				Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
					return hooks.Diagnostic{Path: out.RepoPath(m[1]), Rule: rule, Message: msg}, true
				},
			})
		}
		return append(diags, tool.MatchLines(&out, out.Stderr, syntaxRule(posMsgRe()))...), nil
	}
}

// vetFinding is one analyzer diagnostic in go vet -json output.
type vetFinding struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// parseVet reads go vet -json: one object per package on stdout, mapping analyzer names
// to findings (or to {"error": ...}); load errors stay text on stderr.
func parseVet(out tool.Output) ([]hooks.Diagnostic, error) {
	var diags []hooks.Diagnostic
	_, err := tool.DecodeStream(out.Stdout, func(pkgs map[string]map[string]json.RawMessage) {
		for _, analyzers := range pkgs {
			for name, raw := range analyzers {
				var found []vetFinding
				if json.Unmarshal(raw, &found) != nil {
					continue // {"error": "..."}: the analyzer failed; stderr says why
				}
				for _, f := range found {
					diags = append(diags, vetDiagnostic(&out, name, f))
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	diags = append(diags, tool.MatchLines(&out, out.Stderr, tool.LineRule{Re: vetErrRe(), Make: compileDiag})...)
	return diags, nil
}

func vetDiagnostic(out *tool.Output, analyzer string, f vetFinding) hooks.Diagnostic {
	d := hooks.Diagnostic{Rule: analyzer, Message: f.Message, Tool: out.Tool}
	if m := posRe().FindStringSubmatch(f.Posn); m != nil {
		d.Path, d.Line, d.Col = out.RepoPath(m[1]), tool.Atoi(m[2]), tool.Atoi(m[3])
	}
	if m := posRe().FindStringSubmatch(f.End); m != nil {
		tool.SetEnd(&d, tool.Atoi(m[2]), tool.Atoi(m[3]))
	}
	return d
}

func compileDiag(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
	return hooks.Diagnostic{
		Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]),
		Rule: "compile", Message: m[4],
	}, true
}

type scPos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type scFinding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Location scPos  `json:"location"`
	End      scPos  `json:"end"`
	Message  string `json:"message"`
}

// parseStaticcheck reads staticcheck -f json (JSON lines). Compile errors have code
// "compile", no location, and "# pkg\nfile:line:col: msg" as their message.
func parseStaticcheck(out tool.Output) ([]hooks.Diagnostic, error) {
	var diags []hooks.Diagnostic
	_, err := tool.DecodeStream(out.Stdout, func(f scFinding) {
		if f.Code == "compile" && f.Location.File == "" {
			diags = append(diags, tool.MatchLines(&out, []byte(f.Message), tool.LineRule{Re: posMsgRe(), Make: compileDiag})...)
			return
		}
		d := hooks.Diagnostic{
			Path: out.RepoPath(f.Location.File), Line: f.Location.Line, Col: f.Location.Column,
			Rule: f.Code, Severity: tool.Severity(goSeverity, f.Severity), Message: f.Message, Tool: out.Tool,
		}
		tool.SetEnd(&d, f.End.Line, f.End.Column)
		diags = append(diags, d)
	})
	return diags, err
}

type golangciReport struct {
	Issues []struct {
		FromLinter string `json:"FromLinter"`
		Text       string `json:"Text"`
		Severity   string `json:"Severity"`
		Pos        struct {
			Filename string `json:"Filename"`
			Line     int    `json:"Line"`
			Column   int    `json:"Column"`
		} `json:"Pos"`
	} `json:"Issues"`
}

// parseGolangciLint reads golangci-lint run --output.json.path=stdout. The rule is the
// code in front of the text ("SA4000: ...") or else the linter's name; the message
// names the linter only when the rule is such a code, since the rule already does
// otherwise (and the tool follows every finding). Paths are relative to the working
// directory.
func parseGolangciLint(out tool.Output) ([]hooks.Diagnostic, error) {
	if len(strings.TrimSpace(string(out.Stdout))) == 0 {
		return nil, nil // it failed before reporting; Verdict quotes stderr
	}
	var rep golangciReport
	if err := tool.DecodeJSON(out.Stdout, &rep); err != nil {
		return nil, err
	}
	diags := make([]hooks.Diagnostic, 0, len(rep.Issues))
	for _, is := range rep.Issues {
		d := hooks.Diagnostic{
			Path: out.RepoPath(is.Pos.Filename), Line: is.Pos.Line, Col: is.Pos.Column,
			Rule: is.FromLinter, Severity: tool.Severity(goSeverity, is.Severity), Tool: out.Tool,
		}
		text := strings.TrimSpace(strings.TrimPrefix(is.Text, ": "))
		// A type error's text is the compiler's ("undefined: x"), never a rule code.
		if m := codePrefixRe().FindStringSubmatch(text); m != nil && is.FromLinter != typecheck {
			d.Rule, text = m[1], m[2]
		}
		// A package that does not compile comes as "# pkg\nfile:line:col: msg" at line
		// 1 of some file: the position inside the text is the real one.
		for _, line := range tool.Lines([]byte(text)) {
			if m := posMsgRe().FindStringSubmatch(line); m != nil {
				d.Path, d.Line, d.Col, text = out.RepoPath(m[1]), tool.Atoi(m[2]), tool.Atoi(m[3]), m[4]
				break
			}
		}
		d.Message = text
		if d.Rule != is.FromLinter {
			d.Message = fmt.Sprintf("%s (%s)", text, is.FromLinter)
		}
		diags = append(diags, d)
	}
	return diags, nil
}

// typecheck is golangci-lint's pseudo-linter for code that does not compile.
const typecheck = "typecheck"

var golangciCodes = tool.Codes{Errors: map[int]string{
	2: "warning in test",
	3: "failure: bad config, unknown linter or another golangci-lint holding the lock",
	4: "timeout",
	5: "no Go files",
	7: "an error was logged (missing directory, files from two directories, or outside the module)",
}}

// verdictGolangciLint fails with "build broken" when any issue comes from typecheck:
// golangci-lint then reports nothing else, so a clean list means nothing.
func verdictGolangciLint(out tool.Output, diags []hooks.Diagnostic) (hooks.Status, error) {
	for _, d := range diags {
		if d.Rule == typecheck {
			return hooks.Failed, fmt.Errorf("%s: build broken at %s:%d: type errors hide every other linter's findings; fix them first (go build shows them)", out.Tool, d.Path, d.Line)
		}
	}
	return golangciCodes.Verdict(out, diags)
}

// parseGolangciFmt reads golangci-lint fmt: --diff patches name unformatted files on
// stdout; a file that does not parse is only a warning on stderr.
func parseGolangciFmt(out tool.Output) ([]hooks.Diagnostic, error) {
	diags := tool.MatchLines(&out, out.Stdout, tool.LineRule{Re: fmtDiffRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{Path: out.RepoPath(m[2]), Rule: "golangci-lint-fmt", Message: "not formatted: run golangci-lint fmt"}, true
	}})
	return append(diags, tool.MatchLines(&out, out.Stderr, syntaxRule(fmtSyntaxRe()))...), nil
}

// parseTidy reads go mod tidy -diff: a "diff current/go.mod tidy/go.mod" header per file
// that tidy would change.
func parseTidy(out tool.Output) ([]hooks.Diagnostic, error) {
	return tool.MatchLines(&out, out.Stdout, tool.LineRule{Re: tidyDiffRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{Path: out.RepoPath(m[1]), Rule: "go-mod-tidy", Message: "not tidy: run go mod tidy"}, true
	}}), nil
}
