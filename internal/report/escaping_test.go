package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func TestGitHubEscaping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, data, property string }{
		{"plain text passes", "plain text", "plain text", "plain text"},
		{"percent is escaped first", "100%", "100%25", "100%25"},
		{"line breaks are escaped", "a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"colon and comma end a property, not a message", "a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"an escape already in the text is escaped again", "%0A", "%250A", "%250A"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := escapeData(tc.in); got != tc.data {
				t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
			}
			if got := escapeProperty(tc.in); got != tc.property {
				t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.property)
			}
		})
	}
}

// TestGitHubOutputCannotInjectCommands: a tool that prints workflow commands gets them
// fenced by ::stop-commands::, and nothing else starts a line with "::" but hookrun's.
func TestGitHubOutputCannotInjectCommands(t *testing.T) {
	t.Parallel()
	run := Run{Hooks: []HookReport{{
		ID: "evil", Status: hooks.Failed, ExitCode: 1,
		Output: []byte("::add-mask::x\n::error file=a,line=1::fake\n"),
	}}}
	out := string(render(t, "github", run))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := strings.TrimPrefix(lines[1], "::stop-commands::")
	if !strings.HasPrefix(lines[1], "::stop-commands::") || lines[4] != "::"+token+"::" {
		t.Fatalf("the output is not fenced:\n%s", out)
	}
	if lines[5] != "::endgroup::" || !strings.HasPrefix(lines[6], "::error title=evil::hook evil failed with exit code 1") {
		t.Errorf("after the fence:\n%s", out)
	}
}

func TestSARIFRegions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   hooks.Diagnostic
		want *sarifRegion
	}{
		{"a finding without a line covers the file", hooks.Diagnostic{Col: 3}, nil},
		{"a line alone", hooks.Diagnostic{Line: 4}, &sarifRegion{StartLine: 4}},
		{"the inclusive end column becomes exclusive", hooks.Diagnostic{Line: 4, Col: 2, EndLine: 4, EndCol: 6}, &sarifRegion{StartLine: 4, StartColumn: 2, EndLine: 4, EndColumn: 7}},
		{"an end column alone ends on the start line", hooks.Diagnostic{Line: 4, Col: 2, EndCol: 6}, &sarifRegion{StartLine: 4, StartColumn: 2, EndLine: 4, EndColumn: 7}},
		{"an end before the start is dropped", hooks.Diagnostic{Line: 4, Col: 9, EndLine: 2, EndCol: 1}, &sarifRegion{StartLine: 4, StartColumn: 9}},
		{"a multi-line end keeps its column", hooks.Diagnostic{Line: 4, Col: 9, EndLine: 6, EndCol: 1}, &sarifRegion{StartLine: 4, StartColumn: 9, EndLine: 6, EndColumn: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := sarifRegionOf(&tc.in)
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("region = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestEscapePathMakesRelativeURIReferences(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"src/a.go":        "src/a.go",
		"docs/read me.md": "docs/read%20me.md",
		"src/ünï.py":      "src/%C3%BCn%C3%AF.py",
		"a:b/c#d?e%f.go":  "a%3Ab/c%23d%3Fe%25f.go",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"/home/dev/my repo": "file:///home/dev/my%20repo/",
		"/":                 "file:///",
		`C:\src\repo`:       "file:///C:/src/repo/",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGitLabFingerprintsSurviveLineShifts: moving a finding down keeps its fingerprint;
// two alike findings in a file get different ones, in line order.
func TestGitLabFingerprintsSurviveLineShifts(t *testing.T) {
	t.Parallel()
	prints := func(lines ...int) []string {
		var ds []hooks.Diagnostic
		for _, l := range lines {
			ds = append(ds, hooks.Diagnostic{Path: "a.py", Line: l, Rule: "F841", Message: "unused", Tool: "ruff"})
		}
		ds = append(ds, hooks.Diagnostic{Path: "a.py", Line: 1, Rule: "F401", Message: "import", Tool: "ruff"})
		var issues []glIssue
		if err := json.Unmarshal(render(t, "gitlab", Run{Hooks: []HookReport{{ID: "ruff", Status: hooks.Failed, Diagnostics: ds}}}), &issues); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, is := range issues {
			out = append(out, is.Location.Path+":"+is.CheckName+":"+is.Fingerprint)
		}
		return out
	}
	before, after := prints(10, 20), prints(15, 31)
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Errorf("fingerprints changed when lines moved:\n%v\n%v", before, after)
	}
	if before[1] == before[2] {
		t.Errorf("two alike findings share a fingerprint: %v", before)
	}
	if !regexp.MustCompile(`:[0-9a-f]{64}$`).MatchString(before[0]) {
		t.Errorf("fingerprint is not a SHA-256 in hex: %s", before[0])
	}
}

// TestMachineReportsKeepTerminalEscapesOut: the XML and annotation reports strip the
// escape sequences tools print, and XML replaces characters XML cannot hold.
func TestMachineReportsKeepTerminalEscapesOut(t *testing.T) {
	t.Parallel()
	run := Run{Hooks: []HookReport{{
		ID: "x", Status: hooks.Failed, ExitCode: 1,
		Output: []byte("\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 bell\x07 nul\x00\r\n"),
	}}}
	for _, format := range []string{"junit", "github", "checkstyle", "text"} {
		out := render(t, format, run)
		if bytes.ContainsAny(out, "\x1b\x07\x00") {
			t.Errorf("%s report holds control characters: %q", format, out)
		}
	}
	if out := string(render(t, "junit", run)); !strings.Contains(out, "red link bell\uFFFD nul\uFFFD") {
		t.Errorf("junit output text = %q", out)
	}
}
