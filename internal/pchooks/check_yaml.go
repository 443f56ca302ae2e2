package pchooks

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// check-yaml loads each file as ruamel.yaml's safe loader (YAML 1.2) does in the hook.
// yaml.v3 parses and composes the documents; the construction ruamel would do on top is
// redone here on the nodes: the tags its safe constructor knows, the values an explicit
// tag asks for, merge keys, and duplicate keys compared as Python compares the
// constructed keys (1, 1.0 and true are one key; NaN never equals itself).
//
// Known differences, none seen in real files: a %YAML 1.1 directive (ruamel switches to
// 1.1 resolution; here 1.2 stays); with --unsafe, an alias to an undefined anchor fails
// here (yaml.v3 composes while it parses) and passes in ruamel (it only parses); and
// the places where yaml.v3's and ruamel's parsers disagree (TestCheckYAMLDisagreements).

func init() {
	register(Hook{ID: "check-yaml", Parse: parseCheckYAML, ReadOnly: true})
}

type checkYAML struct{ multi, unsafe bool }

func parseCheckYAML(args []string) (Func, error) {
	var o checkYAML
	for _, a := range args {
		switch a {
		case "-m", "--multi", "--allow-multiple-documents":
			o.multi = true
		case "--unsafe":
			o.unsafe = true
		default:
			// Abbreviations, "-m" joined to other flags, file names: argparse's to read.
			return nil, fmt.Errorf("argument %q: %w", a, ErrUnsupported)
		}
	}
	return o.run, nil
}

func (o checkYAML) run(_ context.Context, env Env, files []string) (int, []byte) {
	return checkFiles(env, files, func(f string, data []byte) (string, error) {
		if !utf8.Valid(data) {
			// Python's UTF-8 decoding fails before ruamel sees the text: the hook stops.
			return "", fmt.Errorf("%s: 'utf-8' codec can't decode the file", f)
		}
		if err := o.check(data); err != nil {
			return fmt.Sprintf("%s: %v", f, err), nil
		}
		return "", nil
	})
}

// yamlDirective12 is a %YAML 1.2 directive, which yaml.v3 refuses ("incompatible YAML
// document") and ruamel reads; it becomes 1.1 for yaml.v3, the same length.
var yamlDirective12 = lazyRegexp(`(?m)^%YAML[ \t]+1\.2\b`)

func (o checkYAML) check(data []byte) error {
	// --unsafe only parses: what the fast path takes with every check, it parses.
	if yamlQuickOK(data, o.multi || o.unsafe) {
		return nil
	}
	return o.full(data)
}

// full is check without its fast path: the tab and escape lexer, yaml.v3's parse and
// the safe constructor's checks on its nodes.
func (o checkYAML) full(data []byte) error {
	line, lexed := yamlLex(data)
	if line != 0 {
		return fmt.Errorf("line %d: found character '\\t' that cannot start any token", line)
	}
	data, err := yamlEscapes(lexed)
	if err != nil {
		return err
	}
	if bytes.Contains(data, []byte("%YAML")) { // the regexp is slow to find nothing
		data = yamlDirective12().ReplaceAllFunc(data, func(d []byte) []byte { return append(d[:len(d)-1:len(d)-1], '1') })
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for n := 0; ; n++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if n > 0 && !o.multi && !o.unsafe {
			return errors.New("expected a single document in the stream")
		}
		if o.unsafe {
			continue
		}
		if yamlComposeCost(&doc) > yamlRecursionBudget {
			return errors.New("maximum recursion depth exceeded")
		}
		c := yamlConstructor{done: map[*yaml.Node]yamlKey{}}
		if _, err := c.construct(&doc); err != nil {
			return err
		}
	}
}

// yamlRecursionBudget is how many Python frames ruamel's composer may nest under the
// pinned Python before its RecursionError, as yamlComposeCost counts them (two per
// collection, three for a scalar inside). Measured: 488 flow mappings or sequences
// around a scalar under a top mapping fail, 487 do not; 489 block mappings fail, 488
// do not. Around an empty collection Python gets a few levels deeper than counted here.
const yamlRecursionBudget = 980

func yamlComposeCost(n *yaml.Node) int {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return 0
		}
		return yamlComposeCost(n.Content[0])
	case yaml.ScalarNode:
		return 3
	case yaml.AliasNode:
		return 1
	}
	deepest := 0
	for _, child := range n.Content {
		deepest = max(deepest, yamlComposeCost(child))
	}
	return 2 + deepest
}

// yamlKey is a constructed value as a mapping key: id is equal for values Python
// finds equal; hashable is false for dicts, sets and lists inside lists.
type yamlKey struct {
	id       string
	hashable bool
	list     bool
}

type yamlConstructor struct {
	done map[*yaml.Node]yamlKey
	nans int
}

// construct builds node as the safe constructor would, returning it as a key.
func (c *yamlConstructor) construct(n *yaml.Node) (yamlKey, error) {
	if n.Kind == yaml.ScalarNode && n.Anchor == "" {
		// Most nodes: no alias reaches it, and it holds no other node, so it is built
		// once and never while it is being built; skip the bookkeeping.
		return c.build(n)
	}
	if k, ok := c.done[n]; ok {
		return k, nil
	}
	// A node that refers to itself, reached again while it is built: ruamel hands out
	// a placeholder, which hashes.
	c.done[n] = yamlKey{id: "(recursive)", hashable: true}
	k, err := c.build(n)
	if err != nil {
		return yamlKey{}, err
	}
	c.done[n] = k
	return k, nil
}

func (c *yamlConstructor) build(n *yaml.Node) (yamlKey, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return yamlKey{id: "N", hashable: true}, nil
		}
		return c.construct(n.Content[0])
	case yaml.AliasNode:
		return c.construct(n.Alias)
	}
	tag := c.tag(n)
	switch tag {
	case "!!map", "!!set":
		if n.Kind != yaml.MappingNode {
			return yamlKey{}, nodeErrorf(n, "expected a mapping node, but found %s", kindName(n))
		}
		return yamlKey{id: "(dict)"}, c.mapping(n, tag == "!!set")
	case "!!seq", "!!omap", "!!pairs":
		if n.Kind != yaml.SequenceNode {
			return yamlKey{}, nodeErrorf(n, "expected a sequence node, but found %s", kindName(n))
		}
		return c.sequence(n, tag)
	}
	if n.Kind != yaml.ScalarNode {
		if _, known := yamlScalar[tag]; known {
			return yamlKey{}, nodeErrorf(n, "expected a scalar node, but found %s", kindName(n))
		}
		return yamlKey{}, nodeErrorf(n, "could not determine a constructor for the tag %q", tag)
	}
	build, known := yamlScalar[tag]
	if !known {
		return yamlKey{}, nodeErrorf(n, "could not determine a constructor for the tag %q", tag)
	}
	id, err := build(c, n.Value)
	if err != nil {
		return yamlKey{}, nodeErrorf(n, "%v", err)
	}
	return yamlKey{id: id, hashable: true}, nil
}

func kindName(n *yaml.Node) string {
	return map[yaml.Kind]string{yaml.ScalarNode: "scalar", yaml.MappingNode: "mapping", yaml.SequenceNode: "sequence"}[n.Kind]
}

func nodeErrorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("line %d, column %d: %s", n.Line, n.Column, fmt.Sprintf(format, args...))
}

// tag is the node's tag as ruamel resolves it: an explicit one as written ("!" on a
// scalar is a string), a plain scalar's by the YAML 1.2 rules, a quoted or block
// scalar a string, a collection by its kind.
func (c *yamlConstructor) tag(n *yaml.Node) string {
	switch {
	case n.Style&yaml.TaggedStyle != 0:
		return n.Tag
	case n.Tag == "!" && n.Kind == yaml.ScalarNode:
		return "!!str"
	case n.Kind == yaml.MappingNode:
		return "!!map"
	case n.Kind == yaml.SequenceNode:
		return "!!seq"
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return "!!str"
	}
	return resolveYAML12(n.Value)
}

var (
	yaml12Bool  = lazyRegexp(`^(?:true|True|TRUE|false|False|FALSE)$`)
	yaml12Float = lazyRegexp(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?` +
		`|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	yaml12Int  = lazyRegexp(`^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$`)
	yamlNull   = lazyRegexp(`^(?:~|null|Null|NULL|)$`)
	yamlTimeRE = lazyRegexp(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]` +
		`|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?` +
		`(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
)

// resolveYAML12 is ruamel's implicit resolver for YAML 1.2, in its order. Like
// ruamel, it tries only the patterns listed for the value's first character.
func resolveYAML12(v string) string {
	if v != "" && !strings.ContainsRune("tTfF-+0123456789.<~nN=", rune(v[0])) {
		return "!!str"
	}
	switch {
	case yaml12Bool().MatchString(v):
		return "!!bool"
	case yaml12Float().MatchString(v):
		return "!!float"
	case yaml12Int().MatchString(v) && !strings.HasPrefix(v, "_"):
		return "!!int"
	case v == "<<":
		return "!!merge"
	case yamlNull().MatchString(v):
		return "!!null"
	case yamlTimeRE().MatchString(v):
		return "!!timestamp"
	case v == "=":
		return "!!value" // which the safe constructor cannot build
	}
	return "!!str"
}

// yamlScalar builds a scalar of each tag the safe constructor knows into its key id.
var yamlScalar = map[string]func(*yamlConstructor, string) (string, error){
	"!!str":  func(_ *yamlConstructor, v string) (string, error) { return "s:" + v, nil },
	"!!null": func(*yamlConstructor, string) (string, error) { return "N", nil },
	"!!bool": func(_ *yamlConstructor, v string) (string, error) {
		switch strings.ToLower(v) {
		case "yes", "y", "true", "on":
			return "n:1", nil
		case "no", "n", "false", "off":
			return "n:0", nil
		}
		return "", fmt.Errorf("invalid bool %q", v)
	},
	"!!int":       func(_ *yamlConstructor, v string) (string, error) { return yamlInt(v) },
	"!!float":     (*yamlConstructor).float,
	"!!binary":    func(_ *yamlConstructor, v string) (string, error) { return yamlBinary(v) },
	"!!timestamp": func(_ *yamlConstructor, v string) (string, error) { return yamlTimestamp(v) },
}

// yamlInt is construct_yaml_int (YAML 1.2): underscores dropped, a sign, 0b/0x/0o or
// decimal; Python's int() for the rest, with its 4,300-digit limit.
func yamlInt(v string) (string, error) {
	s := strings.ReplaceAll(v, "_", "")
	if s == "" {
		return "", fmt.Errorf("invalid int %q", v)
	}
	neg := s[0] == '-'
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	base := 10
	for prefix, b := range map[string]int{"0b": 2, "0x": 16, "0o": 8} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s, base = rest, b
		}
	}
	if base == 10 && len(strings.TrimLeft(s, "0")) > pyMaxIntDigits {
		return "", errIntDigits
	}
	i, ok := new(big.Int).SetString(s, base)
	if !ok || s == "" || strings.ContainsAny(s, "+-") {
		return "", fmt.Errorf("invalid int %q", v)
	}
	if neg {
		i.Neg(i)
	}
	return "n:" + new(big.Rat).SetInt(i).RatString(), nil
}

// float is construct_yaml_float (YAML 1.2). Every .nan is one object, which a mapping
// finds equal to itself; any other NaN is new and equal to nothing.
func (c *yamlConstructor) float(v string) (string, error) {
	s := strings.ToLower(strings.ReplaceAll(v, "_", ""))
	if s == "" {
		return "", fmt.Errorf("invalid float %q", v)
	}
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = strings.TrimPrefix(s[:1], "+"), s[1:]
	}
	switch s {
	case ".inf":
		return "n:" + sign + "inf", nil
	case ".nan":
		return "nan", nil // ruamel's one nan_value object: equal to itself
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || strings.HasPrefix(s, "0x") {
		return "", fmt.Errorf("could not convert string to float: %q", v)
	}
	if math.IsNaN(f) {
		c.nans++
		return fmt.Sprintf("nan#%d", c.nans), nil
	}
	if math.IsInf(f, 0) {
		return "n:" + sign + "inf", nil
	}
	if sign == "-" {
		f = -f
	}
	return "n:" + new(big.Rat).SetFloat64(f).RatString(), nil
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// yamlBinary is base64.decodebytes: characters outside the alphabet are skipped, and
// the data must be whole groups of four or padded to them.
func yamlBinary(v string) (string, error) {
	var data strings.Builder
	pad := 0
	for _, r := range v {
		switch {
		case r >= utf8.RuneSelf:
			return "", errors.New("failed to convert base64 data into ascii")
		case r == '=':
			pad++
		case strings.ContainsRune(base64Alphabet, r):
			data.WriteRune(r)
		}
	}
	s := data.String()
	if rem := len(s) % 4; rem == 1 || rem > 1 && pad < 4-rem {
		return "", errors.New("failed to decode base64 data: Incorrect padding")
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("failed to decode base64 data: %w", err)
	}
	return "b:" + string(b), nil
}

var yamlTimeParts = lazyRegexp(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$`)

// yamlTimestamp is create_timestamp: a date, or a datetime (naive, or in UTC when it
// has a zone); Python's date and datetime refuse impossible fields.
func yamlTimestamp(v string) (string, error) {
	m := yamlTimeParts().FindStringSubmatch(v)
	if m == nil {
		return "", fmt.Errorf("failed to construct timestamp from %q", v)
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	y, mo, d := num(m[1]), num(m[2]), num(m[3])
	if y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
		return "", fmt.Errorf("invalid date %q", v)
	}
	if m[4] == "" {
		return fmt.Sprintf("d:%04d-%02d-%02d", y, mo, d), nil
	}
	h, mi, s := num(m[4]), num(m[5]), num(m[6])
	if h > 23 || mi > 59 || s > 59 {
		return "", fmt.Errorf("invalid time %q", v)
	}
	frac := (m[7] + "000000")[:6]
	if m[8] == "" {
		return fmt.Sprintf("t:%04d-%02d-%02dT%02d:%02d:%02d.%s", y, mo, d, h, mi, s, frac), nil
	}
	offset := 0
	if m[8] != "Z" {
		oh, om, _ := strings.Cut(m[8][1:], ":")
		offset = num(oh)*60 + num(om)
		if offset >= 24*60 {
			return "", fmt.Errorf("invalid offset %q", v)
		}
		if m[8][0] == '-' {
			offset = -offset
		}
	}
	minutes := ((int64(daysBefore(y, mo, d))*24+int64(h))*60 + int64(mi)) - int64(offset)
	return fmt.Sprintf("z:%d:%02d.%s", minutes, s, frac), nil
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
}

// daysBefore counts the days from 0001-01-01 to y-m-d.
func daysBefore(y, m, d int) int {
	n := (y-1)*365 + (y-1)/4 - (y-1)/100 + (y-1)/400
	for i := 1; i < m; i++ {
		n += daysIn(y, i)
	}
	return n + d - 1
}

// sequence builds a list, or an omap or pairs (a list of one-pair mappings).
func (c *yamlConstructor) sequence(n *yaml.Node, tag string) (yamlKey, error) {
	ids := make([]string, 0, len(n.Content))
	hashable := tag != "!!omap"
	omap := map[string]bool{}
	for _, item := range n.Content {
		if tag != "!!seq" {
			pair := item
			if pair.Kind == yaml.AliasNode {
				pair = pair.Alias
			}
			if pair.Kind != yaml.MappingNode || len(pair.Content) != 2 {
				return yamlKey{}, nodeErrorf(item, "expected a mapping of length 1")
			}
			k, err := c.construct(pair.Content[0])
			if err != nil {
				return yamlKey{}, err
			}
			if tag == "!!omap" && omap[k.id] {
				return yamlKey{}, nodeErrorf(item, "duplicate key in an ordered map")
			}
			omap[k.id] = true
			if _, err := c.construct(pair.Content[1]); err != nil {
				return yamlKey{}, err
			}
			hashable = false
			continue
		}
		k, err := c.construct(item)
		if err != nil {
			return yamlKey{}, err
		}
		// A list key becomes a tuple; the lists inside it stay lists.
		hashable = hashable && k.hashable && !k.list
		ids = append(ids, k.id)
	}
	return yamlKey{id: "(" + strings.Join(ids, ",") + ")", hashable: hashable, list: true}, nil
}

// mapping builds a dict or a set as ruamel does: merge keys flattened first; every key
// must hash, and keys must be unique unless the mapping merges others (then ruamel
// checks none).
func (c *yamlConstructor) mapping(n *yaml.Node, set bool) error {
	pairs, merged, err := c.flatten(n)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range pairs {
		keyNode, valNode := p[0], p[1]
		k, err := c.key(keyNode)
		if err != nil {
			return err
		}
		if !set {
			if _, err := c.construct(valNode); err != nil {
				return err
			}
		}
		if seen[k.id] && !merged {
			return nodeErrorf(keyNode, "found duplicate key %q", keyNode.Value)
		}
		seen[k.id] = true
	}
	return nil
}

// key builds a mapping key: "=" is a string there, and the key must hash.
func (c *yamlConstructor) key(n *yaml.Node) (yamlKey, error) {
	if n.Kind == yaml.ScalarNode && c.tag(n) == "!!value" {
		return yamlKey{id: "s:" + n.Value, hashable: true}, nil
	}
	k, err := c.construct(n)
	if err != nil {
		return yamlKey{}, err
	}
	if !k.hashable {
		return yamlKey{}, nodeErrorf(n, "found unhashable key")
	}
	return k, nil
}

func (c *yamlConstructor) isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && c.tag(k) == "!!merge"
}

// flatten is flatten_mapping: the pairs of the mappings a << key merges (each
// flattened in turn; a list of them last to first), then the mapping's own pairs. One <<
// at most, its value a mapping or a list of mappings.
func (c *yamlConstructor) flatten(n *yaml.Node) (pairs [][2]*yaml.Node, merged bool, err error) {
	var merge, own [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !c.isMerge(k) {
			own = append(own, [2]*yaml.Node{k, v})
			continue
		}
		if merged {
			return nil, false, nodeErrorf(k, "found duplicate merge key \"<<\"")
		}
		merged = true
		if merge, err = c.mergeSources(deref(v)); err != nil {
			return nil, false, err
		}
	}
	return append(merge, own...), merged, nil
}

func (c *yamlConstructor) mergeSources(v *yaml.Node) ([][2]*yaml.Node, error) {
	switch v.Kind {
	case yaml.MappingNode:
		pairs, _, err := c.flatten(v)
		return pairs, err
	case yaml.SequenceNode:
		var all [][][2]*yaml.Node
		for _, s := range v.Content {
			if deref(s).Kind != yaml.MappingNode {
				return nil, nodeErrorf(s, "expected a mapping for merging, but found %s", kindName(deref(s)))
			}
			pairs, _, err := c.flatten(deref(s))
			if err != nil {
				return nil, err
			}
			all = append(all, pairs)
		}
		var merge [][2]*yaml.Node
		for i := len(all) - 1; i >= 0; i-- {
			merge = append(merge, all[i]...)
		}
		return merge, nil
	}
	return nil, nodeErrorf(v, "expected a mapping or list of mappings for merging, but found %s", kindName(v))
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}
