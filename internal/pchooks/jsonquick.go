package pchooks

import (
	"bytes"
	"unicode/utf8"
)

// jsonQuickOK is check-json's fast path: one pass over the bytes that says true only
// for a UTF-8 document (no BOM) that json.loads reads with no key twice in an object,
// written the plain way: no NaN or Infinity, no escape in a key, nesting well within
// Python's recursion limit. Anything else, valid or not, says false, and the full check
// (checkJSONBytes, which decodes to runes and builds the values) judges it and words
// the error: the fast path never decides a failure.
func jsonQuickOK(b []byte) bool {
	if len(b) == 0 || b[0] >= 0x80 || len(b) >= 2 && (b[0] == 0 || b[1] == 0) {
		return false // a BOM, or UTF-16 or UTF-32 by its zero bytes
	}
	q := jsonQuick{s: b}
	q.space()
	if !q.value(0) {
		return false
	}
	q.space()
	return q.i == len(b)
}

type jsonQuick struct {
	s    []byte
	i    int
	keys [][]byte // the keys of the open objects, each object's after its start
}

// jsonQuickDepth is the deepest nesting the fast path takes, far from Python's limit.
const jsonQuickDepth = 200

func (q *jsonQuick) space() {
	for q.i < len(q.s) {
		switch q.s[q.i] {
		case ' ', '\t', '\n', '\r':
			q.i++
		default:
			return
		}
	}
}

func (q *jsonQuick) value(depth int) bool {
	if q.i >= len(q.s) || depth > jsonQuickDepth {
		return false
	}
	switch c := q.s[q.i]; {
	case c == '{':
		return q.object(depth)
	case c == '[':
		return q.array(depth)
	case c == '"':
		_, ok := q.str()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		return q.number()
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(q.s[q.i:], []byte(lit)) {
			q.i += len(lit)
			return true
		}
	}
	return false
}

// number takes -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?, Python's NUMBER_RE.
func (q *jsonQuick) number() bool {
	if q.s[q.i] == '-' {
		q.i++
	}
	switch {
	case q.i < len(q.s) && q.s[q.i] == '0':
		q.i++
	case q.digits() == 0:
		return false
	}
	if q.i < len(q.s) && q.s[q.i] == '.' {
		q.i++
		if q.digits() == 0 {
			return false
		}
	}
	if q.i < len(q.s) && (q.s[q.i] == 'e' || q.s[q.i] == 'E') {
		q.i++
		if q.i < len(q.s) && (q.s[q.i] == '-' || q.s[q.i] == '+') {
			q.i++
		}
		if q.digits() == 0 {
			return false
		}
	}
	return true
}

// digits takes a run of digits and says how many; 0 too for a run so long that Python
// may refuse it as an int (sys.get_int_max_str_digits), which the full check judges.
func (q *jsonQuick) digits() int {
	start := q.i
	for q.i < len(q.s) && q.s[q.i] >= '0' && q.s[q.i] <= '9' {
		q.i++
	}
	if q.i-start > 4000 {
		return 0
	}
	return q.i - start
}

// str takes a string and returns its body as written; escaped says it holds an escape.
func (q *jsonQuick) str() (escaped, ok bool) {
	q.i++
	for {
		for q.i < len(q.s) && jsonPlain[q.s[q.i]] {
			q.i++
		}
		if q.i >= len(q.s) {
			return false, false
		}
		switch c := q.s[q.i]; {
		case c == '"':
			q.i++
			return escaped, true
		case c == '\\':
			escaped = true
			if !q.escape() {
				return false, false
			}
		case c < 0x20:
			return false, false // strict: no control character in a string
		default:
			r, n := utf8.DecodeRune(q.s[q.i:])
			if r == utf8.RuneError && n <= 1 {
				return false, false // Python's surrogatepass may take it: the full check says
			}
			q.i += n
		}
	}
}

// jsonPlain marks the bytes a string holds as they are: ASCII but controls, " and \.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (q *jsonQuick) escape() bool {
	q.i++
	if q.i >= len(q.s) {
		return false
	}
	switch q.s[q.i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		q.i++
		return true
	case 'u':
		if len(q.s)-q.i < 5 {
			return false
		}
		for _, c := range q.s[q.i+1 : q.i+5] {
			if digitValue(c) >= 16 {
				return false
			}
		}
		q.i += 5
		return true
	}
	return false
}

func (q *jsonQuick) array(depth int) bool {
	q.i++
	q.space()
	if q.i < len(q.s) && q.s[q.i] == ']' {
		q.i++
		return true
	}
	for {
		q.space()
		if !q.value(depth + 1) {
			return false
		}
		if more, ok := q.next(']'); !more {
			return ok
		}
	}
}

func (q *jsonQuick) object(depth int) bool {
	q.i++
	q.space()
	if q.i < len(q.s) && q.s[q.i] == '}' {
		q.i++
		return true
	}
	first := len(q.keys)
	defer func() { q.keys = q.keys[:first] }()
	var seen map[string]bool // the keys, once there are many
	for {
		q.space()
		if q.i >= len(q.s) || q.s[q.i] != '"' {
			return false
		}
		start := q.i
		escaped, ok := q.str()
		if !ok || escaped || !q.newKey(first, q.s[start+1:q.i-1], &seen) {
			return false
		}
		q.space()
		if q.i >= len(q.s) || q.s[q.i] != ':' {
			return false
		}
		q.i++
		q.space()
		if !q.value(depth + 1) {
			return false
		}
		if more, ok := q.next('}'); !more {
			return ok
		}
	}
}

// next reads what follows a member of an array or object closed by end: a comma (more
// is true), end (ok is true) or anything else (neither).
func (q *jsonQuick) next(end byte) (more, ok bool) {
	q.space()
	if q.i >= len(q.s) {
		return false, false
	}
	switch q.s[q.i] {
	case ',':
		q.i++
		return true, false
	case end:
		q.i++
		return false, true
	}
	return false, false
}

// newKey adds key to the object's keys (those from first on, and in *seen once there
// are many); false when it is there.
func (q *jsonQuick) newKey(first int, key []byte, seen *map[string]bool) bool {
	if *seen != nil {
		if (*seen)[string(key)] {
			return false
		}
		(*seen)[string(key)] = true
		return true
	}
	for _, k := range q.keys[first:] {
		if bytes.Equal(k, key) {
			return false
		}
	}
	q.keys = append(q.keys, key)
	if len(q.keys)-first >= 32 {
		*seen = make(map[string]bool, 64)
		for _, k := range q.keys[first:] {
			(*seen)[string(k)] = true
		}
	}
	return true
}
