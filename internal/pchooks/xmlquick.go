package pchooks

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// quickXML says data (text, as xmlText decoded it) is well-formed by the fast path
// (xmlQuickOK), which is for UTF-8 files: no encoding declared, or UTF-8.
func quickXML(data, text []byte) bool {
	enc := xmlDeclaredEncoding(data)
	return (enc == "" || enc == "utf-8") && xmlQuickOK(text)
}

// xmlQuickOK is check-xml's fast path: one pass over the decoded text (xmlText) that
// says true only for a document expat takes, written in the plain subset most files
// use: ASCII names, the five predefined entities and character references, no internal
// DTD subset. Anything else, well-formed or not, says false, and the full check
// (wellFormedXML) judges it and words the error: the fast path never decides a
// failure, so it needs to know only what expat accepts.
func xmlQuickOK(s []byte) bool {
	q := xmlQuick{s: s}
	if bytes.HasPrefix(s, []byte("<?xml")) && len(s) > 5 && isXMLSpace(s[5]) {
		m := xmlDeclFull().Find(s)
		if m == nil {
			return false
		}
		q.i = len(m)
	}
	doctype := false
	for { // the prolog: blanks, comments, PIs, one DOCTYPE
		q.space()
		switch {
		case q.i >= len(s) || s[q.i] != '<':
			return false
		case q.at("<!--"):
			if !q.comment() {
				return false
			}
		case q.at("<?"):
			if !q.pi() {
				return false
			}
		case q.at("<!DOCTYPE"):
			if doctype || !q.doctype() {
				return false
			}
			doctype = true
		default:
			return q.element()
		}
	}
}

type xmlQuick struct {
	s     []byte
	i     int
	stack [][]byte // the names of the open elements
	attrs [][]byte // the names of a start tag's attributes so far
	done  bool     // the root element has ended
}

func (q *xmlQuick) at(prefix string) bool {
	return len(q.s)-q.i >= len(prefix) && string(q.s[q.i:q.i+len(prefix)]) == prefix
}

// take steps over s when it comes next, and says whether it did.
func (q *xmlQuick) take(s string) bool {
	if !q.at(s) {
		return false
	}
	q.i += len(s)
	return true
}

// space skips blanks and says whether there were any.
func (q *xmlQuick) space() bool {
	start := q.i
	for q.i < len(q.s) && isXMLSpace(q.s[q.i]) {
		q.i++
	}
	return q.i > start
}

// name reads an ASCII name; nil when there is none.
func (q *xmlQuick) name() []byte {
	start := q.i
	if q.i >= len(q.s) || xmlClass[q.s[q.i]]&xmlNameStart == 0 {
		return nil
	}
	for q.i++; q.i < len(q.s) && xmlClass[q.s[q.i]]&xmlNameChar != 0; q.i++ {
	}
	return q.s[start:q.i]
}

// The byte classes of the fast path.
const (
	xmlNameStart = 1 << iota // A-Z a-z _ :
	xmlNameChar              // and 0-9 . -
	xmlPlain                 // text that needs no look: printable ASCII but < & ] and the quotes, and blanks
	xmlSystem                // in a system literal: printable ASCII but # < &
	xmlPubid                 // in a public id
)

var xmlClass = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == ':'
		if letter {
			t[c] |= xmlNameStart | xmlNameChar
		}
		if b >= '0' && b <= '9' || b == '.' || b == '-' {
			t[c] |= xmlNameChar
		}
		if b >= 0x20 && b < 0x7f && b != '<' && b != '&' && b != ']' && b != '"' && b != '\'' || isXMLSpace(b) {
			t[c] |= xmlPlain
		}
		if b > 0x20 && b < 0x7f && b != '#' && b != '<' && b != '&' {
			t[c] |= xmlSystem
		}
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == ' ' || strings.IndexByte("-'()+,./:=?;!*#@$_%", b) >= 0 {
			t[c] |= xmlPubid
		}
	}
	return t
}()

// char takes one character that is not plain ASCII at q.i (not < or &): a quote, ], or
// a character beyond ASCII that XML allows; false for anything else (controls, DEL,
// C1 controls, noncharacters, bad UTF-8), which the full check judges.
func (q *xmlQuick) char() bool {
	c := q.s[q.i]
	if c < 0x80 {
		if c == '"' || c == '\'' || c == ']' {
			q.i++
			return true
		}
		return false
	}
	r, n := utf8.DecodeRune(q.s[q.i:])
	if r == utf8.RuneError && n <= 1 || r < 0xa0 || r&0xfffe == 0xfffe || r >= 0xfdd0 && r <= 0xfdef {
		return false
	}
	q.i += n
	return true
}

// past skips characters to the first end (not itself checked) and past it; false when
// there is none or a character on the way is not one the fast path knows to be allowed.
func (q *xmlQuick) past(end string) bool {
	for {
		for q.i < len(q.s) && xmlClass[q.s[q.i]]&xmlPlain != 0 && q.s[q.i] != end[0] {
			q.i++
		}
		switch {
		case q.i >= len(q.s):
			return false
		case q.take(end):
			return true
		case q.s[q.i] == '<' || q.s[q.i] == '&':
			q.i++
		case q.s[q.i] == end[0]:
			q.i++
		case !q.char():
			return false
		}
	}
}

// comment takes <!-- ... --> with no -- inside.
func (q *xmlQuick) comment() bool {
	q.i += len("<!--")
	return q.past("--") && q.take(">")
}

// pi takes <?target ...?>, the target not xml in any case.
func (q *xmlQuick) pi() bool {
	q.i += len("<?")
	target := q.name()
	if target == nil || bytes.EqualFold(target, []byte("xml")) {
		return false
	}
	return q.take("?>") || q.space() && q.past("?>")
}

// doctype takes <!DOCTYPE name> with an optional external id, no internal subset.
func (q *xmlQuick) doctype() bool {
	q.i += len("<!DOCTYPE")
	if !q.space() || q.name() == nil {
		return false
	}
	sp := q.space()
	switch {
	case sp && q.take("SYSTEM"):
		if !q.space() || !q.literal(false) {
			return false
		}
	case sp && q.take("PUBLIC"):
		if !q.space() || !q.literal(true) || !q.space() || !q.literal(false) {
			return false
		}
	}
	q.space()
	return q.take(">")
}

// literal takes a quoted system literal (printable ASCII, no #) or public id (its
// characters only).
func (q *xmlQuick) literal(pubid bool) bool {
	if q.i >= len(q.s) || q.s[q.i] != '"' && q.s[q.i] != '\'' {
		return false
	}
	quote, class := q.s[q.i], uint8(xmlSystem)
	if pubid {
		class = xmlPubid
	}
	for q.i++; q.i < len(q.s) && q.s[q.i] != quote; q.i++ {
		if xmlClass[q.s[q.i]]&class == 0 {
			return false
		}
	}
	if q.i >= len(q.s) {
		return false
	}
	q.i++
	return true
}

// ref takes a reference at q.i (&): a predefined entity, or a character reference to
// a character XML allows.
func (q *xmlQuick) ref() bool {
	q.i++
	if q.i < len(q.s) && q.s[q.i] == '#' {
		return q.charRef()
	}
	name := q.name()
	if q.i >= len(q.s) || q.s[q.i] != ';' {
		return false
	}
	q.i++
	switch string(name) {
	case "lt", "gt", "amp", "apos", "quot":
		return true
	}
	return false
}

// charRef takes a character reference after its &: #, digits (or x, hex digits), ;.
func (q *xmlQuick) charRef() bool {
	q.i++
	base := rune(10)
	if q.i < len(q.s) && q.s[q.i] == 'x' {
		base = 16
		q.i++
	}
	var n rune
	digits := 0
	for ; q.i < len(q.s) && digits < 7; q.i, digits = q.i+1, digits+1 {
		d := digitValue(q.s[q.i])
		if d >= base {
			break
		}
		n = n*base + d
	}
	if digits == 0 || q.i >= len(q.s) || q.s[q.i] != ';' {
		return false
	}
	q.i++
	return xmlChar(n)
}

// xmlChar says XML allows the character r.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xa || r == 0xd || r >= 0x20 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

// digitValue is the value of a hex digit, 16 for any other byte.
func digitValue(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10
	}
	return 16
}

// element takes the root element and what follows it: blanks, comments and PIs.
func (q *xmlQuick) element() bool {
	for q.i < len(q.s) {
		if !q.step() {
			return false
		}
		q.done = q.done || len(q.stack) == 0
	}
	return q.done && len(q.stack) == 0
}

// step takes one piece of the root element or what follows it: a character of text,
// a tag, a comment, a PI or a CDATA section.
func (q *xmlQuick) step() bool {
	inside := len(q.stack) > 0
	switch {
	case q.s[q.i] != '<':
		return q.text(inside)
	case q.at("</"):
		if !inside || !q.endTag(q.stack[len(q.stack)-1]) {
			return false
		}
		q.stack = q.stack[:len(q.stack)-1]
		return true
	case q.at("<!--"):
		return q.comment()
	case q.at("<?"):
		return q.pi()
	case q.at("<![CDATA["):
		return inside && q.cdata()
	case q.done && !inside:
		return false // a second root
	}
	name, empty, ok := q.startTag(&q.attrs)
	if ok && !empty {
		q.stack = append(q.stack, name)
	}
	return ok
}

// cdata takes <![CDATA[ ... ]]>.
func (q *xmlQuick) cdata() bool {
	q.i += len("<![CDATA[")
	return q.past("]]>")
}

// text takes one character of text: blanks only outside the root (inside is false).
func (q *xmlQuick) text(inside bool) bool {
	c := q.s[q.i]
	switch {
	case !inside:
		q.i++
		return isXMLSpace(c)
	case xmlClass[c]&xmlPlain != 0:
		q.i++
		return true
	case c == '&':
		return q.ref()
	case c == ']':
		q.i++
		return !bytes.HasPrefix(q.s[q.i-1:], []byte("]]>"))
	}
	return q.char()
}

// endTag takes </name> closing open.
func (q *xmlQuick) endTag(open []byte) bool {
	q.i += 2
	if !bytes.Equal(q.name(), open) {
		return false
	}
	q.space()
	return q.take(">")
}

// startTag takes a start tag (<name attributes...> or its empty form) with seen as
// scratch space for the attributes' names.
func (q *xmlQuick) startTag(seen *[][]byte) (name []byte, empty, ok bool) {
	q.i++
	if name = q.name(); name == nil {
		return nil, false, false
	}
	*seen = (*seen)[:0]
	for {
		sp := q.space()
		switch {
		case q.take("/>"):
			return name, true, true
		case q.take(">"):
			return name, false, true
		case !sp || !q.attribute(seen):
			return nil, false, false
		}
	}
}

// attribute takes name = "value", the name not among seen.
func (q *xmlQuick) attribute(seen *[][]byte) bool {
	s := q.s
	name := q.name()
	if name == nil {
		return false
	}
	for _, n := range *seen {
		if bytes.Equal(n, name) {
			return false
		}
	}
	*seen = append(*seen, name)
	q.space()
	if q.i >= len(s) || s[q.i] != '=' {
		return false
	}
	q.i++
	q.space()
	if q.i >= len(s) || s[q.i] != '"' && s[q.i] != '\'' {
		return false
	}
	return q.attrValue()
}

// attrValue takes a quoted attribute value: no <, only known references.
func (q *xmlQuick) attrValue() bool {
	s := q.s
	quote := s[q.i]
	for q.i++; ; {
		for q.i < len(s) && xmlClass[s[q.i]]&xmlPlain != 0 {
			q.i++
		}
		if q.i >= len(s) {
			return false
		}
		switch c := s[q.i]; c {
		case quote:
			q.i++
			return true
		case '<':
			return false
		case '&':
			if !q.ref() {
				return false
			}
		default:
			if !q.char() {
				return false
			}
		}
	}
}
