package pchooks

import (
	"bytes"
	"strconv"
)

// The scalars of check-yaml's fast path (yamlquick.go): keys, plain, quoted and flow
// values, each read within its line, and built as the full check builds them.

// yamlKeyText splits a line's content into its key's text (quotes included) and what
// follows the ':' after it. isKey is false when the content is no key the fast path
// reads: a plain scalar with no ": " in it (or a comment before it), a long key.
func yamlKeyText(rest []byte) (key, after []byte, isKey bool) {
	var end int
	switch rest[0] {
	case '"', '\'':
		close, escapes := yamlQuotedScan(rest, 1, rest[0])
		if close < 0 || !escapes {
			return nil, nil, false
		}
		end = yamlSkipSpaces(rest, close)
		if end == len(rest) || rest[end] != ':' {
			return nil, nil, false
		}
	default:
		end = yamlPlainKeyEnd(rest)
		if end < 0 {
			return nil, nil, false
		}
	}
	if end+1 < len(rest) && rest[end+1] != ' ' || end > 1000 {
		return nil, nil, false
	}
	return bytes.TrimRight(rest[:end], " "), rest[end+1:], true
}

// yamlPlainKeyEnd is the index of the ':' that ends a plain key at the start of rest
// (the first ':' followed by a space or the end), -1 when a comment comes first or
// there is none.
func yamlPlainKeyEnd(rest []byte) int {
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case ':':
			if i+1 == len(rest) || rest[i+1] == ' ' {
				return i
			}
		case '#':
			if i > 0 && rest[i-1] == ' ' {
				return -1
			}
		}
	}
	return -1
}

// yamlQuotedScan reads a quoted scalar (quoted with quote) in s from i: end is the
// index just after its closing quote, -1 when it does not close in s; escapes is false
// when it holds an escape the fast path does not read (or a \ ending s: a line break
// escaped).
func yamlQuotedScan(s []byte, i int, quote byte) (end int, escapes bool) {
	for ; i < len(s); i++ {
		switch {
		case s[i] == quote && quote == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++ // '' is a quote
		case s[i] == quote:
			return i + 1, true
		case s[i] == '\\' && quote == '"':
			if i+1 >= len(s) || bytes.IndexByte([]byte(`\"/ntr`), s[i+1]) < 0 {
				return -1, false
			}
			i++
		}
	}
	return -1, true
}

// keyID is the constructed value of a key (its text as written, first its first
// byte), as the full check compares keys.
func (q *yamlQuick) keyID(key []byte, first byte) (string, bool) {
	switch first {
	case '"':
		if bytes.IndexByte(key, '\\') >= 0 {
			return "", false
		}
		return "s:" + string(key[1:len(key)-1]), true
	case '\'':
		return "s:" + string(bytes.ReplaceAll(key[1:len(key)-1], []byte("''"), []byte("'"))), true
	}
	if !yamlPlainStart(key) {
		return "", false
	}
	if id, ok := yamlQuickID(key); ok {
		return id, true
	}
	return q.plainID(string(key))
}

// plainOK says a plain scalar value builds (plainID), without building a string where
// it need not.
func (q *yamlQuick) plainOK(v []byte) bool {
	if !yamlImplicits[v[0]] || yamlWord(v) || yamlDigits(v) {
		return true
	}
	_, ok := q.plainID(string(v))
	return ok
}

// yamlQuickID is plainID for the plain scalars most keys are, without the resolver's
// regular expressions: ok is false for the others.
func yamlQuickID(v []byte) (id string, ok bool) {
	switch {
	case !yamlImplicits[v[0]]:
		return "s:" + string(v), true
	case yamlDigits(v):
		n, _ := strconv.ParseInt(string(v), 10, 64)
		return "n:" + strconv.FormatInt(n, 10), true
	case !yamlWord(v):
		return "", false
	}
	switch string(v) {
	case "true", "True", "TRUE":
		return "n:1", true
	case "false", "False", "FALSE":
		return "n:0", true
	case "null", "Null", "NULL":
		return "N", true
	}
	return "s:" + string(v), true
}

// yamlWord says v is a word of ASCII letters, digits, - and _ starting with a letter:
// a string, unless it is one of the boolean or null words (none of the other implicit
// types starts with a letter).
func yamlWord(v []byte) bool {
	if c := v[0] | 0x20; c < 'a' || c > 'z' {
		return false
	}
	for _, c := range v {
		if l := c | 0x20; (l < 'a' || l > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// yamlDigits says v is a decimal integer of at most 18 digits: an int.
func yamlDigits(v []byte) bool {
	if len(v) > 18 {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// yamlPlainStart says s may start a plain scalar the fast path reads: no indicator
// first, but a dash followed by something else than a space.
func yamlPlainStart(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	if s[0] == '-' {
		return len(s) > 1 && s[1] != ' '
	}
	return !yamlIndicators[s[0]]
}

// yamlIndicators are the characters that may not start a plain scalar (but -).
var yamlIndicators = byteSet("?:,[]{}#&*!|>'\"%@`")

// yamlImplicits are the characters that may start a plain scalar of another type
// than a string (resolveYAML12 looks no further for the others).
var yamlImplicits = byteSet("tTfF-+0123456789.<~nN=")

// plainID builds a plain scalar as the full check does (resolveYAML12, then the tag's
// constructor), and says false for one it cannot build or that is no plain value (the
// merge key <<, the value key =).
func (q *yamlQuick) plainID(v string) (string, bool) {
	tag := resolveYAML12(v)
	if tag == "!!str" {
		return "s:" + v, true
	}
	build, known := yamlScalar[tag]
	if !known {
		return "", false
	}
	id, err := build(&q.c, v)
	return id, err == nil
}

// value takes a value after a key or a dash (whose collection is at parent): a
// scalar, a one-line flow sequence, an empty flow mapping, or a block scalar's header.
func (q *yamlQuick) value(v []byte, parent int) bool {
	switch v[0] {
	case '"', '\'':
		end, escapes := yamlQuotedScan(v, 1, v[0])
		if end < 0 && escapes {
			q.cont, q.contMin = v[0], parent+1 // it goes on on the next lines
			return true
		}
		return end > 0 && escapes && yamlAfterNode(v[end:])
	case '[':
		return q.flowSequence(v)
	case '{':
		return len(v) > 1 && v[1] == '}' && yamlAfterNode(v[2:])
	case '|', '>':
		return q.blockHeader(v[1:], parent)
	}
	return q.plainValue(v, parent)
}

// blockHeader takes what follows a block scalar's | or >: a chomping indicator at
// most (no indentation indicator), then the end of the line or a comment.
func (q *yamlQuick) blockHeader(h []byte, parent int) bool {
	if len(h) > 0 && (h[0] == '-' || h[0] == '+') {
		h = h[1:]
	}
	if !yamlAfterNode(h) {
		return false
	}
	q.cont, q.contMin, q.blockIndent = '|', parent, 0
	return true
}

// plainValue takes a plain scalar value: built as the full check builds it, and
// continued on the lines after it (indented past parent) unless a comment ends it.
func (q *yamlQuick) plainValue(v []byte, parent int) bool {
	if !yamlPlainStart(v) {
		return false
	}
	end, plain := yamlPlainEnd(v)
	if !plain {
		return false // "mapping values are not allowed here", or a key
	}
	if end == len(v) {
		q.cont, q.contMin = 'p', parent+1
		// Folded with what follows it holds a space: of the implicit types only a
		// timestamp (a digit first) may.
		q.plainStr = !isDigit(rune(v[0]))
	}
	return q.plainOK(bytes.TrimRight(v[:end], " "))
}

// yamlPlainEnd reads a line of a plain scalar in block context: end is where a comment
// starts (len(s) when none); plain is false when a ": " (or a ':' ending the line)
// comes first, which a plain value may not hold.
func yamlPlainEnd(s []byte) (end int, plain bool) {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ':' && (i+1 == len(s) || s[i+1] == ' '):
			return i, false
		case s[i] == '#' && i > 0 && s[i-1] == ' ':
			return i, true
		}
	}
	return len(s), true
}

// yamlAfterNode says what follows a node on its line is nothing, spaces, or spaces and
// a comment.
func yamlAfterNode(s []byte) bool {
	return len(s) == 0 || s[0] == ' ' && yamlBlankOrComment(s)
}

// flowSequence takes a flow sequence on one line: scalars between [ and ], no empty
// entry, then the end of the line or a comment.
func (q *yamlQuick) flowSequence(v []byte) bool {
	i := yamlSkipSpaces(v, 1)
	if i < len(v) && v[i] == ']' {
		return yamlAfterNode(v[i+1:])
	}
	for i < len(v) {
		end, ok := q.flowItem(v, i)
		if !ok {
			return false
		}
		i = yamlSkipSpaces(v, end)
		switch {
		case i >= len(v):
			return false
		case v[i] == ']':
			return yamlAfterNode(v[i+1:])
		case v[i] != ',':
			return false
		}
		i = yamlSkipSpaces(v, i+1)
	}
	return false
}

// flowItem takes the scalar at v[i] in a flow sequence and returns where it ends.
func (q *yamlQuick) flowItem(v []byte, i int) (end int, ok bool) {
	if v[i] == '"' || v[i] == '\'' {
		closed, escapes := yamlQuotedScan(v, i+1, v[i])
		return closed, closed > 0 && escapes
	}
	end = i
	for end < len(v) && v[end] != ',' && v[end] != ']' {
		if bytes.IndexByte([]byte("[{}#:?\"'"), v[end]) >= 0 {
			return 0, false
		}
		end++
	}
	item := bytes.TrimRight(v[i:end], " ")
	if !yamlPlainStart(item) || item[0] == '-' && len(item) == 1 {
		return 0, false
	}
	return end, q.plainOK(item)
}

// yamlSkipSpaces is the index of the first byte from i in s that is not a space.
func yamlSkipSpaces(s []byte, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}
