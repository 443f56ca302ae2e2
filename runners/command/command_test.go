package command

import "testing"

func TestWithFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"a bare command gets the files appended", "ruff check", `ruff check "$@"`},
		{"a command using $@ is left alone", `black "$@" --check`, `black "$@" --check`},
		{"a command using $* is left alone", `echo "$*"`, `echo "$*"`},
		{"a command using ${1} is left alone", `grep x "${1}"`, `grep x "${1}"`},
		{"a command using $1 is left alone", `grep x "$1"`, `grep x "$1"`},
		{"a multi-line script is left alone", "cd x\nmake lint\n", "cd x\nmake lint\n"},
		{"surrounding space is trimmed before appending", "  true \n", `true "$@"`},
		{"a dollar sign elsewhere does not count", `echo "$HOME"`, `echo "$HOME" "$@"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := WithFiles(tt.in); got != tt.want {
				t.Errorf("WithFiles(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
