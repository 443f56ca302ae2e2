// Package pyregex compiles Python regular expressions (the re module's syntax, as
// .pre-commit-config.yaml's files, exclude and pygrep entries use them) into a
// backtracking engine with the same matches.
package pyregex

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"
)

// Flags are the re module flags a pattern is compiled with, beside those it sets itself.
type Flags struct {
	IgnoreCase bool // re.IGNORECASE
	Multiline  bool // re.MULTILINE: ^ and $ match at every line
	DotAll     bool // re.DOTALL: . matches a newline
	// Bytes compiles a bytes pattern: \d, \s and \w are ASCII-only, and both the pattern
	// and the subject are Latin-1 strings (one rune per byte; see Latin1).
	Bytes bool
}

// Regexp is a compiled Python regular expression. It is safe for concurrent use.
type Regexp struct {
	src string
	re  *regexp2.Regexp
}

// Compile compiles pattern with Python's re syntax: look-arounds, backreferences,
// named groups ((?P<name>...), (?P=name)), inline and scoped flags, (?x) verbose patterns
// with comments, \Z, {,n}, and Python's escapes. The engine is regexp2 (a backtracking
// engine like Python's); the pattern is first rewritten into its dialect. What Python
// rejects is rejected too, where the difference is syntax; possessive quantifiers and
// \N{...} are refused with a message.
func Compile(pattern string, flags Flags) (*Regexp, error) {
	t := &pyTranslator{src: []rune(pattern), out: &strings.Builder{}, bytes: flags.Bytes}
	t.verbose = []bool{hasGlobalVerbose(pattern)}
	out, err := t.translate()
	if err != nil {
		return nil, fmt.Errorf("regex %q: %w", pattern, err)
	}
	opts := regexp2.None
	if flags.IgnoreCase || t.global['i'] {
		opts |= regexp2.IgnoreCase
	}
	if flags.Multiline || t.global['m'] {
		opts |= regexp2.Multiline
	}
	if flags.DotAll || t.global['s'] {
		opts |= regexp2.Singleline
	}
	re, err := regexp2.Compile(out, opts)
	if err != nil {
		return nil, fmt.Errorf("regex %q: %w", pattern, err)
	}
	return &Regexp{src: pattern, re: re}, nil
}

// String returns the pattern as written.
func (r *Regexp) String() string { return r.src }

// MatchString reports whether the pattern matches anywhere in s (re.search).
func (r *Regexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return ok && err == nil // regexp2 errs only on a timeout, and none is set
}

// Find returns the first match of the pattern in s as rune offsets [start, end).
// For Latin-1 subjects (bytes patterns) rune offsets are byte offsets.
func (r *Regexp) Find(s string) (start, end int, ok bool) {
	m, err := r.re.FindStringMatch(s)
	if err != nil || m == nil {
		return 0, 0, false
	}
	return m.RuneIndex, m.RuneIndex + m.RuneLength, true
}

// Latin1 maps each byte of b to the rune of the same value, so a bytes pattern compiled
// with Flags.Bytes matches arbitrary (even invalid UTF-8) content byte for byte.
func Latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// FromLatin1 is the inverse of Latin1.
func FromLatin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

// hasGlobalVerbose reports whether the flag groups that open the pattern set x, which
// then applies from the first character on.
func hasGlobalVerbose(p string) bool {
	for strings.HasPrefix(p, "(?") {
		end := strings.IndexByte(p, ')')
		if end < 0 || strings.Trim(p[2:end], "aiLmsux") != "" {
			return false
		}
		if strings.IndexByte(p[2:end], 'x') >= 0 {
			return true
		}
		p = p[end+1:]
	}
	return false
}

// pyTranslator rewrites a Python pattern into regexp2's (.NET) dialect. Verbose-mode
// whitespace and comments are dropped here, so the result never needs the x option.
type pyTranslator struct {
	src     []rune
	i       int
	out     *strings.Builder
	bytes   bool
	negs    []string // the negated class escapes of the set being read, as whole sets
	verbose []bool   // verbose state per open group; the last is current
	global  map[rune]bool
}

func (t *pyTranslator) translate() (string, error) {
	t.global = map[rune]bool{}
	for t.i < len(t.src) {
		if err := t.step(); err != nil {
			return "", err
		}
	}
	if len(t.verbose) > 1 {
		return "", fmt.Errorf("missing ), unterminated subpattern")
	}
	return t.out.String(), nil
}

func (t *pyTranslator) peek(k int) rune {
	if t.i+k < len(t.src) {
		return t.src[t.i+k]
	}
	return 0
}

func (t *pyTranslator) step() error {
	if t.skipVerbose() {
		return nil
	}
	c := t.src[t.i]
	switch c {
	case '\\':
		return t.escape(false)
	case '[':
		return t.class()
	case '(':
		return t.group()
	case ')':
		if len(t.verbose) == 1 {
			return fmt.Errorf("unbalanced parenthesis at position %d", t.i)
		}
		t.verbose = t.verbose[:len(t.verbose)-1]
		t.out.WriteRune(c)
		t.i++
	case '{':
		return t.brace()
	case '*', '+', '?':
		t.out.WriteRune(c)
		t.i++
		return t.notPossessive()
	default:
		t.out.WriteRune(c)
		t.i++
	}
	return nil
}

// skipVerbose drops the white space or comment at t.i in verbose mode.
func (t *pyTranslator) skipVerbose() bool {
	if !t.verbose[len(t.verbose)-1] {
		return false
	}
	switch c := t.src[t.i]; {
	case strings.ContainsRune(" \t\n\r\v\f", c):
		t.i++
		return true
	case c == '#':
		for t.i < len(t.src) && t.src[t.i] != '\n' {
			t.i++
		}
		return true
	}
	return false
}

// brace handles "{": a repeat {m}, {m,}, {m,n} or Python's {,n}; anything else is literal.
func (t *pyTranslator) brace() error {
	j := t.i + 1
	lo := t.digits(j)
	j += len(lo)
	hi, comma := lo, false
	if j < len(t.src) && t.src[j] == ',' {
		comma = true
		hi = t.digits(j + 1)
		j += 1 + len(hi)
	}
	if j >= len(t.src) || t.src[j] != '}' || lo == "" && !comma {
		t.out.WriteString(`\{`)
		t.i++
		return nil
	}
	if lo == "" {
		lo = "0"
	}
	t.out.WriteString("{" + lo)
	if comma {
		t.out.WriteString("," + hi)
	}
	t.out.WriteString("}")
	t.i = j + 1
	return t.notPossessive()
}

// notPossessive refuses Python 3.11's possessive quantifiers (a*+), which regexp2 lacks.
func (t *pyTranslator) notPossessive() error {
	if t.peek(0) == '+' {
		return fmt.Errorf("possessive quantifiers (%c+) are not supported; use an atomic group (?>...)", t.src[t.i-1])
	}
	return nil
}

func (t *pyTranslator) digits(j int) string {
	k := j
	for k < len(t.src) && t.src[k] >= '0' && t.src[k] <= '9' {
		k++
	}
	return string(t.src[j:k])
}

// group handles "(" and the extensions that follow "(?".
func (t *pyTranslator) group() error {
	rest := string(t.src[t.i:min(len(t.src), t.i+4)])
	verbose := t.verbose[len(t.verbose)-1]
	switch {
	case strings.HasPrefix(rest, "(?P<"):
		t.out.WriteString("(?<")
		t.i += 4
	case strings.HasPrefix(rest, "(?P="):
		end := t.indexFrom(')')
		if end < 0 {
			return fmt.Errorf("missing ), unterminated name")
		}
		t.out.WriteString(`\k<` + string(t.src[t.i+4:end]) + `>`)
		t.i = end + 1
		return nil
	case strings.HasPrefix(rest, "(?#"):
		end := t.indexFrom(')')
		if end < 0 {
			return fmt.Errorf("missing ), unterminated comment")
		}
		t.i = end + 1
		return nil
	case strings.HasPrefix(rest, "(?") && isFlagStart(t.peek(2)):
		return t.flags()
	case strings.HasPrefix(rest, "(?"):
		// (?:, (?=, (?!, (?<=, (?<!, (?>, (?( are the same in both dialects.
		t.out.WriteString("(?")
		t.i += 2
	default:
		t.out.WriteRune('(')
		t.i++
	}
	t.verbose = append(t.verbose, verbose)
	return nil
}

func isFlagStart(c rune) bool { return strings.ContainsRune("aiLmsux-", c) }

func (t *pyTranslator) indexFrom(c rune) int {
	for j := t.i; j < len(t.src); j++ {
		if t.src[j] == c {
			return j
		}
	}
	return -1
}

// flags handles (?imsx) (global) and (?imsx-imsx:...) (scoped).
func (t *pyTranslator) flags() error {
	on, off, j, err := t.flagLetters()
	if err != nil {
		return err
	}
	if t.src[j] == ')' { // global: applies to the whole pattern
		if t.out.Len() > 0 {
			return fmt.Errorf("global flags not at the start of the expression at position %d", t.i)
		}
		if len(off) > 0 {
			return fmt.Errorf("missing :, flags may only be turned off in a scoped group")
		}
		for _, c := range on {
			t.global[c] = true
		}
		t.bytes = t.bytes || t.global['a']
		t.i = j + 1
		return nil
	}
	verbose := t.verbose[len(t.verbose)-1]
	if containsRune(on, 'x') {
		verbose = true
	}
	if containsRune(off, 'x') {
		verbose = false
	}
	t.out.WriteString("(?" + keepFlags(on))
	if k := keepFlags(off); k != "" {
		t.out.WriteString("-" + k)
	}
	t.out.WriteRune(':')
	t.i = j + 1
	t.verbose = append(t.verbose, verbose)
	return nil
}

// flagLetters reads the letters of "(?on-off" and returns the index of the ) or : after.
func (t *pyTranslator) flagLetters() (on, off []rune, end int, err error) {
	j := t.i + 2
	cur := &on
	for ; j < len(t.src) && t.src[j] != ')' && t.src[j] != ':'; j++ {
		switch c := t.src[j]; {
		case c == '-' && cur == &on:
			cur = &off
		case strings.ContainsRune("aiLmsux", c):
			*cur = append(*cur, c)
		default:
			return nil, nil, 0, fmt.Errorf("unknown flag %q at position %d", c, j)
		}
	}
	if j >= len(t.src) {
		return nil, nil, 0, fmt.Errorf("missing -, : or ), unterminated flags")
	}
	return on, off, j, nil
}

func containsRune(rs []rune, c rune) bool { return strings.ContainsRune(string(rs), c) }

// keepFlags keeps the flags regexp2 knows and that mean the same there.
func keepFlags(fs []rune) string {
	var sb strings.Builder
	for _, c := range fs {
		if strings.ContainsRune("ims", c) {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

// class copies a character class, escaping "[" (regexp2 reads "-[" as subtraction).
// A negated escape (\W, \S, \D) inside the set is taken out of it: regexp2 v2.2.1 stops
// testing a set's categories at the first negated one that holds the character, so
// [^\W\d_] let digits through. The set becomes an alternation of its positive part and
// the negations or, for a negated set, look-aheads refusing each negation.
func (t *pyTranslator) class() error {
	start := t.i
	outer := t.out
	t.out, t.negs = &strings.Builder{}, nil
	defer func() { t.out = outer }()
	t.i++
	negated := t.peek(0) == '^'
	if negated {
		t.i++
	}
	if t.peek(0) == ']' { // a leading ] is a literal
		t.out.WriteString(`\]`)
		t.i++
	}
	for t.i < len(t.src) {
		switch c := t.src[t.i]; c {
		case ']':
			t.i++
			outer.WriteString(joinClass(t.out.String(), negated, t.negs))
			return nil
		case '\\':
			if err := t.escape(true); err != nil {
				return err
			}
		case '[':
			t.out.WriteString(`\[`)
			t.i++
		default:
			t.out.WriteRune(c)
			t.i++
		}
	}
	return fmt.Errorf("unterminated character set at position %d", start)
}

// joinClass spells the set of the items pos and the whole sets negs, negated or not.
func joinClass(pos string, negated bool, negs []string) string {
	switch {
	case len(negs) == 0 && negated:
		return "[^" + pos + "]"
	case len(negs) == 0:
		return "[" + pos + "]"
	case negated: // in no neg and not in pos
		var sb strings.Builder
		sb.WriteString("(?:")
		for _, n := range negs {
			sb.WriteString("(?!" + n + ")")
		}
		if pos == "" {
			sb.WriteString(`[\s\S])`) // any character, a newline too
		} else {
			sb.WriteString("[^" + pos + "])")
		}
		return sb.String()
	default:
		if pos != "" {
			negs = append([]string{"[" + pos + "]"}, negs...)
		}
		return "(?:" + strings.Join(negs, "|") + ")"
	}
}

// pyClasses spell \d, \s and \w as set items with Python's meaning, which regexp2's own
// escapes lack: Python's \w is letters, all numbers (², Ⅻ) and _, but no combining marks,
// and its \s includes \x1c-\x1f. asciiClasses serve bytes and (?a) patterns.
var (
	pyClasses = map[rune]string{
		'd': `\p{Nd}`,
		's': `\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`,
		'w': `\p{L}\p{N}_`,
	}
	asciiClasses = map[rune]string{'d': "0-9", 's': `\t-\r `, 'w': "a-zA-Z0-9_"}
)

// classItems returns the set items of the class escape c and whether c negates them.
func (t *pyTranslator) classItems(c rune) (items string, negated bool) {
	lower := unicode.ToLower(c)
	if t.bytes {
		return asciiClasses[lower], c != lower
	}
	return pyClasses[lower], c != lower
}

// escape translates one backslash escape; inClass says it is inside [...].
func (t *pyTranslator) escape(inClass bool) error {
	c := t.peek(1)
	switch {
	case c == 0:
		return fmt.Errorf("bad escape (end of pattern)")
	case strings.ContainsRune("dDsSwW", c):
		t.classEscape(c, inClass)
	case strings.ContainsRune("ntrfva", c), c == 'b' && inClass:
		t.out.WriteString(`\` + string(c))
		t.i += 2
	case strings.ContainsRune("AbBZ", c):
		return t.anchorEscape(c, inClass)
	case c == 'x' || c == 'u' && !t.bytes || c == 'U' && !t.bytes:
		return t.hexEscape(c)
	case c >= '0' && c <= '9':
		return t.numericEscape(inClass)
	case c < utf8.RuneSelf && unicode.IsLetter(c):
		return fmt.Errorf(`bad escape \%c`, c)
	default: // any other character stands for itself
		t.writeLiteral(c)
		t.i += 2
	}
	return nil
}

// anchorEscape writes \A, \b, \B or \Z (which is regexp2's \z); none is valid in a set.
// \b and \B become look-arounds so that a word character is one of Python's \w.
func (t *pyTranslator) anchorEscape(c rune, inClass bool) error {
	if inClass {
		return fmt.Errorf(`bad escape \%c in a character set`, c)
	}
	w, _ := t.classItems('w')
	w = "[" + w + "]"
	switch c {
	case 'b':
		t.out.WriteString("(?:(?<=" + w + ")(?!" + w + ")|(?<!" + w + ")(?=" + w + "))")
	case 'B':
		t.out.WriteString("(?:(?<=" + w + ")(?=" + w + ")|(?<!" + w + ")(?!" + w + "))")
	default:
		t.out.WriteString(map[rune]string{'A': `\A`, 'Z': `\z`}[c])
	}
	t.i += 2
	return nil
}

// classEscape writes \d, \s, \w or a negation with Python's meaning. A negation inside a
// set is kept in t.negs for class to place.
func (t *pyTranslator) classEscape(c rune, inClass bool) {
	t.i += 2
	items, negated := t.classItems(c)
	switch {
	case inClass && negated:
		t.negs = append(t.negs, "[^"+items+"]")
	case inClass:
		t.out.WriteString(items)
	case negated:
		t.out.WriteString("[^" + items + "]")
	default:
		t.out.WriteString("[" + items + "]")
	}
}

// writeLiteral writes c so that it means only itself in either dialect.
func (t *pyTranslator) writeLiteral(c rune) {
	if c < utf8.RuneSelf && !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '_' {
		t.out.WriteString(`\` + string(c))
		return
	}
	t.writeRune(c)
}

func (t *pyTranslator) writeRune(c rune) {
	if c < 0x20 || c == 0x7f || strings.ContainsRune(`\^$.|?*+()[]{}#- `, c) {
		fmt.Fprintf(t.out, `\u%04x`, c)
		return
	}
	t.out.WriteRune(c)
}

// hexEscape handles \xhh, \uhhhh and \Uhhhhhhhh.
func (t *pyTranslator) hexEscape(kind rune) error {
	n := map[rune]int{'x': 2, 'u': 4, 'U': 8}[kind]
	if t.i+2+n > len(t.src) {
		return fmt.Errorf(`incomplete escape \%c`, kind)
	}
	v, err := strconv.ParseUint(string(t.src[t.i+2:t.i+2+n]), 16, 32)
	if err != nil || v > unicode.MaxRune {
		return fmt.Errorf(`bad escape \%c%s`, kind, string(t.src[t.i+2:t.i+2+n]))
	}
	t.writeRune(rune(v))
	t.i += 2 + n
	return nil
}

// numericEscape handles octal escapes (\0, \012, \177) and backreferences (\1..\99).
func (t *pyTranslator) numericEscape(inClass bool) error {
	j := t.i + 1
	k := j
	for k < len(t.src) && k < j+3 && t.src[k] >= '0' && t.src[k] <= '7' {
		k++
	}
	digits := string(t.src[j:k])
	if t.src[j] == '0' || len(digits) == 3 || inClass {
		if t.src[j] == '0' {
			digits = string(t.src[j:min(k, j+3)])
		}
		if len(digits) == 0 {
			return fmt.Errorf(`bad escape \%c`, t.src[j])
		}
		v, _ := strconv.ParseUint(digits, 8, 32)
		if v > 0o377 {
			return fmt.Errorf(`octal escape value \%s outside of range 0-0o377`, digits)
		}
		t.writeRune(rune(v))
		t.i = j + len(digits)
		return nil
	}
	ref := t.digits(j)
	if len(ref) > 2 {
		ref = ref[:2]
	}
	t.out.WriteString(`\k<` + ref + `>`)
	t.i = j + len(ref)
	return nil
}
