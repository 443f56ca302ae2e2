package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ansiEscape matches the terminal control sequences tools print when they think they
// talk to a terminal: CSI sequences (colours, cursor moves) and OSC sequences (links).
var ansiEscape = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]`)

// plainText turns a tool's raw output into text for a report: terminal escape
// sequences removed, carriage returns turned into line ends, invalid UTF-8 and other
// control characters replaced with U+FFFD, and trailing blank space trimmed.
func plainText(out []byte) string {
	out = ansiEscape.ReplaceAll(out, nil)
	out = bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
	out = bytes.ReplaceAll(out, []byte("\r"), []byte("\n")) // progress redrawn in place
	s := string(bytes.TrimRight(out, " \t\r\n"))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			return '\uFFFD' // a lone control character: a bell, a NUL
		}
		return r
	}, s)
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
