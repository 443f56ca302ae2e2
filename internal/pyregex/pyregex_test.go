package pyregex

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// regexCases pin the Python re.search semantics of .pre-commit-config.yaml's files and
// exclude. TestRegexAgainstPython checks every row against Python itself.
var regexCases = []struct {
	name    string
	pattern string
	path    string
	want    bool
}{
	{"an unanchored pattern matches anywhere (search, not match)", `\.py$`, "src/a.py", true},
	{"a dot matches any character, so .git matches .github", `.git`, ".github/workflows/ci.yml", true},
	{".patch matches dispatch", `.patch`, "src/dispatch.go", true},
	{"a caret anchors at the start of the path", `^src/`, "lib/src/a.py", false},
	{"the empty pattern matches every path", ``, "a/b", true},
	{"pre-commit's default exclude matches nothing", `^$`, "a", false},
	{"dollar matches before a trailing newline", `a$`, "a\n", true},
	{`\Z matches only at the very end`, `a\Z`, "a\n", false},
	{"alternation inside a group", `^(docs|tests)/`, "tests/x.py", true},
	{"negative lookahead", `^(?!vendor/).*\.go$`, "vendor/x.go", false},
	{"negative lookahead lets others through", `^(?!vendor/).*\.go$`, "cmd/x.go", true},
	{"lookbehind", `(?<=/)test_[^/]*\.py$`, "pkg/test_a.py", true},
	{"negative lookbehind", `(?<!_test)\.go$`, "a_test.go", false},
	{"verbose pattern ignores whitespace and comments", "(?x)^(\n    docs/.*  # the docs\n  | setup\\.py # and setup\n)$", "setup.py", true},
	{"verbose pattern keeps whitespace inside a set", "(?x) a[ ]b", "a b", true},
	{"verbose pattern: a comment with a bracket", "(?x)^a # see [this\n$", "a", true},
	{"scoped verbose group", "(?x: a b )c d", "abc d", true},
	{"inline ignore-case flag", `(?i)\.PY$`, "a.py", true},
	{"scoped ignore-case", `(?i:A)b`, "ab", true},
	{"scoped ignore-case does not leak", `(?i:A)b`, "aB", false},
	{"named group and named backreference", `(?P<x>[a-z])(?P=x)`, "abba", true},
	{"numbered backreference", `(a)\1`, "aa", true},
	{"repeat with an omitted minimum", `^a{,2}$`, "aa", true},
	{"repeat with an omitted minimum has a maximum", `^a{,2}$`, "aaa", false},
	{"a brace that is not a repeat is literal", `a{x}`, "a{x}", true},
	{"an escaped underscore is an underscore", `a\_b`, "a_b", true},
	{"an escaped slash is a slash", `a\/b`, "a/b", true},
	{"a leading bracket in a set is literal", `[]a]`, "]", true},
	{"an open bracket in a set is literal", `[[a]`, "[", true},
	{"a hyphen before a bracket is not set subtraction", `^[!-[]$`, "A", true},
	{"octal escape", `\101`, "A", true},
	{"hex escape", `\x41`, "A", true},
	{"unicode escape", `\u00e9`, "é", true},
	{"long unicode escape", `\U0001F600`, "😀", true},
	{"backslash d matches digits", `^\d+$`, "123", true},
	{"word class includes unicode letters", `^\w+$`, "héllo", true},
	{"dotall flag", `(?s)a.b`, "a\nb", true},
	{"multiline flag", `(?m)^b`, "a\nb", true},
	{"comment group", `a(?#note)b`, "ab", true},
	{"conditional group", `^(a)?(?(1)b|c)$`, "c", true},
	{"atomic group", `^(?>a+)b`, "aab", true},
	{"non-greedy repeat", `^a+?$`, "aaa", true},
	{"lazy brace repeat", `^a{1,2}?a$`, "aa", true},
	// Class escapes mean what they mean in Python, alone, in sets and under flags.
	{`a negated set of \W, \d and _ keeps only letters`, `^[^\W\d_]+\.txt$`, "abc.txt", true},
	{`a negated set of \W, \d and _ refuses digits`, `^[^\W\d_]+\.txt$`, "123.txt", false},
	{`a negated set of \W, \d and _ refuses underscores`, `^[^\W\d_]+\.txt$`, "a_b.txt", false},
	{`a negated set of \W, \d and _ keeps unicode letters`, `^[^\W\d_]+$`, "héllo", true},
	{`a set of \W and \d matches a digit`, `^[\W\d]$`, "1", true},
	{`a set of \W and \d refuses a letter`, `^[\W\d]$`, "a", false},
	{`a set of \S and \d matches a letter`, `^[\S\d]$`, "a", true},
	{`a set of \W and \D matches a letter`, `^[\W\D]$`, "a", true},
	{`a set of \W and \D refuses a digit`, `^[\W\D]$`, "1", false},
	{`a negated set of \W and \S matches nothing`, `[^\W\S]`, "a b", false},
	{"a word set with a hyphen", `^[\w-]+$`, "a-b_c", true},
	{"a word set with a hyphen refuses a dot", `^[\w-]+$`, "a.b", false},
	{`a negated \s set`, `^[^\s]+$`, "a/b", true},
	{`a negated \s set refuses a space`, `^[^\s]+$`, "a b", false},
	{"a set of digits and spaces", `^[\d\s]+$`, "1 2", true},
	{`a negated \S-and-newline set is horizontal space`, `a[^\S\n]b`, "a b", true},
	{`a negated \S-and-newline set refuses a newline`, `a[^\S\n]b`, "a\x0ab", false},
	{`a negated \S-and-newline set refuses a letter`, `a[^\S\n]b`, "axb", false},
	{`a set of \W and _ matches an underscore`, `[\W_]`, "a_b", true},
	{`a set of \W and _ refuses letters`, `[\W_]`, "ab1", false},
	{`a negated set of \w and dot matches a slash`, `[^\w.]`, "a/b", true},
	{`a negated set of \w and dot refuses a dot`, `[^\w.]`, "a.b", false},
	{"a word boundary", `\bfoo\b`, "a/foo.py", true},
	{"a word boundary does not split a word", `\bfoo\b`, "afoo.py", false},
	{"a word boundary sees unicode letters as word characters", `\bfoo`, "éfoo", false},
	{"POSIX classes are literal in Python", "^[[:alpha:]]+$", "abc", false},
	{"POSIX classes are literal in Python: the set", "^[[:alpha:]]$", "a]", true},
	{`\w matches unicode letters`, `^\w$`, "é", true},
	{`\w matches other numbers`, `^\w$`, "²", true},
	{`\w refuses a combining mark`, `^\w\w$`, "e\u0301", false},
	{`\d matches unicode decimal digits`, `^\d$`, "٣", true},
	{`\d refuses other numbers`, `^\d$`, "²", false},
	{`\s matches an information separator`, `^\s$`, "\x1c", true},
	{`\W refuses other numbers`, `^\W$`, "²", false},
	{`ASCII mode \w refuses unicode letters`, `(?a)^\w+$`, "héllo", false},
	{`ASCII mode \d refuses unicode digits`, `(?a)^\d$`, "٣", false},
	{`ASCII mode \W matches unicode letters`, `(?a)^\W$`, "é", true},
	{`ASCII mode \W in a set matches unicode letters`, `(?a)^[\W]$`, "é", true},
	{`ASCII mode negated set of \W and \d`, `(?a)^[^\W\d]+$`, "héllo", false},
	{`ASCII mode \S in a set`, `(?a)^[\S]$`, "\u3000", true},
	{`ASCII mode \b`, `(?a)\bfoo`, "éfoo", true},
	{"ignore case with a set", `(?i)^[a-z]+\.TXT$`, "ABC.txt", true},
	{"ignore case with a negated set", "(?i)^[^a-z]+$", "ABC", false},
	{`ignore case with \w`, `(?i)^\w+$`, "ÀB", true},
	{"ignore case with the Kelvin sign", "(?i)^k$", "\u212a", true},
	{"ignore case scoped to a set", `(?i:[^\W\d_])b`, "Ab", true},
}

func TestCompile(t *testing.T) {
	t.Parallel()
	for _, tt := range regexCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			re, err := Compile(tt.pattern, Flags{})
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.pattern, err)
			}
			if got := re.MatchString(tt.path); got != tt.want {
				t.Errorf("search(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
			}
		})
	}
}

func TestCompileRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pattern, want string
	}{
		{"an unbalanced parenthesis", `a)`, "unbalanced parenthesis"},
		{"an unterminated group", `(a`, "missing )"},
		{"an unterminated set", `[a`, "unterminated character set"},
		{"an unknown letter escape", `\q`, `bad escape \q`},
		{"a possessive quantifier", `a++`, "possessive"},
		{"an unknown flag", `(?z)a`, "(?z"},
		{"global flags after the start", `a(?i)b`, "global flags not at the start"},
		{"a bad backreference", `\2`, "regex"},
		{"a unicode escape in a bytes pattern is a bad escape", `\u00e9`, "bad escape"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			flags := Flags{Bytes: strings.Contains(tt.name, "bytes")}
			_, err := Compile(tt.pattern, flags)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile(%q) error = %v, want one containing %q", tt.pattern, err, tt.want)
			}
		})
	}
}

func TestCompileBytes(t *testing.T) {
	t.Parallel()
	re, err := Compile(`^\w+\xff$`, Flags{Bytes: true})
	if err != nil {
		t.Fatal(err)
	}
	if !re.MatchString(Latin1([]byte("ab_1\xff"))) {
		t.Error("bytes pattern does not match its Latin-1 subject")
	}
	if re.MatchString(Latin1([]byte("\xe9\xff"))) {
		t.Error(`\w matched a non-ASCII byte in a bytes pattern`)
	}
	if got := string(FromLatin1(Latin1([]byte{0, 0x80, 0xff}))); got != "\x00\x80\xff" {
		t.Errorf("FromLatin1(Latin1(b)) = %q", got)
	}
}

// TestRegexAgainstPython runs every row of regexCases through Python's re.search and
// checks the table agrees with it, so the table cannot drift from the real semantics.
func TestRegexAgainstPython(t *testing.T) {
	t.Parallel()
	python, err := exec.LookPath("python3")
	if err != nil {
		// CI must not pass by skipping the one check against the real semantics.
		if req := os.Getenv("HOOKRUN_REQUIRE_TOOLS"); req == "all" || slices.Contains(strings.Split(req, ","), "python3") {
			t.Fatalf("python3 is required (HOOKRUN_REQUIRE_TOOLS=%s) but not on PATH", req)
		}
		t.Skip("python3 not on PATH")
	}
	type row struct {
		Pattern string `json:"p"`
		Path    string `json:"s"`
	}
	rows := make([]row, len(regexCases))
	for i, tt := range regexCases {
		rows[i] = row{tt.pattern, tt.path}
	}
	in, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	script := "import json,re,sys,warnings\nwarnings.simplefilter('ignore')\n" +
		"print(json.dumps([bool(re.search(r['p'], r['s'])) for r in json.load(sys.stdin)]))"
	cmd := exec.CommandContext(t.Context(), python, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var got []bool
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python3 output %q: %v", out, err)
	}
	for i, tt := range regexCases {
		if got[i] != tt.want {
			t.Errorf("%s: Python's re.search(%q, %q) = %v, the table says %v", tt.name, tt.pattern, tt.path, got[i], tt.want)
		}
	}
}
