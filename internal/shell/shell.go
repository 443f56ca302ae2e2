package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// parse reads s as the shell would. Commands run under sh, but the bash dialect is a
// superset for the questions asked here (where parameters are expanded, what is a plain
// word), so a command written for a bash-as-sh still gets an answer.
func parse(s string) (*syntax.File, error) {
	return syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(s), "")
}

// oneLine reports whether cmdline, surrounding space aside, is a single line: the
// commands that get "$@" appended or run without a shell.
func oneLine(cmdline string) bool {
	return !strings.Contains(strings.TrimSpace(cmdline), "\n")
}
