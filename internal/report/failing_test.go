package report

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
)

// failingRuns are runs that exit non-zero with nothing but the failure to show for it,
// each with the text its failing entry must name.
func failingRuns() map[string]struct {
	run   Run
	cause string
} {
	pos := config.Pos{File: "hookrun.yaml", Line: 4, Col: 5}
	one := func(h HookReport) Run {
		h.Config, h.Files, h.Duration = pos, []string{"a.go"}, time.Second
		return Run{Tool: "hookrun", Version: "1.0.0", Mode: "check", Stage: "pre-commit", Root: "/src", Hooks: []HookReport{h}}
	}
	type failing = struct {
		run   Run
		cause string
	}
	stray := one(HookReport{ID: "fmt", Status: hooks.Passed})
	stray.Failures = []string{"files changed outside the hooks' lists: b.go"}
	return map[string]failing{
		"modified, no file named": {one(HookReport{ID: "fmt", Status: hooks.Modified}), "fmt"},
		"cancelled":               {one(HookReport{ID: "slow", Status: hooks.Cancelled}), "slow"},
		"crashed":                 {one(HookReport{ID: "lint", Status: hooks.Failed, ExitCode: 2, Err: "lint: crash (exit 2): panic"}), "panic"},
		"timed out":               {one(HookReport{ID: "lint", Status: hooks.Failed, Err: "timed out after 1s"}), "timed out"},
		"failed on warnings": {one(HookReport{
			ID: "eslint", Status: hooks.Failed, ExitCode: 1,
			Diagnostics: []hooks.Diagnostic{{Path: "a.go", Line: 1, Rule: "no-console", Severity: hooks.SevWarning, Message: "console"}},
		}), "eslint"},
		"failed beside the hooks": {stray, "b.go"},
	}
}

// TestReportsOfAFailingRunFail: whatever made the run fail, every report has a failing
// entry that names the cause, read back with a real parser or validated by a schema.
func TestReportsOfAFailingRunFail(t *testing.T) {
	t.Parallel()
	sarifSchema := compileSchema(t, "testdata/sarif-schema-2.1.0.json")
	gitlabSchema := compileSchema(t, "testdata/gitlab-codequality.schema.json")
	jsonSchema := compileSchema(t, "report.schema.json")
	for name, tc := range failingRuns() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checks := map[string]func([]byte) string{
				"junit": junitFailure, "checkstyle": checkstyleFailure, "sarif": sarifFailureText,
				"gitlab": gitlabFailure, "json": jsonFailure, "github": githubFailure,
			}
			for format, failure := range checks {
				out := render(t, format, tc.run)
				switch format {
				case "sarif":
					validate(t, sarifSchema, out)
				case "gitlab":
					validate(t, gitlabSchema, out)
				case "json":
					validate(t, jsonSchema, out)
				}
				if got := failure(out); !strings.Contains(got, tc.cause) {
					t.Errorf("%s: the failing entries %q do not name %q:\n%s", format, got, tc.cause, out)
				}
			}
		})
	}
}

// junitFailure returns the failing cases' names, messages and texts, or "" when the
// counts say nothing failed.
func junitFailure(out []byte) string {
	var doc struct {
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		return "not XML: " + err.Error()
	}
	if doc.Failures+doc.Errors == 0 || len(doc.Suites) != 1 || doc.Suites[0].Failures+doc.Suites[0].Errors == 0 {
		return ""
	}
	var b strings.Builder
	for _, c := range doc.Suites[0].Cases {
		if p := c.Failure; p != nil {
			b.WriteString(c.Name + ": " + p.Message + "\n" + p.Text + "\n")
		}
		if p := c.Error; p != nil {
			b.WriteString(c.Name + ": " + p.Message + "\n" + p.Text + "\n")
		}
	}
	return b.String()
}

// checkstyleFailure returns the messages and sources of the error-severity findings.
func checkstyleFailure(out []byte) string {
	var doc struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		return "not XML: " + err.Error()
	}
	var b strings.Builder
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			if e.Severity == "error" && f.Name != "" {
				b.WriteString(f.Name + ": " + e.Source + ": " + e.Message + "\n")
			}
		}
	}
	return b.String()
}

// sarifFailureText returns the error-level results and the error notifications of
// invocations that did not succeed.
func sarifFailureText(out []byte) string {
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		return "not JSON: " + err.Error()
	}
	var b strings.Builder
	for _, r := range log.Runs {
		for _, res := range r.Results {
			if res.Level == "error" {
				b.WriteString(r.Tool.Driver.Name + ": " + res.Message.Text + "\n")
			}
		}
		for _, inv := range r.Invocations {
			for _, n := range inv.Notifications {
				if !inv.ExecutionSuccessful && n.Level == "error" {
					b.WriteString(r.Tool.Driver.Name + ": " + n.Message.Text + "\n")
				}
			}
		}
	}
	return b.String()
}

// gitlabFailure returns the issues GitLab counts as failing (major and worse).
func gitlabFailure(out []byte) string {
	var issues []glIssue
	if err := json.Unmarshal(out, &issues); err != nil {
		return "not JSON: " + err.Error()
	}
	var b strings.Builder
	for _, is := range issues {
		if is.Severity == "major" || is.Severity == "critical" || is.Severity == "blocker" {
			b.WriteString(is.CheckName + ": " + is.Description + "\n")
		}
	}
	return b.String()
}

// jsonFailure returns what the JSON report says failed, or "" when it says ok.
func jsonFailure(out []byte) string {
	var rep struct {
		OK       bool     `json:"ok"`
		Failures []string `json:"failures"`
		Hooks    []struct {
			ID, Status, Error string
		} `json:"hooks"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return "not JSON: " + err.Error()
	}
	if rep.OK {
		return ""
	}
	var b strings.Builder
	for _, f := range rep.Failures {
		b.WriteString(f + "\n")
	}
	for _, h := range rep.Hooks {
		if h.Status == "modified" || h.Status == "failed" || h.Status == "cancelled" {
			b.WriteString(h.ID + ": " + h.Status + ": " + h.Error + "\n")
		}
	}
	return b.String()
}

// githubFailure returns the ::error annotations.
func githubFailure(out []byte) string {
	var b strings.Builder
	for line := range strings.SplitSeq(string(out), "\n") {
		if strings.HasPrefix(line, "::error ") || strings.HasPrefix(line, "::error::") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
