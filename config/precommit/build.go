package precommit

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/envs"
	"github.com/hookrun/hookrun/internal/filetype"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/pyregex"
)

// noEnvLanguages run without an environment of their own.
var noEnvLanguages = []string{"unsupported", "unsupported_script", "fail", "pygrep"}

// buildEnvs builds, side by side, the environments of the hooks that can run in the
// stage and are not skipped; hooks sharing a Spec share one build.
func buildEnvs(ctx context.Context, rs []*resolved, opt Options) error {
	// Hooks skipped by id or alias (HOOKRUN_SKIP or SKIP, as Select reads them) never
	// run: no environment is built for them.
	skip := hooks.SkippedIDs(func(key string) string { return proc.Getenv(opt.Env, key) })
	specs := map[string]envs.Spec{}
	var errs []error
	for _, r := range rs {
		if err := checkLanguage(r); err != nil {
			errs = append(errs, err)
			continue
		}
		if !envs.Supported(r.Language) || skip[r.ID] != "" || r.Alias != "" && skip[r.Alias] != "" ||
			opt.Stage != "" && !slices.Contains(r.Stages, opt.Stage) {
			continue
		}
		s := specOf(r)
		specs[s.Key()] = s
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	built := map[string]*envs.Env{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	limit := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))
	for key, s := range specs {
		wg.Go(func() {
			limit <- struct{}{}
			defer func() { <-limit }()
			e, err := envs.Build(ctx, opt.CacheDir, s, opt.Env)
			mu.Lock()
			defer mu.Unlock()
			built[key], errs = e, append(errs, err)
		})
	}
	wg.Wait()
	for _, r := range rs {
		if envs.Supported(r.Language) {
			r.env = built[specOf(r).Key()]
		}
	}
	return errors.Join(errs...)
}

// checkLanguage rejects what pre-commit rejects: additional_dependencies or a
// language_version for a language that has no environment.
func checkLanguage(r *resolved) error {
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

func specOf(r *resolved) envs.Spec {
	s := envs.Spec{
		Language: r.Language, Repo: r.src.repo.Repo, Rev: r.src.repo.Rev,
		Version: r.LanguageVersion, Deps: r.AdditionalDependencies,
	}
	if r.src.repo.Kind() == "remote" {
		s.Source = r.src.dir
	}
	return s
}

// toHooks turns resolved hooks into hookrun hooks.
func (c *Config) toHooks(rs []*resolved, opt Options) ([]*hooks.Hook, error) {
	global, err := c.globalMatcher()
	if err != nil {
		return nil, err
	}
	out := make([]*hooks.Hook, 0, len(rs))
	var errs []error
	for _, r := range rs {
		h, err := c.toHook(r, global, opt)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, h)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.attachMeta(out, rs)
	return out, nil
}

func (c *Config) toHook(r *resolved, global *hooks.RegexMatcher, opt Options) (*hooks.Hook, error) {
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
	if err := setCommand(h, r, opt); err != nil {
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
func setCommand(h *hooks.Hook, r *resolved, opt Options) error {
	words, err := filetype.SplitPOSIX(r.Entry)
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
			words[0] = filepath.Join(r.src.dir, words[0])
		}
	case "unsupported":
		if r.src.repo.Kind() == "meta" {
			return nil // attachMeta sets the builtin
		}
	case "python", "node", "golang":
		setEnv(h, r, words, opt)
	default:
		h.Builtin = unsupportedBuiltin(r.Language)
		return nil
	}
	if len(words) == 0 {
		return errors.New("entry is empty")
	}
	h.CheckCmd = shellCommand(append(words, r.Args...))
	h.FixCmd = h.CheckCmd
	return nil
}

// setEnv points the hook at its environment: its bin first on PATH, its variables, and
// the entry's program resolved there (hookrun may start it without a shell).
func setEnv(h *hooks.Hook, r *resolved, words []string, opt Options) {
	if r.env == nil { // not built: the hook is skipped or not in this stage
		return
	}
	h.Env = r.env.Vars(opt.Env)
	if len(words) > 0 {
		if p, ok := r.env.Lookup(words[0]); ok {
			words[0] = p
		}
	}
}
