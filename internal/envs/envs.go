// Package envs builds and finds language environments for hooks that bring their own
// tools, as pre-commit does for language: python, node and golang: a virtual environment,
// an npm prefix or a GOPATH per (language, hook repository, rev, language version,
// additional dependencies), under CacheDir/envs. An environment is built once, marked
// complete by a file written last, and reused by every later run; deleting the cache
// directory (hookrun prints where it is) only costs a rebuild.
package envs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/internal/flock"
	"github.com/hookrun/hookrun/internal/proc"
)

// Spec says which environment a hook needs. Two hooks with equal Specs share one.
type Spec struct {
	Language string   `json:"language"` // python, node or golang
	Repo     string   `json:"repo"`     // the hook repository's URL, or "local"
	Rev      string   `json:"rev"`      // its rev; "" for local hooks
	Version  string   `json:"version"`  // language_version: "default", "system", or a version
	Deps     []string `json:"deps"`     // additional_dependencies, in the config's order
	// Source is the checkout of the hook repository to install from; "" installs only
	// Deps (local hooks). It is not part of the key: Repo and Rev identify it.
	Source string `json:"-"`
}

// Supported reports whether Build knows the language.
func Supported(language string) bool {
	_, ok := builders[language]
	return ok
}

// Key is a stable digest of everything that identifies the environment.
func (s Spec) Key() string {
	b, _ := json.Marshal(s) // a struct of strings: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Env is a built environment.
type Env struct {
	Dir  string // the environment's root
	Bin  string // its executables, first on PATH for the hook
	vars map[string]string
}

// Vars returns the variables a hook of this environment runs with, given the base
// environment (for PATH).
func (e *Env) Vars(environ []string) map[string]string {
	out := map[string]string{"PATH": e.Bin + string(os.PathListSeparator) + proc.Getenv(environ, "PATH")}
	for k, v := range e.vars {
		out[k] = v
	}
	return out
}

// Lookup returns the path of an executable of the environment, if it has one by name.
func (e *Env) Lookup(name string) (string, bool) {
	if strings.ContainsRune(name, '/') {
		return "", false
	}
	p := filepath.Join(e.Bin, name)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return p, true
	}
	return "", false
}

// Dir returns where the environment of s lives under cacheDir.
func Dir(cacheDir string, s Spec) string {
	return filepath.Join(cacheDir, "envs", s.Language+"-"+s.Key())
}

// markerName is written last into a complete environment.
const markerName = ".hookrun-env.json"

// builder installs one language's environment into dir and returns how to use it.
type builder struct {
	install func(ctx context.Context, b *build) error
	env     func(dir string, s Spec) *Env
	// healthy, when set, tells whether a complete environment still works; one that does
	// not is built again.
	healthy func(dir string) bool
}

var builders = map[string]builder{
	"python": {install: installPython, env: pythonEnv, healthy: pythonHealthy},
	"node":   {install: installNode, env: nodeEnv},
	"golang": {install: installGo, env: goEnv},
}

// build is one environment being installed.
type build struct {
	spec    Spec
	dir     string
	environ []string
	log     strings.Builder // every command's output, for the error message
}

// Build returns the environment of s under cacheDir, installing it first unless a
// complete one is there. environ is the environment the installers run with (PATH,
// HOME, proxies). Concurrent Builds of one Spec, also from other processes, install once.
func Build(ctx context.Context, cacheDir string, s Spec, environ []string) (*Env, error) {
	b, ok := builders[s.Language]
	if !ok {
		return nil, fmt.Errorf("language %s has no environment in hookrun", s.Language)
	}
	dir := Dir(cacheDir, s)
	if b.ready(dir) {
		return b.env(dir, s), nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("make %s environment: %w", s.Language, err)
	}
	unlock, err := flock.Lock(ctx, dir+".lock")
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	defer unlock()
	if b.ready(dir) { // built by whoever held the lock before us
		return b.env(dir, s), nil
	}
	if err := os.RemoveAll(dir); err != nil { // a build that was interrupted
		return nil, fmt.Errorf("clear %s: %w", dir, err)
	}
	bd := &build{spec: s, dir: dir, environ: environ}
	if err := b.install(ctx, bd); err != nil {
		_ = os.RemoveAll(dir) // a half-built environment is worthless; the error says why
		return nil, fmt.Errorf("install %s environment for %s: %w\n%s", s.Language, s.Repo, err, tail(bd.log.String(), 40))
	}
	marker, _ := json.MarshalIndent(s, "", "  ") // a struct of strings: cannot fail
	if err := os.WriteFile(filepath.Join(dir, markerName), marker, 0o644); err != nil {
		return nil, fmt.Errorf("mark %s complete: %w", dir, err)
	}
	return b.env(dir, s), nil
}

// Ready reports whether a complete, working environment of s is under cacheDir: Build
// would install nothing.
func Ready(cacheDir string, s Spec) bool {
	b, ok := builders[s.Language]
	return ok && b.ready(Dir(cacheDir, s))
}

// ready reports whether dir holds a complete environment that still works.
func (b builder) ready(dir string) bool {
	return complete(dir) && (b.healthy == nil || b.healthy(dir))
}

func complete(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, markerName))
	return err == nil
}

// run runs one install command, recording its output.
func (b *build) run(ctx context.Context, dir string, extraEnv []string, prog string, args ...string) error {
	fmt.Fprintf(&b.log, "$ %s %s\n", prog, strings.Join(args, " "))
	env := slices.Concat(b.environ, extraEnv)
	res, err := proc.Run(ctx, proc.Cmd{Path: prog, Args: args, Dir: dir, Env: env, CombineOutput: true})
	b.log.Write(res.Stdout)
	switch {
	case errors.Is(err, proc.ErrNotFound):
		return fmt.Errorf("%s not found on PATH: %w", prog, err)
	case err != nil:
		return fmt.Errorf("%s: %w", prog, err)
	case res.ExitCode != 0:
		return fmt.Errorf("%s %s exited with %d", prog, strings.Join(args, " "), res.ExitCode)
	}
	return nil
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
