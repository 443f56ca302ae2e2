package config

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Parse decodes and validates the hookrun.yaml named name (used in messages) with contents
// data. When data is bad the error is Errors, listing every problem found.
func Parse(name string, data []byte) (*File, error) {
	return parse(name, data, false)
}

// parse decodes a main file, or a local file (version optional, hooks may be partial).
func parse(name string, data []byte, local bool) (*File, error) {
	root, err := readDocument(name, data)
	if err != nil {
		return nil, Errors{err}
	}
	if root == nil {
		if local {
			return &File{Path: name, KeyPos: map[string]Pos{}}, nil
		}
		return nil, Errors{{Pos: Pos{File: name, Line: 1, Col: 1}, Msg: "empty config; start with version: 1"}}
	}
	d := &decoder{Walker: Walker{File: name}, local: local}
	f := d.decodeFile(root)
	if len(d.Errs) > 0 {
		sortErrors(d.Errs)
		return nil, d.Errs
	}
	return f, nil
}

func (d *decoder) decodeFile(root *yaml.Node) *File {
	f := &File{Path: d.File}
	root, ok := d.mapping(root, "", "a mapping of keys such as version and hooks")
	if !ok {
		return f
	}
	f.KeyPos = decodeFields(d, root, "", fileKeys, f, fileKeyHint)
	if _, ok := f.KeyPos["version"]; !ok && !d.local {
		d.Errorf(root, "version", `missing; add "version: 1" at the top`)
	}
	return f
}

// readDocument parses data into the root node of its only document; nil means empty.
func readDocument(name string, data []byte) (*yaml.Node, *Error) {
	if e := badText(name, data); e != nil {
		return nil, e
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, syntaxError(name, data, err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(name, data, err)
	case len(extra.Content) > 0 && !isNull(extra.Content[0]):
		return nil, &Error{
			Pos: Pos{File: name, Line: max(extra.Line, 1), Col: max(extra.Column, 0)},
			Msg: `a second YAML document; keep one document (remove the "---" line)`,
		}
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, nil
	}
	return doc.Content[0], nil
}

// badText reports the first character yaml.v3 would reject without saying where:
// invalid UTF-8 and characters YAML does not allow, such as most control characters.
func badText(name string, data []byte) *Error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Error{Pos: Pos{File: name, Line: line, Col: col}, Msg: "invalid UTF-8; save the file as UTF-8"}
		case !printable(r):
			return &Error{Pos: Pos{File: name, Line: line, Col: col}, Msg: "character " + strconv.QuoteRune(r) + " is not allowed in YAML"}
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return nil
}

// printable reports whether YAML allows r in a document (YAML 1.2, section 5.1).
func printable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return false
	case r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
		return false
	}
	return true
}

// yamlLineError and yamlAnchorName read yaml.v3's errors; compiled on first use (a
// config that does not parse), not when hookrun starts.
var (
	yamlLineError  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`) })
	yamlAnchorName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`) })
)

// syntaxError turns a yaml.v3 parse error ("yaml: line 3: ...") into an Error at the
// line SyntaxErrorLine finds.
func syntaxError(name string, data []byte, err error) *Error {
	line, msg := SyntaxErrorLine(data, err)
	pos := Pos{File: name, Line: line}
	if m := yamlAnchorName().FindStringSubmatch(err.Error()); m != nil {
		pos = findText(name, data, "*"+m[1])
		msg += "; define it first with &" + m[1]
	}
	if tabIndented(data, pos.Line) || strings.Contains(msg, "tab character") {
		msg += "; indent with spaces, not tabs"
	}
	return &Error{Pos: pos, Msg: "invalid YAML: " + msg}
}

// tabIndented reports whether the given 1-based line is indented with a tab.
func tabIndented(data []byte, line int) bool {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return false
	}
	l := lines[line-1]
	indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
	return bytes.IndexByte(indent, '\t') >= 0
}

// findText returns the position of the first occurrence of s in data, or line 1.
func findText(name string, data []byte, s string) Pos {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return Pos{File: name, Line: 1}
	}
	before := data[:i]
	nl := bytes.LastIndexByte(before, '\n')
	return Pos{File: name, Line: bytes.Count(before, []byte("\n")) + 1, Col: utf8.RuneCount(before[nl+1:]) + 1}
}
