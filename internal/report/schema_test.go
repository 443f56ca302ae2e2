package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hookrun/hookrun/hooks"
)

// Schema validation uses github.com/santhosh-tekuri/jsonschema/v6 (drafts 4 to 2020-12,
// format assertions on): the official SARIF 2.1.0 schema, GitLab's documented Code
// Quality fields, and hookrun's own JSON report schema. testdata/SOURCES.md says where
// each schema comes from.

// edgeRuns are runs whose reports are easy to get wrong: nothing ran, no root, findings
// without positions or ends before starts.
func edgeRuns() map[string]Run {
	return map[string]Run{
		"empty run": {Tool: "hookrun"},
		"no root and bare findings": {Hooks: []HookReport{{
			ID: "lint", Status: hooks.Failed, ExitCode: 1,
			Diagnostics: []hooks.Diagnostic{
				{Path: "a b/c#d?.go"},
				{Path: "x.go", Line: 4, Col: 9, EndLine: 2, EndCol: 1, Message: "end before start"},
				{Path: "y.go", Line: 4, EndCol: 3, Rule: "R"},
				{Message: "no path, no rule"},
			},
		}}},
		"modified without a diff": {Root: `C:\src\repo`, Hooks: []HookReport{{
			ID: "fmt", Status: hooks.Modified, Modified: []string{"100%.go"}, Duration: time.Hour,
		}}},
	}
}

func allRuns() map[string]Run {
	runs := edgeRuns()
	runs["fixture"] = fixtureRun()
	return runs
}

func TestSARIFFollowsTheOfficialSchema(t *testing.T) {
	t.Parallel()
	schema := compileSchema(t, "testdata/sarif-schema-2.1.0.json")
	for name, run := range allRuns() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			validate(t, schema, render(t, "sarif", run))
		})
	}
}

// TestSchemasRejectBrokenReports keeps the validators honest: a report with a mistake
// in it must fail.
func TestSchemasRejectBrokenReports(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, schema, format, from, to string
	}{
		{"a SARIF level outside the enum", "testdata/sarif-schema-2.1.0.json", "sarif", `"level": "error"`, `"level": "fatal"`},
		{"a SARIF region starting at line 0", "testdata/sarif-schema-2.1.0.json", "sarif", `"startLine": 3`, `"startLine": 0`},
		{"a GitLab severity outside the enum", "testdata/gitlab-codequality.schema.json", "gitlab", `"severity": "major"`, `"severity": "high"`},
		{"a JSON report with an unknown status", "report.schema.json", "json", `"status": "passed"`, `"status": "green"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := render(t, tc.format, fixtureRun())
			broken := bytes.Replace(out, []byte(tc.from), []byte(tc.to), 1)
			if bytes.Equal(out, broken) {
				t.Fatalf("%q not found in the %s report", tc.from, tc.format)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(broken))
			if err != nil {
				t.Fatal(err)
			}
			if compileSchema(t, tc.schema).Validate(inst) == nil {
				t.Errorf("the schema accepted a report with %s", tc.name)
			}
		})
	}
}

func TestGitLabReportHasTheDocumentedFields(t *testing.T) {
	t.Parallel()
	schema := compileSchema(t, "testdata/gitlab-codequality.schema.json")
	for name, run := range allRuns() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out := render(t, "gitlab", run)
			validate(t, schema, out)
			var issues []glIssue
			if err := json.Unmarshal(out, &issues); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, is := range issues {
				if seen[is.Fingerprint] {
					t.Errorf("fingerprint %s appears twice; GitLab would drop one issue", is.Fingerprint)
				}
				seen[is.Fingerprint] = true
			}
		})
	}
}

func TestJSONReportFollowsItsSchema(t *testing.T) {
	t.Parallel()
	schema := compileSchema(t, "report.schema.json")
	for name, run := range allRuns() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			validate(t, schema, render(t, "json", run))
		})
	}
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "file:///" + filepath.Base(path)
	if err = c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return schema
}

func validate(t *testing.T, schema *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("report does not follow the schema:\n%v\nreport:\n%s", err, firstLines(string(out), 80))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
