package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// The SARIF report: SARIF 2.1.0 (OASIS, errata 01), one run per hook that ran.
//
//   - tool.driver.name is the hook's ID (stable whether or not it finds anything, so a
//     clean run closes the alerts of an earlier one); fullName is its display name,
//     version the tool's. automationDetails.id is "hookrun/ID/", so two hooks running the
//     same tool are separate categories for GitHub code scanning.
//   - Each diagnostic with a path is a result: ruleId the tool's rule (the hook ID when
//     it has none), level error/warning/note, locations relative to %SRCROOT%, which
//     originalUriBaseIds maps to Run.Root. Every rule used is listed in
//     tool.driver.rules, sorted, and results point at it with ruleIndex.
//   - A hook that changed files has a result of rule "modified" per file, at the first
//     changed line when Diff is known.
//   - Diagnostics without a path, and failures that left no diagnostic (a plain command
//     that exited non-zero, a tool that could not start), are toolExecutionNotifications
//     of the run's invocation; a failure without diagnostics also sets
//     executionSuccessful to false and carries the end of the output.
//   - Hooks that did not run (skipped, no files, cancelled) have no run: an empty run
//     would tell code scanning that their earlier findings were fixed.
//   - A run that failed beside its hooks (Run.Failures) or had hooks cancelled ends with
//     a run of hookrun itself (automationDetails.id "hookrun/", no results) whose
//     invocation did not succeed, with an error notification per failure and per
//     cancelled hook: a failing run never reads as a clean one.
const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifRootID  = "%SRCROOT%"
	ruleModified = "modified"
	// notificationLines is how much of a failing hook's output a notification keeps.
	notificationLines = 100
)

type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		AutomationDetails  sarifAutomation             `json:"automationDetails"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Invocations        []sarifInvocation           `json:"invocations"`
		Results            []sarifResult               `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name     string      `json:"name"`
		FullName string      `json:"fullName,omitempty"`
		Version  string      `json:"version,omitempty"`
		Rules    []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string        `json:"id"`
		ShortDescription *sarifMessage `json:"shortDescription,omitempty"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		ExitCode            int                 `json:"exitCode"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           *sarifRegion     `json:"region,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

var sarifLevels = map[hooks.Severity]string{
	hooks.SevError: "error", hooks.SevWarning: "warning", hooks.SevInfo: "note",
}

func writeSARIF(w io.Writer, r *Run) error {
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{}}
	var failures []sarifNotification // the run's own, and its cancelled hooks'
	for i := range r.Hooks {
		h := &r.Hooks[i]
		switch h.Status {
		case hooks.Cancelled:
			failures = append(failures, *sarifFailure(h))
		case hooks.Skipped, hooks.NoFiles:
		default:
			log.Runs = append(log.Runs, sarifRunOf(h, r.Root))
		}
	}
	for _, msg := range r.Failures {
		failures = append(failures, sarifNotification{Level: "error", Message: sarifMessage{Text: runFailure(msg)}})
	}
	if len(failures) > 0 {
		log.Runs = append(log.Runs, sarifRun{
			Tool:              sarifTool{Driver: sarifDriver{Name: "hookrun", Version: r.Version, Rules: []sarifRule{}}},
			AutomationDetails: sarifAutomation{ID: "hookrun/"},
			Invocations:       []sarifInvocation{{Notifications: failures}},
			Results:           []sarifResult{},
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func sarifRunOf(h *HookReport, root string) sarifRun {
	run := sarifRun{
		Tool:              sarifTool{Driver: sarifDriver{Name: h.ID, Version: h.ToolVersion, Rules: []sarifRule{}}},
		AutomationDetails: sarifAutomation{ID: "hookrun/" + h.ID + "/"},
		Results:           []sarifResult{},
	}
	if h.name() != h.ID {
		run.Tool.Driver.FullName = h.name()
	}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{sarifRootID: {URI: fileURI(root)}}
	}
	inv := sarifInvocation{ExecutionSuccessful: true, ExitCode: h.ExitCode}
	rules := map[string]bool{}
	for _, d := range sortedDiagnostics(h.Diagnostics) {
		rule := d.Rule
		if rule == "" {
			rule = h.ID
		}
		if d.Path == "" {
			inv.Notifications = append(inv.Notifications, sarifNotification{
				Level: sarifLevels[d.Severity], Message: sarifMessage{Text: rule + ": " + diagMessage(&d, h)},
			})
			continue
		}
		rules[rule] = true
		run.Results = append(run.Results, sarifResult{
			RuleID: rule, Level: sarifLevels[d.Severity], Message: sarifMessage{Text: diagMessage(&d, h)},
			Locations: []sarifLocation{sarifLocationOf(d.Path, sarifRegionOf(&d))},
		})
	}
	run.Results = append(run.Results, sarifModified(h, rules)...)
	if n := sarifFailure(h); n != nil {
		inv.ExecutionSuccessful = false
		inv.Notifications = append(inv.Notifications, *n)
	}
	run.Invocations = []sarifInvocation{inv}
	run.Tool.Driver.Rules, run.Results = sarifRules(rules, run.Results)
	return run
}

// sarifModified reports each file the hook changed, at its first changed line if known.
func sarifModified(h *HookReport, rules map[string]bool) []sarifResult {
	if len(h.Modified) == 0 {
		return nil
	}
	rules[ruleModified] = true
	first := textdiff.ChangedLines(h.Diff)
	var out []sarifResult
	for _, path := range h.Modified {
		var region *sarifRegion
		if line := first[path]; line > 0 {
			region = &sarifRegion{StartLine: line}
		}
		out = append(out, sarifResult{
			RuleID: ruleModified, Level: "error",
			Message:   sarifMessage{Text: modifiedMessage(h)},
			Locations: []sarifLocation{sarifLocationOf(path, region)},
		})
	}
	return out
}

// modifiedMessage tells the author how to apply a fixer's change.
func modifiedMessage(h *HookReport) string {
	return fmt.Sprintf("%s changes this file: run `hookrun run %s` and commit the result", h.name(), h.ID)
}

// sarifFailure is the notification for a hook that failed without saying where.
func sarifFailure(h *HookReport) *sarifNotification {
	if !needsFailureEntry(h) {
		return nil
	}
	text := failureSummary(h)
	if out := plainText(h.Output); out != "" {
		text += "\n" + tailLines(out, notificationLines)
	}
	return &sarifNotification{Level: "error", Message: sarifMessage{Text: text}}
}

// failureSummary says in one line how a hook failed.
func failureSummary(h *HookReport) string {
	switch {
	case h.Err != "":
		return fmt.Sprintf("hook %s failed: %s", h.ID, h.Err)
	case h.Status == hooks.Cancelled:
		return fmt.Sprintf("hook %s was cancelled", h.ID)
	case h.ExitCode != 0:
		return fmt.Sprintf("hook %s failed with exit code %d", h.ID, h.ExitCode)
	case len(h.Modified) > 0:
		return fmt.Sprintf("hook %s modified %d %s", h.ID, len(h.Modified), plural(len(h.Modified), "file", "files"))
	case h.Status == hooks.Modified:
		return fmt.Sprintf("hook %s changed files it may not change", h.ID)
	}
	return fmt.Sprintf("hook %s failed", h.ID)
}

// sarifRules lists the rules used, sorted, and points each result at its rule.
func sarifRules(used map[string]bool, results []sarifResult) ([]sarifRule, []sarifResult) {
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	rules := make([]sarifRule, len(ids))
	for i, id := range ids {
		rules[i] = sarifRule{ID: id}
		if id == ruleModified {
			rules[i].ShortDescription = &sarifMessage{Text: "The hook changes this file."}
		}
	}
	for i := range results {
		results[i].RuleIndex, _ = slices.BinarySearch(ids, results[i].RuleID)
	}
	return rules, results
}

func sarifLocationOf(path string, region *sarifRegion) sarifLocation {
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifactLoc{URI: escapePath(path), URIBaseID: sarifRootID},
		Region:           region,
	}}
}

// sarifRegionOf converts a diagnostic's inclusive end column to SARIF's exclusive one.
// A diagnostic without a line is about the whole file: no region.
func sarifRegionOf(d *hooks.Diagnostic) *sarifRegion {
	if d.Line <= 0 {
		return nil
	}
	r := &sarifRegion{StartLine: d.Line, StartColumn: max(d.Col, 0)}
	r.EndLine, r.EndColumn = span(d)
	if r.EndColumn > 0 {
		r.EndColumn++
	}
	return r
}

// escapePath turns a repository-relative path into a relative URI reference:
// everything but unreserved characters, "/" and a few safe sub-delimiters is
// percent-encoded as UTF-8 (spaces, non-ASCII letters, "%", "#", "?", ":").
func escapePath(p string) string {
	const safe = "-._~/!$&'()*+,;=@"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// fileURI turns an absolute directory into a file URI ending in "/", as
// originalUriBaseIds requires.
func fileURI(dir string) string {
	u := "file://" + escapePath(strings.ReplaceAll(dir, `\`, "/"))
	if !strings.HasPrefix(dir, "/") {
		// A Windows drive path (C:/src): the drive's colon stays.
		u = "file:///" + strings.Replace(strings.TrimPrefix(u, "file://"), "%3A", ":", 1)
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
