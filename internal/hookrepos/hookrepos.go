// Package hookrepos makes a parsed .pre-commit-config.yaml ready to run: it clones its
// remote hook repositories at their rev into hookrun's cache, reads their manifests,
// and builds the language environments of the hooks that will run (internal/envs).
// Everything it learns is handed as values to the pure precommit.Config.Resolve and
// precommit.Config.Hooks, which apply pre-commit's rules.
package hookrepos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cachedir"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/safefile"
	"golang.org/x/sync/errgroup"
)

// Options say where and for what Hooks prepares a config.
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
	// Jobs bounds how many clones and how many environment builds run at once (hookrun's
	// --jobs); 0 or less means the defaults: every clone at once, GOMAXPROCS/2 builds.
	Jobs int
	// ReadOnly makes Prepare List instead: clone, build and run nothing.
	ReadOnly bool
	// Config, when set, is the config's path: Hooks records it in the cache as a user of
	// what it clones and builds, which GC keeps.
	Config string
	// EveryHook builds the environments of every hook, whatever Stage says and whoever
	// is skipped (install-hooks, filling a CI cache ahead of runs).
	EveryHook bool
	// Announce, when set, is told before a hook repository is cloned or an environment
	// built: the slow work of a first run, which later runs find in the cache. It is
	// called one message at a time, though clones and builds run side by side.
	Announce func(msg string)
}

// announcer returns opt.Announce made safe to call from many goroutines; a no-op when
// it is not set.
func (o *Options) announcer() func(format string, args ...any) {
	if o.Announce == nil {
		return func(string, ...any) {}
	}
	var mu sync.Mutex
	return func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		o.Announce(fmt.Sprintf(format, args...))
	}
}

// limit is Jobs when set, else def (-1: no limit).
func (o *Options) limit(def int) int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return def
}

// each calls fn for every index below n, at most limit at a time (-1: no limit), and
// waits for them. The first error cancels the ctx the others get; it returns the
// errors in index order, leaving out the cancellations that first error caused.
func each(ctx context.Context, n, limit int, fn func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	errs := make([]error, n)
	for i := range n {
		g.Go(func() error {
			errs[i] = fn(gctx, i)
			return errs[i]
		})
	}
	if g.Wait() == nil {
		return nil
	}
	if ctx.Err() == nil { // stopped by a failure, not by the caller: say only what failed
		// errgroup cancels gctx with the first failure as its cause, and a network
		// library reports a cancelled request with that cause: such an error wraps the
		// first failure without being it.
		first := context.Cause(gctx)
		errs = slices.DeleteFunc(errs, func(err error) bool {
			return errors.Is(err, context.Canceled) || errors.Is(err, first) && !errors.Is(first, err)
		})
	}
	return errors.Join(errs...)
}

// cacheDir is o.CacheDir, else DefaultCacheDir(o.Env).
func (o *Options) cacheDir() (string, error) {
	if o.CacheDir != "" {
		return o.CacheDir, nil
	}
	return DefaultCacheDir(o.Env)
}

// DefaultCacheDir is HOOKRUN_CACHE_DIR, else the user cache directory's hookrun.
func DefaultCacheDir(environ []string) (string, error) {
	return cachedir.Dir(environ)
}

// Hooks resolves every repo of c (cloning remote ones at their rev into the cache),
// merges each configured hook over its manifest entry, builds the language environments
// of the hooks that can run in opt.Stage, and returns hookrun hooks in config order.
func Hooks(ctx context.Context, c *precommit.Config, opt Options) ([]*hooks.Hook, error) {
	if opt.CacheDir == "" {
		dir, err := DefaultCacheDir(opt.Env)
		if err != nil {
			return nil, err
		}
		opt.CacheDir = dir
	}
	if opt.Config != "" {
		record(opt.CacheDir, opt.Config)
	}
	announce := opt.announcer()
	srcs, err := fetch(ctx, c, opt, announce)
	if err != nil {
		return nil, err
	}
	rs, err := c.Resolve(srcs)
	if err != nil {
		return nil, err
	}
	natives, err := nativeHooks(c, rs, opt.Env)
	if err != nil {
		return nil, err
	}
	built, err := buildEnvs(ctx, rs, natives, opt, announce)
	if err != nil {
		return nil, err
	}
	return c.Hooks(rs, precommit.HookOptions{Envs: built, ListFiles: ListFiles, Natives: natives})
}

// fetch clones the remote repos side by side (opt.Jobs at a time when set) and reads
// their manifests; it returns one Source per repo of c, in order.
func fetch(ctx context.Context, c *precommit.Config, opt Options, announce func(string, ...any)) ([]precommit.Source, error) {
	srcs := make([]precommit.Source, len(c.Repos))
	err := each(ctx, len(c.Repos), opt.limit(-1), func(ctx context.Context, i int) error {
		r := &c.Repos[i]
		switch {
		case r.Kind() != "remote":
			srcs[i] = precommit.Source{Dir: opt.Root}
			return nil
		case precommit.AllNative(r): // pre-commit-hooks, every hook native: nothing to clone
			srcs[i] = precommit.Source{Manifest: precommit.NativeManifest()}
			return nil
		}
		var err error
		if !isDir(cloneDir(r, opt)) {
			announce("cloning hook repository %s at %s (first run only)", r.Repo, r.Rev)
		}
		srcs[i], err = fetchRepo(ctx, r, opt)
		return err
	})
	return srcs, err
}

// fetchRepo clones r into the cache (once per url and rev) and reads its manifest.
func fetchRepo(ctx context.Context, r *precommit.Repo, opt Options) (precommit.Source, error) {
	url := r.Repo
	if !strings.Contains(url, "://") && !strings.Contains(url, "@") && !filepath.IsAbs(url) {
		url = filepath.Join(opt.Root, url) // a path relative to the project
	}
	dir := cloneDir(r, opt)
	if _, err := gitrepo.Clone(ctx, url, r.Rev, dir, opt.Env); err != nil {
		return precommit.Source{Dir: dir}, fmt.Errorf("%s: %w", r.Pos, err)
	}
	return readManifest(r, dir)
}

// cloneDir is where r's clone at its rev lives in the cache.
func cloneDir(r *precommit.Repo, opt Options) string {
	sum := sha256.Sum256([]byte(r.Repo + "\x00" + r.Rev))
	return filepath.Join(opt.CacheDir, "repos", hex.EncodeToString(sum[:8]))
}

// readManifest reads the manifest of r's clone at dir. The file comes from the hook
// repository: it is read only if it is a regular file of at most 1 MiB.
func readManifest(r *precommit.Repo, dir string) (precommit.Source, error) {
	s := precommit.Source{Dir: dir}
	data, err := safefile.Read(filepath.Join(s.Dir, precommit.ManifestFileName), safefile.MaxConfigSize)
	if err != nil {
		return s, fmt.Errorf("%s: %s at %s has no usable %s: %w", r.Pos, r.Repo, r.Rev, precommit.ManifestFileName, err)
	}
	hs, _, err := precommit.ParseManifest(r.Repo+"@"+r.Rev+":"+precommit.ManifestFileName, data)
	if err != nil {
		return s, fmt.Errorf("%s: %w", r.Pos, err)
	}
	s.Manifest = map[string]precommit.HookConfig{}
	for _, h := range hs {
		s.Manifest[h.ID] = h
	}
	return s, nil
}

// ListFiles lists the files git tracks in the repository at dir, for the meta hooks.
func ListFiles(ctx context.Context, dir string) ([]string, error) {
	repo, err := gitrepo.Open(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("open repository: %w", err)
	}
	files, err := repo.Changes(ctx, gitrepo.Scope{Kind: gitrepo.All})
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	return files, nil
}
