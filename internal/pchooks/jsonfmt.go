package pchooks

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file reads and writes JSON the way Python's json module does, for check-json and
// pretty-format-json: the grammar of json.loads (NaN, Infinity and -Infinity accepted,
// lone surrogates in \u escapes kept, the 4,300-digit limit on integers), its
// RecursionError at the pinned Python's depth, and json.dumps with indent (key order as
// decoded, floats as Python's repr, ensure_ascii escapes).

// jsonKind is the Python type a JSON value decodes to.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonInt
	jsonFloat
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is one decoded value. Strings hold code points, lone surrogates included.
type jsonValue struct {
	kind jsonKind
	b    bool
	i    *big.Int
	f    float64
	s    []rune
	arr  []*jsonValue
	obj  []jsonPair
}

type jsonPair struct {
	key []rune
	val *jsonValue
}

// errJSONRecursion is Python's RecursionError: not a ValueError, so the hooks do not
// catch it and the run stops.
var errJSONRecursion = errors.New("maximum recursion depth exceeded while decoding JSON")

// errIntDigits is the ValueError of int() on a string of more than pyMaxIntDigits
// digits.
var errIntDigits = fmt.Errorf("exceeds the limit (%d digits) for integer string conversion", pyMaxIntDigits)

// pyMaxIntDigits is sys.get_int_max_str_digits() in Python 3.11: int() of a longer
// string raises ValueError.
const pyMaxIntDigits = 4300

// jsonParser decodes code points as json.loads does.
type jsonParser struct {
	src []rune
	pos int
	// maxArray and maxObject are the deepest nesting at which Python can still decode an
	// array, and call the object hook (a Python function: one frame more) for an object.
	maxArray, maxObject int
	// object turns an object's pairs into the object (Python's object_pairs_hook).
	object func(pairs []jsonPair, depth int) ([]jsonPair, error)
}

// jsonSyntaxError is a JSONDecodeError (a ValueError).
type jsonSyntaxError struct {
	msg string
	src []rune
	pos int
}

func (e *jsonSyntaxError) Error() string {
	line, col := 1, 1
	for _, r := range e.src[:min(e.pos, len(e.src))] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%s: line %d column %d (char %d)", e.msg, line, col, e.pos)
}

func (p *jsonParser) fail(msg string) error {
	return &jsonSyntaxError{msg: msg, src: p.src, pos: p.pos}
}

// parseDocument is json.loads on a str: one value between optional whitespace.
func (p *jsonParser) parseDocument() (*jsonValue, error) {
	if len(p.src) > 0 && p.src[0] == '\ufeff' {
		return nil, p.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)")
	}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return nil, p.fail("Extra data")
	}
	return v, nil
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// hasPrefix reports whether the ASCII string s comes next.
func (p *jsonParser) hasPrefix(s string) bool {
	if len(p.src)-p.pos < len(s) {
		return false
	}
	for i := range len(s) {
		if p.src[p.pos+i] != rune(s[i]) {
			return false
		}
	}
	return true
}

// jsonConstants are the bare words json.loads reads, NaN and the infinities included.
var jsonConstants = []struct {
	word string
	val  jsonValue
}{
	{"null", jsonValue{kind: jsonNull}},
	{"true", jsonValue{kind: jsonBool, b: true}},
	{"false", jsonValue{kind: jsonBool}},
	{"NaN", jsonValue{kind: jsonFloat, f: math.NaN()}},
	{"Infinity", jsonValue{kind: jsonFloat, f: math.Inf(1)}},
	{"-Infinity", jsonValue{kind: jsonFloat, f: math.Inf(-1)}},
}

// value parses the value at p.pos; depth is how many containers enclose it.
func (p *jsonParser) value(depth int) (*jsonValue, error) {
	if p.pos >= len(p.src) {
		return nil, p.fail("Expecting value")
	}
	switch p.src[p.pos] {
	case '"':
		p.pos++
		s, err := p.str()
		return &jsonValue{kind: jsonString, s: s}, err
	case '{':
		return p.objectValue(depth + 1)
	case '[':
		return p.array(depth + 1)
	}
	for _, c := range jsonConstants {
		if p.hasPrefix(c.word) {
			p.pos += len(c.word)
			v := c.val
			return &v, nil
		}
	}
	return p.number()
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// digits is the end of the run of ASCII digits from i.
func (p *jsonParser) digits(i int) int {
	for i < len(p.src) && isDigit(p.src[i]) {
		i++
	}
	return i
}

// scanNumber matches -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? from p.pos as
// Python's scanner does: a "." or "e" without digits after it ends the number before
// it. end is 0 when there is no number.
func (p *jsonParser) scanNumber() (end int, isFloat bool) {
	i := p.pos
	if i < len(p.src) && p.src[i] == '-' {
		i++
	}
	switch {
	case i < len(p.src) && p.src[i] == '0':
		i++
	case i < len(p.src) && isDigit(p.src[i]):
		i = p.digits(i)
	default:
		return 0, false
	}
	if i+1 < len(p.src) && p.src[i] == '.' && isDigit(p.src[i+1]) {
		isFloat = true
		i = p.digits(i + 1)
	}
	if j := p.exponent(i); j > i {
		isFloat, i = true, j
	}
	return i, isFloat
}

// exponent is the end of an exponent at i ([eE][-+]?[0-9]+), i when there is none.
func (p *jsonParser) exponent(i int) int {
	if i >= len(p.src) || (p.src[i] != 'e' && p.src[i] != 'E') {
		return i
	}
	j := i + 1
	if j < len(p.src) && (p.src[j] == '-' || p.src[j] == '+') {
		j++
	}
	if j < len(p.src) && isDigit(p.src[j]) {
		return p.digits(j)
	}
	return i
}

// number parses a number: a float when it has a fraction or exponent, else an int.
func (p *jsonParser) number() (*jsonValue, error) {
	end, isFloat := p.scanNumber()
	if end == 0 {
		return nil, p.fail("Expecting value")
	}
	text := string(p.src[p.pos:end])
	if isFloat {
		p.pos = end
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, p.fail("Expecting value")
		}
		return &jsonValue{kind: jsonFloat, f: f}, nil // out of range is ±inf or 0, as in Python
	}
	if digits := len(strings.TrimPrefix(text, "-")); digits > pyMaxIntDigits {
		return nil, fmt.Errorf("%w: value has %d digits", errIntDigits, digits)
	}
	p.pos = end
	n, _ := new(big.Int).SetString(text, 10)
	return &jsonValue{kind: jsonInt, i: n}, nil
}

var jsonEscapes = map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// str parses a string's body after its opening quote, strict as Python's default: no
// control characters, only the JSON escapes; a \u high surrogate followed by a \u low
// one makes one code point, any other surrogate stays alone.
func (p *jsonParser) str() ([]rune, error) {
	var out []rune
	for {
		if p.pos >= len(p.src) {
			return nil, p.fail("Unterminated string starting at")
		}
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			return out, nil
		case c < 0x20:
			return nil, p.fail("Invalid control character at")
		case c != '\\':
			out = append(out, c)
			p.pos++
			continue
		}
		p.pos++
		r, err := p.escape()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
}

// escape reads the escape after a backslash.
func (p *jsonParser) escape() (rune, error) {
	if p.pos >= len(p.src) {
		return 0, p.fail("Unterminated string starting at")
	}
	e := p.src[p.pos]
	if r, ok := jsonEscapes[e]; ok {
		p.pos++
		return r, nil
	}
	if e != 'u' {
		return 0, p.fail("Invalid \\escape")
	}
	r, ok := p.hex4(p.pos + 1)
	if !ok {
		return 0, p.fail("Invalid \\uXXXX escape")
	}
	p.pos += 5
	if r >= 0xd800 && r <= 0xdbff && p.hasPrefix("\\u") {
		if lo, ok := p.hex4(p.pos + 2); ok && lo >= 0xdc00 && lo <= 0xdfff {
			r = utf16.DecodeRune(r, lo)
			p.pos += 6
		}
	}
	return r, nil
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for _, c := range p.src[at : at+4] {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + d
	}
	return r, true
}

func (p *jsonParser) array(depth int) (*jsonValue, error) {
	if depth > p.maxArray {
		return nil, errJSONRecursion
	}
	p.pos++
	v := &jsonValue{kind: jsonArray}
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		p.skipSpace()
		item, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		v.arr = append(v.arr, item)
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			return v, nil
		}
		if p.pos >= len(p.src) || p.src[p.pos] != ',' {
			return nil, p.fail("Expecting ',' delimiter")
		}
		p.pos++
	}
}

func (p *jsonParser) objectValue(depth int) (*jsonValue, error) {
	if depth > p.maxArray {
		return nil, errJSONRecursion
	}
	p.pos++
	var pairs []jsonPair
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return p.finishObject(pairs, depth)
	}
	for {
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, p.fail("Expecting property name enclosed in double quotes")
		}
		p.pos++
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.fail("Expecting ':' delimiter")
		}
		p.pos++
		p.skipSpace()
		val, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, jsonPair{key: key, val: val})
		p.skipSpace()
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			return p.finishObject(pairs, depth)
		}
		if p.pos >= len(p.src) || p.src[p.pos] != ',' {
			return nil, p.fail("Expecting ',' delimiter")
		}
		p.pos++
		p.skipSpace()
	}
}

func (p *jsonParser) finishObject(pairs []jsonPair, depth int) (*jsonValue, error) {
	if depth > p.maxObject {
		return nil, errJSONRecursion
	}
	if p.object != nil {
		var err error
		if pairs, err = p.object(pairs, depth); err != nil {
			return nil, err
		}
	}
	return &jsonValue{kind: jsonObject, obj: pairs}, nil
}

// decodePythonBytes is bytes.decode(json.detect_encoding(b), 'surrogatepass'), what
// json.loads does with bytes: UTF-32 and UTF-16 by BOM or by where the zero bytes are,
// UTF-8 with its BOM dropped, else UTF-8; surrogates encoded in UTF-8 are kept.
func decodePythonBytes(b []byte) ([]rune, error) {
	switch {
	case hasAnyPrefix(b, "\x00\x00\xfe\xff"):
		return decodeUTF32(b[4:], true)
	case hasAnyPrefix(b, "\xff\xfe\x00\x00"):
		return decodeUTF32(b[4:], false)
	case hasAnyPrefix(b, "\xfe\xff"):
		return decodeUTF16(b[2:], true)
	case hasAnyPrefix(b, "\xff\xfe"):
		return decodeUTF16(b[2:], false)
	case hasAnyPrefix(b, "\xef\xbb\xbf"):
		return decodeUTF8Surrogates(b[3:])
	}
	return decodeByZeros(b)
}

// decodeByZeros is detect_encoding without a BOM: zero bytes among the first four say
// UTF-16 or UTF-32 and which end first.
func decodeByZeros(b []byte) ([]rune, error) {
	switch {
	case len(b) >= 4 && b[0] == 0:
		if b[1] != 0 {
			return decodeUTF16(b, true)
		}
		return decodeUTF32(b, true)
	case len(b) >= 4 && b[1] == 0:
		if b[2] != 0 || b[3] != 0 {
			return decodeUTF16(b, false)
		}
		return decodeUTF32(b, false)
	case len(b) == 2 && b[0] == 0:
		return decodeUTF16(b, true)
	case len(b) == 2 && b[1] == 0:
		return decodeUTF16(b, false)
	}
	return decodeUTF8Surrogates(b)
}

func hasAnyPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }

var errDecode = errors.New("codec can't decode the file")

// decodeUTF16 decodes with surrogatepass: unpaired surrogates are kept.
func decodeUTF16(b []byte, bigEndian bool) ([]rune, error) {
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("'utf-16' %w: truncated data", errDecode)
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	out := make([]rune, 0, len(units))
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if u >= 0xd800 && u <= 0xdbff && i+1 < len(units) && units[i+1] >= 0xdc00 && units[i+1] <= 0xdfff {
			out = append(out, utf16.DecodeRune(u, rune(units[i+1])))
			i++
			continue
		}
		out = append(out, u)
	}
	return out, nil
}

func decodeUTF32(b []byte, bigEndian bool) ([]rune, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("'utf-32' %w: truncated data", errDecode)
	}
	out := make([]rune, 0, len(b)/4)
	for i := 0; i < len(b); i += 4 {
		var u uint32
		if bigEndian {
			u = uint32(b[i])<<24 | uint32(b[i+1])<<16 | uint32(b[i+2])<<8 | uint32(b[i+3])
		} else {
			u = uint32(b[i+3])<<24 | uint32(b[i+2])<<16 | uint32(b[i+1])<<8 | uint32(b[i])
		}
		if u > unicode10FFFF {
			return nil, fmt.Errorf("'utf-32' %w: code point not in range(0x110000)", errDecode)
		}
		out = append(out, rune(u))
	}
	return out, nil
}

const unicode10FFFF = 0x10ffff

// decodeUTF8Surrogates is strict UTF-8 but for surrogates (ED A0..BF xx), which
// surrogatepass lets through.
func decodeUTF8Surrogates(b []byte) ([]rune, error) {
	out := make([]rune, 0, len(b))
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			if i+2 < len(b) && b[i] == 0xed && b[i+1] >= 0xa0 && b[i+1] <= 0xbf && b[i+2] >= 0x80 && b[i+2] <= 0xbf {
				out = append(out, 0xd000|rune(b[i+1]&0x3f)<<6|rune(b[i+2]&0x3f))
				i += 3
				continue
			}
			return nil, fmt.Errorf("'utf-8' %w: invalid byte 0x%02x in position %d", errDecode, b[i], i)
		}
		out = append(out, r)
		i += n
	}
	return out, nil
}

// jsonEncoder is json.dumps(v, indent=indent, ensure_ascii=ascii).
type jsonEncoder struct {
	indent string
	ascii  bool
	buf    []rune
}

func (e *jsonEncoder) put(s string) { e.buf = append(e.buf, []rune(s)...) }

func (e *jsonEncoder) newline(level int) {
	e.buf = append(e.buf, '\n')
	for range level {
		e.put(e.indent)
	}
}

func (e *jsonEncoder) encode(v *jsonValue, level int) {
	switch v.kind {
	case jsonNull:
		e.put("null")
	case jsonBool:
		e.put(strconv.FormatBool(v.b))
	case jsonInt:
		e.put(v.i.String())
	case jsonFloat:
		e.put(pyFloatRepr(v.f))
	case jsonString:
		e.str(v.s)
	case jsonArray:
		if len(v.arr) == 0 {
			e.put("[]")
			return
		}
		e.buf = append(e.buf, '[')
		for i, item := range v.arr {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.newline(level + 1)
			e.encode(item, level+1)
		}
		e.newline(level)
		e.buf = append(e.buf, ']')
	case jsonObject:
		if len(v.obj) == 0 {
			e.put("{}")
			return
		}
		e.buf = append(e.buf, '{')
		for i, kv := range v.obj {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.newline(level + 1)
			e.str(kv.key)
			e.put(": ")
			e.encode(kv.val, level+1)
		}
		e.newline(level)
		e.buf = append(e.buf, '}')
	}
}

var jsonShortEscapes = map[rune]string{'"': `\"`, '\\': `\\`, '\n': `\n`, '\r': `\r`, '\t': `\t`, '\b': `\b`, '\f': `\f`}

// str is encode_basestring_ascii (everything outside space..~ as \uXXXX, in surrogate
// pairs beyond the BMP) or, without ensure_ascii, encode_basestring (only controls).
func (e *jsonEncoder) str(s []rune) {
	e.buf = append(e.buf, '"')
	for _, r := range s {
		if esc, ok := jsonShortEscapes[r]; ok {
			e.put(esc)
			continue
		}
		switch {
		case r < 0x20 || (e.ascii && r > '~' && r < 0x10000):
			e.put(fmt.Sprintf(`\u%04x`, r))
		case e.ascii && r >= 0x10000:
			hi, lo := utf16.EncodeRune(r)
			e.put(fmt.Sprintf(`\u%04x\u%04x`, hi, lo))
		default:
			e.buf = append(e.buf, r)
		}
	}
	e.buf = append(e.buf, '"')
}

// pyFloatRepr is float.__repr__ as json.dumps prints it: the shortest digits that read
// back the same, in positional notation for 1e-4 <= |f| < 1e16 (with ".0" when whole)
// and as d.ddde±XX otherwise; NaN and the infinities as JSON's extensions.
func pyFloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	_, exp, _ := strings.Cut(sci, "e")
	x, _ := strconv.Atoi(exp)
	if f != 0 && (x+1 <= -4 || x+1 > 16) {
		return sci
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// wtf8 encodes code points as UTF-8, lone surrogates as their three-byte forms (what
// Python's surrogatepass writes).
func wtf8(rs []rune) []byte {
	out := make([]byte, 0, len(rs))
	for _, r := range rs {
		if r >= 0xd800 && r <= 0xdfff {
			out = append(out, 0xed, byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}
