package envs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/internal/proc"
)

// installPython makes a virtual environment with the requested interpreter, then pip
// installs the hook repository (when it is a Python package) and the dependencies, as
// pre-commit does: `pip install . DEPS...` in the checkout.
func installPython(ctx context.Context, b *build) error {
	python, err := pythonFor(b.spec.Version)
	if err != nil {
		return err
	}
	if err := b.run(ctx, "", nil, python, "-m", "venv", b.dir); err != nil {
		return err
	}
	args := []string{"-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet"}
	pkgs := 0
	src := b.spec.Source
	if src != "" && (exists(filepath.Join(src, "setup.py")) || exists(filepath.Join(src, "pyproject.toml"))) {
		args = append(args, ".")
		pkgs++
	}
	args = append(args, b.spec.Deps...)
	pkgs += len(b.spec.Deps)
	if pkgs == 0 {
		return nil
	}
	return b.run(ctx, src, []string{"PIP_DISABLE_PIP_VERSION_CHECK=1"}, filepath.Join(b.dir, venvBin, "python"), args...)
}

// pythonFor maps language_version to an interpreter: the default python3, a name such
// as python3.12 (looked up on PATH), or a path.
func pythonFor(version string) (string, error) {
	switch {
	case version == "" || version == "default" || version == "system":
		return "python3", nil
	case strings.HasPrefix(version, "python"), strings.ContainsRune(version, '/'):
		return version, nil
	case strings.HasPrefix(version, "3."):
		return "python" + version, nil
	}
	return "", fmt.Errorf("language_version %q: name a python (python3.12) or a path", version)
}

// pythonHealthy reports whether the virtual environment's python still leads to an
// interpreter: a venv links to the python it was made with, which an upgrade or a pyenv
// uninstall removes (pre-commit checks its environments' health too).
func pythonHealthy(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, venvBin, pythonExe))
	return err == nil
}

func pythonEnv(dir string, _ Spec) *Env {
	return &Env{Dir: dir, Bin: filepath.Join(dir, venvBin), vars: map[string]string{
		"VIRTUAL_ENV": dir, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONHOME": "",
	}}
}

// installNode installs the hook repository (when it is an npm package) and the
// dependencies globally into a private prefix with the node and npm on PATH.
func installNode(ctx context.Context, b *build) error {
	switch b.spec.Version {
	case "", "default", "system":
	default:
		return fmt.Errorf("language_version %q: hookrun uses the node on PATH (use default or system)", b.spec.Version)
	}
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", b.dir, err)
	}
	args := []string{"install", "--global", "--prefix", b.dir, "--install-links", "--no-audit", "--no-fund", "--loglevel=error"}
	pkgs := 0
	if src := b.spec.Source; src != "" && exists(filepath.Join(src, "package.json")) {
		args = append(args, src)
		pkgs++
	}
	args = append(args, b.spec.Deps...)
	pkgs += len(b.spec.Deps)
	switch {
	case pkgs == 0 && b.spec.Source == "":
		// A local hook with no additional_dependencies runs its entry with the node on
		// PATH: there is nothing to install (pre-commit 4.7.0 crashes here).
		return nil
	case pkgs == 0:
		return fmt.Errorf("a node hook needs a package.json in its repository or additional_dependencies")
	}
	return b.run(ctx, b.dir, []string{"NPM_CONFIG_UPDATE_NOTIFIER=false"}, "npm", args...)
}

func nodeEnv(dir string, _ Spec) *Env {
	return &Env{Dir: dir, Bin: nodeBin(dir), vars: map[string]string{
		"NODE_VIRTUAL_ENV":  dir,
		"NPM_CONFIG_PREFIX": dir,
		"npm_config_prefix": dir,
		"NODE_PATH":         nodeModules(dir),
	}}
}

// installGo runs `go install ./...` in the hook repository (when it is a Go module) and
// `go install DEP` for each dependency (DEPs are path@version), with GOPATH set to the
// environment, so the binaries land in its bin. Modules come from the user's module
// cache; a language_version other than default or system selects that Go toolchain.
func installGo(ctx context.Context, b *build) error {
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", b.dir, err)
	}
	env := []string{"GOPATH=" + b.dir, "GOBIN="}
	if tc := goToolchain(b.spec.Version); tc != "" {
		env = append(env, "GOTOOLCHAIN="+tc)
	}
	if cache := proc.Getenv(b.environ, "GOMODCACHE"); cache != "" {
		env = append(env, "GOMODCACHE="+cache)
	} else if home := goPathDefault(b.environ); home != "" {
		env = append(env, "GOMODCACHE="+filepath.Join(home, "pkg", "mod"))
	}
	if src := b.spec.Source; src != "" && exists(filepath.Join(src, "go.mod")) {
		if err := b.run(ctx, src, env, "go", "install", "./..."); err != nil {
			return err
		}
	}
	for _, dep := range b.spec.Deps {
		if err := b.run(ctx, b.dir, env, "go", "install", dep); err != nil {
			return err
		}
	}
	return nil
}

// goPathDefault is the user's first GOPATH entry, or ~/go, whose module cache the
// environment shares.
func goPathDefault(environ []string) string {
	if gp := proc.Getenv(environ, "GOPATH"); gp != "" {
		return filepath.SplitList(gp)[0]
	}
	if home := proc.Getenv(environ, homeVar); home != "" {
		return filepath.Join(home, "go")
	}
	return ""
}

func goToolchain(version string) string {
	switch version {
	case "", "default", "system":
		return ""
	}
	if !strings.HasPrefix(version, "go") {
		return "go" + version
	}
	return version
}

func goEnv(dir string, s Spec) *Env {
	e := &Env{Dir: dir, Bin: filepath.Join(dir, "bin"), vars: map[string]string{}}
	if tc := goToolchain(s.Version); tc != "" {
		e.vars["GOTOOLCHAIN"] = tc
	}
	return e
}
