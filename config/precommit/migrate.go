package precommit

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/filetype"
)

// migratedFile is hookrun.yaml as Migrate writes it (keys in this order).
type migratedFile struct {
	Version  int            `yaml:"version"`
	FailFast bool           `yaml:"fail_fast,omitempty"`
	Exclude  []string       `yaml:"exclude,omitempty"`
	Hooks    []migratedHook `yaml:"hooks"`
}

type migratedHook struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name,omitempty"`
	Uses      string   `yaml:"uses,omitempty"`
	Run       string   `yaml:"run,omitempty"`
	Args      []string `yaml:"args,omitempty"`
	Files     []string `yaml:"files,omitempty"`
	Exclude   []string `yaml:"exclude,omitempty"`
	Types     []string `yaml:"types,omitempty"`
	Stages    []string `yaml:"stages,omitempty"`
	PassFiles *bool    `yaml:"pass_files,omitempty"`
	AlwaysRun bool     `yaml:"always_run,omitempty"`
	Serial    bool     `yaml:"serial,omitempty"`
	FailFast  bool     `yaml:"fail_fast,omitempty"`
}

// knownTool maps a hook of a well-known hook repository to hookrun's built-in runner.
type knownTool struct{ repo, id, uses string }

// knownTools are the hooks Migrate replaces with `uses:`. repo is the end of the URL.
var knownTools = []knownTool{
	{"astral-sh/ruff-pre-commit", "ruff", "ruff"},
	{"astral-sh/ruff-pre-commit", "ruff-check", "ruff"},
	{"astral-sh/ruff-pre-commit", "ruff-format", "ruff-format"},
	{"psf/black", "black", "black"},
	{"psf/black-pre-commit-mirror", "black", "black"},
	{"pycqa/isort", "isort", "isort"},
	{"pycqa/flake8", "flake8", "flake8"},
	{"pre-commit/mirrors-mypy", "mypy", "mypy"},
	{"pre-commit/mirrors-prettier", "prettier", "prettier"},
	{"rbubley/mirrors-prettier", "prettier", "prettier"},
	{"pre-commit/mirrors-eslint", "eslint", "eslint"},
	{"biomejs/pre-commit", "biome-check", "biome"},
	{"golangci/golangci-lint", "golangci-lint", "golangci-lint"},
	{"golangci/golangci-lint", "golangci-lint-full", "golangci-lint"},
	{"golangci/golangci-lint", "golangci-lint-fmt", "golangci-lint-fmt"},
	{"dnephin/pre-commit-golang", "go-fmt", "gofmt"},
	{"dnephin/pre-commit-golang", "go-imports", "goimports"},
	{"dnephin/pre-commit-golang", "go-vet", "go-vet"},
	{"dnephin/pre-commit-golang", "golangci-lint", "golangci-lint"},
	{"dnephin/pre-commit-golang", "go-mod-tidy", "go-mod-tidy"},
}

// Migrate converts c into an equivalent hookrun.yaml: well-known tools become built-in
// runners (`uses:`), local system and script hooks become commands, regexes that are
// simple enough become globs. notes says, hook by hook, what could not be carried over
// and what to do about it.
func Migrate(c *Config) ([]byte, []string) {
	m := &migration{}
	out := migratedFile{Version: 1, FailFast: c.FailFast}
	out.Exclude = m.globs(c.Exclude, "the global exclude", true)
	if c.Files != "" {
		m.notef("the global files %s has no hookrun.yaml equivalent; add it to each hook's files", pyRepr(c.Files))
	}
	ids := map[string]int{}
	for _, r := range c.Repos {
		for _, h := range r.Hooks {
			mh, ok := m.hook(&r, h)
			if !ok {
				continue
			}
			ids[mh.ID]++
			if n := ids[mh.ID]; n > 1 {
				mh.ID = fmt.Sprintf("%s-%d", mh.ID, n)
			}
			out.Hooks = append(out.Hooks, mh)
		}
	}
	var b bytes.Buffer
	b.WriteString("# Converted from " + FileName + " by `hookrun migrate`.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(out) // plain structs of strings: cannot fail
	return b.Bytes(), m.notes
}

type migration struct{ notes []string }

func (m *migration) notef(format string, args ...any) {
	m.notes = append(m.notes, fmt.Sprintf(format, args...))
}

// hook converts one hook; ok is false when it cannot be carried over at all.
func (m *migration) hook(r *Repo, h HookConfig) (migratedHook, bool) {
	where := h.ID
	if r.Kind() == "remote" {
		where = r.Repo + " => " + h.ID
	}
	mh := migratedHook{ID: sanitizeID(h.ID), Name: h.Name}
	switch {
	case r.Kind() == "meta":
		m.notef("%s: a meta hook; `hookrun validate` and `hookrun list` cover its purpose", where)
		return mh, false
	case r.Kind() == "remote":
		t, ok := lookupTool(r.Repo, h.ID)
		if !ok {
			m.notef("%s: not a tool hookrun knows; install it and add a hook with `run: <command>`", where)
			return mh, false
		}
		mh.Uses, mh.Args = t.uses, h.Args
	default:
		if !m.command(&mh, h, where) {
			return mh, false
		}
	}
	m.common(&mh, h, where)
	return mh, true
}

func lookupTool(repo, id string) (knownTool, bool) {
	url := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(repo), "/"), ".git")
	for _, t := range knownTools {
		if strings.HasSuffix(url, "/"+strings.ToLower(t.repo)) && t.id == id {
			return t, true
		}
	}
	return knownTool{}, false
}

// command writes a local hook's entry and args as a command line.
func (m *migration) command(mh *migratedHook, h HookConfig, where string) bool {
	switch h.Language {
	case "unsupported", "unsupported_script":
	case "fail":
		mh.Run = `printf '%s\n\n' ` + shellQuote(h.Entry, true) + ` && printf '%s\n' "$@" && exit 1`
		return true
	case "python", "node", "golang":
		m.notef("%s: a %s hook; hookrun runs its entry from PATH: install %s yourself",
			where, h.Language, strings.Join(append([]string{"it"}, h.AdditionalDependencies...), ", "))
	default:
		m.notef("%s: language %s has no hookrun.yaml equivalent", where, h.Language)
		return false
	}
	words, err := filetype.SplitPOSIX(h.Entry)
	if err != nil {
		m.notef("%s: entry %q: %v", where, h.Entry, err)
		return false
	}
	mh.Run = shellCommand(append(words, h.Args...))
	return true
}

// common carries over the keys every kind of hook shares.
func (m *migration) common(mh *migratedHook, h HookConfig, where string) {
	mh.Files = m.globs(h.Files, where+": files", false)
	mh.Exclude = m.globs(h.Exclude, where+": exclude", true)
	if !slices.Equal(h.Types, []string{"file"}) {
		mh.Types = slices.DeleteFunc(slices.Clone(h.Types), func(s string) bool { return s == "file" })
	}
	if len(h.TypesOr) == 1 {
		mh.Types = append(mh.Types, h.TypesOr[0])
	} else if len(h.TypesOr) > 1 {
		m.notef("%s: types_or %v has no equivalent (hookrun's types must all match); split the hook or use files", where, h.TypesOr)
	}
	if len(h.ExcludeTypes) > 0 {
		m.notef("%s: exclude_types %v has no equivalent; use exclude globs", where, h.ExcludeTypes)
	}
	for _, s := range h.Stages {
		if slices.Contains(config.Stages, s) {
			mh.Stages = append(mh.Stages, s)
		} else {
			m.notef("%s: stage %s is not one hookrun runs", where, s)
		}
	}
	if !h.PassFilenames {
		mh.PassFiles = new(bool)
	}
	mh.AlwaysRun, mh.Serial, mh.FailFast = h.AlwaysRun, h.RequireSerial, h.FailFast
	for key := range h.Set {
		if slices.Contains([]string{"alias", "verbose", "log_file", "language_version", "additional_dependencies"}, key) {
			m.notef("%s: %s is not carried over", where, key)
		}
	}
}

// globs converts a pre-commit regex into hookrun globs when it has a simple shape;
// otherwise it notes the regex and returns nil. isExclude makes "^$" mean nothing.
func (m *migration) globs(re, where string, isExclude bool) []string {
	if re == "" || isExclude && re == "^$" {
		return nil
	}
	if g, ok := regexToGlobs(re); ok {
		return g
	}
	m.notef("%s %s: this regex has no glob equivalent; write globs for it", where, pyRepr(re))
	return nil
}

var (
	reExt      = regexp.MustCompile(`^\\\.\(?((?:[A-Za-z0-9_+-]+\|)*[A-Za-z0-9_+-]+)\)?\$$`)                // \.py$ or \.(js|ts)$
	reDir      = regexp.MustCompile(`^\^\(?((?:(?:[A-Za-z0-9_/-]|\\\.)+\|)*(?:[A-Za-z0-9_/-]|\\\.)+)\)?/$`) // ^docs/ or ^(a|\.b)/
	reExact    = regexp.MustCompile(`^\^((?:[A-Za-z0-9_/-]|\\\.)+/(?:[A-Za-z0-9_-]|\\\.)+)\$$`)             // ^dir/name\.ext$
	escapedDot = strings.NewReplacer(`\.`, ".")
)

// regexToGlobs recognises the regex shapes configs use most.
func regexToGlobs(re string) ([]string, bool) {
	if mm := reExt.FindStringSubmatch(re); mm != nil {
		var out []string
		for ext := range strings.SplitSeq(mm[1], "|") {
			out = append(out, "*."+ext)
		}
		return out, true
	}
	if mm := reDir.FindStringSubmatch(re); mm != nil {
		var out []string
		for dir := range strings.SplitSeq(mm[1], "|") {
			out = append(out, escapedDot.Replace(dir)+"/**")
		}
		return out, true
	}
	if mm := reExact.FindStringSubmatch(re); mm != nil { // a slash anchors the glob at the root too
		return []string{escapedDot.Replace(mm[1])}, true
	}
	return nil, false
}

// sanitizeID makes a pre-commit id a valid hookrun id.
func sanitizeID(id string) string {
	var b strings.Builder
	for i, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || i > 0 && strings.ContainsRune("_.-", r)
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteRune('-')
		}
	}
	if b.Len() == 0 || !strings.ContainsAny(b.String()[:1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		return "hook" + b.String()
	}
	return b.String()
}
