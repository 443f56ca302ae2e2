package precommit

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/filetype"
	"github.com/hookrun/hookrun/internal/pyregex"
)

// MetaHookIDs are the hooks of `repo: meta`, implemented by hookrun itself.
var MetaHookIDs = []string{"check-hooks-apply", "check-useless-excludes", "identity"}

func (d *decoder) repos(n *yaml.Node, path string) []Repo {
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "expected a list of repositories, got %s", describe(n))
		return nil
	}
	out := make([]Repo, 0, len(n.Content))
	for i, rn := range n.Content {
		out = append(out, d.repo(config.Unalias(rn), config.IndexPath(path, i)))
	}
	return out
}

func (d *decoder) repo(n *yaml.Node, path string) Repo {
	r := Repo{Pos: d.Pos(n)}
	ps, ok := d.pairs(n, path, "a mapping with repo, rev and hooks")
	if !ok {
		return r
	}
	var hooksNode, revNode *yaml.Node
	var unknown []config.Pair
	for _, p := range ps {
		switch p.Key {
		case "repo":
			r.Repo = d.str(p.Value, config.JoinPath(path, "repo"))
		case "rev":
			r.Rev, revNode = d.str(p.Value, config.JoinPath(path, "rev")), p.Value
			r.RevPos = d.Pos(p.Value)
			r.Frozen = frozenTag(p.Value.LineComment)
		case "hooks":
			hooksNode = p.Value
		default:
			unknown = append(unknown, p)
		}
	}
	if r.Repo == "" {
		d.Errorf(n, config.JoinPath(path, "repo"), "missing required key")
		return r
	}
	d.unexpected(path, "on "+r.Repo, unknown, []string{"repo", "rev", "hooks"})
	d.checkRev(&r, n, revNode, path)
	if hooksNode == nil {
		d.Errorf(n, config.JoinPath(path, "hooks"), "missing required key")
		return r
	}
	if hooksNode.Kind != yaml.SequenceNode {
		d.Errorf(hooksNode, config.JoinPath(path, "hooks"), "expected a list of hooks, got %s", describe(hooksNode))
		return r
	}
	for i, hn := range hooksNode.Content {
		r.Hooks = append(r.Hooks, d.hook(config.Unalias(hn), config.IndexPath(config.JoinPath(path, "hooks"), i), r.Kind(), r.Repo))
	}
	return r
}

func (d *decoder) checkRev(r *Repo, n, revNode *yaml.Node, path string) {
	switch {
	case r.Kind() != "remote" && revNode != nil:
		d.Errorf(revNode, config.JoinPath(path, "rev"), "repo: %s takes no rev; remove it", r.Repo)
	case r.Kind() == "remote" && revNode == nil:
		d.Errorf(n, config.JoinPath(path, "rev"), "missing required key (the tag or commit of %s to use)", r.Repo)
	case r.Kind() == "remote" && !strings.Contains(r.Rev, ".") && !isHex(r.Rev):
		d.warnf(revNode, config.JoinPath(path, "rev"),
			"rev %q looks like a mutable reference (a branch or a moving tag): it is cloned once and never updated; pin a release tag or a commit (pre-commit autoupdate --freeze)", r.Rev)
	}
}

// frozenTag is TAG of a "# frozen: TAG" comment, as autoupdate --freeze writes it; ""
// for any other comment.
func frozenTag(comment string) string {
	c := strings.TrimSpace(strings.TrimPrefix(comment, "#"))
	if tag, ok := strings.CutPrefix(c, "frozen:"); ok {
		return strings.TrimSpace(tag)
	}
	return ""
}

func isHex(s string) bool {
	return s != "" && strings.Trim(strings.ToLower(s), "0123456789abcdef") == ""
}

// hook decodes one hook of a repo of the given kind, applying the manifest defaults.
func (d *decoder) hook(n *yaml.Node, path, kind, repo string) HookConfig {
	h := defaultHook()
	h.Pos = d.Pos(n)
	ps, ok := d.pairs(n, path, "a hook mapping with an id")
	if !ok {
		return h
	}
	var unknown []config.Pair
	for _, p := range ps {
		dec, known := hookKeys[p.Key]
		if !known {
			unknown = append(unknown, p)
			continue
		}
		dec(d, &h, p.Value, config.JoinPath(path, p.Key))
		h.Set[p.Key] = d.Pos(p.KeyNode)
	}
	if _, ok := h.Set["id"]; !ok {
		d.Errorf(n, config.JoinPath(path, "id"), "missing required key")
		return h
	}
	d.unexpected(path, "on "+repo+" => "+h.ID, unknown, slices.Sorted(maps.Keys(hookKeys)))
	if _, ok := h.Set["stages"]; ok {
		h.Stages = d.hookStages(ps, path, h.ID)
	}
	d.checkKind(&h, n, path, kind)
	return h
}

func (d *decoder) hookStages(ps []config.Pair, path, id string) []string {
	for _, p := range ps {
		if p.Key == "stages" {
			return d.stages(p.Value, config.JoinPath(path, "stages"), "hook "+id)
		}
	}
	return nil
}

// checkKind applies what depends on the repo kind: required keys of local hooks, the
// fixed entry and defaults of meta hooks.
func (d *decoder) checkKind(h *HookConfig, n *yaml.Node, path, kind string) {
	switch kind {
	case "local":
		for _, k := range []string{"name", "entry", "language"} {
			if _, ok := h.Set[k]; !ok {
				d.Errorf(n, config.JoinPath(path, k), "missing required key (hook %s)", h.ID)
			}
		}
	case "meta":
		d.metaHook(h, n, path)
	}
}

func (d *decoder) metaHook(h *HookConfig, n *yaml.Node, path string) {
	if !slices.Contains(MetaHookIDs, h.ID) {
		d.Errorf(n, config.JoinPath(path, "id"), "unknown meta hook %q; one of %s", h.ID, strings.Join(MetaHookIDs, ", "))
		return
	}
	if _, ok := h.Set["entry"]; ok {
		d.Errorf(n, config.JoinPath(path, "entry"), "the entry of a meta hook cannot be overridden")
	}
	if _, ok := h.Set["language"]; ok && h.Language != "unsupported" {
		d.Errorf(n, config.JoinPath(path, "language"), "a meta hook's language can only be unsupported")
	}
	def := metaDefaults(h.ID)
	for _, k := range []string{"name", "files", "verbose"} {
		if _, ok := h.Set[k]; !ok {
			switch k {
			case "name":
				h.Name = def.Name
			case "files":
				h.Files = def.Files
			case "verbose":
				h.Verbose = def.Verbose
			}
		}
	}
	h.Language, h.Entry = "unsupported", "hookrun meta "+h.ID
}

// metaDefaults are a meta hook's own defaults.
func metaDefaults(id string) HookConfig {
	switch id {
	case "check-hooks-apply":
		return HookConfig{Name: "Check hooks apply to the repository", Files: `^\.pre-commit-config\.yaml$`}
	case "check-useless-excludes":
		return HookConfig{Name: "Check for useless excludes", Files: `^\.pre-commit-config\.yaml$`}
	}
	return HookConfig{Name: "identity", Verbose: true}
}

type hookField func(d *decoder, h *HookConfig, v *yaml.Node, path string)

func strKey(at func(h *HookConfig) *string) hookField {
	return func(d *decoder, h *HookConfig, v *yaml.Node, path string) { *at(h) = d.str(v, path) }
}

func boolKey(at func(h *HookConfig) *bool) hookField {
	return func(d *decoder, h *HookConfig, v *yaml.Node, path string) { *at(h) = d.boolean(v, path) }
}

func listKey(at func(h *HookConfig) *[]string) hookField {
	return func(d *decoder, h *HookConfig, v *yaml.Node, path string) { *at(h) = d.list(v, path) }
}

func tagsKey(at func(h *HookConfig) *[]string) hookField {
	return func(d *decoder, h *HookConfig, v *yaml.Node, path string) { *at(h) = d.tags(v, path) }
}

func regexKey(at func(h *HookConfig) *string) hookField {
	return func(d *decoder, h *HookConfig, v *yaml.Node, path string) { *at(h) = d.regex(v, path) }
}

// hookKeys are every key pre-commit accepts on a hook (MANIFEST_HOOK_DICT).
var hookKeys = map[string]hookField{
	"id":                      strKey(func(h *HookConfig) *string { return &h.ID }),
	"alias":                   strKey(func(h *HookConfig) *string { return &h.Alias }),
	"name":                    strKey(func(h *HookConfig) *string { return &h.Name }),
	"entry":                   strKey(func(h *HookConfig) *string { return &h.Entry }),
	"language":                (*decoder).language,
	"files":                   regexKey(func(h *HookConfig) *string { return &h.Files }),
	"exclude":                 regexKey(func(h *HookConfig) *string { return &h.Exclude }),
	"types":                   tagsKey(func(h *HookConfig) *[]string { return &h.Types }),
	"types_or":                tagsKey(func(h *HookConfig) *[]string { return &h.TypesOr }),
	"exclude_types":           tagsKey(func(h *HookConfig) *[]string { return &h.ExcludeTypes }),
	"additional_dependencies": listKey(func(h *HookConfig) *[]string { return &h.AdditionalDependencies }),
	"args":                    listKey(func(h *HookConfig) *[]string { return &h.Args }),
	"always_run":              boolKey(func(h *HookConfig) *bool { return &h.AlwaysRun }),
	"fail_fast":               boolKey(func(h *HookConfig) *bool { return &h.FailFast }),
	"pass_filenames":          boolKey(func(h *HookConfig) *bool { return &h.PassFilenames }),
	"description":             strKey(func(h *HookConfig) *string { return &h.Description }),
	"language_version":        strKey(func(h *HookConfig) *string { return &h.LanguageVersion }),
	"log_file":                strKey(func(h *HookConfig) *string { return &h.LogFile }),
	"require_serial":          boolKey(func(h *HookConfig) *bool { return &h.RequireSerial }),
	"stages":                  func(*decoder, *HookConfig, *yaml.Node, string) {}, // decoded with the id known
	"verbose":                 boolKey(func(h *HookConfig) *bool { return &h.Verbose }),
	"minimum_pre_commit_version": func(d *decoder, h *HookConfig, v *yaml.Node, p string) {
		h.MinimumPreCommitVersion = d.minVersion(v, p)
	},
}

func (d *decoder) language(h *HookConfig, n *yaml.Node, path string) {
	lang := d.str(n, path)
	if now, ok := languageAliases[lang]; ok {
		lang = now
	}
	if lang != "" && !slices.Contains(Languages, lang) {
		// The old names are what most configs use, so they are offered too.
		names := append(slices.Clone(Languages), slices.Sorted(maps.Keys(languageAliases))...)
		hint := ""
		if c := config.Suggest(lang, names); c != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", c)
		}
		d.Errorf(n, path, "unknown language %q%s; one of %s, or the old names system and script", lang, hint, strings.Join(Languages, ", "))
	}
	h.Language = lang
}

// tags decodes a list of identify tags, rejecting those identify does not know.
func (d *decoder) tags(n *yaml.Node, path string) []string {
	out := d.list(n, path)
	for i, tag := range out {
		if !filetype.Known(tag) {
			d.Errorf(n.Content[i], config.IndexPath(path, i), "type tag %q is not recognized (`hookrun`'s tags are identify's)", tag)
		}
	}
	return out
}

// regex decodes a Python regular expression and warns about glob-like ones.
func (d *decoder) regex(n *yaml.Node, path string) string {
	s := d.str(n, path)
	if _, err := pyregex.Compile(s, pyregex.Flags{}); err != nil {
		d.Errorf(n, path, "%v", err)
		return s
	}
	if strings.Contains(s, "/*") {
		d.warnf(n, path, "%q is a regular expression, not a glob: /* matches any number of slashes (use /.* for anything)", s)
	}
	for _, cls := range []string{`[\\/]`, `[\/]`, `[/\\]`} {
		if strings.Contains(s, cls) {
			d.warnf(n, path, "paths always use /; write / instead of %s", cls)
		}
	}
	return s
}
