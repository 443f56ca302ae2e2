package precommit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/pyregex"
	"github.com/hookrun/hookrun/internal/shell"
)

// noEnvLanguages run without an environment of their own.
var noEnvLanguages = []string{"unsupported", "unsupported_script", "fail", "pygrep"}

// checkLanguage rejects what pre-commit rejects: additional_dependencies or a
// language_version for a language that has no environment.
func checkLanguage(r *Resolved) error {
	if !slices.Contains(noEnvLanguages, r.Language) {
		return nil
	}
	if len(r.AdditionalDependencies) > 0 {
		return fmt.Errorf("%s: hook %s: language %s has no environment for additional_dependencies; use a language such as python",
			r.Pos, r.ID, r.Language)
	}
	if r.LanguageVersion != "default" {
		return fmt.Errorf("%s: hook %s: language %s does not take a language_version", r.Pos, r.ID, r.Language)
	}
	return nil
}

// Env is a built language environment as its hooks see it.
type Env struct {
	Vars     map[string]string // the variables its hooks run with, PATH (its bin first) among them
	Programs map[string]string // its executables: name -> path
}

// HookOptions are what Hooks takes besides the resolved hooks: values the caller
// produced by fetching and building, and the one thing the meta hooks ask git.
type HookOptions struct {
	// Envs holds, parallel to the resolved hooks, the environment each python, node or
	// golang hook runs in; nil where none was built (a skipped hook, another stage).
	Envs []*Env
	// ListFiles lists the files git tracks in the repository at dir. The meta hooks
	// check-hooks-apply and check-useless-excludes call it when they run.
	ListFiles ListFunc
	// Natives holds, parallel to the resolved hooks, the native version of each hook of
	// pre-commit-hooks that runs in-process instead of its command; nil elsewhere.
	Natives []*Native
}

// Native is a native pre-commit-hooks hook (internal/pchooks) ready to run in-process.
type Native struct {
	Run     Builtin
	Command string // what -v shows ran
	Writes  bool   // it may write its files: a fixer
	// ReadsRepo says its result depends on git's state, not only on its files.
	ReadsRepo bool
	// ReportsWrites says it tells of every file it writes (hooks.Hook.ReportsWrites).
	ReportsWrites bool
	// Warm asks ahead what it will ask git (hooks.Hook.Warm); nil for none.
	Warm func(ctx context.Context, dir string)
}

// Hooks turns resolved hooks (from Resolve) into hookrun hooks, in the same order. It
// does no I/O: the in-process hooks (language fail and pygrep, the meta hooks) read
// files and list git's only when they run.
func (c *Config) Hooks(rs []Resolved, opt HookOptions) ([]*hooks.Hook, error) {
	if opt.Envs != nil && len(opt.Envs) != len(rs) || opt.Natives != nil && len(opt.Natives) != len(rs) {
		return nil, fmt.Errorf("hooks of %s: %d environments and %d natives for %d hooks", c.Path, len(opt.Envs), len(opt.Natives), len(rs))
	}
	global, err := c.globalMatcher()
	if err != nil {
		return nil, err
	}
	out := make([]*hooks.Hook, 0, len(rs))
	var errs []error
	for i := range rs {
		var env *Env
		if opt.Envs != nil {
			env = opt.Envs[i]
		}
		var native *Native
		if opt.Natives != nil {
			native = opt.Natives[i]
		}
		h, err := toHook(&rs[i], global, env, native)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, h)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.attachMeta(out, rs, opt.ListFiles)
	return out, nil
}

func toHook(r *Resolved, global *hooks.RegexMatcher, env *Env, native *Native) (*hooks.Hook, error) {
	m, err := regexMatcher(global, r.Files, r.Exclude)
	if err != nil {
		return nil, fmt.Errorf("%s: hook %s: %w", r.Pos, r.ID, err)
	}
	h := &hooks.Hook{
		ID:        r.ID,
		Name:      r.Name,
		Match:     hooks.Matcher{Types: typeTerms(r.HookConfig), Regex: m},
		PassFiles: r.PassFilenames,
		AlwaysRun: r.AlwaysRun,
		Serial:    r.RequireSerial,
		FailFast:  r.FailFast,
		Pos:       r.Pos,
		Alias:     r.Alias,
		Verbose:   r.Verbose,
		LogFile:   r.LogFile,
	}
	if h.Name == "" {
		h.Name = h.ID
	}
	for _, s := range r.Stages {
		h.Stages = append(h.Stages, hooks.Stage(s))
	}
	if native != nil {
		h.Builtin, h.Native, h.CanFix, h.ReadsRepo = native.Run, native.Command, native.Writes, native.ReadsRepo
		h.ReportsWrites, h.Warm = native.ReportsWrites, native.Warm
		return h, nil
	}
	if err := setCommand(h, r, env); err != nil {
		return nil, fmt.Errorf("%s: hook %s: %w", r.Pos, r.ID, err)
	}
	return h, nil
}

// typeTerms expresses types, types_or and exclude_types as filetype.Tags.HasAll terms.
func typeTerms(h HookConfig) []string {
	terms := slices.Clone(h.Types)
	if len(h.TypesOr) > 0 {
		terms = append(terms, strings.Join(h.TypesOr, "|"))
	}
	for _, t := range h.ExcludeTypes {
		terms = append(terms, "!"+t)
	}
	return terms
}

func (c *Config) globalMatcher() (*hooks.RegexMatcher, error) {
	m, err := regexMatcher(nil, c.Files, c.Exclude)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Pos, err)
	}
	return m, nil
}

// regexMatcher compiles include and exclude on top of base (the global patterns).
// The patterns that match every path ("") or none ("^$") are left out.
func regexMatcher(base *hooks.RegexMatcher, include, exclude string) (*hooks.RegexMatcher, error) {
	m := &hooks.RegexMatcher{}
	if base != nil {
		m.Include, m.Exclude = slices.Clone(base.Include), slices.Clone(base.Exclude)
	}
	for _, p := range []struct {
		src  string
		skip string
		dst  *[]*pyregex.Regexp
	}{{include, "", &m.Include}, {exclude, "^$", &m.Exclude}} {
		if p.src == p.skip {
			continue
		}
		re, err := pyregex.Compile(p.src, pyregex.Flags{})
		if err != nil {
			return nil, err
		}
		*p.dst = append(*p.dst, re)
	}
	return m, nil
}

// setCommand gives the hook what it runs: a shell command line (entry words and args,
// each quoted, then the files), or a Builtin for the languages hookrun implements.
func setCommand(h *hooks.Hook, r *Resolved, env *Env) error {
	words, err := shell.Split(r.Entry)
	if err != nil {
		return fmt.Errorf("entry %q: %w", r.Entry, err)
	}
	switch r.Language {
	case "fail":
		h.Builtin = failBuiltin(r.Entry)
		return nil
	case "pygrep":
		b, err := pygrepBuiltin(r.Entry, r.Args)
		h.Builtin = b
		return err
	case "unsupported_script":
		if len(words) > 0 {
			words[0] = filepath.Join(r.Dir, words[0])
		}
	case "unsupported":
		if r.Repo.Kind() == "meta" {
			return nil // attachMeta sets the builtin
		}
	case "python", "node", "golang":
		setEnv(h, env, words)
	default:
		h.Builtin = unsupportedBuiltin(r.Language)
		return nil
	}
	if len(words) == 0 {
		return errors.New("entry is empty")
	}
	h.CheckCmd = shellCommand(append(words, r.Args...))
	h.FixCmd = h.CheckCmd
	h.WritesIndex = runsGit(r.Entry, r.Args)
	return nil
}

// runsGit reports whether a hook's command line names git as a word anywhere, in a
// `bash -c` script too (`black "$@"; git add -u`): such a hook may change the index,
// so it runs alone and its staging is judged as pre-commit does (hooks.Hook.WritesIndex).
// A script that runs git inside is not seen.
func runsGit(entry string, args []string) bool {
	isSep := func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("_.-/", r)
	}
	for _, s := range append([]string{entry}, args...) {
		for _, w := range strings.FieldsFunc(s, isSep) {
			if w == "git" || strings.HasSuffix(w, "/git") {
				return true
			}
		}
	}
	return false
}

// setEnv points the hook at its environment: its bin first on PATH, its variables, and
// the entry's program resolved there (hookrun may start it without a shell).
func setEnv(h *hooks.Hook, env *Env, words []string) {
	if env == nil { // not built: the hook is skipped or not in this stage
		return
	}
	h.Env = maps.Clone(env.Vars)
	if len(words) > 0 {
		if p, ok := env.Programs[words[0]]; ok {
			words[0] = p
		}
	}
}
