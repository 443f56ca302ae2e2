package pchooks

import (
	"strings"
	"testing"
)

// jsonEdgeFiles are the JSON shapes check-json and pretty-format-json are tried on.
func jsonEdgeFiles() map[string]string {
	deep := func(n int, open, close string) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	return map[string]string{
		"ok.json":              `{"b": [1, 2.5, -0, -0.0, 1e16, 1.5e-07, 0.0001, 1E-5, 123456789012345678901234567890], "a": {"c": null, "d": true, "e": false}}` + "\n",
		"pretty.json":          "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    {}\n  ],\n  \"c\": []\n}\n",
		"pretty-crlf.json":     "{\r\n  \"a\": 1\r\n}\r\n",
		"pretty-cr.json":       "{\r  \"a\": 1\r}\r",
		"pretty-nofinal.json":  "{\n  \"a\": 1\n}",
		"bom.json":             "\ufeff{\"a\": 1}\n",
		"double-bom.json":      "\ufeff\ufeff{}",
		"empty.json":           "",
		"space.json":           " \n\t ",
		"nan.json":             `[NaN, Infinity, -Infinity, 1e400, -1e400, 1e-400]`,
		"dup.json":             `{"a": 1, "b": {"x": 1, "x": 2}}`,
		"dup-escaped.json":     `{"a": 1, "\u0061": 2}`,
		"dup-top.json":         `{"a": 1, "a": 1}`,
		"trailing-comma.json":  `{"a": 1,}`,
		"single-quote.json":    `{'a': 1}`,
		"comment.json":         "// c\n{}",
		"extra.json":           `{} {}`,
		"leading-zero.json":    `[01]`,
		"dot.json":             `[1.]`,
		"exp.json":             `[1e]`,
		"plus.json":            `[+1]`,
		"hex-escape.json":      `["\x41"]`,
		"bad-u.json":           `["\u12G4"]`,
		"control.json":         "[\"a\tb\"]",
		"escapes.json":         `["\"\\\/\b\f\n\r\t\u00e9\u20ac\ud83d\ude00\ud800\udc00x\udfff\u007f"]`,
		"lone-surrogate.json":  `{"k\ud800": "\udc00"}`,
		"unicode.json":         "{\"é\": \"€😀\", \"z\": \"\u007f\"}",
		"latin1.json":          "[\"caf\xe9\"]",
		"surrogate-bytes.json": "[\"\xed\xa0\x80\"]",
		"binary.json":          "\x00\x01\x02",
		"utf16le.json":         "\xff\xfe[\x001\x00]\x00",
		"utf16be-nobom.json":   "\x00[\x001\x00]",
		"utf32le.json":         "[\x00\x00\x001\x00\x00\x00]\x00\x00\x00",
		"utf16-odd.json":       "\xff\xfe[\x001",
		"two-bytes.json":       "1\x00",
		"big-int.json":         "[" + strings.Repeat("9", 4300) + ", -" + strings.Repeat("9", 4300) + "]",
		"too-big-int.json":     "[" + strings.Repeat("9", 4301) + "]",
		"big-float.json":       "[" + strings.Repeat("9", 5000) + ".5]",
		"long-line.json":       `["` + strings.Repeat("x", 200000) + `"]`,
		"deep-ok.json":         deep(500, `{"a":`, "}") + deep(0, "", ""),
		"deep-array.json":      deep(992, "[", "]"),
		"scalar.json":          `"just a string"`,
		"ws-inside.json":       "{ \"a\" :\r\n1 }",
		"vertical-tab.json":    "\v{}",
		"nbsp.json":            "\u00a0{}",
		"null-char-key.json":   `{"\u0000": 1}`,
		"sort-mixed.json":      `{"b": 1, "B": 2, "a": 3, "é": 4, "_": 5, "10": 6, "9": 7, "": 8}`,
	}
}

func TestCheckJSONMatchesPython(t *testing.T) {
	t.Parallel()
	files := jsonEdgeFiles()
	// One case per file: the exit code then says what the hook made of each.
	var cases []diffCase
	for _, p := range caseFiles(diffCase{Files: files}) {
		cases = append(cases, diffCase{Name: p, Files: map[string]string{p: files[p]}})
	}
	diffTest(t, "check-json", "check-json", append(cases, []diffCase{
		{Name: "valid only", Files: map[string]string{"a.json": files["ok.json"], "b.json": files["utf16le.json"]}},
		{Name: "deepest arrays that decode", Files: map[string]string{"a.json": strings.Repeat("[", 993) + strings.Repeat("]", 993)}},
		{Name: "arrays one level too deep", Files: map[string]string{"a.json": strings.Repeat("[", 994) + strings.Repeat("]", 994)}},
		{Name: "deepest objects that decode", Files: map[string]string{"a.json": strings.Repeat(`{"a":`, 992) + "1" + strings.Repeat("}", 992)}},
		{Name: "objects one level too deep", Files: map[string]string{"a.json": strings.Repeat(`{"a":`, 993) + "1" + strings.Repeat("}", 993)}},
		{Name: "very deep", Files: map[string]string{"a.json": strings.Repeat("[", 100000)}},
		{Name: "empty object and array", Files: map[string]string{"a.json": "{}", "b.json": "[]"}},
		{Name: "symlink to a valid file", Files: map[string]string{"a.json": "{}"}, Links: map[string]string{"l.json": "a.json"}},
		{Name: "no files", Files: map[string]string{"a.json": "{"}, Pass: []string{}},
	}...))
}
