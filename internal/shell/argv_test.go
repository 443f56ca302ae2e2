package shell

import (
	"slices"
	"testing"
)

func TestArgv(t *testing.T) {
	t.Parallel()
	files := []string{"a b.py", "-rf"}
	sh := func(text string) []string { return append([]string{"-c", text, "id"}, files...) }
	tests := []struct {
		name     string
		cmdline  string
		wantProg string
		wantArgs []string
	}{
		{"plain words run directly with the files appended", "ruff check --fix", "ruff", []string{"check", "--fix", "a b.py", "-rf"}},
		{"a relative script path runs directly", "./scripts/lint.sh -q", "./scripts/lint.sh", []string{"-q", "a b.py", "-rf"}},
		{"a trailing comment is dropped from a plain command", "ruff check # fast", "ruff", []string{"check", "a b.py", "-rf"}},
		{"surrounding space and a final newline keep a command plain", "  ruff check\n", "ruff", []string{"check", "a b.py", "-rf"}},
		{"a variable needs the shell", "echo $HOME", "sh", sh(`echo $HOME "$@"`)},
		{"quotes need the shell", `grep -n "x y"`, "sh", sh(`grep -n "x y" "$@"`)},
		{"a pipe needs the shell", "cat | wc", "sh", sh(`cat | wc "$@"`)},
		{"a glob needs the shell", "ls *.py", "sh", sh(`ls *.py "$@"`)},
		{"a bracket glob needs the shell", "ls [ab].py", "sh", sh(`ls [ab].py "$@"`)},
		{"a tilde needs the shell", "ls ~/x", "sh", sh(`ls ~/x "$@"`)},
		{"a backslash needs the shell", `echo a\ b`, "sh", sh(`echo a\ b "$@"`)},
		{"an assignment needs the shell", "FOO=1 tool", "sh", sh(`FOO=1 tool "$@"`)},
		{"a redirection needs the shell", "tool 2>&1", "sh", sh(`tool "$@" 2>&1`)},
		{"a shell builtin needs the shell", "cd sub", "sh", sh(`cd sub "$@"`)},
		{"a command using $@ is left alone", `black "$@" --check`, "sh", sh(`black "$@" --check`)},
		{"a command using $* is left alone", `echo "$*"`, "sh", sh(`echo "$*"`)},
		{"a command using ${1} is left alone", `grep x "${1}"`, "sh", sh(`grep x "${1}"`)},
		{"a command counting its files is left alone", `[ $# -eq 0 ] || tool`, "sh", sh(`[ $# -eq 0 ] || tool`)},
		{
			"an inner shell's $@ in single quotes gets the files after --",
			`sh -c 'for f in "$@"; do echo "$f"; done' --`,
			"sh", sh(`sh -c 'for f in "$@"; do echo "$f"; done' -- "$@"`),
		},
		{"a $@ in single quotes gets the files appended", `echo '$@'`, "sh", sh(`echo '$@' "$@"`)},
		{"an escaped $@ gets the files appended", `echo "\$@"`, "sh", sh(`echo "\$@" "$@"`)},
		{"the files go before a trailing comment", `grep -n "x" # why`, "sh", sh(`grep -n "x" "$@" # why`)},
		{"the files go before a trailing semicolon", `echo "x";`, "sh", sh(`echo "x" "$@";`)},
		{"the files go to the last command", `cd web && npx eslint`, "sh", sh(`cd web && npx eslint "$@"`)},
		{"a multi-line script is left as written", "cd x\nmake lint\n", "sh", sh("cd x\nmake lint\n")},
		{"a subshell has no words to add the files to", `(cd x && make) >/dev/null 2>&1 &`, "sh", sh(`(cd x && make) >/dev/null 2>&1 &`)},
		{"the files go to a pipe's last command", `cat | wc -l # count`, "sh", sh(`cat | wc -l "$@" # count`)},
		{"a one-line command that does not parse is left as written", `echo "x`, "sh", sh(`echo "x`)},
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

func TestPlain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cmdline string
		want    []string
	}{
		{"literal words are plain", "go vet ./...", []string{"go", "vet", "./..."}},
		{"punctuation the shell ignores is plain", "tool --x=1,2 a:b @c %d +e", []string{"tool", "--x=1,2", "a:b", "@c", "%d", "+e"}},
		{"an empty command is not plain", "  ", nil},
		{"two lines are not plain", "a\nb", nil},
		{"two commands are not plain", "a; b", nil},
		{"a background command is not plain", "a &", nil},
		{"a negated command is not plain", "! a", nil},
		{"a keyword is not plain", "if a; then b; fi", nil},
		{"a subshell is not plain", "(a)", nil},
		{"a quoted word is not plain", "echo 'a'", nil},
		{"a command substitution is not plain", "echo $(a)", nil},
		{"a glob is not plain", "ls a?", nil},
		{"a brace is not plain", "echo {a,b}", nil},
		{"an assignment is not plain", "A=1", nil},
		{"exec is a shell builtin", "exec tool", nil},
		{"the dot command is a shell builtin", ". ./env", nil},
		{"a syntax error is not plain", "a )", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Plain(tt.cmdline)
			if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
				t.Errorf("Plain(%q) = %q, %v; want %q", tt.cmdline, got, ok, tt.want)
			}
		})
	}
}

func TestIgnoresArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cmdline string
		want    bool
	}{
		{"a multi-line script without parameters ignores them", "cd web\nnpm test\n", true},
		{"a multi-line script with an inner shell's $@ ignores them", "set -e\nsh -c 'echo \"$@\"' --\n", true},
		{"a multi-line script using $@ reads them", "set -e\nlint \"$@\"\n", false},
		{"a one-line command gets them appended", "npm test", false},
		{"a one-line inner shell gets them appended", `sh -c 'echo "$@"' --`, false},
		{"a script that does not parse is not judged", "if true\necho\n", false},
		{"a one-line subshell gets nothing appended, so ignores them", "(cd web && npm test)", true},
		{"a one-line subshell reading $@ reads them", `(cd web && lint "$@")`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IgnoresArgs(tt.cmdline); got != tt.want {
				t.Errorf("IgnoresArgs(%q) = %v, want %v", tt.cmdline, got, tt.want)
			}
		})
	}
}
