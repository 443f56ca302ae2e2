package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// The GitLab report: a Code Quality report (a JSON array of Code Climate issues) with
// the fields GitLab reads: description, check_name ("TOOL/RULE", or "TOOL"), fingerprint, severity
// and location.path plus location.lines.begin (and end, when a finding spans lines).
//
// Severities: error -> major, warning -> minor, info -> info; a changed file and a
// failure without diagnostics -> major. A failure without diagnostics, and a diagnostic
// without a path, are located at the hook's line in the config file (GitLab needs a
// path and a line for every issue); the run's own failures (Run.Failures) are major
// issues "hookrun/run" at the config file's first line.
//
// Fingerprints let GitLab tell new findings from fixed ones between the base and the
// head of a merge request, so they leave the line out: an issue keeps its fingerprint
// when code above it moves. A fingerprint is the SHA-256 (hex) of tool, rule, path and
// message, each followed by a NUL byte; when several findings share all four (the same
// warning twice in a file), the second and later also hash their occurrence number
// (1, 2, ... in line order), because GitLab keeps only one issue per fingerprint.
type glIssue struct {
	Type        string     `json:"type"`
	CheckName   string     `json:"check_name"`
	Description string     `json:"description"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    glLocation `json:"location"`
}

type glLocation struct {
	Path  string  `json:"path"`
	Lines glLines `json:"lines"`
}

type glLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

var gitlabSeverities = map[hooks.Severity]string{
	hooks.SevError: "major", hooks.SevWarning: "minor", hooks.SevInfo: "info",
}

// glKey is what a fingerprint hashes.
type glKey struct{ tool, rule, path, message string }

func writeGitLab(w io.Writer, r *Run) error {
	type keyed struct {
		key   glKey
		issue glIssue
	}
	var all []keyed
	add := func(k glKey, desc, sev string, lines glLines) {
		all = append(all, keyed{k, glIssue{
			Type: "issue", CheckName: strings.TrimSuffix(k.tool+"/"+k.rule, "/"), Description: desc, Severity: sev,
			Location: glLocation{Path: k.path, Lines: lines},
		}})
	}
	for i := range r.Hooks {
		gitlabIssues(&r.Hooks[i], add)
	}
	for _, msg := range r.Failures {
		add(glKey{tool: "hookrun", rule: "run", path: r.configFile(), message: msg}, runFailure(msg), "major", glLines{Begin: 1})
	}
	slices.SortStableFunc(all, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.issue.Location.Path, b.issue.Location.Path),
			cmp.Compare(a.issue.Location.Lines.Begin, b.issue.Location.Lines.Begin),
			cmp.Compare(a.issue.CheckName, b.issue.CheckName), cmp.Compare(a.issue.Description, b.issue.Description))
	})
	seen := map[glKey]int{}
	issues := make([]glIssue, 0, len(all))
	for _, k := range all {
		k.issue.Fingerprint = fingerprint(k.key, seen[k.key])
		seen[k.key]++
		issues = append(issues, k.issue)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(issues); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// gitlabIssues passes each of a hook's issues to add.
func gitlabIssues(h *HookReport, add func(k glKey, description, severity string, lines glLines)) {
	for _, d := range h.Diagnostics {
		k := glKey{tool: toolOf(&d, h), rule: d.Rule, path: d.Path, message: diagMessage(&d, h)}
		lines := glLines{Begin: max(d.Line, 1)}
		if d.EndLine > d.Line {
			lines.End = d.EndLine
		}
		if d.Path == "" {
			k.path, lines = h.configFile(), glLines{Begin: max(h.Config.Line, 1)}
		}
		desc := k.message
		if d.Rule != "" && desc != d.Rule {
			desc = d.Rule + ": " + desc
		}
		add(k, desc, gitlabSeverities[d.Severity], lines)
	}
	first := textdiff.ChangedLines(h.Diff)
	for _, path := range h.Modified {
		msg := modifiedMessage(h)
		add(glKey{tool: h.ID, rule: ruleModified, path: path, message: msg}, msg, "major", glLines{Begin: max(first[path], 1)})
	}
	if needsFailureEntry(h) {
		// The exit code stays out of the key: the finding is the same whatever the code.
		add(glKey{tool: h.ID, rule: "failed", path: h.configFile(), message: "hook failed"}, failureSummary(h), "major",
			glLines{Begin: max(h.Config.Line, 1)})
	}
}

// fingerprint hashes an issue's key and, from the second alike issue on, its occurrence.
func fingerprint(k glKey, occurrence int) string {
	h := sha256.New()
	for _, s := range []string{k.tool, k.rule, k.path, k.message} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if occurrence > 0 {
		h.Write([]byte(strconv.Itoa(occurrence)))
	}
	return hex.EncodeToString(h.Sum(nil))
}
