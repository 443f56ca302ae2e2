package pchooks

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// check-xml checks that each file is well-formed XML as Python's xml.sax with expat
// reads it (no namespaces, no external entities). encoding/xml's RawToken does the
// lexing and most character and name rules; what expat checks on top is added here:
// one root element and nothing but markup and blanks outside it, end tags matching
// start tags by their written names, unique attributes, the XML declaration first or
// not at all, one DOCTYPE before the root, and the general entities it declares.

func init() {
	register(Hook{ID: "check-xml", Parse: noArgs(checkXML), ReadOnly: true})
}

func checkXML(_ context.Context, env Env, files []string) (int, []byte) {
	return checkFiles(env, files, func(f string, data []byte) (string, error) {
		if err := wellFormedXML(data); err != nil {
			return fmt.Sprintf("%s: Failed to xml parse (%v)", f, err), nil
		}
		return "", nil
	})
}

var (
	xmlEntityDecl = lazyRegexp(`<!ENTITY\s+([^\s%]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b)`)
	xmlEntityRef  = lazyRegexp(`&([A-Za-z_:][-A-Za-z0-9._:]*);`)
)

type xmlChecker struct {
	d       *xml.Decoder
	stack   []xml.Name
	roots   int
	doctype bool
}

func wellFormedXML(data []byte) error {
	text, err := xmlText(data)
	if err != nil {
		return err
	}
	if quickXML(data, text) {
		return nil
	}
	if text, err = checkXMLDecl(text); err != nil {
		return err
	}
	if err := checkXMLCharRefs(text); err != nil {
		return err
	}
	return wellFormedXMLWith(text, nil)
}

// wellFormedXMLWith checks decoded text; entities, when not nil, are declared up front
// (for an entity's replacement text).
func wellFormedXMLWith(text []byte, entities map[string]string) error {
	c := &xmlChecker{d: xml.NewDecoder(bytes.NewReader(text))}
	c.d.Entity = entities
	c.d.Strict = true
	c.d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) {
		return r, nil // xmlText decoded it already
	}
	for {
		offset := c.d.InputOffset()
		tok, err := c.d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := c.token(tok, text[offset:c.d.InputOffset()], offset, text); err != nil {
			line, col := c.d.InputPos()
			return fmt.Errorf("line %d, column %d: %w", line, col, err)
		}
	}
	if len(c.stack) > 0 || c.roots == 0 {
		return errors.New("no element found")
	}
	return nil
}

func (c *xmlChecker) token(tok xml.Token, raw []byte, offset int64, text []byte) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return c.start(t, raw)
	case xml.EndElement:
		if len(c.stack) == 0 || c.stack[len(c.stack)-1] != t.Name {
			return errors.New("mismatched tag")
		}
		c.stack = c.stack[:len(c.stack)-1]
	case xml.CharData:
		if len(c.stack) == 0 && len(bytes.Trim(t, " \t\r\n")) > 0 {
			if c.roots > 0 {
				return errors.New("junk after document element")
			}
			return errors.New("syntax error")
		}
	case xml.ProcInst:
		if strings.EqualFold(t.Target, "xml") && (offset != 0 || t.Target != "xml") {
			return errors.New("XML or text declaration not at start of entity")
		}
	case xml.Directive:
		return c.directive(t, text)
	}
	return nil
}

// start takes a start tag: the second root is junk, attributes need blanks between
// them and distinct names.
func (c *xmlChecker) start(t xml.StartElement, raw []byte) error {
	if err := checkAttrSpacing(raw); err != nil {
		return err
	}
	if len(c.stack) == 0 {
		c.roots++
		if c.roots > 1 {
			return errors.New("junk after document element")
		}
	}
	seen := map[xml.Name]bool{}
	for _, a := range t.Attr {
		if seen[a.Name] {
			return errors.New("duplicate attribute")
		}
		seen[a.Name] = true
	}
	c.stack = append(c.stack, t.Name)
	return nil
}

// directive takes a DOCTYPE (one, before the root) and declares its general entities
// to the decoder. With an external subset or parameter entities expat cannot know every
// entity, and lets undeclared ones pass: so do we.
func (c *xmlChecker) directive(t xml.Directive, text []byte) error {
	if !bytes.HasPrefix(t, []byte("DOCTYPE")) {
		return errors.New("syntax error")
	}
	if c.doctype || c.roots > 0 {
		return errors.New("syntax error")
	}
	c.doctype = true
	if err := checkInternalSubset(t); err != nil {
		return err
	}
	c.d.Entity = map[string]string{}
	for _, m := range xmlEntityDecl().FindAllSubmatch(t, -1) {
		if _, dup := c.d.Entity[string(m[1])]; !dup {
			c.d.Entity[string(m[1])] = string(m[2]) + string(m[3])
		}
	}
	if err := checkEntityValues(c.d.Entity, text); err != nil {
		return err
	}
	for k, v := range c.d.Entity {
		if strings.Contains(v, "<") {
			c.d.Entity[k] = "" // checked above; encoding/xml would insert it as text
		}
	}
	head, _, _ := bytes.Cut(t, []byte("["))
	if bytes.Contains(head, []byte("SYSTEM")) || bytes.Contains(head, []byte("PUBLIC")) || bytes.Contains(t, []byte("%")) {
		for _, m := range xmlEntityRef().FindAllSubmatch(text, -1) {
			if _, ok := c.d.Entity[string(m[1])]; !ok {
				c.d.Entity[string(m[1])] = ""
			}
		}
	}
	return nil
}

// xmlText decodes the file to UTF-8 as expat would read it: UTF-16 by its BOM, else the
// declared encoding (UTF-8, ASCII, Latin-1 and Windows-1252 exactly, other ISO-8859 and
// Windows code pages as Latin-1), UTF-8 when none is declared.
func xmlText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return data[3:], nil
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeXMLUTF16(data[2:], data[0] == 0xfe)
	}
	enc := xmlDeclaredEncoding(data)
	switch enc {
	case "", "utf-8":
		return data, nil
	case "us-ascii", "ascii", "utf8":
		// pyexpat reads an encoding expat does not know (utf8 is not UTF-8 to it)
		// through Python's codec a byte at a time: no byte beyond ASCII decodes.
		for _, b := range data {
			if b >= 0x80 {
				return nil, errors.New("not well-formed (invalid token)")
			}
		}
		return data, nil
	case "iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1", "cp1252", "windows-1252":
		return decodeSingleByte(data, enc == "cp1252" || enc == "windows-1252")
	}
	if otherSingleByte().MatchString(enc) {
		// Python hands expat a table for any single-byte codec. Markup is ASCII in all
		// of these, so reading the bytes as Latin-1 judges the structure the same; a
		// byte the codec leaves undefined is not caught here.
		return decodeSingleByte(data, false)
	}
	return nil, fmt.Errorf("unknown encoding %q (pyexpat reads single-byte encodings only)", enc)
}

var otherSingleByte = lazyRegexp(`^(?:iso-?8859-[0-9]+|windows-125[0-8]|cp125[0-8]|koi8-[ru])$`)

var xmlDeclRE = lazyRegexp(`^<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z][A-Za-z0-9._-]*)["']`)

func xmlDeclaredEncoding(data []byte) string {
	m := xmlDeclRE().FindSubmatch(data)
	if m == nil {
		return ""
	}
	return strings.ToLower(string(m[1]))
}

func decodeXMLUTF16(b []byte, bigEndian bool) ([]byte, error) {
	rs, err := decodeUTF16(b, bigEndian)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		if r >= 0xd800 && r <= 0xdfff {
			return nil, fmt.Errorf("not well-formed (invalid token) at code unit %d", i)
		}
	}
	return []byte(string(rs)), nil
}

// cp1252High maps Windows-1252's 0x80..0x9f (0 where it has no character).
var cp1252High = [32]rune{
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
}

func decodeSingleByte(data []byte, cp1252 bool) ([]byte, error) {
	var out bytes.Buffer
	for _, b := range data {
		r := rune(b)
		if cp1252 && b >= 0x80 && b < 0xa0 {
			if r = cp1252High[b-0x80]; r == 0 {
				return nil, errors.New("not well-formed (invalid token)")
			}
		}
		out.WriteRune(r)
	}
	return out.Bytes(), nil
}
