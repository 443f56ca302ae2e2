package command

import (
	"slices"
	"testing"
)

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

func TestArgv(t *testing.T) {
	t.Parallel()
	files := []string{"a b.py", "-rf"}
	tests := []struct {
		name     string
		cmdline  string
		wantProg string
		wantArgs []string
	}{
		{"plain words run directly with the files appended", "ruff check --fix", "ruff", []string{"check", "--fix", "a b.py", "-rf"}},
		{"a relative script path runs directly", "./scripts/lint.sh -q", "./scripts/lint.sh", []string{"-q", "a b.py", "-rf"}},
		{"a variable needs the shell", "echo $HOME", "sh", []string{"-c", `echo $HOME "$@"`, "id", "a b.py", "-rf"}},
		{"quotes need the shell", `grep -n "x y"`, "sh", []string{"-c", `grep -n "x y" "$@"`, "id", "a b.py", "-rf"}},
		{"a pipe needs the shell", "cat | wc", "sh", []string{"-c", `cat | wc "$@"`, "id", "a b.py", "-rf"}},
		{"a glob needs the shell", "ls *.py", "sh", []string{"-c", `ls *.py "$@"`, "id", "a b.py", "-rf"}},
		{"an assignment needs the shell", "FOO=1 tool", "sh", []string{"-c", `FOO=1 tool "$@"`, "id", "a b.py", "-rf"}},
		{"a shell builtin needs the shell", "cd sub", "sh", []string{"-c", `cd sub "$@"`, "id", "a b.py", "-rf"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			prog, args := Argv(tt.cmdline, "id", files)
			if prog != tt.wantProg || !slices.Equal(args, tt.wantArgs) {
				t.Errorf("Argv(%q) = %q %q, want %q %q", tt.cmdline, prog, args, tt.wantProg, tt.wantArgs)
			}
		})
	}
}
