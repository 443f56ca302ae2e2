package tool

import (
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func TestSetEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		line, col         int
		endLine, endExcl  int
		wantLine, wantCol int
	}{
		{name: "an exclusive end becomes inclusive", line: 3, col: 5, endLine: 3, endExcl: 9, wantLine: 3, wantCol: 8},
		{name: "an end at column 1 of a later line ends on the line before", line: 1, col: 1, endLine: 2, endExcl: 1, wantLine: 1, wantCol: 0},
		{name: "an empty range ends where it starts", line: 4, col: 7, endLine: 4, endExcl: 7, wantLine: 4, wantCol: 7},
		{name: "no end leaves the end unknown", line: 4, col: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := hooks.Diagnostic{Line: tt.line, Col: tt.col}
			SetEnd(&d, tt.endLine, tt.endExcl)
			if d.EndLine != tt.wantLine || d.EndCol != tt.wantCol {
				t.Errorf("end = %d:%d, want %d:%d", d.EndLine, d.EndCol, tt.wantLine, tt.wantCol)
			}
		})
	}
}

func TestCodesVerdict(t *testing.T) {
	t.Parallel()
	codes := Codes{Errors: map[int]string{2: "config error"}}
	finding := []hooks.Diagnostic{{Path: "a.py", Severity: hooks.SevError}}
	warning := []hooks.Diagnostic{{Path: "a.py", Severity: hooks.SevWarning}}
	tests := []struct {
		name    string
		exit    int
		diags   []hooks.Diagnostic
		want    hooks.Status
		wantErr string
	}{
		{name: "exit 0 and nothing found passes", exit: 0, want: hooks.Passed},
		{name: "exit 0 with warnings only passes", exit: 0, diags: warning, want: hooks.Passed},
		{name: "exit 0 with an error finding fails: the exit code lied", exit: 0, diags: finding, want: hooks.Failed},
		{name: "a findings code with findings fails without an error", exit: 1, diags: finding, want: hooks.Failed},
		{name: "a findings code without findings is a contradiction", exit: 1, want: hooks.Failed, wantErr: "t: exited 1 but reported no findings (exit 1): boom"},
		{name: "an error code with findings is explained by them", exit: 2, diags: finding, want: hooks.Failed},
		{name: "an error code alone says what it means", exit: 2, want: hooks.Failed, wantErr: "t: config error (exit 2): boom"},
		{name: "an unknown code is a failure", exit: 139, want: hooks.Failed, wantErr: "t: unexpected exit code 139 (exit 139): boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := codes.Verdict(Output{Tool: "t", ExitCode: tt.exit, Stderr: []byte("boom\n")}, tt.diags)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tt.want || gotErr != tt.wantErr {
				t.Errorf("got %s %q, want %s %q", got, gotErr, tt.want, tt.wantErr)
			}
		})
	}
}

func TestDecodeStreamKeepsTextLines(t *testing.T) {
	t.Parallel()
	in := "{\"a\": 1}\nplain text: here\n{\n  \"a\": 2\n}\n[error] not json\n"
	var got []int
	text, err := DecodeStream([]byte(in), func(v struct{ A int }) { got = append(got, v.A) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != 1 || got[1] != 2 || strings.Join(text, "|") != "plain text: here|[error] not json" {
		t.Errorf("values %v, text %q", got, text)
	}
}

func TestDecodeJSONSkipsTextAround(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []int
		wantErr  string
	}{
		{"plain", "[1, 2]\n", []int{1, 2}, ""},
		{"text before", "Failed to load 'pyproject.toml': Expected ']'\n[1,\n 2]\n", []int{1, 2}, ""},
		{"text after", "[1]\nwarning: done {soon}\n", []int{1}, ""},
		{"indented bracket is text", "  [9]\n[tool.x\n[3]\n", []int{3}, ""},
		{"no document", "[tool.x\n", nil, "decode JSON output: invalid character 'o' in literal true (expecting 'r')"},
		{"wrong type", "{\"a\": 1}\n", nil, "decode JSON output: json: cannot unmarshal object into Go value of type []int"},
		{"empty", " \n", nil, "no JSON output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []int
			err := DecodeJSON([]byte(tt.in), &got)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if !slices.Equal(got, tt.want) || gotErr != tt.wantErr {
				t.Errorf("got %v %q, want %v %q", got, gotErr, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRepoPath(t *testing.T) {
	t.Parallel()
	out := Output{Root: "/repo", RealRoot: "/private/repo", Dir: "web"}
	for in, want := range map[string]string{
		"src/a.ts":             "web/src/a.ts",
		"/repo/web/src/a.ts":   "web/src/a.ts",
		"/private/repo/x/b.ts": "x/b.ts",
		"/elsewhere/c.ts":      "/elsewhere/c.ts",
		"../shared/d.ts":       "shared/d.ts",
	} {
		if got := out.RepoPath(in); got != want {
			t.Errorf("RepoPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestJudgeSeveritiesFollowTheExitCode: what blocks a commit reads as an error, what
// does not as a warning (issue 11).
func TestJudgeSeveritiesFollowTheExitCode(t *testing.T) {
	t.Parallel()
	parse := func(sevs ...hooks.Severity) func(Output) ([]hooks.Diagnostic, error) {
		return func(Output) ([]hooks.Diagnostic, error) {
			var ds []hooks.Diagnostic
			for i, s := range sevs {
				ds = append(ds, hooks.Diagnostic{Path: "a.js", Line: i + 1, Severity: s})
			}
			return ds, nil
		}
	}
	tests := []struct {
		name string
		exit int
		sevs []hooks.Severity
		want []hooks.Severity
	}{
		{"warnings a tool exits 0 on stay warnings", 0, []hooks.Severity{hooks.SevWarning}, []hooks.Severity{hooks.SevWarning}},
		{"warnings a tool fails on alone are errors", 1, []hooks.Severity{hooks.SevWarning, hooks.SevInfo}, []hooks.Severity{hooks.SevError, hooks.SevInfo}},
		{"warnings beside errors stay warnings", 1, []hooks.Severity{hooks.SevError, hooks.SevWarning}, []hooks.Severity{hooks.SevError, hooks.SevWarning}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl := &Tool{Name: "eslint", Parse: parse(tt.sevs...), Verdict: Codes{}.Verdict}
			_, diags, err := Judge(tl, Output{Tool: "eslint", ExitCode: tt.exit})
			if err != nil {
				t.Fatal(err)
			}
			var got []hooks.Severity
			for _, d := range diags {
				got = append(got, d.Severity)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("severities = %v, want %v", got, tt.want)
			}
		})
	}
}
