package pchooks

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// The checks expat makes that encoding/xml does not, for check-xml.

// xmlDeclFull is an XML declaration as expat takes it: a version first (name
// characters but the colon: expat does not insist on 1.0), then optionally an encoding and
// standalone yes or no.
var xmlDeclFull = lazyRegexp(`^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*("[-A-Za-z0-9_.]+"|'[-A-Za-z0-9_.]+')` +
	`(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*("[A-Za-z][-A-Za-z0-9._]*"|'[A-Za-z][-A-Za-z0-9._]*'))?` +
	`(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*("(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>`)

// checkXMLDecl validates a declaration at the start of text and blanks it (same
// length) so encoding/xml, which only knows version 1.0, does not judge it again.
func checkXMLDecl(text []byte) ([]byte, error) {
	if !bytes.HasPrefix(text, []byte("<?xml")) || len(text) > 5 && !isXMLSpace(text[5]) {
		return text, nil
	}
	m := xmlDeclFull().Find(text)
	if m == nil {
		return nil, errors.New("XML declaration not well-formed")
	}
	out := bytes.Clone(text)
	for i := range m {
		if out[i] != '\n' {
			out[i] = ' '
		}
	}
	return out, nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

var (
	xmlLiteralSections = lazyRegexp(`(?s)<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>`)
	xmlCharRef         = lazyRegexp(`&#(x[0-9a-fA-F]+|[0-9]+);`)
)

// checkXMLCharRefs finds a character reference to a surrogate, which encoding/xml
// lets through.
func checkXMLCharRefs(text []byte) error {
	markup := xmlLiteralSections().ReplaceAll(text, nil)
	for _, m := range xmlCharRef().FindAllSubmatch(markup, -1) {
		s, base := string(m[1]), 10
		if strings.HasPrefix(s, "x") {
			s, base = s[1:], 16
		}
		n, err := strconv.ParseUint(s, base, 32)
		if err == nil && n >= 0xd800 && n <= 0xdfff {
			return errors.New("reference to invalid character number")
		}
	}
	return nil
}

// checkAttrSpacing wants blanks between a start tag's attributes: raw is the tag.
func checkAttrSpacing(raw []byte) error {
	var quote byte
	for i, c := range raw {
		switch {
		case quote != 0 && c == quote:
			quote = 0
			if i+1 < len(raw) && !isXMLSpace(raw[i+1]) && raw[i+1] != '/' && raw[i+1] != '>' {
				return errors.New("not well-formed (invalid token)")
			}
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		}
	}
	return nil
}

// checkInternalSubset wants only markup declarations, comments, processing
// instructions and parameter-entity references between a DOCTYPE's brackets.
func checkInternalSubset(doctype []byte) error {
	open := bytes.IndexByte(doctype, '[')
	if open < 0 {
		return nil
	}
	s := doctype[open+1:]
	if end := bytes.LastIndexByte(s, ']'); end >= 0 {
		s = s[:end]
	}
	for len(s) > 0 {
		s = bytes.TrimLeft(s, " \t\r\n")
		if len(s) == 0 {
			break
		}
		n := xmlDeclLength(s)
		if n <= 0 {
			return errors.New("syntax error")
		}
		s = s[n:]
	}
	return nil
}

var xmlPERef = lazyRegexp(`^%[A-Za-z_:][-A-Za-z0-9._:]*;`)

// xmlDeclLength is the length of the markup declaration, comment, PI or parameter-
// entity reference at the start of s, 0 when there is none.
func xmlDeclLength(s []byte) int {
	switch {
	case bytes.HasPrefix(s, []byte("<!--")):
		return endAfter(s, "-->")
	case bytes.HasPrefix(s, []byte("<?")):
		return endAfter(s, "?>")
	}
	if ref := xmlPERef().Find(s); ref != nil {
		return len(ref)
	}
	for _, kw := range []string{"<!ELEMENT", "<!ATTLIST", "<!ENTITY", "<!NOTATION"} {
		if bytes.HasPrefix(s, []byte(kw)) {
			var quote byte
			for i, c := range s {
				switch {
				case quote != 0:
					if c == quote {
						quote = 0
					}
				case c == '"' || c == '\'':
					quote = c
				case c == '>':
					return i + 1
				}
			}
			return 0
		}
	}
	return 0
}

func endAfter(s []byte, end string) int {
	i := bytes.Index(s, []byte(end))
	if i < 0 {
		return 0
	}
	return i + len(end)
}

// checkEntityValues checks the replacement text of each internal entity the document
// refers to: it must not refer to itself, directly or through others, and what markup
// it holds must be well-formed content (expat parses it where it is referred to;
// encoding/xml inserts it as text).
func checkEntityValues(entities map[string]string, text []byte) error {
	used := map[string]bool{}
	for _, m := range xmlEntityRef().FindAllSubmatch(text, -1) {
		used[string(m[1])] = true
	}
	for name := range used {
		if err := entityWellFormed(entities, name, map[string]bool{}); err != nil {
			return err
		}
	}
	return nil
}

func entityWellFormed(entities map[string]string, name string, open map[string]bool) error {
	value, ok := entities[name]
	if !ok || !strings.ContainsAny(value, "<&") {
		return nil
	}
	if open[name] {
		return errors.New("recursive entity reference")
	}
	open[name] = true
	defer delete(open, name)
	for _, m := range xmlEntityRef().FindAllStringSubmatch(value, -1) {
		if err := entityWellFormed(entities, m[1], open); err != nil {
			return err
		}
	}
	if strings.Contains(value, "<") {
		plain := map[string]string{}
		for k := range entities {
			plain[k] = ""
		}
		if err := wellFormedXMLWith([]byte("<x>"+value+"</x>"), plain); err != nil {
			return errors.New("asynchronous entity")
		}
	}
	return nil
}
