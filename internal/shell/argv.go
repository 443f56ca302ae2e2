package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Argv returns the program and arguments that run cmdline on files, with name as $0.
// A plain command (see Plain) runs directly with the files appended, which is what the
// shell would do, without a shell's start-up. Anything else runs as
// `sh -c TEXT NAME FILE...`, so that files reach it as positional parameters and are
// never spliced into its text. TEXT is cmdline, except that a one-line command that does
// not read its parameters (see ReadsArgs) gets "$@" appended to its last command, as
// pre-commit appends files to an entry. A script of several lines, or one that does not
// parse, runs as written.
func Argv(cmdline, name string, files []string) (prog string, args []string) {
	if words, ok := Plain(cmdline); ok {
		return words[0], append(words[1:len(words):len(words)], files...)
	}
	return "sh", append([]string{"-c", script(cmdline), name}, files...)
}

// Plain returns the words of a one-line command that can run without a shell: a single
// simple command made only of unquoted literal words, with no expansion, glob (* ? [),
// brace, tilde or backslash the shell would still act on, no assignment, redirection,
// operator or keyword, and whose first word is not a shell built-in without a program of
// the same name (cd, exec, export, ...). A trailing comment is dropped, as the shell
// drops it.
func Plain(cmdline string) ([]string, bool) {
	call, ok := simpleCommand(cmdline)
	if !ok {
		return nil, false
	}
	words := make([]string, len(call.Args))
	for i, w := range call.Args {
		words[i] = w.Lit()
		if words[i] == "" || strings.ContainsAny(words[i], "*?[{}~\\") {
			return nil, false
		}
	}
	if shellOnly[words[0]] {
		return nil, false
	}
	return words, true
}

// simpleCommand returns the command of a one-line cmdline that is a single simple
// command with words and nothing around it: no assignment, redirection, !, & or |&.
func simpleCommand(cmdline string) (*syntax.CallExpr, bool) {
	if !oneLine(cmdline) {
		return nil, false
	}
	f, err := parse(cmdline)
	if err != nil || len(f.Stmts) != 1 {
		return nil, false
	}
	st := f.Stmts[0]
	if st.Negated || st.Background || st.Coprocess || st.Disown || len(st.Redirs) > 0 {
		return nil, false
	}
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Assigns) > 0 || len(call.Args) == 0 {
		return nil, false
	}
	return call, true
}

// shellOnly are command names that only the shell can run: built-ins that change the
// shell itself or have no program of the same name, and keywords.
var shellOnly = map[string]bool{
	"cd": true, "exec": true, "exit": true, "export": true, "set": true, "unset": true,
	"if": true, "for": true, "while": true, "until": true, "case": true, "command": true,
	"eval": true, ".": true, "source": true, "alias": true, "shift": true, "return": true,
	"trap": true, "wait": true, "ulimit": true, "umask": true, "read": true, "local": true,
}

// IgnoresArgs reports whether a hook that passes files runs cmdline without it ever
// seeing them: a script of several lines, or a one-line command ending in a compound
// command such as a subshell (both left as written by Argv), that parses and never reads
// its positional parameters. A one-line command ending in a simple command gets "$@" and
// a plain one gets the files as arguments, so neither ignores them; a script that does
// not parse is not judged.
func IgnoresArgs(cmdline string) bool {
	if _, plain := Plain(cmdline); plain {
		return false
	}
	line := strings.TrimSpace(cmdline)
	if oneLine(cmdline) && script(line) != line {
		return false // it gets "$@"
	}
	reads, err := ReadsArgs(cmdline)
	return err == nil && !reads
}

// script is the text `sh -c` runs for cmdline: see Argv. The "$@" goes right after the
// last command's words, before a trailing `;`, `&`, redirection or comment, so that
// `tool # note` still gets its files.
func script(cmdline string) string {
	if !oneLine(cmdline) {
		return cmdline
	}
	line := strings.TrimSpace(cmdline)
	f, err := parse(line)
	if err != nil || len(f.Stmts) == 0 || readsArgs(f) {
		return cmdline
	}
	call, ok := lastCall(f.Stmts[len(f.Stmts)-1])
	if !ok {
		// A subshell, group, loop or other compound command has no words to add the
		// files to: `(a; b) "$@"` is a syntax error. It runs as written, without them
		// (IgnoresArgs says so to validate).
		return cmdline
	}
	at := int(call.End().Offset())
	return line[:at] + ` "$@"` + line[at:]
}

// lastCall is the simple command that st ends in, through && || and pipes: the one whose
// words come last.
func lastCall(st *syntax.Stmt) (*syntax.CallExpr, bool) {
	for {
		switch c := st.Cmd.(type) {
		case *syntax.BinaryCmd:
			st = c.Y
		case *syntax.CallExpr:
			return c, len(c.Args) > 0
		default:
			return nil, false
		}
	}
}
