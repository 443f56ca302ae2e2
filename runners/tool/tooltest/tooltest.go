// Package tooltest checks tool parsers against captured output. A capture is a txtar
// file: its comment holds "key: value" lines (tool, mode, exit, dir), its sections the
// tool's stdout and stderr as captured from a real run (the repository root replaced by
// /ROOT), "want" the diagnostics (one per line, in Format) and "verdict" the status and
// error. The real-tool tests in package runners write these files with -update.
package tooltest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/runners/tool"
)

// Root stands for the repository root in captured output.
const Root = "/ROOT"

// Format renders a diagnostic as one line of a "want" section.
func Format(d hooks.Diagnostic) string {
	return fmt.Sprintf("%s:%d:%d-%d:%d %s %s %q", d.Path, d.Line, d.Col, d.EndLine, d.EndCol, d.Rule, d.Severity, d.Message)
}

// Verdict renders a status and error as a "verdict" section.
func Verdict(s hooks.Status, err error) string {
	if err == nil {
		return s.String() + "\n"
	}
	return s.String() + "\n" + err.Error() + "\n"
}

// Capture is one captured run.
type Capture struct {
	Tool    string
	Mode    hooks.Mode
	Exit    int
	Dir     string
	Stdout  []byte
	Stderr  []byte
	Want    []string // Format lines
	Verdict string
}

// Marshal renders c as a txtar file.
func (c *Capture) Marshal(comment string) []byte {
	a := &txtar.Archive{
		Comment: fmt.Appendf(nil, "# %s\ntool: %s\nmode: %s\nexit: %d\ndir: %s\n", comment, c.Tool, c.Mode, c.Exit, c.Dir),
		Files: []txtar.File{
			{Name: "stdout", Data: c.Stdout},
			{Name: "stderr", Data: c.Stderr},
			{Name: "want", Data: []byte(strings.Join(append(slices.Clone(c.Want), ""), "\n"))},
			{Name: "verdict", Data: []byte(c.Verdict)},
		},
	}
	if len(c.Want) == 0 {
		a.Files[2].Data = nil
	}
	return txtar.Format(a)
}

// Parse reads a capture file.
func Parse(data []byte) (*Capture, error) {
	a := txtar.Parse(data)
	c := &Capture{}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		k, v, ok := strings.Cut(line, ": ")
		switch {
		case !ok || strings.HasPrefix(line, "#"):
		case k == "tool":
			c.Tool = v
		case k == "mode" && v == "check":
			c.Mode = hooks.Check
		case k == "exit":
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("exit: %w", err)
			}
			c.Exit = n
		case k == "dir":
			c.Dir = v
		}
	}
	for _, f := range a.Files {
		switch f.Name {
		case "stdout":
			c.Stdout = f.Data
		case "stderr":
			c.Stderr = f.Data
		case "want":
			c.Want = tool.Lines(f.Data)
		case "verdict":
			c.Verdict = string(f.Data)
		}
	}
	return c, nil
}

// Check runs every capture in dir (testdata) through the parser and verdict of the tool
// it names, and compares with its want and verdict sections.
func Check(t *testing.T, tools []*tool.Tool, dir string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txtar")) // the pattern is valid
	if len(paths) == 0 {
		t.Fatalf("no captures in %s", dir)
	}
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".txtar"), func(t *testing.T) {
			t.Parallel()
			checkOne(t, tools, p)
		})
	}
}

func checkOne(t *testing.T, tools []*tool.Tool, p string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	i := slices.IndexFunc(tools, func(tl *tool.Tool) bool { return tl.Name == c.Tool })
	if i < 0 {
		t.Fatalf("%s: no tool %q", p, c.Tool)
	}
	out := tool.Output{Tool: c.Tool, Mode: c.Mode, ExitCode: c.Exit, Stdout: c.Stdout, Stderr: c.Stderr, Root: Root, Dir: c.Dir}
	status, diags, err := tool.Judge(tools[i], out)
	got := make([]string, len(diags))
	for j, d := range diags {
		got[j] = Format(d)
	}
	if !slices.Equal(got, c.Want) {
		t.Errorf("diagnostics:\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.Want, "\n"))
	}
	if v := Verdict(status, err); v != c.Verdict {
		t.Errorf("verdict:\ngot:  %q\nwant: %q", v, c.Verdict)
	}
	checkStrayText(t, tools[i], out, got)
}

// checkStrayText checks that a JSON report still parses with text printed before and
// after it on stdout, as tools do with config warnings (pylint's "Failed to load
// 'pyproject.toml'"): the findings must be the same.
func checkStrayText(t *testing.T, tl *tool.Tool, out tool.Output, want []string) {
	t.Helper()
	if s := strings.TrimSpace(string(out.Stdout)); s == "" || (s[0] != '{' && s[0] != '[') {
		return
	}
	out.Stdout = slices.Concat([]byte("warning: [stray] text before the report\n"), out.Stdout, []byte("\nand {after} it\n"))
	_, diags, _ := tool.Judge(tl, out)
	got := make([]string, len(diags))
	for j, d := range diags {
		got[j] = Format(d)
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics with text around the JSON on stdout:\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
