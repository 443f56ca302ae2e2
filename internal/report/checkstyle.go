package report

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"io"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/internal/textdiff"
)

// The Checkstyle report: <checkstyle> with a <file> per file (sorted by name) holding an
// <error> per finding (sorted by position): line, column (left out when unknown),
// severity error/warning/info, message and source "TOOL.RULE". A hook's changed files
// are findings of source "HOOK.modified"; a failure without diagnostics, and a
// diagnostic without a path, are findings at the hook's line in the config file; the
// run's own failures are findings of source "hookrun" in the config file.
type (
	csReport struct {
		XMLName xml.Name `xml:"checkstyle"`
		Version string   `xml:"version,attr"`
		Files   []csFile `xml:"file"`
	}
	csFile struct {
		Name   string    `xml:"name,attr"`
		Errors []csError `xml:"error"`
	}
	csError struct {
		Line     int    `xml:"line,attr,omitempty"`
		Column   int    `xml:"column,attr,omitempty"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
		file     string
	}
)

func writeCheckstyle(w io.Writer, r *Run) error {
	var all []csError
	for i := range r.Hooks {
		all = append(all, checkstyleErrors(&r.Hooks[i])...)
	}
	for _, msg := range r.Failures {
		all = append(all, csError{file: r.configFile(), Severity: "error", Message: runFailure(msg), Source: "hookrun"})
	}
	slices.SortStableFunc(all, func(a, b csError) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Source, b.Source), cmp.Compare(a.Message, b.Message))
	})
	rep := csReport{Version: "4.3", Files: []csFile{}}
	for _, e := range all {
		if n := len(rep.Files); n == 0 || rep.Files[n-1].Name != e.file {
			rep.Files = append(rep.Files, csFile{Name: e.file})
		}
		f := &rep.Files[len(rep.Files)-1]
		f.Errors = append(f.Errors, e)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// checkstyleErrors lists a hook's findings.
func checkstyleErrors(h *HookReport) []csError {
	var out []csError
	for _, d := range h.Diagnostics {
		e := csError{
			file: d.Path, Line: d.Line, Column: d.Col, Severity: severityNames[d.Severity],
			Message: diagMessage(&d, h), Source: strings.TrimSuffix(toolOf(&d, h)+"."+d.Rule, "."),
		}
		if d.Path == "" {
			e.file, e.Line, e.Column = h.configFile(), h.Config.Line, 0
		}
		out = append(out, e)
	}
	first := textdiff.ChangedLines(h.Diff)
	for _, path := range h.Modified {
		out = append(out, csError{
			file: path, Line: first[path], Severity: "error", Message: modifiedMessage(h), Source: h.ID + "." + ruleModified,
		})
	}
	if needsFailureEntry(h) {
		out = append(out, csError{
			file: h.configFile(), Line: h.Config.Line, Severity: "error", Message: failureSummary(h), Source: h.ID,
		})
	}
	return out
}
