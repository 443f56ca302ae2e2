package precommit

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestParseCRLF: a .pre-commit-config.yaml or a manifest saved with Windows line endings
// parses to the same hooks, warnings and positional errors as with "\n": no "\r" reaches
// an entry, a regex or a message (issue 14).
func TestParseCRLF(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, yaml string }{
		{"a local hook with a block scalar entry and anchored regexes", `repos:
- repo: local
  hooks:
  - id: no-todo
    name: no TODO
    entry: |
      TODO
    language: pygrep
    files: \.py$
    exclude: ^vendor/
    args: [--multiline]
`},
		{"a remote repository with a rev", `default_stages: [pre-commit]
repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v6.0.0
  hooks:
  - id: trailing-whitespace
    exclude: "\\.md$"
`},
		{"an unknown key is reported at the same line and column", `repos:
- repo: local
  hooks:
  - id: x
    name: x
    entry: "true"
    language: system
    filez: x
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := pcParseResult(t, tt.yaml)
			got := pcParseResult(t, strings.ReplaceAll(tt.yaml, "\n", "\r\n"))
			if got != want {
				t.Errorf("with CRLF:\n%s\nwith LF:\n%s", got, want)
			}
			if strings.Contains(got, `\r`) {
				t.Errorf("a carriage return reached the result:\n%s", got)
			}
		})
	}
}

// pcParseResult is Parse's Config and warnings as JSON, or its error.
func pcParseResult(t *testing.T, yaml string) string {
	t.Helper()
	c, warns, err := Parse(".pre-commit-config.yaml", []byte(yaml))
	if err != nil {
		return "error: " + err.Error()
	}
	b, err := json.Marshal(struct {
		C *Config
		W []Warning
	}{c, warns})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
