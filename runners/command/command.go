// Package command runs user-written hook commands (`run:`, `check:`, `fix:`): a shell
// command line with the job's files as positional arguments, never spliced into it.
package command

import (
	"context"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// Runner runs command hooks for one repository: a shell command line with the job's
// files as positional arguments.
type Runner struct {
	Root string // absolute repository root
}

var _ hooks.Runner = Runner{}

// Run runs the hook's command for mode m. The files are passed as "$@" to
// `sh -c CMD ID`, relative to the hook's root, so names with spaces, quotes, leading
// dashes or shell syntax reach the command as single arguments.
func (r Runner) Run(ctx context.Context, j hooks.Job, m hooks.Mode, start hooks.StartFunc) (hooks.Outcome, error) {
	h := j.Hook
	cmdline, _ := h.Command(m)
	prog, args := Argv(cmdline, h.ID, h.RelFiles(j.Files))
	out, err := start(ctx, hooks.Process{Argv: append([]string{prog}, args...), Dir: h.Dir(r.Root)})
	return hooks.Outcome{Status: hooks.StatusOf(out.ExitCode), ExitCode: out.ExitCode, Output: out.Output}, err
}

// Argv returns the program and arguments that run cmdline on files. A command made only
// of plain words (no quotes, variables, globs, pipes or other shell syntax) runs directly,
// files appended, which is what the shell would do, without a shell's start-up; anything
// else runs as `sh -c TEXT NAME FILE...`.
func Argv(cmdline, name string, files []string) (string, []string) {
	if words, ok := plainWords(cmdline); ok {
		return words[0], append(words[1:len(words):len(words)], files...)
	}
	return "sh", append([]string{"-c", WithFiles(cmdline), name}, files...)
}

// plainWords splits a one-line command whose every character means nothing to the shell.
func plainWords(cmdline string) ([]string, bool) {
	words := strings.Fields(cmdline)
	if len(words) == 0 || strings.ContainsAny(cmdline, "\n") {
		return nil, false
	}
	for _, w := range words {
		for _, c := range w {
			if !isPlain(c) {
				return nil, false
			}
		}
	}
	// A word the shell treats specially at the start (an assignment, a keyword, a
	// builtin that changes the shell) keeps the shell.
	if strings.Contains(words[0], "=") || shellWords[words[0]] {
		return nil, false
	}
	return words, true
}

func isPlain(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.ContainsRune("_-./:=,+@%", c)
}

// shellWords are command names that only the shell can run.
var shellWords = map[string]bool{
	"cd": true, "exec": true, "exit": true, "export": true, "set": true, "unset": true,
	"if": true, "for": true, "while": true, "until": true, "case": true, "command": true,
	"eval": true, ".": true, "source": true, "alias": true, "shift": true, "return": true,
	"trap": true, "wait": true, "ulimit": true, "umask": true, "read": true, "local": true,
}

// WithFiles returns the shell text to run: a one-line command that never mentions its
// positional arguments gets `"$@"` appended, as pre-commit appends files to an entry;
// scripts of several lines are left as written.
func WithFiles(cmdline string) string {
	line := strings.TrimSpace(cmdline)
	if strings.Contains(line, "\n") || mentionsArgs(line) {
		return cmdline
	}
	return line + ` "$@"`
}

func mentionsArgs(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		next := s[i+1]
		if next == '{' && i+2 < len(s) {
			next = s[i+2]
		}
		if next == '@' || next == '*' || next >= '1' && next <= '9' {
			return true
		}
	}
	return false
}
