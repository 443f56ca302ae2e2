package pchooks

import (
	"bytes"
	"unicode/utf8"
)

// yamlQuickOK is check-yaml's fast path: one pass over the lines of data that says
// true only for a document (or, with multi, documents) ruamel's safe loader takes,
// written in the plain subset most files use: block mappings and sequences indented
// with spaces, keys on one line, values plain or quoted (without unusual escapes, on
// more lines when indented past their collection), one-line flow sequences of
// scalars, empty {} and [], literal and folded block scalars, comments, and --- between
// documents. Anything else (anchors, aliases, tags, merge keys, flow mappings, complex
// keys, tabs, directives, characters ruamel's reader refuses), valid or not, says
// false, and the full check judges it and words the error: the fast path never decides
// a failure.
//
// Scalars are judged by the full check's own resolver and constructors
// (resolveYAML12, yamlScalar), and keys compared by their constructed values, so a
// duplicate key (1 and 1.0 are one) or a value the safe constructor refuses (an
// impossible date) says false.
func yamlQuickOK(data []byte, multi bool) bool {
	if !yamlQuickChars(data) {
		return false
	}
	q := yamlQuick{multi: multi}
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		line := data
		if end >= 0 {
			line, data = data[:end], data[end+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if !q.line(line) {
			return false
		}
	}
	return q.cont != '"' && q.cont != '\'' // a quoted scalar left open
}

// yamlQuickChars says data holds only characters the fast path knows ruamel's reader
// takes, line breaks being \n and \r\n: printable ASCII, and other printable
// characters from U+00A0 up, the line and paragraph separators, U+FEFF and the
// non-characters U+FFFE and U+FFFF left out. Tabs are left out too (ruamel refuses
// some where libyaml takes them: yamltabs.go). data is UTF-8.
func yamlQuickChars(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c >= 0x20 && c < 0x7f || c == '\n':
			i++
			continue
		case c == '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				return false
			}
			i++
			continue
		case c < utf8.RuneSelf:
			return false
		}
		r, n := utf8.DecodeRune(data[i:])
		if r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += n
	}
	return true
}

// yamlQuickMaxDepth bounds the nesting the fast path follows, far below ruamel's
// recursion limit (yamlRecursionBudget).
const yamlQuickMaxDepth = 100

// yamlQuickLevel is an open block collection.
type yamlQuickLevel struct {
	indent int
	seq    bool // a sequence, else a mapping
	// valueOf says a sequence is the value of the key at its own indentation
	// ("key:\n- a"): a key at that indentation ends it.
	valueOf bool
	keys    []string        // a mapping's keys so far, as constructed (yamlKey.id)
	keySet  map[string]bool // the same, once there are many
}

type yamlQuick struct {
	multi   bool
	levels  []yamlQuickLevel
	markers int  // --- lines seen
	content bool // a node seen in the current document
	rooted  bool // the current document's root collection has started
	// pending says the last key or entry has its value on the lines after it (or none):
	// pendingIndent is the key's or dash's column, pendingKey whether it was a key.
	pending       bool
	pendingIndent int
	pendingKey    bool
	// cont is the scalar the next lines may continue: 0 for none, '|' for a block
	// scalar, 'p' for a plain one, a quote for a quoted one. For a block scalar contMin
	// is the indentation of its collection and blockIndent that of its content (0 until
	// its first line); for the others contMin is the least indentation of a line that
	// continues it, and plainStr says a plain one is a string however it folds.
	cont        byte
	contMin     int
	blockIndent int
	plainStr    bool
	c           yamlConstructor
}

// line takes one line (without its line break) and says whether the document is still
// in the fast path's subset.
func (q *yamlQuick) line(line []byte) bool {
	indent := yamlSkipSpaces(line, 0)
	rest := line[indent:]
	if q.cont != 0 {
		if ok, consumed := q.continued(indent, rest); consumed {
			return ok
		}
	}
	switch {
	case len(rest) == 0 || rest[0] == '#':
		return true
	case indent == 0 && yamlMarker(rest, "---"):
		return q.marker(rest[3:])
	case indent == 0 && (yamlMarker(rest, "...") || rest[0] == '%'):
		return false
	}
	q.content = true
	if q.pendingScalar(indent, rest) {
		// The value of the key or dash before, on its own line.
		q.pending = false
		return q.value(rest, q.pendingIndent)
	}
	if !q.place(indent, rest) {
		return false
	}
	if yamlEntry(rest) {
		return q.entry(indent, rest)
	}
	return q.keyLine(indent, rest)
}

// pendingScalar says the line at indent holds the scalar value of the key or dash
// before it, which left it for the next line.
func (q *yamlQuick) pendingScalar(indent int, rest []byte) bool {
	if !q.pending || indent <= q.pendingIndent || yamlEntry(rest) || rest[0] == '|' || rest[0] == '>' {
		return false
	}
	_, _, isKey := yamlKeyText(rest)
	return !isKey
}

// continued takes a line where a scalar of the lines before may go on: consumed says
// it belonged to the scalar (ok then says whether it was in the subset); otherwise the
// scalar has ended and the line is read as any other.
func (q *yamlQuick) continued(indent int, rest []byte) (ok, consumed bool) {
	switch q.cont {
	case '|':
		return q.blockLine(indent, len(rest) == 0)
	case 'p':
		return q.plainLine(indent, rest)
	}
	return q.quotedLine(indent, rest)
}

// plainLine takes a line where a plain scalar may go on.
func (q *yamlQuick) plainLine(indent int, rest []byte) (ok, consumed bool) {
	if len(rest) == 0 {
		return true, true // a blank line inside: a line break in the value
	}
	if rest[0] == '#' || indent < q.contMin {
		q.cont = 0 // a comment, or a line left of it, ends it
		return false, false
	}
	end, plain := yamlPlainEnd(rest)
	if end < len(rest) {
		q.cont = 0 // a comment ends it
	}
	// Only a dash, ? or : followed by a space, or a comment, may not go on a plain
	// scalar's line (the full check's parser would take them for a node); the other
	// indicators are text there.
	lead := (rest[0] == '-' || rest[0] == '?' || rest[0] == ':') && (len(rest) == 1 || rest[1] == ' ')
	return plain && q.plainStr && !lead, true
}

// quotedLine takes a line where a quoted scalar goes on.
func (q *yamlQuick) quotedLine(indent int, rest []byte) (ok, consumed bool) {
	if len(rest) == 0 || indent < q.contMin {
		return false, true // blank lines and any indentation are the full check's to judge
	}
	end, escapes := yamlQuotedScan(rest, 0, q.cont)
	switch {
	case !escapes:
		return false, true
	case end < 0:
		return true, true
	}
	q.cont = 0
	return yamlAfterNode(rest[end:]), true
}

// yamlMarker says line starts with a document marker (--- or ...) standing alone.
func yamlMarker(line []byte, marker string) bool {
	return bytes.HasPrefix(line, []byte(marker)) && (len(line) == 3 || line[3] == ' ')
}

// yamlEntry says the line's content is a block sequence entry: a dash alone or
// followed by a space.
func yamlEntry(rest []byte) bool {
	return rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ')
}

// marker takes a --- line (after) starting a document.
func (q *yamlQuick) marker(after []byte) bool {
	if !yamlBlankOrComment(after) {
		return false
	}
	q.markers++
	if !q.multi && (q.content || q.markers > 1) {
		return false
	}
	q.levels, q.pending, q.content, q.rooted, q.cont = q.levels[:0], false, false, false, 0
	return true
}

// yamlBlankOrComment says s is empty, spaces, or spaces and then a comment.
func yamlBlankOrComment(s []byte) bool {
	t := bytes.TrimLeft(s, " ")
	return len(t) == 0 || t[0] == '#' && len(t) < len(s)
}

// blockLine takes a line where a block scalar may go on.
func (q *yamlQuick) blockLine(indent int, blank bool) (ok, consumed bool) {
	switch {
	case q.blockIndent == 0 && blank:
		// Leading blank lines with spaces may not be longer than the content's
		// indentation: leave them to the full check.
		return indent == 0, true
	case q.blockIndent == 0:
		if indent <= q.contMin {
			return false, true // an empty block scalar
		}
		q.blockIndent = indent
		return true, true
	case blank || indent >= q.blockIndent:
		return true, true
	}
	q.cont = 0
	return false, false
}

// place finds the collection a line at indent with content rest belongs to, opening
// one where a key or dash before it waits for its value, and closing those the line is
// left of.
func (q *yamlQuick) place(indent int, rest []byte) bool {
	entry := yamlEntry(rest)
	if q.pending {
		q.pending = false
		switch {
		case indent > q.pendingIndent:
			return q.open(indent, entry, false)
		case indent == q.pendingIndent && q.pendingKey && entry:
			return q.open(indent, true, true)
		}
		// The value was empty (null): the line is the next in some collection.
	}
	for len(q.levels) > 0 && q.levels[len(q.levels)-1].indent > indent {
		q.levels = q.levels[:len(q.levels)-1]
	}
	if len(q.levels) == 0 {
		if q.rooted {
			return false // a second node at the document's top
		}
		return q.open(indent, entry, false)
	}
	top := &q.levels[len(q.levels)-1]
	if top.indent != indent {
		return false
	}
	if top.seq && !entry && top.valueOf {
		q.levels = q.levels[:len(q.levels)-1]
		top = &q.levels[len(q.levels)-1]
	}
	return top.seq == entry
}

// open starts a collection at indent.
func (q *yamlQuick) open(indent int, seq, valueOf bool) bool {
	if len(q.levels) >= yamlQuickMaxDepth {
		return false
	}
	q.rooted = true
	var keys []string
	if n := len(q.levels); n < cap(q.levels) {
		keys = q.levels[:n+1][n].keys[:0] // the room a closed mapping had
	}
	q.levels = append(q.levels, yamlQuickLevel{indent: indent, seq: seq, valueOf: valueOf, keys: keys})
	return true
}

// entry takes a sequence entry: "-" at indent, then its content.
func (q *yamlQuick) entry(indent int, rest []byte) bool {
	j := yamlSkipSpaces(rest, 1)
	after, col := rest[j:], indent+j
	switch {
	case len(after) == 0 || after[0] == '#' && col > indent+1:
		q.pending, q.pendingIndent, q.pendingKey = true, indent, false
		return true
	case yamlEntry(after):
		return false // a compact nested sequence
	}
	if _, _, isKey := yamlKeyText(after); isKey {
		// A compact mapping: its keys are at col.
		return q.open(col, false, false) && q.keyLine(col, after)
	}
	return q.value(after, indent)
}

// keyLine takes "key: value" at indent, in the mapping at the top.
func (q *yamlQuick) keyLine(indent int, rest []byte) bool {
	key, after, isKey := yamlKeyText(rest)
	if !isKey {
		return false // a scalar where a key belongs, or a key the fast path does not read
	}
	id, ok := q.keyID(key, rest[0])
	if !ok || !q.levels[len(q.levels)-1].addKey(id) {
		return false
	}
	v := bytes.TrimLeft(after, " ")
	if len(v) == 0 || v[0] == '#' && len(v) < len(after) {
		q.pending, q.pendingIndent, q.pendingKey = true, indent, true
		return true
	}
	return q.value(v, indent)
}

// addKey records a key of the mapping, and says false when it has it already.
func (l *yamlQuickLevel) addKey(id string) bool {
	if l.keySet == nil && len(l.keys) < 16 {
		for _, k := range l.keys {
			if k == id {
				return false
			}
		}
		l.keys = append(l.keys, id)
		return true
	}
	if l.keySet == nil {
		l.keySet = make(map[string]bool, 2*len(l.keys))
		for _, k := range l.keys {
			l.keySet[k] = true
		}
	}
	if l.keySet[id] {
		return false
	}
	l.keySet[id] = true
	return true
}
