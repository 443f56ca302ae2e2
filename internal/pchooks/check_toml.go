package pchooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// check-toml reads each file as Python's tomllib (TOML 1.0.0) does. The decoding is
// go-toml v2's, which passes the toml-test suite and rejects what tomllib rejects in
// dates and times (leap seconds, February 30, offsets past 23:59); it reads TOML
// 1.1.0, so a lexer (tomlLexer.lex) turns away the four 1.1 additions first, and
// numbers beyond int64 or float64 (which tomllib reads as big ints and infinities) are
// blanked before go-toml sees them.

func init() {
	register(Hook{ID: "check-toml", Parse: noArgs(checkTOML), ReadOnly: true})
}

func checkTOML(_ context.Context, env Env, files []string) (int, []byte) {
	return checkFiles(env, files, func(f string, data []byte) (string, error) {
		if !utf8.Valid(data) {
			// bytes.decode() raises UnicodeDecodeError, not TOMLDecodeError: the hook stops.
			return "", fmt.Errorf("%s: 'utf-8' codec can't decode the file", f)
		}
		err := validTOML10(data)
		if errors.Is(err, errTOMLRecursion) {
			return "", fmt.Errorf("%s: %w", f, err)
		}
		if err != nil {
			return fmt.Sprintf("%s: %v", f, err), nil
		}
		return "", nil
	})
}

// validTOML10 reports whether data is a TOML 1.0.0 document as tomllib reads it.
func validTOML10(data []byte) error {
	l := tomlLexer{data: data, line: 1}
	if err := l.lex(); err != nil {
		return err
	}
	// No date or time, no number go-toml could refuse (!l.full): blankBigNumbers would
	// hand the data back unchanged, and decoding into no fields still checks every key
	// and table (go-toml checks a date's fields only when it decodes the value, so a
	// date takes the full way). A failure is worded by the full way.
	if !l.full && tomlQuickOK(data) {
		return nil
	}
	return validTOMLFull(data)
}

// tomlQuickOK is validTOML10's fast path, for a document the lexer passed without
// setting full: a decode into no fields.
func tomlQuickOK(data []byte) bool {
	var v struct{}
	return toml.Unmarshal(data, &v) == nil
}

// validTOMLFull is validTOML10 after the lexer: big numbers blanked, every value
// decoded.
func validTOMLFull(data []byte) error {
	data, err := blankBigNumbers(data)
	if err != nil {
		return err
	}
	var v map[string]any
	return toml.Unmarshal(data, &v)
}

// lex finds what TOML 1.1.0 added and 1.0.0 rejects: a newline or a trailing comma in
// an inline table, the \e and \xHH escapes, a time without seconds; and nesting past
// tomllib's recursion limit (errTOMLRecursion). It lexes just enough (strings,
// comments, brackets) to see them; the rest of the syntax is go-toml's to check. Only
// the bytes tomlMarks holds start anything it looks at; it skips the others a run at
// a time.
func (l *tomlLexer) lex() error {
	for l.i < len(l.data) {
		if !tomlMarks[l.data[l.i]] {
			l.i++
			continue
		}
		if err := l.step(); err != nil {
			return err
		}
		l.i++
	}
	return nil
}

// tomlMarks are the bytes tomlLexer.step acts on.
var tomlMarks = byteSet("\n#\"'[{]},0123456789")

// tomlWord are the bytes of a number, date or time token, once it has started.
var tomlWord = func() (m [256]bool) {
	for c := range m {
		m[c] = isDigit(rune(c)) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.ContainsRune("_.:+-", rune(c))
	}
	return m
}()

// numberToken looks at the token that starts with the digit at l.i (after a sign or any
// other byte not a word's) and sets full for a date or a time (a - or : in it), and
// where blankBigNumbers may have work: a number long enough to leave int64 (17
// characters: 0x8000000000000000 is 18), or one with an exponent (a float that may
// overflow).
func (l *tomlLexer) numberToken() {
	i := l.i
	if i > 0 && tomlWord[l.data[i-1]] && l.data[i-1] != '+' && l.data[i-1] != '-' {
		return // inside a token that started before (a sign may start one)
	}
	j := i
	for j < len(l.data) && tomlWord[l.data[j]] {
		j++
	}
	tok := l.data[i:j]
	if bytes.ContainsAny(tok, "-:") || len(tok) >= 17 ||
		bytes.ContainsAny(tok, "eE") && !bytes.HasPrefix(tok, []byte("0x")) {
		l.full = true
	}
}

// tomlRecursionBudget is how many Python frames tomllib's parse of a value may nest
// under the pinned Python before its RecursionError: each array costs two
// (parse_value, parse_array), each inline table three (with parse_key_value_pair), a
// number inside two more. Measured: 496 arrays around an empty one decode, 497 do not;
// 330 inline tables around a number decode, 331 do not.
const tomlRecursionBudget = 992

// errTOMLRecursion is tomllib's RecursionError: not a TOMLDecodeError, so the hook stops.
var errTOMLRecursion = errors.New("maximum recursion depth exceeded")

type tomlLexer struct {
	data  []byte
	i     int
	line  int
	stack []byte // open '[' (arrays), '{' and 'h' (table header brackets)
	cost  int    // the frames the open brackets cost tomllib
	// full says the document holds a date, a time or a number that only a full decode
	// (after blankBigNumbers) judges (numberToken).
	full bool
}

func (l *tomlLexer) inline() bool { return len(l.stack) > 0 && l.stack[len(l.stack)-1] == '{' }

func (l *tomlLexer) errorf(format string, args ...any) error {
	return fmt.Errorf(format+" (at line %d)", append(args, l.line)...)
}

func (l *tomlLexer) step() error {
	data, i := l.data, l.i
	switch c := data[i]; {
	case c == '\n':
		return l.newline()
	case c == '#':
		l.skipComment()
	case c == '"' || c == '\'':
		return l.skipString()
	case c == '[' || c == '{':
		return l.open(c)
	case c == ']' || c == '}':
		l.close()
	case c == ',' && l.inline() && nextNonBlank(data, i+1, " \t") == '}':
		return l.errorf("trailing comma in an inline table (TOML 1.1)")
	case isDigit(rune(c)):
		if timeWithoutSeconds(data, i) {
			return l.errorf("time without seconds (TOML 1.1)")
		}
		if !l.full {
			l.numberToken()
		}
	}
	return nil
}

// skipComment moves to the end of the comment's line, before its newline.
func (l *tomlLexer) skipComment() {
	k := bytes.IndexByte(l.data[l.i:], '\n')
	if k < 0 {
		k = len(l.data) - l.i
	}
	l.i += k - 1
}

func (l *tomlLexer) newline() error {
	if l.inline() {
		return l.errorf("newline in an inline table (TOML 1.1)")
	}
	l.line++
	return nil
}

func (l *tomlLexer) skipString() error {
	end, err := skipTOMLString(l.data, l.i)
	if err != nil {
		return l.errorf("%w", err)
	}
	l.line += bytes.Count(l.data[l.i:end], []byte("\n"))
	l.i = end - 1
	return nil
}

func (l *tomlLexer) close() {
	if len(l.stack) > 0 {
		l.cost -= tomlFrames[l.stack[len(l.stack)-1]]
		l.stack = l.stack[:len(l.stack)-1]
	}
}

// nextNonBlank is the first byte from i that is not in blanks, 0 at the end.
func nextNonBlank(data []byte, i int, blanks string) byte {
	for ; i < len(data); i++ {
		if !strings.ContainsRune(blanks, rune(data[i])) {
			return data[i]
		}
	}
	return 0
}

var tomlFrames = map[byte]int{'[': 2, '{': 3, 'h': 0}

// open pushes a bracket: a table header's when it starts its line (or follows one), an
// array's or inline table's otherwise, and checks the nesting against tomllib's budget.
func (l *tomlLexer) open(c byte) error {
	kind := c
	if c == '[' && l.headerBracket() {
		kind = 'h'
	}
	l.stack = append(l.stack, kind)
	l.cost += tomlFrames[kind]
	if kind == 'h' {
		return nil
	}
	leaf := 0
	if next := nextNonBlank(l.data, l.i+1, " \t\r\n"); next != 0 && !strings.ContainsRune("[]{}", rune(next)) {
		leaf = 2 // a value inside, costed as a number
	}
	if l.cost+leaf > tomlRecursionBudget {
		return errTOMLRecursion
	}
	return nil
}

// headerBracket reports whether the '[' at l.i opens a table header: the first thing
// on its line, or the second bracket of [[.
func (l *tomlLexer) headerBracket() bool {
	if len(l.stack) == 1 && l.stack[0] == 'h' && l.data[l.i-1] == '[' {
		return true
	}
	lineStart := bytes.LastIndexByte(l.data[:l.i], '\n') + 1
	return len(l.stack) == 0 && len(bytes.TrimSpace(l.data[lineStart:l.i])) == 0
}

// timeWithoutSeconds reports whether a time HH:MM starts at i with no :SS after it. An
// offset (+07:00) is not a time.
func timeWithoutSeconds(data []byte, i int) bool {
	if i > 0 && (isDigit(rune(data[i-1])) || data[i-1] == '+' || data[i-1] == '-' || data[i-1] == ':') {
		return false
	}
	if i+5 > len(data) || !isDigit(rune(data[i+1])) || data[i+2] != ':' || !isDigit(rune(data[i+3])) || !isDigit(rune(data[i+4])) {
		return false
	}
	return i+5 == len(data) || data[i+5] != ':'
}

// skipTOMLString returns the end of the string starting at i, and an error for a \e or
// \x escape in a basic one. An unterminated string ends the data (go-toml reports it).
func skipTOMLString(data []byte, i int) (int, error) {
	q := data[i]
	delim := []byte{q}
	if bytes.HasPrefix(data[i:], []byte{q, q, q}) {
		delim = []byte{q, q, q}
	}
	for j := nextStringStop(data, i+len(delim)); j < len(data); j = nextStringStop(data, j) {
		switch {
		case q == '"' && data[j] == '\\':
			if j+1 < len(data) && (data[j+1] == 'e' || data[j+1] == 'x') {
				return 0, fmt.Errorf("escape \\%c in a string (TOML 1.1)", data[j+1])
			}
			j += 2
			continue
		case len(delim) == 1 && data[j] == '\n':
			return j, nil
		case bytes.HasPrefix(data[j:], delim):
			end := j + len(delim)
			// A multi-line string may end with up to two more quotes.
			for k := 0; len(delim) == 3 && k < 2 && end < len(data) && data[end] == q; k++ {
				end++
			}
			return end, nil
		}
		j++
	}
	return len(data), nil
}

// nextStringStop is the first index from j of a byte in tomlStringStops, len(data)
// when there is none.
func nextStringStop(data []byte, j int) int {
	for j < len(data) && !tomlStringStops[data[j]] {
		j++
	}
	return j
}

// tomlStringStops are the bytes skipTOMLString looks at inside a string.
var tomlStringStops = byteSet("\\\n\"'")

// blankBigNumbers replaces each integer outside int64 and each float outside float64
// (values tomllib reads, as an int or an infinity, but go-toml rejects) with a 0 and
// spaces of the same length. It returns the parser's error on a syntax error, and an
// error for a date in year 0 (which go-toml takes and Python's datetime does not).
func blankBigNumbers(data []byte) ([]byte, error) {
	var p unstable.Parser
	p.Reset(data)
	var out []byte
	var yearZero error
	var walk func(n *unstable.Node)
	walk = func(n *unstable.Node) {
		for ; n != nil && n.Valid(); n = n.Next() {
			if isTOMLDate(n.Kind) && bytes.HasPrefix(n.Data, []byte("0000")) && yearZero == nil {
				// Python's datetime starts at year 1.
				yearZero = fmt.Errorf("invalid date or datetime %q: year 0 is out of range", n.Data)
			}
			if (n.Kind == unstable.Integer || n.Kind == unstable.Float) && outOfRange(n) {
				if out == nil {
					out = bytes.Clone(data)
				}
				r := n.Raw
				copy(out[r.Offset:r.Offset+r.Length], "0"+strings.Repeat(" ", int(r.Length)-1))
			}
			walk(n.Child())
		}
	}
	for p.NextExpression() {
		walk(p.Expression())
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	if yearZero != nil {
		return nil, yearZero
	}
	if out == nil {
		return data, nil
	}
	return out, nil
}

func isTOMLDate(k unstable.Kind) bool {
	return k == unstable.LocalDate || k == unstable.LocalDateTime || k == unstable.DateTime
}

// outOfRange reports whether an integer does not fit int64 or a float overflows.
func outOfRange(n *unstable.Node) bool {
	s := strings.ReplaceAll(string(n.Data), "_", "")
	if n.Kind == unstable.Float {
		_, err := strconv.ParseFloat(s, 64)
		return errors.Is(err, strconv.ErrRange)
	}
	base := 10
	for prefix, b := range map[string]int{"0x": 16, "0o": 8, "0b": 2} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s, base = rest, b
		}
	}
	i, ok := new(big.Int).SetString(s, base)
	return ok && !i.IsInt64()
}
