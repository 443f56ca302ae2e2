package pchooks

import (
	"fmt"
	"strings"
	"testing"
)

// yamlCases are YAML corners for check-yaml: duplicate keys as Python compares them,
// merge keys, tags, explicit-tag values, documents, and syntax errors.
var yamlCases = []string{
	"a: 1\nb: 2\n", "a: 1\na: 2\n", "a: 1\n'a': 2\n", "1: a\n1.0: b\n", "1: a\ntrue: b\n", "0: a\nfalse: b\n",
	"yes: a\ntrue: b\n", "null: a\n~: b\n", ": a\nnull: b\n", "0x10: a\n16: b\n", "0o10: a\n8: b\n", "010: a\n10: b\n",
	"1_0: a\n10: b\n", ".nan: a\n.nan: b\n", ".inf: a\n.Inf: b\n", "1e3: a\n1000: b\n", "1e3: a\n'1000': b\n",
	"2020-01-01: a\n2020-01-01: b\n", "2020-01-01 00:00:00: a\n2020-01-01: b\n",
	"2020-01-01T01:00:00+01:00: a\n2020-01-01T00:00:00Z: b\n", "2020-01-01T01:00:00: a\n2020-01-01T01:00:00.000: b\n",
	"[1, 2]: a\n[1, 2]: b\n", "[1, [2]]: a\n", "{a: 1}: b\n", "? [a, b]\n: c\n", "? - a\n  - b\n: c\n? [a, b]\n: d\n",
	"a: {b: 1, b: 2}\n", "- a: 1\n  a: 1\n", "a: &x {b: 1}\nc: *x\n", "a: *x\n", "a: &x [*x]\n", "&x [*x]: 1\n",
	"base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  x: 3\n", "base: &b {x: 1}\nd:\n  <<: *b\n  x: 3\n  x: 4\n",
	"b1: &b1 {x: 1}\nb2: &b2 {y: 1}\nd:\n  <<: [*b1, *b2]\n", "b: &b {x: 1}\nd:\n  <<: *b\n  <<: *b\n",
	"d:\n  <<: 1\n", "d:\n  <<: [1]\n", "d:\n  <<: {x: 1, x: 2}\n", "'<<': 1\n'<<': 2\n", "<<: {a: 1}\n",
	"a: !Ref b\n", "a: !!python/name:os.system\n", "a: !!str 1\n", "a: !!int 1\n", "a: !!int x\n", "a: !!int 0x_1\n",
	"a: !!int 1_000\n", "a: !!float 1\n", "a: !!float x\n", "a: !!float .nan\n", "a: !!float inf\n", "a: !!bool yes\n",
	"a: !!bool maybe\n", "a: !!null x\n", "a: !!binary aGVsbG8=\n", "a: !!binary aGVsbG8\n", "a: !!binary a\n",
	"a: !!binary |\n  aGVs\n  bG8=\n", "a: !!timestamp 2020-01-01\n", "a: !!timestamp x\n", "a: 2021-02-30\n",
	"a: 2020-02-29\n", "a: 2020-01-01 25:00:00\n", "a: 2020-1-1 1:00:00\n", "a: 0000-01-01\n",
	"a: !!set {x, y}\n", "a: !!set {x, x}\n", "a: !!omap [{x: 1}, {y: 2}]\n", "a: !!omap [{x: 1}, {x: 2}]\n",
	"a: !!omap [{x: 1, y: 2}]\n", "a: !!pairs [{x: 1}, {x: 2}]\n", "a: !!seq {b: 1}\n", "a: !!map [1]\n",
	"a: !!str {b: 1}\n", "a: ! 1\n", "a: !<tag:yaml.org,2002:str> 1\n", "a: !<tag:example.com,2000:x> 1\n",
	"%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", "a: =\n", "=: a\n", "a: !!value x\n",
	"a: 1\n---\nb: 2\n", "a: 1\n---\n", "---\na: 1\n...\n", "---\n...\n---\n", "# only a comment\n", "",
	"---\n", "...\n", "a: 1\n...\n---\nb: 1\nb: 2\n", "%YAML 1.2\n---\na: 1\n", "%YAML 1.1\n---\na: 1\n",
	"a: b: c\n", "a:\n\t- b\n", "a: 'unterminated\n", "a: [1, 2\n", "- a\nb: 1\n", "a: 1\n b: 2\n", "  a: 1\nb: 2\n",
	"a: @b\n", "a: `b\n", "a: b #c\n", "a: b#c\n", "key: value\n? complex\n: v\n", "a: |\n  text\n b\n",
	"a: >-\n  folded\n  text\n", "a: \"\\x41\\u00e9\\U0001F600\"\n", "a: \"\\q\"\n", "a: '\\q'\n", "a: \x01\n",
	"\ufeffa: 1\n", "a: \ufeff1\n", "a: 1\r\nb: 2\r\n", "a: 1\rb: 2\r", "a: 1",
	"- [a, b]: 1\n", "{a: 1, a: 2}\n", "[a, b, a]\n", "a: &anchor\nb: *anchor\n", "&a a: 1\n*a : 2\n",
	"a: 99999999999999999999999999\n", "a: " + strings.Repeat("9", 4301) + "\n", "a: !!int " + strings.Repeat("9", 4301) + "\n",
	"a: 1e400\n", "a: -.inf\n", "a: _\n", "a: +\n", "a: 0b\n", "a: 0o\n", "a: 0x\n", "a: !!int 0b102\n",
	"a: !!float 1_0.5\n", "a: ._1\n", "a: 1__2\n", "Yes: 1\nyes: 2\n", "on: 1\n'on': 2\n",
	"a:\n  - b\n  -c\n", "? a\n? a\n", "a: {b: [1, {c: d}]}\n", "- - - - a\n",
	"x: " + strings.Repeat("[", 500) + strings.Repeat("]", 500) + "\n",
	"a: b\t\n", "a: b \t\n", "a: \"b\"\t\n", "- a\t\n", "a: b\t# c\n", "a:\t1\n", "a: [1]\t\n", "a: b\tc\n",
	"a: |\n  b\t\n", "a: |\t\n  b\n", "a: |\n\tb\n", "a: |\n  b\n\t\n", "a: |\n  b\n  \n c:\t1\n", "a: >\n  b\tc\nd: 1\n",
	"[a,\tb]\n", "{a:\tb}\n", "# c\t\n", "a: 1 #\tc\n", "a: 'b\tc'\n", "a: \"b\tc\"\n", "a: b\n\tc\n",
	"---\t\na: 1\n", "a: !!str\tb\n", "a: &x\tb\n", "-\ta\n", "a: b 'c\td'\n", "a: it's\tx\n", "? a\t\n: b\n",
	"a: \"multi\n  line\"\nb: 1\t\n", "a: 'it''s'\t\n", "a: [b,\n\tc]\n", "a: {b: [c,\td]}\n", "a: b[1]\tc\n",
	"x: " + strings.Repeat("[", 487) + "1" + strings.Repeat("]", 487) + "\n", "x: " + strings.Repeat("[", 488) + "1" + strings.Repeat("]", 488) + "\n",
	"x: " + strings.Repeat("{a: ", 487) + "1" + strings.Repeat("}", 487) + "\n", "x: " + strings.Repeat("{a: ", 488) + "1" + strings.Repeat("}", 488) + "\n",
	"x: " + strings.Repeat("[", 600) + strings.Repeat("]", 600) + "\n",
	"a: \"a\\/b\"\n", "a: \"a\\'b\"\n", "a: 'a\\/b'\n", "a: \"a\\\\/b\"\n", "a: \"x\\/\"\n\"x/\": 1\n", "a: \"x\\/\"\nb: \"x/\"\n",
	"\"a\\/\": 1\n\"a/\": 2\n", "a: b\\/c\n", "a: \"multi\n  line \\/ slash\"\n", "a: [\"\\/\", '\\/']\n",
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
	// Keys as the fast path (yamlquick.go) compares them.
	"'a''b': 1\na'b: 2\n", "\"a\": 1\na: 2\n", "a: 1\n\"a\" : 2\n", "- a: 1\n  b: 2\n  a: 3\n", "x:\n  k: 1\n  k: 2\n",
	"k: 1\nx:\n  k: 2\n", "007: a\n7: b\n", "true: a\nTrue: b\n", "-1: a\n-01: b\n", "1.0: a\n1: b\n", "a: 1\n---\na: 1\n",
	"k_1: a\nk-1: b\nK_1: c\n", "null: a\nNull: b\n", "nul: a\nnull: b\n", "123456789012345678: a\n123456789012345678.0: b\n",
	"a:\n  b\n  c: d\n", "a: b\n  c\nd: 1\n", "a: 2001-12-14\n  21:59:43.10\n", "- b\n  c\n- d\n", "a: 'x\n  y'\nb: \"p\n q\"\n",
	"a:\n  \"x\n y\"\n", "a: |\n\n  x\n", "a: |\n   \n  x\n", "a: |-\n  x\nb: >+\n  y\n\n", "a: [b, 'c', \"d\", 1, ~]\n",
}

func TestCheckYAMLMatchesPython(t *testing.T) {
	t.Parallel()
	var cases []diffCase
	for i, c := range yamlCases {
		cases = append(cases, diffCase{Name: fmt.Sprintf("%03d %q", i, clip(c)), Files: map[string]string{"a.yaml": c}})
	}
	for p, c := range edgeFiles() {
		cases = append(cases, diffCase{Name: "edge " + p, Files: map[string]string{p: c}})
	}
	multi := map[string]string{"a.yaml": "a: 1\n---\nb: 2\n", "b.yaml": "a: 1\n---\nb: 1\nb: 2\n", "c.yaml": "a: !Ref x\n---\n"}
	for _, args := range [][]string{{"-m"}, {"--multi"}, {"--allow-multiple-documents"}, {"--unsafe"}, {"--unsafe", "-m"}} {
		for p, c := range multi {
			cases = append(cases, diffCase{Name: fmt.Sprintf("%v %s", args, p), Args: args, Files: map[string]string{p: c}})
		}
	}
	for _, c := range []string{"a: 1\na: 2\n", "a: !Ref x\n", "a: [\n", "a: 2021-02-30\n", "a: !!int x\n"} {
		cases = append(cases, diffCase{Name: fmt.Sprintf("--unsafe %q", c), Args: []string{"--unsafe"}, Files: map[string]string{"a.yaml": c}})
	}
	cases = append(cases,
		diffCase{Name: "long line", Files: map[string]string{"a.yaml": "a: " + strings.Repeat("y", 200000) + "\n"}},
		diffCase{Name: "several files, one bad", Files: map[string]string{"a.yaml": "a: 1\n", "b.yaml": "a: [\n", "c.yaml": "c: 2\n"}},
		diffCase{Name: "not UTF-8 stops the run", Files: map[string]string{"a.yaml": "a: caf\xe9\n", "b.yaml": "a: 1\n"}},
		diffCase{Name: "symlink", Files: map[string]string{"a.yaml": "a: 1\n"}, Links: map[string]string{"l.yaml": "a.yaml"}},
	)
	diffTest(t, "check-yaml", "check-yaml", cases)
}

// TestCheckYAMLDisagreements pins where yaml.v3's parser and ruamel's disagree, so a
// change on either side shows: ruamel takes these, the native check-yaml rejects them.
func TestCheckYAMLDisagreements(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, yaml string
		args       []string
	}{
		{name: "NEL inside a plain scalar", yaml: "a: \u0085b\n"},
		{name: "line separator inside a plain scalar", yaml: "a: b\u2028c\n"},
		{name: "alias to an undefined anchor with --unsafe", yaml: "a: *x\n", args: []string{"--unsafe"}},
		// From the YAML test suite (in goccy/go-yaml's testdata), where yaml.v3 stops:
		{name: "zero-indented folded scalar", yaml: "--- >\nline1\nline2\n"},
		{name: "tab after the indentation of a literal", yaml: "foo: |-\n \tbar\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, _, err := Lookup("check-yaml", tc.args)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			setupCase(t, dir, diffCase{Files: map[string]string{"a.yaml": tc.yaml}})
			if code, _ := f(t.Context(), Env{Dir: dir}, []string{"a.yaml"}); code != 1 {
				t.Errorf("exit code %d, want 1 (ruamel: 0): the parsers agree now; move the case to yamlCases", code)
			}
		})
	}
}
