package node

import (
	"bytes"
	"fmt"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

var (
	lineRe = tool.Regexp(`^(.+)$`)
	// prettier: "[error] src/x.ts: SyntaxError: ':' expected. (2:10)"
	prettierErrRe = tool.Regexp(`^\[error\] (.+?): (\w*Error: .*?)(?: \((\d+):(\d+)\))?$`)
)

// parsePrettier reads prettier -l: in check mode each stdout line is an unformatted
// file (in fix mode, a file it rewrote: no finding); errors are "[error]" lines.
func parsePrettier(out tool.Output) ([]hooks.Diagnostic, error) {
	var diags []hooks.Diagnostic
	if out.Mode == hooks.Check {
		diags = tool.MatchLines(&out, out.Stdout, tool.LineRule{Re: lineRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{Path: out.RepoPath(m[1]), Rule: "prettier", Message: "not formatted: run prettier --write"}, true
		}})
	}
	return append(diags, tool.MatchLines(&out, out.Stderr, tool.LineRule{Re: prettierErrRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
		return hooks.Diagnostic{
			Path: out.RepoPath(m[1]), Line: tool.Atoi(m[3]), Col: tool.Atoi(m[4]), Rule: "syntax", Message: m[2],
		}, true
	}})...), nil
}

type eslintFile struct {
	FilePath string `json:"filePath"`
	Messages []struct {
		RuleID    *string `json:"ruleId"`
		Fatal     bool    `json:"fatal"`
		Severity  int     `json:"severity"`
		Message   string  `json:"message"`
		Line      int     `json:"line"`
		Column    int     `json:"column"`
		EndLine   int     `json:"endLine"`
		EndColumn int     `json:"endColumn"`
	} `json:"messages"`
}

// parseESLint reads eslint -f json: severity 1 is a warning, 2 an error; a parse error
// is fatal with no rule. Positions are 1-based, end exclusive.
func parseESLint(out tool.Output) ([]hooks.Diagnostic, error) {
	if len(bytes.TrimSpace(out.Stdout)) == 0 {
		return nil, nil // a crash or config error; Verdict quotes stderr
	}
	var files []eslintFile
	if err := tool.DecodeJSON(out.Stdout, &files); err != nil {
		return nil, err
	}
	var diags []hooks.Diagnostic
	for _, f := range files {
		for _, m := range f.Messages {
			d := hooks.Diagnostic{
				Path: out.RepoPath(f.FilePath), Line: m.Line, Col: m.Column,
				Rule: "syntax", Severity: hooks.SevError, Message: m.Message, Tool: out.Tool,
			}
			if m.RuleID != nil {
				d.Rule = *m.RuleID
			}
			if m.Severity == 1 {
				d.Severity = hooks.SevWarning
			}
			tool.SetEnd(&d, m.EndLine, m.EndColumn)
			diags = append(diags, d)
		}
	}
	return diags, nil
}

var (
	// tsc --pretty false: "src/a.ts(7,26): error TS2345: message"; related information
	// follows on indented lines.
	tscRe       = tool.Regexp(`^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$`)
	tscGlobalRe = tool.Regexp(`^(error|warning|message) (TS\d+): (.*)$`)
)

func parseTsc(out tool.Output) ([]hooks.Diagnostic, error) {
	return tool.MatchLines(&out, out.Stdout,
		tool.LineRule{Re: tscRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{
				Path: out.RepoPath(m[1]), Line: tool.Atoi(m[2]), Col: tool.Atoi(m[3]),
				Rule: m[5], Severity: tool.Severity(nodeSeverity, m[4]), Message: m[6],
			}, true
		}},
		tool.LineRule{Re: tscGlobalRe(), Make: func(out *tool.Output, m []string) (hooks.Diagnostic, bool) {
			return hooks.Diagnostic{
				Path: out.RepoPath("tsconfig.json"), Rule: m[2], Severity: tool.Severity(nodeSeverity, m[1]), Message: m[3],
			}, true
		}},
	), nil
}

// tsConfigCode tells a tsconfig or command-line error (TS5xxx, TS6xxx, TS18002) from a
// finding in the code.
var tsConfigCode = tool.Regexp(`^TS(5\d{3}|6\d{3}|18002|18003)$`)

// verdictTsc: exit 1 and 2 both mean diagnostics (2 cold, 1 warm with --incremental or
// noEmitOnError, 1 in TypeScript 7); config errors come as TS5xxx/TS6xxx codes.
func verdictTsc(out tool.Output, diags []hooks.Diagnostic) (hooks.Status, error) {
	for _, d := range diags {
		if tsConfigCode().MatchString(d.Rule) {
			return hooks.Failed, fmt.Errorf("%s: project configuration error: %s %s", out.Tool, d.Rule, d.Message)
		}
	}
	return tool.Codes{Findings: []int{1, 2}, Errors: map[int]string{3: "invalid project", 4: "project reference cycle"}}.Verdict(out, diags)
}

type biomePos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type biomeReport struct {
	Diagnostics []struct {
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Category string `json:"category"`
		Location struct {
			Path  string   `json:"path"`
			Start biomePos `json:"start"`
			End   biomePos `json:"end"`
		} `json:"location"`
	} `json:"diagnostics"`
}

// parseBiome reads biome --reporter=json (experimental in 2.x). Paths are relative to
// the working directory; format findings are at 0:0; the rule is the category, as
// suppression comments name it ("lint/suspicious/noDebugger", "format").
func parseBiome(out tool.Output) ([]hooks.Diagnostic, error) {
	if len(bytes.TrimSpace(out.Stdout)) == 0 {
		return nil, nil
	}
	var rep biomeReport
	if err := tool.DecodeJSON(out.Stdout, &rep); err != nil {
		return nil, err
	}
	diags := make([]hooks.Diagnostic, 0, len(rep.Diagnostics))
	for _, g := range rep.Diagnostics {
		d := hooks.Diagnostic{
			Path: out.RepoPath(g.Location.Path), Line: g.Location.Start.Line, Col: g.Location.Start.Column,
			Rule: g.Category, Severity: tool.Severity(nodeSeverity, g.Severity),
			Message: g.Message, Tool: out.Tool,
		}
		if g.Category == "format" {
			d.Message = "not formatted: run biome check --write"
		}
		tool.SetEnd(&d, g.Location.End.Line, g.Location.End.Column)
		diags = append(diags, d)
	}
	return diags, nil
}
