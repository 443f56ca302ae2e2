package shell

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// ReadsArgs reports whether script reads its positional parameters, the files a hook is
// given, at the level of the shell that runs it (`sh -c SCRIPT NAME FILE...`).
//
// These read them: $@, $*, $1…$9, ${10} and every other ${N} but $0 (the hook's name),
// $# and ${#} (a script that counts its files is aware of them, and appending "$@" to it
// would change what it means), and any form of those such as "${@:2}", ${1:-x} or ${#1},
// wherever the outer shell expands it: bare, inside double quotes, in $(...) or `...`, in
// arithmetic, in a here-document with an unquoted delimiter, in a function body (whether
// the function is called with them is not followed). So do the commands that use them
// without naming them: `for f; do` (and select) without "in", getopts without words to
// parse, and `. FILE` or `source FILE` without arguments (the file sees them). The text of
// eval and of a trap action runs in this shell too, so it is read as shell code.
//
// Text in single quotes is not read: it is literal, typically a script for an inner
// `sh -c '...' --` whose own parameters are the words after it. Nor is a here-document
// with a quoted delimiter, or an escaped \$1. shift and set -- change the parameters
// without reading them, so alone they do not count.
//
// A script that does not parse returns the parser's error; Argv then runs it as written
// so that the shell reports the error for the user's own text.
func ReadsArgs(script string) (bool, error) {
	f, err := parse(script)
	if err != nil {
		return false, err
	}
	return readsArgs(f), nil
}

// readsArgs reports whether the tree under node reads the positional parameters.
func readsArgs(node syntax.Node) bool {
	found := false
	syntax.Walk(node, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.ParamExp:
			found = found || positional(n)
		case *syntax.WordIter:
			found = found || !n.InPos.IsValid() // `for f; do` iterates over "$@"
		case *syntax.CallExpr:
			found = found || callReads(n)
		}
		return !found
	})
	return found
}

// positional reports whether pe expands a positional parameter or their count.
func positional(pe *syntax.ParamExp) bool {
	if pe.Param == nil {
		return false
	}
	switch name := pe.Param.Value; name {
	case "@", "*", "#":
		return true
	default:
		return strings.Trim(name, "0123456789") == "" && strings.TrimLeft(name, "0") != ""
	}
}

// callReads reports whether a simple command reads the positional parameters without
// naming them, or runs text in this shell (eval, trap) that names them. Its words are
// walked apart from this.
func callReads(c *syntax.CallExpr) bool {
	if len(c.Args) == 0 {
		return false
	}
	args := c.Args[1:]
	switch c.Args[0].Lit() {
	case ".", "source":
		return len(args) == 1 // with no words of its own, the file gets ours
	case "getopts":
		return len(args) == 2 // getopts OPTSTRING NAME parses "$@"
	case "eval":
		return codeReads(args)
	case "trap":
		if len(args) > 0 && args[0].Lit() == "--" {
			args = args[1:]
		}
		if len(args) < 2 { // trap, trap -p, trap ACTION: nothing to run
			return false
		}
		return codeReads(args[:1])
	}
	return false
}

// codeReads reports whether the words, joined with spaces after quote removal as eval
// does, make shell code that reads the positional parameters. Code that does not parse
// fails when it runs, so it does not count.
func codeReads(words []*syntax.Word) bool {
	texts := make([]string, len(words))
	for i, w := range words {
		var b strings.Builder
		for _, p := range w.Parts {
			writeText(&b, p, false)
		}
		texts[i] = b.String()
	}
	f, err := parse(strings.Join(texts, " "))
	return err == nil && readsArgs(f)
}

// writeText writes the text of a word part after quote removal. An expansion's value is
// unknown here and stands as a plain word; its own parameters were already walked.
func writeText(b *strings.Builder, p syntax.WordPart, inDouble bool) {
	switch p := p.(type) {
	case *syntax.Lit:
		b.WriteString(unescape(p.Value, inDouble))
	case *syntax.SglQuoted:
		b.WriteString(p.Value)
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			writeText(b, q, true)
		}
	default:
		b.WriteString("x")
	}
}

// unescape removes the backslashes the shell removes: before any character outside
// quotes, and before $ ` " \ and newline inside double quotes.
func unescape(s string, inDouble bool) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (!inDouble || strings.IndexByte("$`\"\\\n", s[i+1]) >= 0) {
			i++
			if s[i] == '\n' {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
