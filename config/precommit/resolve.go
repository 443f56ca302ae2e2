package precommit

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Source is where one repo's hooks come from, as the caller fetched it: a clone and its
// manifest, or the project itself.
type Source struct {
	Dir      string                // the clone; the project root for local and meta repos
	Manifest map[string]HookConfig // the manifest's hooks by id; nil for local and meta repos
}

// Resolved is a configured hook merged over its manifest entry and given the config's
// defaults, with the repo it is configured under and the directory it comes from.
type Resolved struct {
	HookConfig
	Repo *Repo  // the item of Config.Repos the hook is listed in
	Dir  string // Source.Dir of that repo
}

// Resolve pairs each configured hook with its manifest entry (srcs holds one Source per
// item of c.Repos, in order) and applies the config's defaults. It reports every hook id
// a repo does not have, then every language given what it cannot take, as pre-commit
// rejects them.
func (c *Config) Resolve(srcs []Source) ([]Resolved, error) {
	if len(srcs) != len(c.Repos) {
		return nil, fmt.Errorf("resolve %s: %d sources for %d repos", c.Path, len(srcs), len(c.Repos))
	}
	rs, err := c.merge(srcs)
	if err != nil {
		return nil, &ResolveError{Err: err}
	}
	var errs []error
	for i := range rs {
		if err := checkLanguage(&rs[i]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, &ResolveError{Err: errors.Join(errs...)}
	}
	return rs, nil
}

// ResolveError is a config that the manifests of its repositories reject (a hook id a
// repository lacks, a language given what it cannot take): an error in the config, as
// pre-commit reports it (exit 1, no hook run), not in the environment.
type ResolveError struct{ Err error }

func (e *ResolveError) Error() string { return e.Err.Error() }
func (e *ResolveError) Unwrap() error { return e.Err }

// merge pairs each configured hook with its manifest entry and applies the config's
// defaults; it reports every hook id a repo does not have.
func (c *Config) merge(srcs []Source) ([]Resolved, error) {
	var out []Resolved
	var errs []error
	for i, s := range srcs {
		repo := &c.Repos[i]
		for _, h := range repo.Hooks {
			if s.Manifest != nil {
				m, ok := s.Manifest[h.ID]
				if !ok {
					errs = append(errs, fmt.Errorf("%s: hook %q is not in %s at %s; check the id, or the rev that introduced it",
						h.Pos, h.ID, repo.Repo, repo.Rev))
					continue
				}
				h = overlay(m, h)
			}
			if h.Stages == nil {
				h.Stages = slices.Clone(c.DefaultStages)
			}
			if _, ok := h.Set["language_version"]; !ok {
				if v, ok := c.DefaultLanguageVersion[h.Language]; ok {
					h.LanguageVersion = v
				}
			}
			out = append(out, Resolved{HookConfig: h, Repo: repo, Dir: s.Dir})
		}
	}
	return out, errors.Join(errs...)
}

// overlay returns the manifest hook m with every key given in the config hook h on top,
// as pre-commit updates the manifest's dictionary with the config's.
func overlay(m, h HookConfig) HookConfig {
	out := m
	out.Set = maps.Clone(m.Set)
	for key, pos := range h.Set {
		if cp, ok := keyCopy[key]; ok {
			cp(&out, &h)
		}
		out.Set[key] = pos
	}
	out.Pos = h.Pos
	return out
}

// keyCopy copies one key's value between hooks.
var keyCopy = map[string]func(dst, src *HookConfig){
	"id":                         func(d, s *HookConfig) { d.ID = s.ID },
	"alias":                      func(d, s *HookConfig) { d.Alias = s.Alias },
	"name":                       func(d, s *HookConfig) { d.Name = s.Name },
	"entry":                      func(d, s *HookConfig) { d.Entry = s.Entry },
	"language":                   func(d, s *HookConfig) { d.Language = s.Language },
	"files":                      func(d, s *HookConfig) { d.Files = s.Files },
	"exclude":                    func(d, s *HookConfig) { d.Exclude = s.Exclude },
	"types":                      func(d, s *HookConfig) { d.Types = slices.Clone(s.Types) },
	"types_or":                   func(d, s *HookConfig) { d.TypesOr = slices.Clone(s.TypesOr) },
	"exclude_types":              func(d, s *HookConfig) { d.ExcludeTypes = slices.Clone(s.ExcludeTypes) },
	"additional_dependencies":    func(d, s *HookConfig) { d.AdditionalDependencies = slices.Clone(s.AdditionalDependencies) },
	"args":                       func(d, s *HookConfig) { d.Args = slices.Clone(s.Args) },
	"always_run":                 func(d, s *HookConfig) { d.AlwaysRun = s.AlwaysRun },
	"fail_fast":                  func(d, s *HookConfig) { d.FailFast = s.FailFast },
	"pass_filenames":             func(d, s *HookConfig) { d.PassFilenames = s.PassFilenames },
	"description":                func(d, s *HookConfig) { d.Description = s.Description },
	"language_version":           func(d, s *HookConfig) { d.LanguageVersion = s.LanguageVersion },
	"log_file":                   func(d, s *HookConfig) { d.LogFile = s.LogFile },
	"require_serial":             func(d, s *HookConfig) { d.RequireSerial = s.RequireSerial },
	"stages":                     func(d, s *HookConfig) { d.Stages = slices.Clone(s.Stages) },
	"verbose":                    func(d, s *HookConfig) { d.Verbose = s.Verbose },
	"minimum_pre_commit_version": func(d, s *HookConfig) { d.MinimumPreCommitVersion = s.MinimumPreCommitVersion },
}
