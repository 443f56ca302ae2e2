package pchooks

import (
	"strings"
	"testing"
)

func TestPrettyFormatJSONMatchesPython(t *testing.T) {
	t.Parallel()
	files := jsonEdgeFiles()
	// A lone surrogate cannot be written as UTF-8: with --no-ensure-ascii the hook fails.
	noSurrogates := map[string]string{}
	for p, c := range files {
		if p != "escapes.json" && p != "lone-surrogate.json" {
			noSurrogates[p] = c
		}
	}
	var cases []diffCase
	for _, args := range [][]string{
		{"--autofix"},
		{},
		{"--autofix", "--indent", "4"},
		{"--autofix", "--indent=\t"},
		{"--autofix", "--indent", "0"},
		{"--autofix", "--indent", "-3"},
		{"--autofix", "--indent", " +1_0 "},
		{"--autofix", "--indent", ""},
		{"--autofix", "--indent", "ab"},
		{"--autofix", "--no-sort-keys"},
		{"--autofix", "--top-keys", "z,b,a"},
		{"--autofix", "--top-keys=10,", "--no-sort-keys"},
		{"--autofix", "--no-ensure-ascii", "--no-sort-keys"},
	} {
		fs := files
		if strings.Contains(strings.Join(args, " "), "--no-ensure-ascii") {
			fs = noSurrogates
		}
		cases = append(cases, diffCase{Name: "edge files " + strings.Join(args, " "), Files: fs, Args: args})
	}
	cases = append(cases,
		diffCase{Name: "lone surrogate without ensure_ascii truncates the file", Files: map[string]string{"a.json": `{"b":1}`, "b.json": `["\ud800"]`, "c.json": `{"b":1}`}, Args: []string{"--autofix", "--no-ensure-ascii"}},
		diffCase{Name: "lone surrogate without ensure_ascii and no autofix", Files: map[string]string{"b.json": `["\ud800"]`}, Args: []string{"--no-ensure-ascii"}},
		diffCase{Name: "not UTF-8 stops the run", Files: map[string]string{"a.json": `{"b":1}`, "b.json": "[\"\xe9\"]", "c.json": `{"b":1}`}, Args: []string{"--autofix"}},
		diffCase{Name: "duplicate keys sorted by value", Files: map[string]string{
			"a.json": `{"a": 2, "a": 1, "b": [1, "x"], "b": [1, "w"], "c": 1.0, "c": true, "d": NaN, "d": NaN, "e": {"x": 1}, "e": {"x": 1}, "f": null, "f": null}`,
		}, Args: []string{"--autofix"}},
		diffCase{Name: "duplicate keys with unordered values crash", Files: map[string]string{"a.json": `{"a": 1}`, "b.json": `{"a": 1, "a": "x"}`, "c.json": `{"b":1}`}, Args: []string{"--autofix"}},
		diffCase{Name: "duplicate top keys keep their place and last value", Files: map[string]string{"a.json": `{"z": 1, "a": 2, "z": 3}`}, Args: []string{"--autofix", "--top-keys", "z"}},
		diffCase{Name: "duplicate keys unsorted", Files: map[string]string{"a.json": `{"b": 1, "a": {}, "b": "x"}`}, Args: []string{"--autofix", "--no-sort-keys"}},
		diffCase{Name: "floats", Files: map[string]string{"a.json": `[0.1, 0.2, 1e22, 1e21, 1e-5, 1e-4, 123456789.123456789, 9007199254740993.0, 5e-324, 1.7976931348623157e308, 2.5E+3, -1.5e-10, 0e0, -0e-0, 1E16, 9999999999999998.0, 0.00009999]`}, Args: []string{"--autofix"}},
		diffCase{Name: "deep but not too deep", Files: map[string]string{"a.json": strings.Repeat(`[{"a":`, 200) + "1" + strings.Repeat("}]", 200)}, Args: []string{"--autofix"}},
		diffCase{Name: "too deep stops the run", Files: map[string]string{"a.json": "[1,2]", "b.json": strings.Repeat("[", 2000) + strings.Repeat("]", 2000), "c.json": "[1,2]"}, Args: []string{"--autofix"}},
	)
	diffTest(t, "pretty-format-json", "pretty-format-json", cases)
}

func TestPrettyFormatJSONArgs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		args        []string
		unsupported bool
		fails       bool
	}{
		{name: "abbreviations are left to argparse", args: []string{"--auto"}, unsupported: true},
		{name: "unknown options are left to argparse", args: []string{"--bogus"}, unsupported: true},
		{name: "file names among args are left to the real hook", args: []string{"a.json"}, unsupported: true},
		{name: "a missing value is left to argparse", args: []string{"--indent"}, unsupported: true},
		{name: "non-ASCII indent digits are left to int()", args: []string{"--indent", "٤"}, unsupported: true},
		{name: "a value on a flag is an argparse error", args: []string{"--autofix=1"}, fails: true},
		{name: "every option in full", args: []string{"--autofix", "--indent=4", "--no-ensure-ascii", "--no-sort-keys", "--top-keys", "a,b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, ok, err := Lookup("pretty-format-json", tc.args)
			if !ok {
				t.Fatal("pretty-format-json is not registered")
			}
			if got := isUnsupported(err); got != tc.unsupported {
				t.Errorf("unsupported = %v (err %v), want %v", got, err, tc.unsupported)
			}
			if got := err != nil && !isUnsupported(err); got != tc.fails {
				t.Errorf("fails = %v (err %v), want %v", got, err, tc.fails)
			}
		})
	}
}
