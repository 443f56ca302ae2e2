package hookrepos

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
)

// Listing is a config's hooks as far as the config and hookrun's cache tell, for the
// commands that only read (`hookrun list`): nothing cloned, nothing built, nothing run.
type Listing struct {
	Hooks []*hooks.Hook // in config order; for listing and selecting only, never to run
	// Unknown says, for each hook of a remote repository that no run has cloned yet,
	// that its manifest's defaults (files, types, stages) are not known: such a hook is
	// shown as the config writes it.
	Unknown map[*hooks.Hook]string
}

// Prepare is List when opt.ReadOnly (`hookrun list`), else Hooks (a run).
func Prepare(ctx context.Context, c *precommit.Config, opt Options) (Listing, error) {
	if opt.ReadOnly {
		return List(c, opt)
	}
	hs, err := Hooks(ctx, c, opt)
	return Listing{Hooks: hs}, err
}

// List resolves c's hooks without cloning a repository or building an environment
// (either runs code of the hook repository: an npm preinstall script, a setup.py). A
// remote repository's manifest is read from the cache when a run has cloned it there
// already (a clone is renamed into place only once complete); otherwise the hooks of
// that repository are as the config writes them, and Listing.Unknown says so. The
// hooks get no environment: they are to be listed, never run.
func List(c *precommit.Config, opt Options) (Listing, error) {
	if opt.CacheDir == "" {
		dir, err := DefaultCacheDir(opt.Env)
		if err != nil {
			return Listing{}, err
		}
		opt.CacheDir = dir
	}
	srcs := make([]precommit.Source, len(c.Repos))
	var errs []error
	for i := range c.Repos {
		r := &c.Repos[i]
		switch dir := cloneDir(r, opt); {
		case r.Kind() != "remote":
			srcs[i] = precommit.Source{Dir: opt.Root}
		case precommit.AllNative(r):
			srcs[i] = precommit.Source{Manifest: precommit.NativeManifest()}
		case isDir(dir):
			var err error
			if srcs[i], err = readManifest(r, dir); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return Listing{}, errors.Join(errs...)
	}
	rs, err := c.Resolve(srcs)
	if err != nil {
		return Listing{}, err
	}
	hs, err := c.Hooks(rs, precommit.HookOptions{ListFiles: ListFiles})
	if err != nil {
		return Listing{}, err
	}
	l := Listing{Hooks: hs, Unknown: map[*hooks.Hook]string{}}
	for i := range rs { // Hooks returns one hook per resolved hook, in order
		if r := rs[i].Repo; r.Kind() == "remote" && rs[i].Dir == "" && !precommit.AllNative(r) {
			l.Unknown[hs[i]] = fmt.Sprintf("manifest of %s at %s not fetched yet: its files, types and stages are unknown until `hookrun run` clones it", r.Repo, r.Rev)
		}
	}
	return l, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
