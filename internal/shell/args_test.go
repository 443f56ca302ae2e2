package shell

import "testing"

func TestReadsArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script string
		want   bool
	}{
		{`"$@" reads`, `echo "$@"`, true},
		{"$@ bare reads", `echo $@`, true},
		{"${@} reads", `echo "${@}"`, true},
		{"a slice of $@ reads", `echo "${@:2}"`, true},
		{"$* inside double quotes reads", `printf '%s\n' "$*"`, true},
		{"$1 reads", `echo $1`, true},
		{"${1} reads", `echo ${1}`, true},
		{"${10} reads", `echo ${10}`, true},
		{"a default for $1 reads", `echo "${1:-none}"`, true},
		{"the length of $1 reads", `echo ${#1}`, true},
		{"$# counts the files, so it reads", `[ $# -gt 0 ] && echo some`, true},
		{"${#} reads", `echo ${#}`, true},
		{"$0 is the hook's name, not a file", `echo "$0"`, false},
		{"$1 in a command substitution reads", `x=$(cat "$1")`, true},
		{"$1 in backquotes reads", "x=`cat \"$1\"`", true},
		{"$1 in arithmetic reads", `echo $(( $1 + 1 ))`, true},
		{"a bare 1 in arithmetic is a number", `echo $(( 1 + 1 ))`, false},
		{"$1 in a parameter default reads", `echo "${X:-$1}"`, true},
		{"$@ in a function body reads", "f() { echo \"$@\"; }\nf a", true},
		{"for without in iterates over $@", "for f; do echo \"$f\"; done", true},
		{"for with in reads only its words", "for f in a b; do echo \"$f\"; done", false},
		{"getopts without words parses $@", "while getopts v o; do :; done", true},
		{"getopts with words parses those", "while getopts v o a b; do :; done", false},
		{"sourcing a file hands it $@", ". ./lint.sh", true},
		{"sourcing a file with words hands it those", "source ./lint.sh a", false},
		{"eval runs its single-quoted text here", `eval 'echo "$1"'`, true},
		{"eval runs its escaped text here", `eval echo \$1`, true},
		{"eval of text without parameters does not read", `eval 'echo hi'`, false},
		{"a trap action runs here", `trap 'rm -f "$1"' EXIT`, true},
		{"a trap action without parameters does not read", `trap 'rm -f "$tmp"' EXIT`, false},
		{"$@ in single quotes for an inner shell does not read", `sh -c 'for f in "$@"; do echo "$f"; done' --`, false},
		{"$@ in single quotes does not read", `echo '$@'`, false},
		{"an escaped $@ does not read", `echo "\$@"`, false},
		{"an escaped $1 outside quotes does not read", `echo \$1`, false},
		{"$1 in an ANSI-C string does not read", `echo $'$1'`, false},
		{"$1 in double quotes for an inner shell is expanded here", `sh -c "echo $1"`, true},
		{"an inner shell given $@ reads", `sh -c 'echo "$1"' sh "$@"`, true},
		{"other variables do not read", `echo "$HOME" $? $$ $!`, false},
		{"shift alone does not read", "shift\necho done", false},
		{"set -- alone does not read", "set -- a b", false},
		{"a here-document expands $1", "cat <<EOF\n$1\nEOF\n", true},
		{"a quoted here-document keeps $1 literal", "cat <<'EOF'\n$1\nEOF\n", false},
		{"a here-document with an escaped delimiter keeps $1 literal", "cat <<\\EOF\n$1\nEOF\n", false},
		{"a multi-line script using $@ reads", "set -e\nfor f in \"$@\"; do\n  lint \"$f\"\ndone\n", true},
		{"a multi-line script without parameters does not read", "cd web\nnpm test\n", false},
		{"a comment naming $@ does not read", "make lint # not \"$@\"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReadsArgs(tt.script)
			if err != nil || got != tt.want {
				t.Errorf("ReadsArgs(%q) = %v, %v; want %v, nil", tt.script, got, err, tt.want)
			}
		})
	}
}

func TestReadsArgsParseError(t *testing.T) {
	t.Parallel()
	for _, script := range []string{`echo "$1`, "for f in; do", "echo 'abc", "if true; then echo $1"} {
		if got, err := ReadsArgs(script); err == nil {
			t.Errorf("ReadsArgs(%q) = %v, nil; want a parse error", script, got)
		}
	}
}

func FuzzReadsArgs(f *testing.F) {
	for _, s := range []string{
		`echo "$@"`, `sh -c 'echo "$1"' --`, "cat <<EOF\n$1\nEOF\n", `eval "echo \$1"`,
		`trap -- 'x $1' EXIT`, "f() { echo ${#}; }", `x=$(( $1 + ${2:-0} ))`, "ruff check # x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(_ *testing.T, s string) {
		_, _ = ReadsArgs(s)
		_, _ = Plain(s)
		_, _ = Argv(s, "id", []string{"a"})
		_ = IgnoresArgs(s)
	})
}
