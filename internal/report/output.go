package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Everything a hook or the repository supplies (output, hook names, file paths,
// diagnostics, commands, errors) may hold terminal control sequences: OSC 52 writes the
// clipboard, "\e[2J" clears the screen, "\r" or a cursor move hides a line. Every view
// and report shows such text only through the functions below, which spell each control
// character out as text ("\x1b", "\u009b"), so that it reaches neither a terminal nor a
// pipe raw; the only control sequences hookrun prints are its own colours and cursor
// moves, and those only on a terminal.

// sgr matches a Select Graphic Rendition sequence (colours, bold): a tool's styling,
// dropped from its output rather than spelt out. It only styles text that stays.
var sgr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\x1b\[[0-9;:]*m`) })

// plainText turns a tool's raw output into text for a view or a report: its colours
// dropped, carriage returns turned into line ends (progress redrawn in place), every
// other control character, invalid UTF-8 included, spelt out (see visible), and
// trailing blank space trimmed.
func plainText(out []byte) string {
	if bytes.IndexByte(out, 0x1b) >= 0 {
		out = sgr().ReplaceAll(out, nil)
	}
	out = bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
	out = bytes.ReplaceAll(out, []byte("\r"), []byte("\n"))
	return visible(string(bytes.TrimRight(out, " \t\r\n")), "\n\t")
}

// Visible returns text of many lines for a terminal (commands, errors, messages, diffs):
// its line ends and tabs kept, every other control character spelt out, "\r" too (a diff
// shows CRLF line ends as "\r"). cmd/hookrun passes its messages, which name files and
// hooks, through it.
func Visible(s string) string { return visible(s, "\n\t") }

// visibleLine is for what must stay on one line: names, paths, rules, reasons.
func visibleLine(s string) string { return visible(s, "") }

// visible spells out every control character of s but those in keep: C0 and DEL as
// "\x1b" ("\n", "\r", "\t" by name), C1 as "\u009b", a byte that is not UTF-8 as "\x9b".
// Valid text, backslashes included, is left as it is.
func visible(s, keep string) string {
	i := 0
	for i < len(s) { // the common case: nothing to spell out, no copy
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, n, keep) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !needsEscape(r, n, keep):
			b.WriteString(s[i : i+n])
		case r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

func needsEscape(r rune, size int, keep string) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r < 0x20 || r == 0x7f:
		return !strings.ContainsRune(keep, r)
	}
	return r >= 0x80 && r <= 0x9f
}

// tailLines returns the last n lines of s, preceded by a note of how many were left out.
func tailLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	cut := len(lines) - n
	return "[" + strconv.Itoa(cut) + " earlier lines left out]\n" + strings.Join(lines[cut:], "\n")
}
