package precommit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/envs"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/proc"
)

// Options say where and for what Hooks resolves a config.
type Options struct {
	Root string // absolute repository root: where hooks run and local scripts live
	// CacheDir holds clones and environments; "" means DefaultCacheDir(Env).
	CacheDir string
	// Stage, when set, limits environment building to the hooks of that stage (the
	// others are returned all the same, so Select can report them).
	Stage string
	// Env is the environment: PATH for installers and hooks, HOOKRUN_SKIP and SKIP (hooks
	// skipped by id or alias get no environment built), HOOKRUN_CACHE_DIR.
	Env []string
}

// DefaultCacheDir is HOOKRUN_CACHE_DIR, else the user cache directory's hookrun.
func DefaultCacheDir(environ []string) (string, error) {
	if dir := proc.Getenv(environ, "HOOKRUN_CACHE_DIR"); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache directory (set HOOKRUN_CACHE_DIR): %w", err)
	}
	return filepath.Join(base, "hookrun"), nil
}

// source is where a repo's hooks come from: a clone and its manifest, or the project.
type source struct {
	repo     *Repo
	dir      string                // the clone; the project root for local hooks
	manifest map[string]HookConfig // by id; remote repos only
}

// resolved is a config hook merged with its manifest entry and given its defaults.
type resolved struct {
	HookConfig
	src *source
	env *envs.Env // for python, node and golang hooks that will run
}

// Hooks resolves every repo (cloning remote ones at their rev into the cache), merges
// each configured hook over its manifest entry, builds the language environments of
// the hooks that can run in opt.Stage, and returns hookrun hooks in config order.
func (c *Config) Hooks(ctx context.Context, opt Options) ([]*hooks.Hook, error) {
	if opt.CacheDir == "" {
		dir, err := DefaultCacheDir(opt.Env)
		if err != nil {
			return nil, err
		}
		opt.CacheDir = dir
	}
	srcs, err := c.sources(ctx, opt)
	if err != nil {
		return nil, err
	}
	rs, err := c.merge(srcs)
	if err != nil {
		return nil, err
	}
	if err := buildEnvs(ctx, rs, opt); err != nil {
		return nil, err
	}
	return c.toHooks(rs, opt)
}

// sources clones the remote repos side by side and reads their manifests.
func (c *Config) sources(ctx context.Context, opt Options) ([]*source, error) {
	srcs := make([]*source, len(c.Repos))
	errs := make([]error, len(c.Repos))
	var wg sync.WaitGroup
	for i := range c.Repos {
		r := &c.Repos[i]
		srcs[i] = &source{repo: r, dir: opt.Root}
		if r.Kind() != "remote" {
			continue
		}
		wg.Go(func() { errs[i] = srcs[i].fetch(ctx, opt) })
	}
	wg.Wait()
	return srcs, errors.Join(errs...)
}

// fetch clones the repo into the cache (once per url and rev) and reads its manifest.
func (s *source) fetch(ctx context.Context, opt Options) error {
	url := s.repo.Repo
	if !strings.Contains(url, "://") && !strings.Contains(url, "@") && !filepath.IsAbs(url) {
		url = filepath.Join(opt.Root, url) // a path relative to the project
	}
	sum := sha256.Sum256([]byte(s.repo.Repo + "\x00" + s.repo.Rev))
	s.dir = filepath.Join(opt.CacheDir, "repos", hex.EncodeToString(sum[:8]))
	if _, err := gitrepo.Clone(ctx, url, s.repo.Rev, s.dir); err != nil {
		return fmt.Errorf("%s: %w", s.repo.Pos, err)
	}
	data, err := os.ReadFile(filepath.Join(s.dir, ManifestFileName))
	if err != nil {
		return fmt.Errorf("%s: %s at %s has no %s: %w", s.repo.Pos, s.repo.Repo, s.repo.Rev, ManifestFileName, err)
	}
	hs, _, err := ParseManifest(s.repo.Repo+"@"+s.repo.Rev+":"+ManifestFileName, data)
	if err != nil {
		return fmt.Errorf("%s: %w", s.repo.Pos, err)
	}
	s.manifest = map[string]HookConfig{}
	for _, h := range hs {
		s.manifest[h.ID] = h
	}
	return nil
}

// merge pairs each configured hook with its manifest entry and applies the config's
// defaults; it reports every hook id a repo does not have.
func (c *Config) merge(srcs []*source) ([]*resolved, error) {
	var out []*resolved
	var errs []error
	for _, s := range srcs {
		for _, h := range s.repo.Hooks {
			if s.manifest != nil {
				m, ok := s.manifest[h.ID]
				if !ok {
					errs = append(errs, fmt.Errorf("%s: hook %q is not in %s at %s; check the id, or the rev that introduced it",
						h.Pos, h.ID, s.repo.Repo, s.repo.Rev))
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
			out = append(out, &resolved{HookConfig: h, src: s})
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
