package config

import (
	"cmp"
	"slices"
	"strings"
)

// Error is one problem in a config file: where it is, which key, and what to do.
type Error struct {
	Pos  Pos    // start of the offending node
	Path string // key path such as "hooks[2].timeout"; "" for the file as a whole
	Msg  string // what is wrong and how to fix it
}

// Error formats e as "file:line:col: path: msg".
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Pos.String() + ": " + e.Msg
	}
	return e.Pos.String() + ": " + e.Path + ": " + e.Msg
}

// Errors is every problem found in a config, sorted by position within each file, files
// in the order they were read. Parse, Load and Merge return it when the input is bad.
type Errors []*Error

// Error formats each error on its own line, in order.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the errors, so errors.As finds the first *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sortErrors orders es by file (first appearance), line, column, path and message.
func sortErrors(es Errors) {
	rank := map[string]int{}
	for _, e := range es {
		if _, ok := rank[e.Pos.File]; !ok {
			rank[e.Pos.File] = len(rank)
		}
	}
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(rank[a.Pos.File], rank[b.Pos.File]),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}
