package tool

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
)

// Lines splits b into lines without their line endings.
func Lines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		out = append(out, strings.TrimSuffix(sc.Text(), "\r"))
	}
	return out
}

// Atoi is strconv.Atoi for numbers a regexp already matched; "" is 0.
func Atoi(s string) int {
	n, _ := strconv.Atoi(s) // callers pass \d+ groups or ""
	return n
}

// Regexp returns a function that compiles expr on its first call and gives the same
// *regexp.Regexp after: a tool's output patterns cost nothing when hookrun starts, and
// most runs parse the output of few tools, or of none.
func Regexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// LineRule turns one regexp match (all groups, as FindStringSubmatch returns them) into
// a diagnostic, or reports false to drop the line.
type LineRule struct {
	Re   *regexp.Regexp
	Make func(out *Output, m []string) (hooks.Diagnostic, bool)
}

// MatchLines applies the rules to each line of b; the first rule that matches a line
// makes its diagnostic. Lines no rule matches are ignored (they stay in the raw output).
func MatchLines(out *Output, b []byte, rules ...LineRule) []hooks.Diagnostic {
	var diags []hooks.Diagnostic
	for _, line := range Lines(b) {
		for _, r := range rules {
			m := r.Re.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			if d, ok := r.Make(out, m); ok {
				d.Tool = out.Tool
				diags = append(diags, d)
			}
			break
		}
	}
	return diags
}

// DecodeJSON decodes a document that must be there: empty output is an error. Text
// printed around the document is skipped (it stays in the raw output): tools print
// warnings on the same stdout as their report, pylint its "Failed to load
// 'pyproject.toml'" before the JSON, and one stray line must not cost every finding.
func DecodeJSON(b []byte, v any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return errors.New("no JSON output")
	}
	err := json.Unmarshal(b, v)
	if _, ok := errors.AsType[*json.SyntaxError](err); ok {
		// A syntax error leaves v untouched, so the document can be decoded again.
		if doc := findDocument(b); doc != nil && json.Unmarshal(doc, v) == nil {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("decode JSON output: %w", err)
	}
	return nil
}

// findDocument returns the first JSON object or array in b that starts a line at its
// first column, as every tool prints its report; an indented '{' or '[' is more likely
// a quoted source line than a report.
func findDocument(b []byte) []byte {
	for off := 0; off < len(b); {
		if b[off] == '{' || b[off] == '[' {
			var raw json.RawMessage
			if json.NewDecoder(bytes.NewReader(b[off:])).Decode(&raw) == nil {
				return raw
			}
		}
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return nil
}

// DecodeStream decodes a sequence of JSON values (JSON lines, or objects printed one
// after another) and calls fn on each. Lines that are not JSON are skipped and returned,
// so a parser can read the text some tools mix into their JSON (mypy's blocking errors).
func DecodeStream[T any](b []byte, fn func(v T)) (text []string, err error) {
	for _, chunk := range splitJSONValues(b) {
		if chunk.text != "" {
			text = append(text, chunk.text)
			continue
		}
		var v T
		if err := json.Unmarshal(chunk.json, &v); err != nil {
			return text, fmt.Errorf("decode JSON output: %w", err)
		}
		fn(v)
	}
	return text, nil
}

type chunk struct {
	json []byte
	text string
}

// splitJSONValues cuts b into top-level JSON values that start a line with '{' or '[',
// and the other lines.
func splitJSONValues(b []byte) []chunk {
	var out []chunk
	for len(bytes.TrimSpace(b)) > 0 {
		trimmed := bytes.TrimLeft(b, " \t\r\n")
		if trimmed[0] == '{' || trimmed[0] == '[' {
			dec := json.NewDecoder(bytes.NewReader(trimmed))
			var raw json.RawMessage
			if dec.Decode(&raw) == nil {
				out = append(out, chunk{json: raw})
				b = trimmed[dec.InputOffset():]
				continue
			}
			// Not JSON after all ("[error] ..."): the line is text.
		}
		line, rest, _ := bytes.Cut(trimmed, []byte("\n"))
		if s := strings.TrimSpace(string(line)); s != "" {
			out = append(out, chunk{text: s})
		}
		b = rest
	}
	return out
}

// SetEnd sets d's end from a 1-based end position that is exclusive, as most JSON
// formats give it, turning it into Diagnostic's inclusive end. An end at column 1 of a
// later line ends on the line before, at a column that is not known (0).
func SetEnd(d *hooks.Diagnostic, endLine, endColExclusive int) {
	if endLine <= 0 {
		return
	}
	d.EndLine, d.EndCol = endLine, endColExclusive-1
	switch {
	case d.EndCol >= 1 && (d.EndLine > d.Line || d.EndCol >= d.Col):
	case d.EndLine > d.Line:
		d.EndLine, d.EndCol = d.EndLine-1, 0
	default: // an empty range: it ends where it starts
		d.EndLine, d.EndCol = d.Line, d.Col
	}
}

// Severity maps a tool's severity word to hooks.Severity through table, defaulting to
// error: an unknown word must not hide a finding.
func Severity(table map[string]hooks.Severity, word string) hooks.Severity {
	if s, ok := table[strings.ToLower(word)]; ok {
		return s
	}
	return hooks.SevError
}
