package pchooks

import (
	"bytes"
	"fmt"
)

// ruamel.yaml's scanner, like PyYAML's, skips only spaces between tokens outside flow
// collections: a tab there (after a value, before a comment, as indentation, inside a
// plain scalar) is a ScannerError, "found character '\t' that cannot start any token".
// libyaml, and so yaml.v3, takes those tabs. yamlLex finds the first such tab with a
// light lexer that knows comments, quoted scalars, block scalars and flow brackets.
//
// The same lexer finds the escapes in double-quoted scalars where the two disagree
// (yamlEscapes): ruamel reads \/ (YAML 1.2, as JSON) and rejects \', libyaml the
// other way round.
//
// yamlLex returns the line (1-based) of the first tab ruamel rejects, or 0 when there
// is none, and then a lexer that has seen the whole of data, for yamlEscapes: one pass.
func yamlLex(data []byte) (tabLine int, l *yamlTabLexer) {
	l = &yamlTabLexer{data: data}
	for l.i < len(l.data) {
		if line := l.line(); line != 0 {
			return line, nil
		}
	}
	return 0, l
}

// yamlEscapes returns the data l has lexed with each \/ in a double-quoted scalar
// written \x2F (which yaml.v3 reads as the same "/"), and an error for a \' in one.
func yamlEscapes(l *yamlTabLexer) ([]byte, error) {
	data := l.data
	if l.quoteEscape != 0 {
		return nil, fmt.Errorf("line %d: found unknown escape character \"'\"", bytes.Count(data[:l.quoteEscape], []byte("\n"))+1)
	}
	if len(l.slashes) == 0 {
		return data, nil
	}
	var out []byte
	last := 0
	for _, k := range l.slashes {
		out = append(append(out, data[last:k]...), `\x2F`...)
		last = k + 2
	}
	return append(out, data[last:]...), nil
}

type yamlTabLexer struct {
	data  []byte
	i     int // start of the current line
	n     int // current line number, 1-based
	flow  int // open [ and {
	block int // indentation of the line that opened the block scalar we are in
	inBlk bool

	slashes     []int // offsets of \/ escapes in double-quoted scalars
	quoteEscape int   // offset of the first \' escape in one, 0 when none
}

// line scans one line from l.i and moves l.i to the next; it returns the line number
// when it holds a tab ruamel rejects.
func (l *yamlTabLexer) line() int {
	l.n++
	end := bytes.IndexByte(l.data[l.i:], '\n')
	if end < 0 {
		end = len(l.data)
	} else {
		end += l.i
	}
	text := l.data[l.i:end]
	l.i = end + 1
	indent := len(text) - len(bytes.TrimLeft(text, " "))
	if l.inBlk {
		if len(bytes.TrimRight(text, " \r")) == 0 || indent > l.block {
			return 0
		}
		l.inBlk = false
	}
	for j := 0; j < len(text); j++ {
		bad, stop := l.char(text, &j, indent)
		if bad {
			return l.n
		}
		if stop {
			return 0
		}
	}
	return 0
}

// char looks at text[*j]: bad is a rejected tab, stop ends the line's scan (a comment,
// a block scalar's header, a quoted scalar running onto later lines).
func (l *yamlTabLexer) char(text []byte, j *int, indent int) (bad, stop bool) {
	switch c := text[*j]; {
	case c == '\t':
		return l.flow == 0, false
	case c == '#' && (*j == 0 || isBlank(text[*j-1])):
		return false, true
	case (c == '"' || c == '\'') && yamlTokenStart(text, *j):
		return false, !l.skipQuoted(c, text, j)
	case bytes.IndexByte([]byte("[]{}"), c) >= 0:
		l.bracket(c, text, *j)
	case (c == '|' || c == '>') && l.flow == 0 && yamlTokenStart(text, *j):
		// The header up to a comment may hold no tab; the body may.
		header, _, _ := bytes.Cut(text[*j:], []byte("#"))
		l.inBlk, l.block = true, indent
		return bytes.IndexByte(header, '\t') >= 0, true
	}
	return false, false
}

// escape notes the escape at k in a double-quoted scalar when the parsers differ on it.
func (l *yamlTabLexer) escape(k int) {
	if k+1 >= len(l.data) {
		return
	}
	switch l.data[k+1] {
	case '/':
		l.slashes = append(l.slashes, k)
	case '\'':
		if l.quoteEscape == 0 {
			l.quoteEscape = k
		}
	}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// bracket counts a flow collection opening (where a token may start) or closing.
func (l *yamlTabLexer) bracket(c byte, text []byte, j int) {
	switch {
	case (c == '[' || c == '{') && (l.flow > 0 || yamlTokenStart(text, j)):
		l.flow++
	case (c == ']' || c == '}') && l.flow > 0:
		l.flow--
	}
}

// skipQuoted moves past a quoted scalar opening at text[*j]. It returns false when the
// scalar ends on a later line: then l.i and l.n are past it and the rest of that line
// is dropped from the scan (a tab after a multi-line quoted scalar goes unseen).
func (l *yamlTabLexer) skipQuoted(q byte, text []byte, j *int) bool {
	lineStart := l.i - len(text) - 1
	k := lineStart + *j + 1
	for k < len(l.data) {
		switch {
		case q == '"' && l.data[k] == '\\':
			l.escape(k)
			k++
		case q == '\'' && l.data[k] == '\'' && k+1 < len(l.data) && l.data[k+1] == '\'':
			k++
		case l.data[k] == q:
			if k < lineStart+len(text) {
				*j = k - lineStart
				return true
			}
			l.n += bytes.Count(l.data[lineStart+len(text):k], []byte("\n"))
			next := bytes.IndexByte(l.data[k:], '\n')
			if next < 0 {
				l.i = len(l.data)
			} else {
				l.i = k + next + 1
			}
			return false
		}
		k++
	}
	l.i = len(l.data)
	return false
}

// yamlTokenStart reports whether a token may start at text[j]: first on the line, after
// a flow bracket or comma, after an indicator (- ? :) and a space, or after a tag or
// anchor and a space.
func yamlTokenStart(text []byte, j int) bool {
	k := j - 1
	for k >= 0 && (text[k] == ' ' || text[k] == '\t') {
		k--
	}
	if k < 0 {
		return true
	}
	switch text[k] {
	case '[', '{', ',':
		return true
	case ':':
		return k+1 < j
	case '-', '?':
		return k+1 < j && (k == 0 || text[k-1] == ' ' || text[k-1] == '-' || text[k-1] == '\t')
	}
	if k+1 == j {
		return false
	}
	w := bytes.LastIndexAny(text[:k+1], " \t") + 1
	return text[w] == '!' || text[w] == '&'
}
