package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// This file is the node-walking core of the two YAML dialects hookrun reads: hookrun.yaml
// (this package) and .pre-commit-config.yaml (config/precommit). What each dialect
// accepts, and the words of its messages, stay with its decoder.

// Walker walks the yaml.Node tree of one file, collecting every problem instead of
// stopping at the first: a user fixing a config wants the whole list at once.
type Walker struct {
	File string // the file name every Pos carries
	Errs Errors // the problems found, in the order found
}

// Pos is where n starts in the file. A nil n (an empty document) is the file's start.
func (w *Walker) Pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: w.File, Line: 1, Col: 1}
	}
	// The parser numbers every node from 1; the guard keeps "every error has a line" true.
	return Pos{File: w.File, Line: max(n.Line, 1), Col: max(n.Column, 0)}
}

// Errorf records a problem at n with the key path it concerns.
func (w *Walker) Errorf(n *yaml.Node, path, format string, args ...any) {
	w.ErrorAt(w.Pos(n), path, format, args...)
}

// ErrorAt records a problem at pos with the key path it concerns.
func (w *Walker) ErrorAt(pos Pos, path, format string, args ...any) {
	w.Errs = append(w.Errs, &Error{Pos: pos, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// maxAliasChain bounds alias resolution; the parser never builds chains, but a bound is cheap.
const maxAliasChain = 8

// Unalias follows aliases (*name) to the node they stand for; nil stays nil.
func Unalias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < maxAliasChain; i++ {
		n = n.Alias
	}
	return n
}

// JoinPath appends key to a key path ("hooks[2]" and "id" make "hooks[2].id").
func JoinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// IndexPath appends a list index to a key path ("hooks" and 2 make "hooks[2]").
func IndexPath(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}

// Pair is one key of a mapping with its value.
type Pair struct {
	Key     string     // the key's text
	KeyNode *yaml.Node // the key, aliases resolved
	Value   *yaml.Node // the value as written (it may be an alias)
}

// Pairs returns the keys of mapping n with their values, in file order, duplicates
// included: what a duplicate means is the dialect's to say.
func Pairs(n *yaml.Node) []Pair {
	out := make([]Pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := Unalias(n.Content[i])
		out = append(out, Pair{Key: k.Value, KeyNode: k, Value: n.Content[i+1]})
	}
	return out
}

// Describe names a node for the "got ..." part of a message: "a mapping", "a list",
// "an alias", or for a scalar what scalar says (the dialects name scalars differently).
func Describe(n *yaml.Node, scalar func(n *yaml.Node) string) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return scalar(n)
	}
	return "an alias"
}
