package config

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/internal/filetype"
)

// This file holds the decoders that check values beyond their YAML type.

// validID, validType and validEnvName check a name byte by byte (ASCII only) instead of
// with regexps compiled when hookrun starts, which every command would pay for.

// validID: `^[A-Za-z0-9][A-Za-z0-9_.-]*$`.
func validID(s string) bool {
	return s != "" && isAlnum(s[0]) && allBytes(s[1:], func(c byte) bool { return isAlnum(c) || strings.IndexByte("_.-", c) >= 0 })
}

// validType: `^[a-z0-9+_-]+$`.
func validType(s string) bool {
	return s != "" && allBytes(s, func(c byte) bool {
		return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("+_-", c) >= 0
	})
}

// validEnvName: `^[A-Za-z_][A-Za-z0-9_]*$`.
func validEnvName(s string) bool {
	return s != "" && (s[0] < '0' || s[0] > '9') && allBytes(s, func(c byte) bool { return isAlnum(c) || c == '_' })
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// supportedVersion is the only value "version" may have.
const supportedVersion = 1

// stageHints maps stage names that git users reach for to the stage they mean.
var stageHints = map[string]string{
	"commit":   "pre-commit",
	"push":     "pre-push",
	"merge":    "post-merge",
	"checkout": "post-checkout",
	"rebase":   "pre-rebase",
}

func decodeVersion(d *decoder, f *File, v *yaml.Node, p string) {
	n, ok := d.integer(v, p)
	if !ok {
		return
	}
	if n != supportedVersion {
		d.Errorf(v, p, "unsupported version %d; this hookrun reads version: %d", n, supportedVersion)
		return
	}
	f.Version = n
}

// MaxJobs bounds how many jobs run at once (jobs:, --jobs): each is a process group,
// and a few hundred already exceed what any machine runs usefully in parallel.
const MaxJobs = 256

func decodeJobs(d *decoder, f *File, v *yaml.Node, p string) {
	n, ok := d.integer(v, p)
	switch {
	case ok && n < 0:
		d.Errorf(v, p, "must be 0 (one job per CPU) or more, got %d", n)
		return
	case ok && n > MaxJobs:
		d.Errorf(v, p, "must be at most %d (hookrun's limit on parallel jobs), got %d", MaxJobs, n)
		return
	}
	f.Jobs = n
}

func (d *decoder) id(n *yaml.Node, p string) string {
	id := d.str(n, p)
	if id == "" && Unalias(n).Kind == yaml.ScalarNode && !isNull(Unalias(n)) {
		d.Errorf(n, p, "must not be empty; name the hook, such as id: lint")
	}
	if id != "" && !validID(id) {
		d.Errorf(n, p, `invalid id %s; use letters, digits, "_", "." and "-", starting with a letter or digit`, quote(id))
	}
	return id
}

// root decodes a directory relative to the repository root into its clean form.
func (d *decoder) root(n *yaml.Node, p string) string {
	r := d.str(n, p)
	clean := path.Clean(r)
	switch {
	case r == "":
		return ""
	case strings.Contains(r, `\`):
		d.Errorf(n, p, `use "/" to separate directories, got %s`, quote(r))
	case path.IsAbs(r):
		d.Errorf(n, p, "must be relative to the repository root, got %s; write %s", quote(r), quote(strings.TrimLeft(r, "/")))
	case clean == ".." || strings.HasPrefix(clean, "../"):
		d.Errorf(n, p, "must stay inside the repository, got %s", quote(r))
	case clean == ".":
		return ""
	}
	return clean
}

// globs decodes a list of doublestar patterns, matched against repo-relative paths.
func (d *decoder) globs(n *yaml.Node, p string) StringList {
	its := d.items(n, p)
	out := make(StringList, 0, len(its))
	for _, it := range its {
		g := it.value
		switch {
		case g == "":
			d.Errorf(it.node, it.path, `empty pattern; write a glob such as "*.go" or remove it`)
		case strings.HasPrefix(g, "/") || strings.HasPrefix(g, "./"):
			d.Errorf(it.node, it.path, "pattern %s never matches: paths are relative to the repository root; write %s",
				quote(g), quote(strings.TrimLeft(strings.TrimPrefix(g, "./"), "/")))
		case !doublestar.ValidatePattern(g):
			d.Errorf(it.node, it.path, `invalid glob %s; look for an unclosed "[" or "{", or a trailing "\"`, quote(g))
		}
		out = append(out, g)
	}
	return out
}

func (d *decoder) types(n *yaml.Node, p string) StringList {
	its := d.items(n, p)
	out := make(StringList, 0, len(its))
	for _, it := range its {
		switch {
		case !validType(it.value):
			d.Errorf(it.node, it.path, `invalid type %s; use a lower-case tag such as "go", "python" or "c++"`, quote(it.value))
		case !filetype.Known(it.value):
			// A tag no file can have would make the hook match nothing, silently.
			d.Errorf(it.node, it.path, "unknown type %s%s; `hookrun list` shows the files each hook gets",
				quote(it.value), hint(it.value, filetype.All()))
		}
		out = append(out, it.value)
	}
	return out
}

func (d *decoder) stages(n *yaml.Node, p string) StringList {
	its := d.items(n, p)
	if len(its) == 0 && Unalias(n).Kind == yaml.SequenceNode && len(Unalias(n).Content) == 0 {
		d.Errorf(n, p, "empty list; list the stages, or remove the key to run at pre-commit")
	}
	out := make(StringList, 0, len(its))
	for _, it := range its {
		if !slices.Contains(Stages, it.value) {
			d.Errorf(it.node, it.path, "unknown stage %s%s", quote(it.value), stageHint(it.value))
		}
		out = append(out, it.value)
	}
	return out
}

// stageHint suggests the stage s probably means, through stageHints when s is (a typo
// of) a name such as "commit", or lists the stages.
func stageHint(s string) string {
	names := slices.Concat(Stages, slices.Sorted(maps.Keys(stageHints)))
	if c := suggest(s, names); c != "" {
		if want, ok := stageHints[c]; ok {
			c = want
		}
		return ` (did you mean "` + c + `"?)`
	}
	return "; use one of " + strings.Join(Stages, ", ")
}

func (d *decoder) env(n *yaml.Node, p string) map[string]string {
	n, ok := d.mapping(n, p, "a mapping of variable names to values")
	if !ok {
		return nil
	}
	env := make(map[string]string, len(n.Content)/2)
	d.pairs(n, p, func(name string, k, v *yaml.Node) {
		kp := JoinPath(p, name)
		if !validEnvName(name) {
			if q := strconv.Quote(name); q[1:len(q)-1] != name { // a NUL or a control character: shown escaped
				kp = JoinPath(p, q)
			}
			d.Errorf(k, kp, "invalid variable name; use letters, digits and \"_\", not starting with a digit")
		}
		v = Unalias(v)
		switch {
		case isNull(v):
			d.Errorf(v, kp, `has no value; write %s: "" for an empty one`, name)
			return
		case v.Kind != yaml.ScalarNode:
			d.Errorf(v, kp, "must be a string, got %s", describe(v))
			return
		}
		d.noNUL(v, kp)
		env[name] = v.Value
	})
	return env
}

func (d *decoder) timeout(n *yaml.Node, p string) Duration {
	before := len(d.Errs)
	t := d.duration(n, p)
	if len(d.Errs) == before && t.Duration <= 0 {
		d.Errorf(n, p, "must be more than zero; remove the key for no timeout")
	}
	return t
}

func decodeHooks(d *decoder, f *File, v *yaml.Node, p string) {
	v = Unalias(v)
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		d.Errorf(v, p, `must be a list of hooks, each starting with "- id:", got %s`, describe(v))
		return
	}
	firstID := map[string]string{} // id -> "hooks[i] (line n)"
	for i, item := range v.Content {
		hp := IndexPath(p, i)
		h, ok := d.hook(item, hp)
		if !ok {
			continue
		}
		if first, dup := firstID[h.ID]; dup && h.ID != "" {
			d.ErrorAt(h.KeyPos["id"], JoinPath(hp, "id"), "duplicate id %s; %s already uses it", quote(h.ID), first)
		} else {
			firstID[h.ID] = fmt.Sprintf("%s (line %d)", hp, h.Pos.Line)
		}
		f.Hooks = append(f.Hooks, h)
	}
}

// hook decodes one item of "hooks"; ok is false when it is not a mapping at all.
func (d *decoder) hook(n *yaml.Node, p string) (Hook, bool) {
	n, ok := d.mapping(n, p, `a mapping with an "id" and a command`)
	if !ok {
		return Hook{}, false
	}
	h := Hook{Pos: d.Pos(n)}
	h.KeyPos = decodeFields(d, n, p, hookKeys, &h, hookKeyHint)
	if _, ok := h.KeyPos["stages"]; !ok {
		h.Stages = slices.Clone(defaultStages)
	}
	if _, ok := h.KeyPos["id"]; !ok {
		d.Errorf(n, p, `needs an "id", such as id: lint`)
	}
	d.Errs = append(d.Errs, commandConflict(&h, p)...)
	impliedUses(&h)
	d.Errs = append(d.Errs, nativeArgs(&h, p)...)
	d.Errs = append(d.Errs, modeFlagArgs(&h, p)...)
	if !d.local { // a local hook may only override keys of a hook in the main file
		d.Errs = append(d.Errs, commandMissing(&h, p)...)
		d.Errs = append(d.Errs, writesWithoutRun(&h, p)...)
		d.Errs = append(d.Errs, versionWithoutUses(&h, p)...)
		d.Errs = append(d.Errs, newOnlyWithoutTool(&h, p)...)
		d.Errs = append(d.Errs, daemonWithoutServer(&h, p)...)
	}
	return h, true
}
