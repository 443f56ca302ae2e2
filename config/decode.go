package config

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks a yaml.Node tree, collecting every problem instead of stopping at the
// first: a user fixing a config wants the whole list at once.
type decoder struct {
	Walker
	local bool // decoding hookrun.local.yaml: version optional, hooks may be partial
}

// field is one known key of a mapping: how to decode it into T and how Merge copies it.
// A nil merge means a local file cannot override the key.
type field[T any] struct {
	decode func(d *decoder, dst *T, v *yaml.Node, path string)
	merge  func(dst, src *T)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names a node for the "got ..." part of a message.
func describe(n *yaml.Node) string {
	return Describe(n, describeScalar)
}

// describeScalar names a scalar: nothing, a quoted string, or its value.
func describeScalar(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return "the quoted string " + quote(n.Value)
	default:
		return quote(n.Value)
	}
}

// quote quotes s for a message, shortening long values.
func quote(s string) string {
	const limit = 40
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "..."
	}
	return strconv.Quote(s)
}

// unquoteHint returns advice to drop the quotes when n is a quoted string that would
// have the wanted tag without them.
func unquoteHint(n *yaml.Node, tag string) string {
	quoted := n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	if quoted && (&yaml.Node{Kind: yaml.ScalarNode, Value: n.Value}).ShortTag() == tag {
		return "; remove the quotes"
	}
	return ""
}

// pairs calls visit for each key of mapping n, after reporting keys that are not plain
// strings, merge keys and duplicates (which it skips).
func (d *decoder) pairs(n *yaml.Node, path string, visit func(name string, k, v *yaml.Node)) {
	seen := map[string]int{}
	for _, p := range Pairs(n) {
		k := p.KeyNode
		switch {
		case k.Kind != yaml.ScalarNode || isNull(k):
			d.Errorf(k, path, "keys must be plain names, got %s", describe(k))
			continue
		case k.ShortTag() == "!!merge":
			d.Errorf(k, JoinPath(path, k.Value), "merge keys are not supported; write the keys out")
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.Errorf(k, JoinPath(path, k.Value), "duplicate key; it is already given on line %d, keep one", line)
			continue
		}
		seen[k.Value] = k.Line
		visit(k.Value, k, p.Value)
	}
}

// decodeFields decodes mapping n into dst using fields, reports unknown keys with the
// suffix keyHint gives, and returns the position of each known key given.
func decodeFields[T any](d *decoder, n *yaml.Node, path string, fields map[string]field[T], dst *T,
	keyHint func(name string) string,
) map[string]Pos {
	given := map[string]Pos{}
	d.pairs(n, path, func(name string, k, v *yaml.Node) {
		f, ok := fields[name]
		if !ok {
			d.Errorf(k, JoinPath(path, name), "unknown key%s", keyHint(name))
			return
		}
		given[name] = d.Pos(k)
		f.decode(d, dst, v, JoinPath(path, name))
	})
	return given
}

// str decodes a string. Any scalar but null is accepted as written ("1" for 1), like yaml.v3.
func (d *decoder) str(n *yaml.Node, path string) string {
	n = Unalias(n)
	switch {
	case n.Kind != yaml.ScalarNode:
		d.Errorf(n, path, "must be a string, got %s", describe(n))
	case isNull(n):
		d.Errorf(n, path, "has no value; give one or remove the key")
	default:
		d.noNUL(n, path)
	}
	return n.Value
}

// noNUL reports a scalar holding a NUL byte ("\0" in a double-quoted string): no
// command, argument, path or environment variable can carry one, so a hook holding it
// could never start.
func (d *decoder) noNUL(n *yaml.Node, path string) {
	if CheckNUL(n.Value) != "" {
		d.Errorf(n, path, "%s", CheckNUL(n.Value))
	}
}

// CheckNUL is the message for a value holding a NUL byte, or "". The pre-commit dialect
// uses it too.
func CheckNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return ""
	}
	return `contains a NUL byte ("\0"), which no command, argument or environment variable can hold; remove it`
}

// nonEmpty decodes a string that must not be empty, such as a command or an id.
func (d *decoder) nonEmpty(n *yaml.Node, path string) string {
	n = Unalias(n)
	if n.Kind == yaml.ScalarNode && !isNull(n) && n.Value == "" {
		d.Errorf(n, path, "must not be empty; give a value or remove the key")
		return ""
	}
	return d.str(n, path)
}

// boolean decodes true or false; yaml 1.1 words such as "yes" and "on" are rejected.
func (d *decoder) boolean(n *yaml.Node, path string) bool {
	n = Unalias(n)
	var b bool
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" && n.Decode(&b) == nil {
		return b
	}
	d.Errorf(n, path, "must be true or false, got %s%s", describe(n), unquoteHint(n, "!!bool"))
	return false
}

// integer decodes a whole number; ok is false after an error.
func (d *decoder) integer(n *yaml.Node, path string) (i int, ok bool) {
	n = Unalias(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" && n.Decode(&i) == nil {
		return i, true
	}
	d.Errorf(n, path, "must be a whole number, got %s%s", describe(n), unquoteHint(n, "!!int"))
	return 0, false
}

// item is one string of a StringList with the node it came from.
type item struct {
	value string
	node  *yaml.Node
	path  string
}

// items decodes a string or a list of strings.
func (d *decoder) items(n *yaml.Node, path string) []item {
	n = Unalias(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) {
			d.Errorf(n, path, "has no value; give a string or a list [a, b], or remove the key")
			return nil
		}
		d.noNUL(n, path)
		return []item{{n.Value, n, path}}
	case yaml.SequenceNode:
		out := make([]item, 0, len(n.Content))
		for i, c := range n.Content {
			c = Unalias(c)
			p := IndexPath(path, i)
			if c.Kind != yaml.ScalarNode || isNull(c) {
				d.Errorf(c, p, "must be a string, got %s", describe(c))
				continue
			}
			d.noNUL(c, p)
			out = append(out, item{c.Value, c, p})
		}
		return out
	default:
		d.Errorf(n, path, "must be a string or a list of strings, got %s", describe(n))
		return nil
	}
}

// list decodes a StringList.
func (d *decoder) list(n *yaml.Node, path string) StringList {
	its := d.items(n, path)
	out := make(StringList, len(its))
	for i, it := range its {
		out[i] = it.value
	}
	return out
}

// mapping resolves n and reports it unless it is a mapping.
func (d *decoder) mapping(n *yaml.Node, path, want string) (*yaml.Node, bool) {
	n = Unalias(n)
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "must be %s, got %s", want, describe(n))
		return n, false
	}
	return n, true
}
