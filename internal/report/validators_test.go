package report

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// These tests read the reports with the tools people use on them, from the Python
// virtual environment that .ci/install-tools prepares ($HOOKRUN_TOOLS_DIR/venv, default
// ~/.cache/hookrun-tools/venv; pins in testdata/tools/requirements.txt):
// python-jsonschema with rfc3986-validator (a second implementation of JSON Schema,
// stricter about URI formats than the Go one) and junitparser. A missing tool skips the test unless
// HOOKRUN_REQUIRE_TOOLS names it or is "all": then the test fails.

func TestReportsFollowTheirSchemasForPythonJSONSchema(t *testing.T) {
	t.Parallel()
	py := toolsPython(t, "jsonschema, rfc3986_validator", "jsonschema")
	for _, tc := range []struct{ format, schema string }{
		{"sarif", "testdata/sarif-schema-2.1.0.json"},
		{"gitlab", "testdata/gitlab-codequality.schema.json"},
		{"json", "report.schema.json"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			t.Parallel()
			args := []string{"testdata/validate.py", "schema", tc.schema}
			for name, run := range allRuns() {
				args = append(args, writeTemp(t, name, render(t, tc.format, run)))
			}
			if out, err := exec.Command(py, args...).CombinedOutput(); err != nil {
				t.Errorf("python-jsonschema rejects the %s reports: %v\n%s", tc.format, err, out)
			}
		})
	}
}

// TestPythonJSONSchemaChecksURIs keeps the Python validator honest: it must reject a
// SARIF location whose URI holds a raw space, which the Go validator lets through.
func TestPythonJSONSchemaChecksURIs(t *testing.T) {
	t.Parallel()
	py := toolsPython(t, "jsonschema, rfc3986_validator", "jsonschema")
	out := bytes.Replace(render(t, "sarif", fixtureRun()), []byte("src/my%20file.py"), []byte("src/my file.py"), 1)
	file := writeTemp(t, "broken.sarif", out)
	got, err := exec.Command(py, "testdata/validate.py", "schema", "testdata/sarif-schema-2.1.0.json", file).CombinedOutput()
	if err == nil || !strings.Contains(string(got), "is not a 'uri-reference'") {
		t.Errorf("python-jsonschema accepted a URI with a raw space (err %v):\n%s", err, got)
	}
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), strings.ReplaceAll(name, " ", "_"))
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// junitRead is what junitparser read from a report.
type junitRead struct {
	Suites []struct {
		Name                             string
		Tests, Failures, Errors, Skipped int
		Time                             float64
		Recounted                        map[string]int
		Cases                            []struct {
			Name, Classname string
			Time            float64
			Results         []struct{ Kind, Message, Type, Text string }
			SystemOut       *string `json:"system_out"`
		}
	}
}

func TestJUnitReportReadsWithJunitparser(t *testing.T) {
	t.Parallel()
	py := toolsPython(t, "junitparser", "junitparser")
	run := fixtureRun()
	file := writeTemp(t, "junit.xml", render(t, "junit", run))
	out, err := exec.Command(py, "testdata/validate.py", "junit", file).Output()
	if err != nil {
		t.Fatalf("junitparser cannot read the report: %v", err)
	}
	var got junitRead
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.Suites) != 1 {
		t.Fatalf("junitparser read %d suites, want 1", len(got.Suites))
	}
	s := got.Suites[0]
	counts := map[string]int{"tests": s.Tests, "failures": s.Failures, "errors": s.Errors, "skipped": s.Skipped}
	if want := map[string]int{"tests": 8, "failures": 3, "errors": 2, "skipped": 2}; !mapsEqual(counts, want) || !mapsEqual(s.Recounted, want) {
		t.Errorf("counts %v, recounted from the cases %v, want %v", counts, s.Recounted, want)
	}
	if s.Time != run.Duration.Seconds() {
		t.Errorf("suite time = %v, want %v", s.Time, run.Duration.Seconds())
	}
	want := []struct{ name, kind, typ string }{
		{"gofmt", "", ""},
		{"ruff", "failure", "failed"},
		{"shellcheck", "failure", "failed"},
		{"prettier", "failure", "modified"},
		{"mypy", "skipped", ""},
		{"eslint", "skipped", ""},
		{"typos", "error", "error"},
		{"slow", "error", "cancelled"},
	}
	for i, c := range s.Cases {
		w := want[i]
		kind, typ := "", ""
		if len(c.Results) > 0 {
			kind, typ = c.Results[0].Kind, c.Results[0].Type
		}
		if c.Name != w.name || c.Classname != "hookrun" || kind != w.kind || typ != w.typ {
			t.Errorf("case %d = %s.%s %s/%s, want hookrun.%s %s/%s", i, c.Classname, c.Name, kind, typ, w.name, w.kind, w.typ)
		}
		if c.Time != run.Hooks[i].Duration.Seconds() {
			t.Errorf("case %s time = %v, want %v", c.Name, c.Time, run.Hooks[i].Duration.Seconds())
		}
	}
	ruff := s.Cases[1].Results[0].Text
	for _, part := range []string{"src/my file.py:3:1: F401 `os` imported but unused (ruff)", "output:\n", "Found 4 errors."} {
		if !strings.Contains(ruff, part) {
			t.Errorf("ruff's failure text lacks %q:\n%s", part, ruff)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// toolsPython returns a Python that can import module: the tools venv's, else python3
// on PATH. When there is none it skips the test, or fails it if tool is required.
func toolsPython(t *testing.T, module, tool string) string {
	t.Helper()
	dir := os.Getenv("HOOKRUN_TOOLS_DIR")
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".cache", "hookrun-tools")
		}
	}
	candidates := []string{filepath.Join(dir, "venv", "bin", "python")}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, py := range candidates {
		if exec.Command(py, "-c", "import "+module).Run() == nil {
			return py
		}
	}
	missingTool(t, tool, "no Python with the "+module+" module (run .ci/install-tools)")
	return ""
}

// missingTool skips a test whose tool is missing, or fails it when
// HOOKRUN_REQUIRE_TOOLS (comma-separated) names the tool or is "all".
func missingTool(t *testing.T, tool, why string) {
	t.Helper()
	list := strings.Split(os.Getenv("HOOKRUN_REQUIRE_TOOLS"), ",")
	for i := range list {
		list[i] = strings.TrimSpace(list[i])
	}
	if slices.Contains(list, "all") || slices.Contains(list, tool) {
		t.Fatalf("%s is required by HOOKRUN_REQUIRE_TOOLS but missing: %s", tool, why)
	}
	t.Skipf("%s missing: %s", tool, why)
}
