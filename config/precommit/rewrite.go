package precommit

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
)

// RevEdit is a new rev for one repository of a config: what autoupdate writes.
type RevEdit struct {
	Pos    config.Pos // Repo.RevPos: where the old value starts
	Old    string     // Repo.Rev: the value there, checked before it is replaced
	Rev    string     // the new value
	Frozen string     // with --freeze, the tag Rev is the commit of ("# frozen: TAG")
}

// RewriteRevs returns data with each edit's rev value replaced in place, so that the
// rest of the file (formatting, comments, other keys, line endings) stays byte for
// byte. The value keeps its quoting (a plain value that YAML would read as something
// other than that string is single-quoted). On a block line, the comment after the value
// becomes "# frozen: TAG" when the edit is frozen, and a "# frozen:" comment left from
// an earlier freeze goes when it is not; other comments stay. An edit whose position
// does not hold its Old value (the file changed since it was parsed) is an error.
func RewriteRevs(data []byte, edits []RevEdit) ([]byte, error) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	for _, e := range edits {
		if e.Pos.Line < 1 || e.Pos.Line > len(lines) {
			return nil, fmt.Errorf("%s: no rev at this line", e.Pos)
		}
		line, err := rewriteRevLine(string(lines[e.Pos.Line-1]), e)
		if err != nil {
			return nil, err
		}
		lines[e.Pos.Line-1] = []byte(line)
	}
	return bytes.Join(lines, nil), nil
}

// rewriteRevLine replaces the scalar starting at column e.Pos.Col (1-based, in
// characters, as the YAML parser counts) of line.
func rewriteRevLine(line string, e RevEdit) (string, error) {
	runes := []rune(line)
	start := e.Pos.Col - 1
	if start < 0 || start >= len(runes) {
		return "", fmt.Errorf("%s: no rev at this column", e.Pos)
	}
	end, quote, ok := scalarEnd(runes, start)
	if !ok {
		return "", fmt.Errorf("%s: the rev value does not end on its line; write it on one line", e.Pos)
	}
	if old := unquoteRev(string(runes[start:end])); old != e.Old {
		return "", fmt.Errorf("%s: rev is %q, not %q: the file changed; run again", e.Pos, old, e.Old)
	}
	head, rest := string(runes[:start]), string(runes[end:])
	body, eol := splitEOL(rest)
	trimmed := strings.TrimLeft(body, " \t")
	if trimmed == "" || strings.HasPrefix(trimmed, "#") { // a block line: the comment is ours to keep or replace
		switch {
		case e.Frozen != "":
			body = "  # frozen: " + e.Frozen
		case strings.HasPrefix(trimmed, "# frozen:"):
			body = ""
		}
	}
	return head + quoteRev(e.Rev, quote) + body + eol, nil
}

// scalarEnd finds where the scalar starting at runes[start] ends: after its closing
// quote, or, plain, before a " #" comment, a flow indicator or the end of the line.
func scalarEnd(runes []rune, start int) (end int, quote rune, ok bool) {
	if q := runes[start]; q == '\'' || q == '"' {
		end, ok = quotedEnd(runes, start)
		return end, q, ok
	}
	end = start
	for end < len(runes) && !plainStop(runes, start, end) {
		end++
	}
	for end > start && (runes[end-1] == ' ' || runes[end-1] == '\t') {
		end--
	}
	return end, 0, true
}

// quotedEnd is the index after the closing quote of the quoted scalar at start.
func quotedEnd(runes []rune, start int) (int, bool) {
	q := runes[start]
	for i := start + 1; i < len(runes); i++ {
		switch {
		case q == '"' && runes[i] == '\\':
			i++
		case q == '\'' && runes[i] == '\'' && i+1 < len(runes) && runes[i+1] == '\'':
			i++
		case runes[i] == q:
			return i + 1, true
		}
	}
	return 0, false
}

// plainStop reports whether the plain scalar from start ends before runes[i].
func plainStop(runes []rune, start, i int) bool {
	switch runes[i] {
	case '\n', '\r', ',', '}', ']':
		return true
	case '#':
		return i > start && (runes[i-1] == ' ' || runes[i-1] == '\t')
	}
	return false
}

func splitEOL(s string) (body, eol string) {
	for _, nl := range []string{"\r\n", "\n"} {
		if b, ok := strings.CutSuffix(s, nl); ok {
			return b, nl
		}
	}
	return s, ""
}

// Scalar writes s as a YAML value: plain when YAML reads it back as this string, else
// single-quoted.
func Scalar(s string) string { return quoteRev(s, 0) }

// quoteRev writes rev in the quoting the old value had; a plain value that YAML would
// not read back as this string (1.10 is a number) is single-quoted.
func quoteRev(rev string, quote rune) string {
	switch quote {
	case '"':
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(rev) + `"`
	case '\'':
		return "'" + strings.ReplaceAll(rev, "'", "''") + "'"
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("rev: "+rev), &n); err == nil && len(n.Content) == 1 &&
		len(n.Content[0].Content) == 2 && n.Content[0].Content[1].ShortTag() == "!!str" && n.Content[0].Content[1].Value == rev {
		return rev
	}
	return "'" + strings.ReplaceAll(rev, "'", "''") + "'"
}

// unquoteRev is the string a rev scalar as written means.
func unquoteRev(text string) string {
	var v string
	if err := yaml.Unmarshal([]byte(text), &v); err != nil {
		return text
	}
	return v
}
