package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/hookrun/hookrun/hooks"
)

// SchemaVersion is the version of the JSON report's schema (json-schema.md,
// report.schema.json). It changes only when a field is removed or changes meaning;
// adding a field keeps it.
const SchemaVersion = 1

// The JSON report's shape; json-schema.md documents every field. Every key is always
// present: lists are [] rather than null, unknown numbers 0 and unknown strings "".
type (
	jsonReport struct {
		SchemaVersion int            `json:"schema_version"`
		Tool          jsonTool       `json:"tool"`
		Mode          string         `json:"mode"`
		Stage         string         `json:"stage"`
		Root          string         `json:"root"`
		Status        string         `json:"status"`
		OK            bool           `json:"ok"`
		DurationMS    int64          `json:"duration_ms"`
		Summary       map[string]int `json:"summary"`
		Hooks         []jsonHook     `json:"hooks"`
		Failures      []string       `json:"failures"`
	}
	jsonTool struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	jsonHook struct {
		ID          string     `json:"id"`
		Name        string     `json:"name"`
		Status      string     `json:"status"`
		SkipReason  string     `json:"skip_reason"`
		Config      jsonPos    `json:"config"`
		ExitCode    int        `json:"exit_code"`
		DurationMS  int64      `json:"duration_ms"`
		ToolVersion string     `json:"tool_version"`
		Files       []string   `json:"files"`
		Modified    []string   `json:"modified"`
		Diagnostics []jsonDiag `json:"diagnostics"`
		Output      string     `json:"output"`
		Diff        string     `json:"diff"`
		Error       string     `json:"error"`
		Cached      bool       `json:"cached"`
		OldFindings int        `json:"old_findings,omitempty"`
		RemoteCache bool       `json:"remote_cache"` // cached, from the shared cache
	}
	jsonPos struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}
	jsonDiag struct {
		Path      string `json:"path"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
		Rule      string `json:"rule"`
		Severity  string `json:"severity"`
		Message   string `json:"message"`
		Tool      string `json:"tool"`
	}
)

func writeJSON(w io.Writer, r *Run) error {
	rep := jsonReport{
		SchemaVersion: SchemaVersion,
		Tool:          jsonTool{Name: r.Tool, Version: r.Version},
		Mode:          r.Mode, Stage: r.Stage, Root: r.Root,
		Status:     statusNames[hooks.Passed],
		OK:         true,
		DurationMS: r.Duration.Milliseconds(),
		Summary:    map[string]int{},
		Hooks:      make([]jsonHook, 0, len(r.Hooks)),
		Failures:   nonNil(r.Failures),
	}
	sum := Summarize(r.Hooks) // the closing lines' count, so that the JSON says the same
	for st, name := range statusNames {
		rep.Summary[name] = sum.ByStatus[st]
	}
	worst := hooks.Passed
	for i := range r.Hooks {
		h := &r.Hooks[i]
		worst = max(worst, h.Status)
		rep.Hooks = append(rep.Hooks, jsonHookOf(h))
	}
	rep.Status, rep.OK = statusNames[worst], sum.Failed == 0 && len(r.Failures) == 0
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func jsonHookOf(h *HookReport) jsonHook {
	jh := jsonHook{
		ID: h.ID, Name: h.name(), Status: statusNames[h.Status], SkipReason: h.Skip,
		Config:   jsonPos{File: h.Config.File, Line: h.Config.Line, Column: h.Config.Col},
		ExitCode: h.ExitCode, DurationMS: h.Duration.Milliseconds(), ToolVersion: h.ToolVersion,
		Files:       nonNil(h.Files),
		Modified:    nonNil(h.Modified),
		Diagnostics: []jsonDiag{},
		Output:      string(h.Output),
		Diff:        string(h.Diff),
		Error:       h.Err,
		Cached:      h.Cached,
		OldFindings: h.Old,
		RemoteCache: h.Remote,
	}
	for _, d := range sortedDiagnostics(h.Diagnostics) {
		jh.Diagnostics = append(jh.Diagnostics, jsonDiag{
			Path: d.Path, Line: d.Line, Column: d.Col, EndLine: d.EndLine, EndColumn: d.EndCol,
			Rule: d.Rule, Severity: severityNames[d.Severity], Message: d.Message, Tool: d.Tool,
		})
	}
	return jh
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
