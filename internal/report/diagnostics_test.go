package report

import (
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func TestFormatDiagnostics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		in    []hooks.Diagnostic
		color bool
		want  string
	}{
		{"no diagnostics print nothing", nil, false, ""},
		{
			"diagnostics are grouped by file and sorted by position",
			[]hooks.Diagnostic{
				{Path: "b.py", Line: 1, Col: 1, Rule: "E1", Message: "second file", Tool: "ruff"},
				{Path: "a.py", Line: 10, Col: 2, Rule: "E2", Message: "later", Tool: "ruff"},
				{Path: "a.py", Line: 9, Col: 5, Rule: "E3", Message: "earlier", Tool: "ruff"},
			},
			false,
			"a.py:9:5: E3 earlier (ruff)\na.py:10:2: E2 later (ruff)\nb.py:1:1: E1 second file (ruff)\n",
		},
		{
			"unknown positions, rule and tool are left out",
			[]hooks.Diagnostic{{Path: "a.go", Message: "whole file"}, {Path: "b.go", Line: 3, Message: "no column"}, {Message: "no file"}},
			false,
			"no file\na.go: whole file\nb.go:3: no column\n",
		},
		{
			"warnings and infos say so beside the tool",
			[]hooks.Diagnostic{
				{Path: "a.ts", Line: 1, Col: 1, Rule: "no-var", Severity: hooks.SevWarning, Message: "use let", Tool: "eslint"},
				{Path: "a.ts", Line: 2, Col: 1, Severity: hooks.SevInfo, Message: "fyi"},
			},
			false,
			"a.ts:1:1: no-var use let (eslint, warning)\na.ts:2:1: fyi (info)\n",
		},
		{
			"a multi-line message continues indented",
			[]hooks.Diagnostic{{Path: "a.py", Line: 1, Col: 1, Rule: "X", Message: "first\nsecond\n", Tool: "t"}},
			false,
			"a.py:1:1: X first\n  second (t)\n",
		},
		{
			"colour makes the path bold, the rule its severity's colour and the tool dim",
			[]hooks.Diagnostic{{Path: "a.py", Line: 1, Col: 2, Rule: "W1", Severity: hooks.SevWarning, Message: "m", Tool: "t"}},
			true,
			"\x1b[1ma.py:1:2\x1b[0m: \x1b[33mW1\x1b[0m m \x1b[2m(t, warning)\x1b[0m\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := string(FormatDiagnostics(tc.in, tc.color)); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestColorMode(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name     string
		flag     string
		terminal bool
		env      func(string) string
		want     bool
	}{
		{"auto colours a terminal", "auto", true, env(), true},
		{"no value means auto", "", true, env(), true},
		{"auto leaves a pipe plain", "auto", false, env(), false},
		{"NO_COLOR turns auto off", "auto", true, env("NO_COLOR", "1"), false},
		{"an empty NO_COLOR does not (no-color.org)", "auto", true, env("NO_COLOR", ""), true},
		{"TERM=dumb turns auto off", "auto", true, env("TERM", "dumb"), false},
		{"always wins over a pipe and NO_COLOR", "always", false, env("NO_COLOR", "1"), true},
		{"never wins over a terminal", "never", true, env(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := ParseColorMode(tc.flag)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Enabled(tc.terminal, tc.env); got != tc.want {
				t.Errorf("Enabled = %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := ParseColorMode("sometimes"); err == nil || err.Error() != "--color=sometimes: want auto, always or never" {
		t.Errorf("ParseColorMode(sometimes) error = %v", err)
	}
}
