package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// The GitHub report: workflow commands for GitHub Actions, hook by hook in config order.
// A hook with output or a diff gets a log group ("::group::" ... "::endgroup::") whose
// body is fenced with ::stop-commands:: so that nothing a tool prints is taken for a
// command. Then come its annotations: "::error file=P,line=L,col=C,endLine=,endColumn=,
// title=TOOL RULE::message" per diagnostic (warning and notice for lesser severities),
// one per changed file, and, for a failure without diagnostics, "::error title=ID::..."
// pointing at the log group. The run's own failures close the report as
// "::error title=hookrun::...".
var githubLevels = map[hooks.Severity]string{
	hooks.SevError: "error", hooks.SevWarning: "warning", hooks.SevInfo: "notice",
}

func writeGitHub(w io.Writer, r *Run) error {
	var b bytes.Buffer
	for i := range r.Hooks {
		githubHook(&b, &r.Hooks[i])
	}
	for _, msg := range r.Failures {
		fmt.Fprintf(&b, "::error title=hookrun::%s\n", escapeData(runFailure(msg)))
	}
	_, err := w.Write(b.Bytes())
	return err
}

func githubHook(b *bytes.Buffer, h *HookReport) {
	title, body := groupTitle(h), groupBody(h)
	if body != "" {
		// The token is derived from the body, which therefore cannot contain it.
		sum := sha256.Sum256([]byte(body))
		token := "hookrun-" + hex.EncodeToString(sum[:8])
		fmt.Fprintf(b, "::group::%s\n::stop-commands::%s\n%s\n::%s::\n::endgroup::\n", escapeData(title), token, body, token)
	}
	for _, d := range sortedDiagnostics(h.Diagnostics) {
		props := []string{}
		if d.Path != "" {
			props = append(props, "file="+escapeProperty(d.Path))
			props = appendNum(props, "line", d.Line)
			props = appendNum(props, "col", d.Col)
			endLine, endCol := span(&d)
			props = appendNum(props, "endLine", endLine)
			props = appendNum(props, "endColumn", endCol)
		}
		props = append(props, "title="+escapeProperty(strings.TrimSpace(toolOf(&d, h)+" "+d.Rule)))
		fmt.Fprintf(b, "::%s %s::%s\n", githubLevels[d.Severity], strings.Join(props, ","), escapeData(diagMessage(&d, h)))
	}
	first := textdiff.ChangedLines(h.Diff)
	for _, path := range h.Modified {
		props := appendNum([]string{"file=" + escapeProperty(path)}, "line", first[path])
		props = append(props, "title="+escapeProperty(h.ID))
		fmt.Fprintf(b, "::error %s::%s\n", strings.Join(props, ","), escapeData(modifiedMessage(h)))
	}
	if h.Old > 0 { // --new-only: what it did not fail on
		fmt.Fprintf(b, "::notice title=%s::%s\n", escapeProperty(h.ID), escapeData(OldFindings(h.Old)))
	}
	if needsFailureEntry(h) {
		msg := failureSummary(h)
		if body != "" {
			msg += "; its output is in the log group \"" + title + "\""
		}
		fmt.Fprintf(b, "::error title=%s::%s\n", escapeProperty(h.ID), escapeData(msg))
	}
}

// groupTitle names a hook's log group: "lint: failed (1 file, 2s)".
func groupTitle(h *HookReport) string {
	var parts []string
	switch n := len(h.Files); {
	case h.Skip != "":
		parts = append(parts, h.Skip)
	case n > 0:
		parts = append(parts, strconv.Itoa(n)+" "+plural(n, "file", "files"))
	}
	if h.Status != hooks.Skipped && h.Status != hooks.NoFiles {
		parts = append(parts, h.Duration.Round(durationRounding).String())
	}
	title := h.label() + ": " + h.Status.String()
	if len(parts) > 0 {
		title += " (" + strings.Join(parts, ", ") + ")"
	}
	return title
}

// groupBody is what a hook's log group shows: its output, then its diff.
func groupBody(h *HookReport) string {
	var parts []string
	if out := plainText(h.Output); out != "" {
		parts = append(parts, out)
	}
	if diff := plainText(h.Diff); diff != "" {
		parts = append(parts, diff)
	}
	return strings.Join(parts, "\n")
}

func appendNum(props []string, name string, n int) []string {
	if n <= 0 {
		return props
	}
	return append(props, name+"="+strconv.Itoa(n))
}

// escapeData escapes a workflow command's message: "%", "\r" and "\n", which the runner
// turns back into line ends; every other control character is spelt out (see visible),
// for the log is read on terminals too.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(visible(s, "\r\n\t"))
}

// escapeProperty escapes a workflow command's property value: as escapeData, plus ":"
// and ",", which would end the value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(visible(s, "\r\n\t"))
}
