package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

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

// TestMachineReportsKeepTerminalEscapesOut: the XML and annotation reports drop the
// colours tools print and spell out every other control character.
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
	if out := string(render(t, "junit", run)); !strings.Contains(out, `red \x1b]8;;http://x\x07link\x1b]8;;\x07 bell\x07 nul\x00`) {
		t.Errorf("junit output text = %q", out)
	}
}

// hostile is a hook whose name, output, files, diagnostics, command and error all hold
// terminal control sequences: OSC 52 (writes the clipboard), "\e[2J" (clears the
// screen), a bell, a carriage return, a C1 CSI (U+009B) and a lone 0x9b byte.
func hostile() (hooks.Selection, hooks.Result) {
	const osc52, clear = "\x1b]52;c;aGVsbG8=\x07", "\x1b[2J"
	file := "a" + clear + "b.txt"
	h := &hooks.Hook{ID: "evil", Name: "evil" + clear + "\u009b2J\r\n✓ ok"}
	sel := hooks.Selection{Hook: h, Files: []string{file}, Skip: ""}
	res := hooks.Result{
		Job: hooks.Job{Hook: h, Files: []string{file}}, Status: hooks.Failed, ExitCode: 1,
		Command:  "printf '" + osc52 + "'",
		Output:   []byte(osc52 + clear + "\x1b[31mred\x1b[0m\x9b2J\rover\n"),
		Modified: []string{file},
		Err:      errors.New("cannot start " + clear),
		Diagnostics: []hooks.Diagnostic{{
			Path: file, Line: 1, Rule: "R" + clear, Message: "bad" + osc52 + "\x9b2J\nsecond" + clear, Tool: "t" + clear,
		}},
	}
	return sel, res
}

// rawControls finds a control character that is not hookrun's own: hookrun's colours
// and cursor moves are removed first (ours), then any C0 control but "\n" and "\t", DEL,
// a C1 control or a byte that is not UTF-8 is reported.
func rawControls(out []byte, ours *regexp.Regexp) string {
	s := string(out)
	if ours != nil {
		s = ours.ReplaceAllString(s, "")
	}
	for i, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || r == utf8.RuneError {
			return fmt.Sprintf("%q at %d in %q", r, i, s)
		}
	}
	return ""
}

// TestViewsSpellOutControlCharacters: nothing a hook or the repository supplies reaches
// the terminal or a pipe raw, in the text view (plain, colour, verbose), the live view,
// the text report and the GitHub annotations; it is spelt out instead.
func TestViewsSpellOutControlCharacters(t *testing.T) {
	t.Parallel()
	// hookrun's own: colours, and the live view's cursor moves and clears.
	ours := regexp.MustCompile(`\r?\x1b\[(?:[0-9;]*m|\d+A|2K|J)`)
	spelt := []string{`\x1b]52;c;aGVsbG8=\x07`, `\x1b[2J`, `\x9b2J`}
	views := map[string]func() []byte{}
	for _, opt := range []TextOptions{{}, {Color: true}, {Verbose: true}, {Color: true, Verbose: true}} {
		views[fmt.Sprintf("text %+v", opt)] = func() []byte {
			sel, res := hostile()
			var b bytes.Buffer
			v := NewText(&b, opt, []hooks.Selection{sel}, []int{1})
			v.Finished(res)
			v.Flush()
			return b.Bytes()
		}
	}
	for _, opt := range []LiveOptions{{}, {Color: true, Verbose: true, Width: 80}} {
		views[fmt.Sprintf("live color=%v", opt.Color)] = func() []byte {
			sel, res := hostile()
			var b bytes.Buffer
			v := NewLive(&b, opt, []hooks.Selection{sel}, []int{1})
			v.Start()
			v.Started(res.Job)
			v.Note("a note about " + res.Job.Files[0])
			v.Finished(res)
			v.Flush()
			return b.Bytes()
		}
	}
	for _, format := range []string{"text", "github"} {
		views["report "+format] = func() []byte {
			sel, res := hostile()
			f := NewFold([]hooks.Selection{sel}, []int{1})
			f.Add(res)
			reps := f.Reports()
			reps[0].Diff = []byte("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+" + "\x1b]52;c;aGVsbG8=\x07\n")
			return render(t, format, Run{Hooks: reps})
		}
	}
	for name, view := range views {
		out := view()
		if bad := rawControls(out, ours); bad != "" {
			t.Errorf("%s: a raw control character reaches the output: %s", name, bad)
		}
		if name == "report github" {
			continue // its output is in a log group: checked with the text views' spelling
		}
		for _, want := range spelt {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: %s is not spelt out:\n%s", name, want, out)
			}
		}
	}
}

func TestVisible(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, line, text string }{
		{"plain text and UTF-8 pass", "ünï ✓ a\\b", "ünï ✓ a\\b", "ünï ✓ a\\b"},
		{"ESC is spelt out", "\x1b[2J", `\x1b[2J`, `\x1b[2J`},
		{"line ends and tabs stay in text", "a\nb\tc", `a\nb\tc`, "a\nb\tc"},
		{"a carriage return never stays", "a\r\nb", `a\r\nb`, "a\\r\nb"},
		{"DEL and NUL", "\x7f\x00", `\x7f\x00`, `\x7f\x00`},
		{"C1 controls", "\u009b\u0085", `\u009b\u0085`, `\u009b\u0085`},
		{"a byte that is not UTF-8", "a\x9bb", `a\x9bb`, `a\x9bb`},
	} {
		if got := visibleLine(tc.in); got != tc.line {
			t.Errorf("%s: visibleLine(%q) = %q, want %q", tc.name, tc.in, got, tc.line)
		}
		if got := Visible(tc.in); got != tc.text {
			t.Errorf("%s: Visible(%q) = %q, want %q", tc.name, tc.in, got, tc.text)
		}
	}
}
