package hookrepos

import (
	"context"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/envs"
	"github.com/hookrun/hookrun/internal/proc"
)

// buildEnvs builds, side by side, the environments of the hooks that can run in the
// stage and are not skipped; hooks sharing a Spec share one build. It returns each
// hook's environment, parallel to rs; nil where it has none.
func buildEnvs(ctx context.Context, rs []precommit.Resolved, natives []*precommit.Native, opt Options, announce func(string, ...any)) ([]*precommit.Env, error) {
	// Hooks skipped by id or alias (HOOKRUN_SKIP or SKIP, as Select reads them) never
	// run: no environment is built for them.
	skip := hooks.SkippedIDs(func(key string) string { return proc.Getenv(opt.Env, key) })
	specs := map[string]envs.Spec{}
	users := map[string][]string{} // spec key -> the ids of the hooks that use it
	for i := range rs {
		r := &rs[i]
		if natives[i] != nil || !envs.Supported(r.Language) || !opt.EveryHook && skipped(r, skip, opt.Stage) {
			continue
		}
		s := specOf(r)
		specs[s.Key()] = s
		users[s.Key()] = append(users[s.Key()], r.ID)
	}
	built, err := buildSpecs(ctx, specs, users, opt, announce)
	if err != nil {
		return nil, err
	}
	out := make([]*precommit.Env, len(rs))
	views := map[*envs.Env]*precommit.Env{}
	for i := range rs {
		e := built[specOf(&rs[i]).Key()]
		if natives[i] != nil || !envs.Supported(rs[i].Language) || e == nil {
			continue
		}
		if views[e] == nil {
			views[e] = view(e, opt.Env)
		}
		out[i] = views[e]
	}
	return out, nil
}

// skipped reports whether the hook r never runs in stage: skipped by id or alias, or
// not a hook of the stage.
func skipped(r *precommit.Resolved, skip map[string]string, stage string) bool {
	return skip[r.ID] != "" || r.Alias != "" && skip[r.Alias] != "" ||
		stage != "" && !slices.Contains(r.Stages, stage)
}

// buildSpecs builds the environments, opt.Jobs at a time (GOMAXPROCS/2 when Jobs is not
// set: installers are busy processes). The first failure stops the other builds: the
// hooks cannot run without them. Builds are keyed by Spec.Key.
func buildSpecs(ctx context.Context, specs map[string]envs.Spec, users map[string][]string, opt Options, announce func(string, ...any)) (map[string]*envs.Env, error) {
	keys := slices.Sorted(maps.Keys(specs))
	built := make([]*envs.Env, len(keys))
	err := each(ctx, len(keys), opt.limit(max(1, runtime.GOMAXPROCS(0)/2)), func(ctx context.Context, i int) error {
		s := specs[keys[i]]
		if !envs.Ready(opt.CacheDir, s) {
			announce("preparing environment: %s for %s (first run only)", s.Language, s.Repo)
		}
		var err error
		if built[i], err = envs.Build(ctx, opt.CacheDir, s, opt.Env); err != nil {
			return fmt.Errorf("hook %s: %w", strings.Join(slices.Compact(users[keys[i]]), ", "), err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*envs.Env, len(keys))
	for i, key := range keys {
		out[key] = built[i]
	}
	return out, nil
}

// specOf is the environment a hook needs.
func specOf(r *precommit.Resolved) envs.Spec {
	s := envs.Spec{
		Language: r.Language, Repo: r.Repo.Repo, Rev: r.Repo.Rev,
		Version: r.LanguageVersion, Deps: r.AdditionalDependencies,
	}
	if r.Repo.Kind() == "remote" {
		s.Source = r.Dir
	}
	return s
}

// view describes a built environment to precommit.Config.Hooks: the variables its hooks
// run with and the executables of its bin directory, found as envs.Env.Lookup finds one.
func view(e *envs.Env, environ []string) *precommit.Env {
	v := &precommit.Env{Vars: e.Vars(environ), Programs: map[string]string{}}
	entries, _ := os.ReadDir(e.Bin) // a bin that cannot be read has no programs: entries run from PATH
	for _, de := range entries {
		if p, ok := e.Lookup(de.Name()); ok {
			v.Programs[de.Name()] = p
		}
	}
	return v
}
