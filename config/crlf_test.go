package config

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestParseCRLF: a hookrun.yaml saved with Windows line endings (an editor's default,
// or git's core.autocrlf) parses to the same File, and fails with the same positional
// errors, as with "\n": no "\r" reaches a command, a glob or a message (issue 14).
func TestParseCRLF(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, yaml string }{
		{"a block scalar command keeps no carriage returns", `version: 1
hooks:
  - id: lint
    run: |
      echo one
      echo two "$@"
    files: ["*.py", "web/**/*.ts"]
    env:
      A: b
`},
		{"a folded scalar and a quoted string with an escaped line break", `version: 1
hooks:
  - id: lint
    run: >-
      sh -c
      'exit 0'
    check: "a\
      b"
`},
		{"an unknown key is reported at the same line and column", `version: 1
hooks:
  - id: lint
    run: "true"
    stage_fixd: true
`},
		{"a syntax error names the same line", "version: 1\nhooks:\n  - id: lint\n    run: [unclosed\n    files: x\n"},
		{"a tab in the indentation names the same line", "version: 1\nhooks:\n  - id: lint\n\trun: x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := parseResult(t, tt.yaml)
			got := parseResult(t, strings.ReplaceAll(tt.yaml, "\n", "\r\n"))
			if got != want {
				t.Errorf("with CRLF:\n%s\nwith LF:\n%s", got, want)
			}
			if strings.Contains(got, `\r`) {
				t.Errorf("a carriage return reached the result:\n%s", got)
			}
		})
	}
}

// parseResult is Parse's File as JSON, or its error.
func parseResult(t *testing.T, yaml string) string {
	t.Helper()
	f, err := Parse("hookrun.yaml", []byte(yaml))
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
