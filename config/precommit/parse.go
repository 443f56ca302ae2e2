package precommit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
)

// Load reads and parses root/.pre-commit-config.yaml.
func Load(root string) (*Config, []Warning, error) {
	data, err := config.ReadFile(filepath.Join(root, FileName))
	if err != nil {
		return nil, nil, err
	}
	return Parse(FileName, data)
}

// Parse decodes and validates a .pre-commit-config.yaml named name (for messages). What
// pre-commit rejects is an error (config.Errors, each with file:line:col and key path);
// what it only warns about is returned as warnings, in file order.
func Parse(name string, data []byte) (*Config, []Warning, error) {
	root, err := document(name, data)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{Walker: config.Walker{File: name}}
	c := d.configFile(root)
	if len(d.Errs) > 0 {
		return nil, d.warns, d.Errs
	}
	return c, d.warns, nil
}

// ParseManifest decodes a hook repository's .pre-commit-hooks.yaml: a list of hooks,
// each with id, name, entry and language.
func ParseManifest(name string, data []byte) ([]HookConfig, []Warning, error) {
	root, err := document(name, data)
	if err != nil {
		return nil, nil, err
	}
	d := &decoder{Walker: config.Walker{File: name}}
	var hooks []HookConfig
	switch {
	case root == nil || root.Kind != yaml.SequenceNode:
		d.Errorf(root, "", "a manifest is a list of hooks (a mapping needs pre-commit 5)")
	default:
		for i, n := range root.Content {
			h := d.hook(n, config.IndexPath("", i), "local", name)
			hooks = append(hooks, h)
		}
	}
	if len(d.Errs) > 0 {
		return nil, d.warns, d.Errs
	}
	return hooks, d.warns, nil
}

// document parses data into its root node; nil means an empty document.
func document(name string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	switch {
	case errors.Is(err, io.EOF):
		return nil, nil
	case err != nil:
		line, msg := config.SyntaxErrorLine(data, err)
		return nil, config.Errors{{Pos: config.Pos{File: name, Line: line}, Msg: msg}}
	case len(doc.Content) == 0:
		return nil, nil
	}
	return doc.Content[0], nil
}

// decoder reads pre-commit's dialect on config's node-walking core.
type decoder struct {
	config.Walker
	warns []Warning
}

func (d *decoder) warnf(n *yaml.Node, path, format string, args ...any) {
	d.warns = append(d.warns, Warning{Pos: d.Pos(n), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// pairs returns the keys of a mapping node in order, values unaliased; ok is false (and
// an error is recorded) when n is not a mapping. A duplicate key is kept, as PyYAML
// keeps it (the last one wins there).
func (d *decoder) pairs(n *yaml.Node, path, what string) ([]config.Pair, bool) {
	n = config.Unalias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "expected %s", what)
		return nil, false
	}
	ps := config.Pairs(n)
	for i := range ps {
		ps[i].Value = config.Unalias(ps[i].Value)
	}
	return ps, true
}

// str decodes a string scalar. YAML numbers, booleans and nulls are not strings, as
// for pre-commit (`rev: 1.0` is a float there and an error).
func (d *decoder) str(n *yaml.Node, path string) string {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		d.Errorf(n, path, "expected a string, got %s", describe(n))
		return ""
	}
	if msg := config.CheckNUL(n.Value); msg != "" {
		d.Errorf(n, path, "%s", msg)
	}
	return n.Value
}

// boolean decodes a YAML 1.1 boolean, as PyYAML reads it (yes/no/on/off too).
func (d *decoder) boolean(n *yaml.Node, path string) bool {
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on":
			return true
		case "false", "no", "off":
			return false
		}
	}
	d.Errorf(n, path, "expected a bool, got %s", describe(n))
	return false
}

// strings decodes a list of strings.
func (d *decoder) list(n *yaml.Node, path string) []string {
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "expected a list of strings, got %s", describe(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, it := range n.Content {
		out = append(out, d.str(config.Unalias(it), config.IndexPath(path, i)))
	}
	return out
}

// describe names a node for the "got ..." part of a message, scalars as PyYAML types them.
func describe(n *yaml.Node) string {
	return config.Describe(n, describeScalar)
}

func describeScalar(n *yaml.Node) string {
	switch n.Tag {
	case "!!null":
		return "nothing (null)"
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	}
	return strconv.Quote(n.Value)
}

// unexpected warns about unknown keys the way pre-commit does, once per mapping, at the
// first of them, with the key meant where one is a near miss of a known key.
func (d *decoder) unexpected(path, where string, unknown []config.Pair, known []string) {
	if len(unknown) == 0 {
		return
	}
	keys := make([]string, len(unknown))
	for i, p := range unknown {
		keys[i] = p.Key
		if c := config.Suggest(p.Key, known); c != "" {
			keys[i] += fmt.Sprintf(" (did you mean %q?)", c)
		}
	}
	d.warnf(unknown[0].KeyNode, path, "Unexpected key(s) present %s: %s", where, strings.Join(keys, ", "))
}

// configFile decodes the root mapping.
func (d *decoder) configFile(root *yaml.Node) *Config {
	c := &Config{
		Path:                    d.File,
		DefaultInstallHookTypes: []string{"pre-commit"},
		DefaultLanguageVersion:  map[string]string{},
		DefaultStages:           slices.Clone(Stages),
		Exclude:                 "^$",
		MinimumPreCommitVersion: "0",
		Pos:                     d.Pos(root),
	}
	if root != nil && root.Kind == yaml.SequenceNode {
		d.Errorf(root, "", "a top-level list is the old config format; convert it with `pre-commit migrate-config`")
		return c
	}
	ps, ok := d.pairs(root, "", "a mapping with a repos key")
	if !ok {
		return c
	}
	if i := slices.IndexFunc(ps, func(p config.Pair) bool { return p.Key == "minimum_pre_commit_version" }); i >= 0 {
		c.MinimumPreCommitVersion = d.minVersion(ps[i].Value, ps[i].Key)
	}
	var unknown []config.Pair
	seenRepos := false
	for _, p := range ps {
		switch p.Key {
		case "repos":
			seenRepos = true
			c.Repos = d.repos(p.Value, "repos")
		case "ci", "minimum_pre_commit_version": // ci is pre-commit.ci's; the version was checked first
		default:
			if dec, ok := rootKeys[p.Key]; ok {
				dec(d, c, p.Value, p.Key)
			} else {
				unknown = append(unknown, p)
			}
		}
	}
	d.unexpected("", "at root", unknown, append(slices.Sorted(maps.Keys(rootKeys)), "repos", "ci", "minimum_pre_commit_version"))
	if !seenRepos {
		d.Errorf(root, "repos", "missing required key")
	}
	return c
}

// rootKeys decode the top-level keys other than repos, ci and the version.
var rootKeys = map[string]func(d *decoder, c *Config, v *yaml.Node, path string){
	"default_install_hook_types": func(d *decoder, c *Config, v *yaml.Node, path string) {
		c.DefaultInstallHookTypes = d.oneOfList(v, path, HookTypes, "hook type")
	},
	"default_language_version": func(d *decoder, c *Config, v *yaml.Node, path string) {
		c.DefaultLanguageVersion = d.languageVersions(v, path)
	},
	"default_stages": func(d *decoder, c *Config, v *yaml.Node, path string) {
		c.DefaultStages = d.stages(v, path, "default_stages")
	},
	"files":     func(d *decoder, c *Config, v *yaml.Node, path string) { c.Files = d.regex(v, path) },
	"exclude":   func(d *decoder, c *Config, v *yaml.Node, path string) { c.Exclude = d.regex(v, path) },
	"fail_fast": func(d *decoder, c *Config, v *yaml.Node, path string) { c.FailFast = d.boolean(v, path) },
}

func (d *decoder) oneOfList(n *yaml.Node, path string, allowed []string, what string) []string {
	out := d.list(n, path)
	for i, s := range out {
		if !slices.Contains(allowed, s) {
			d.Errorf(n.Content[i], config.IndexPath(path, i), "unknown %s %q; one of %s", what, s, strings.Join(allowed, ", "))
		}
	}
	return out
}

func (d *decoder) languageVersions(n *yaml.Node, path string) map[string]string {
	m := map[string]string{}
	ps, ok := d.pairs(n, path, "a mapping of language to version")
	if !ok {
		return m
	}
	for _, p := range ps {
		if !slices.Contains(Languages, p.Key) {
			d.Errorf(p.KeyNode, config.JoinPath(path, p.Key), "unknown language; one of %s", strings.Join(Languages, ", "))
		}
		m[p.Key] = d.str(p.Value, config.JoinPath(path, p.Key))
	}
	return m
}

// stages decodes a list of stage names, mapping legacy names with a warning.
func (d *decoder) stages(n *yaml.Node, path, owner string) []string {
	all := slices.Concat(Stages, []string{"commit", "merge-commit", "push"})
	out := d.oneOfList(n, path, all, "stage")
	var legacy []string
	for i, s := range out {
		if now, ok := legacyStages[s]; ok {
			legacy = append(legacy, s)
			out[i] = now
		}
	}
	if len(legacy) > 0 {
		d.warnf(n, path, "%s uses deprecated stage names (%s); use %s instead (hookrun migrate or pre-commit migrate-config rewrites them)",
			owner, strings.Join(legacy, ", "), strings.Join(mapped(legacy), ", "))
	}
	return out
}

func mapped(legacy []string) []string {
	out := make([]string, len(legacy))
	for i, s := range legacy {
		out[i] = legacyStages[s]
	}
	return out
}

// minVersion checks minimum_pre_commit_version against the version hookrun follows.
func (d *decoder) minVersion(n *yaml.Node, path string) string {
	v := d.str(n, path)
	want, err := versionTuple(v)
	if err != nil {
		d.Errorf(n, path, "%q is not a version like 3.2.0", v)
		return v
	}
	have, _ := versionTuple(CompatibleVersion)
	if slices.Compare(want, have) > 0 {
		d.Errorf(n, path, "requires pre-commit %s; hookrun follows pre-commit %s", v, CompatibleVersion)
	}
	return v
}

// versionTuple reads a dotted version as pre-commit does: a tuple of integers.
func versionTuple(v string) ([]int, error) {
	parts := strings.Split(v, ".")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("version %q: %w", v, err)
		}
		out[i] = n
	}
	return out, nil
}
