package config

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlParserErrors are the messages of yaml.v3's parser, as opposed to its scanner. For
// these yaml.v3 prints a 0-based line: that of the error's context (the collection being
// parsed: "while parsing a block mapping in line 2" in PyYAML's words) or, when the
// context is on the first line, that of the problem. One more is the 1-based line.
// Scanner messages get the same choice of line, already 1-based.
var yamlParserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// yamlBlockErrors are the parser errors of a block mapping or sequence, raised on the
// first token that does not fit it. The end of input only closes open blocks, so it
// never causes them: the first lines of data show the error if and only if they reach
// the offending token.
var yamlBlockErrors = map[string]bool{
	"did not find expected '-' indicator": true,
	"did not find expected key":           true,
}

// SyntaxErrorLine returns the 1-based line of a yaml.v3 syntax error err on data, and
// its message without yaml.v3's "yaml: line N: " prefix.
//
// yaml.v3 names the line where the enclosing collection starts, off by one, rather than
// the line of the problem: an entry indented one space too little on line 7 of a list
// that starts on line 2 is "line 1: did not find expected key". For the block errors
// that this is about, the problem's line is found as the fewest leading lines of data
// that fail with the same error; the others get yaml.v3's line, made 1-based.
func SyntaxErrorLine(data []byte, err error) (line int, msg string) {
	text := err.Error()
	msg = strings.TrimPrefix(text, "yaml: ")
	if m := yamlLineError().FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1]) // \d+, so only an absurd overflow fails, leaving 0
		msg = m[2]
	}
	if !yamlParserErrors[msg] {
		return max(line, 1), msg
	}
	if yamlBlockErrors[msg] {
		if n := firstFailingLine(data, text); n > 0 {
			return n, msg
		}
	}
	return line + 1, msg
}

// firstFailingLine returns the fewest leading lines of data whose decoding fails with the
// error text want, or 0 when none does. More lines never undo such a failure, so a
// binary search finds it in a few decodes.
func firstFailingLine(data []byte, want string) int {
	var ends []int // ends[i] is the offset just past line i+1
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(data) {
		ends = append(ends, len(data))
	}
	i := sort.Search(len(ends), func(i int) bool {
		err := decodeAll(data[:ends[i]])
		return err != nil && err.Error() == want
	})
	if i == len(ends) {
		return 0
	}
	return i + 1
}

// decodeAll decodes every document of data and returns the first error.
func decodeAll(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}
