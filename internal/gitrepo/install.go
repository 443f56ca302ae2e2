package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/internal/atomicfile"
)

// shimMarker is the line that tells a hookrun shim from anyone else's hook.
const shimMarker = "# hookrun: managed hook, do not edit; `hookrun uninstall` removes it"

// LegacySuffix is appended to the name of a hook that Install found in its way and moved
// aside; hookrun's `hook` subcommand runs it first (see LegacyHook) and Uninstall puts it
// back.
const LegacySuffix = ".hookrun-legacy"

// gitHooks lists the hook names Install accepts: the client-side hooks git runs in a
// repository with a work tree (githooks(5)).
var gitHooks = []string{
	"applypatch-msg", "pre-applypatch", "post-applypatch",
	"pre-commit", "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit",
	"pre-rebase", "post-checkout", "post-merge", "pre-push", "post-rewrite",
	"pre-auto-gc", "reference-transaction", "push-to-checkout", "post-index-change",
	"sendemail-validate",
}

// bypass says how to skip a hook once, for the shim's message when hookrun is missing.
var bypass = map[string]string{
	"pre-commit":       "git commit --no-verify",
	"commit-msg":       "git commit --no-verify",
	"pre-merge-commit": "git merge --no-verify",
	"pre-push":         "git push --no-verify",
}

// HooksDir returns the absolute directory git runs hooks from: core.hooksPath when set
// (at any config scope; relative to Root, `~` expanded), else CommonDir/hooks, which
// all linked worktrees share. It asks git itself (`rev-parse --git-path hooks`), which
// honours includes, GIT_CONFIG_GLOBAL and `-c`; go-git's config reader does not.
func (r *Repo) HooksDir(ctx context.Context) (string, error) {
	out, err := r.Git(ctx, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", fmt.Errorf("find hooks dir: %w", err)
	}
	p := strings.TrimSuffix(string(out), "\n")
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.Root, p)
	}
	return filepath.Clean(p), nil
}

// Shim returns the hook script Install writes for stage, a git hook name such as
// "pre-commit" (Install accepts only those; the name goes into the script as is). It
// execs `$HOOKRUN_BIN hook <stage> "$@"`, HOOKRUN_BIN defaulting to hookrun from PATH,
// else to fallback (the absolute path of the hookrun that installed the shim, "" for
// none) if that is still there; when neither is found it exits 1 with a message that
// says what it looked for and how to fix or bypass it. The script is for sh, Git for
// Windows' too: on Windows the fallback is written with forward slashes (shimPath).
func Shim(stage, fallback string) []byte {
	return shimScript(stage, shimPath(fallback))
}

// slashed writes a Windows path with forward slashes (C:/Program Files/hookrun.exe),
// which Git for Windows' sh takes as it is; a backslash it would have to keep quoted.
func slashed(p string) string { return strings.ReplaceAll(p, `\`, "/") }

// shimScript is Shim with the fallback path as the script names it.
func shimScript(stage, fallback string) []byte {
	var b bytes.Buffer
	b.WriteString("#!/bin/sh\n" + shimMarker + "\n")
	b.WriteString("bin=${HOOKRUN_BIN:-hookrun}\n")
	if fallback != "" {
		// PATH comes first: the installing binary may be a temporary build (`go run`)
		// or older than the hookrun on PATH now.
		b.WriteString("installed=" + shellQuote(fallback) + "\n")
		b.WriteString("if [ -z \"${HOOKRUN_BIN:-}\" ] && ! command -v hookrun >/dev/null 2>&1 && [ -x \"$installed\" ]; then\n\tbin=$installed\nfi\n")
	}
	b.WriteString("if ! command -v \"$bin\" >/dev/null 2>&1; then\n")
	if fallback == "" {
		b.WriteString("\techo \"hookrun: $bin not found on PATH; install hookrun or set HOOKRUN_BIN\" >&2\n")
	} else {
		b.WriteString("\twhy=\"$bin not found on PATH; install hookrun or set HOOKRUN_BIN\"\n")
		b.WriteString("\t[ -z \"${HOOKRUN_BIN:-}\" ] && why=\"hookrun not found on PATH, nor $installed (where \\`hookrun install\\` ran from); " +
			"put hookrun on PATH and run \\`hookrun install\\` again\"\n")
		b.WriteString("\techo \"hookrun: $why\" >&2\n")
	}
	hint := "to remove this hook: rm \\\"$0\\\""
	if cmd, ok := bypass[stage]; ok {
		hint = "to skip it once: " + cmd + "; " + hint
	}
	fmt.Fprintf(&b, "\techo \"hookrun: %s\" >&2\n", hint)
	b.WriteString("\texit 1\nfi\n")
	// The hook that install found in place runs first; naming it here spares hookrun a
	// git process to find the hooks directory on every commit.
	b.WriteString("HOOKRUN_LEGACY_HOOK=\n[ -x \"$0" + LegacySuffix + "\" ] && HOOKRUN_LEGACY_HOOK=\"$0" + LegacySuffix + "\"\nexport HOOKRUN_LEGACY_HOOK\n")
	fmt.Fprintf(&b, "exec \"$bin\" hook %s \"$@\"\n", stage)
	return b.Bytes()
}

// shellQuote quotes s as one sh word: in single quotes, each single quote in s closing
// the quotes, escaped, and opening them again.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Install writes a shim for each stage into HooksDir, creating it if needed, and returns
// the paths written. fallback is the hookrun the shims run when none is on PATH (see
// Shim). A shim already there is rewritten. Anyone else's hook is renamed to
// <stage>.hookrun-legacy, for LegacyHook to find; if that name is taken too, Install
// fails unless force is set, in which case the current hook replaces the old legacy one.
// Installing twice leaves the same files as installing once.
func (r *Repo) Install(ctx context.Context, stages []string, fallback string, force bool) ([]string, error) {
	stages, err := checkStages(stages)
	if err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("install: %w", err)
	}
	var written []string
	for _, stage := range stages {
		path, err := installOne(dir, stage, fallback, force)
		if err != nil {
			return written, fmt.Errorf("install %s: %w", stage, err)
		}
		written = append(written, path)
	}
	return written, nil
}

// installOne writes the shim for stage into dir, moving a foreign hook aside first.
func installOne(dir, stage, fallback string, force bool) (string, error) {
	hook := filepath.Join(dir, stage)
	kind, err := hookKindOf(hook)
	if err != nil {
		return "", err
	}
	if kind == hookForeign {
		legacy := hook + LegacySuffix
		if _, err := os.Lstat(legacy); err == nil && !force {
			return "", fmt.Errorf("%s is someone else's hook and %s exists too; remove one of them, or force the install to keep the current hook as the legacy one", hook, legacy)
		}
		if err := os.Rename(hook, legacy); err != nil {
			return "", fmt.Errorf("keep existing hook: %w", err)
		}
	}
	// Replaced through a rename (atomicfile), so git never runs a half-written hook and
	// a symlink at hook is replaced rather than written through.
	if err := atomicfile.Write(hook, Shim(stage, fallback), 0o755); err != nil {
		return hook, fmt.Errorf("write %s: %w", hook, err)
	}
	return hook, nil
}

// Uninstall removes the hookrun shims of stages (every name in gitHooks when stages is
// empty) from HooksDir and moves each legacy hook back to its place. It returns the hook
// paths it removed or restored. Anyone else's hook is left alone. Uninstalling twice
// does nothing the second time.
func (r *Repo) Uninstall(ctx context.Context, stages []string) ([]string, error) {
	if len(stages) == 0 {
		stages = gitHooks
	}
	stages, err := checkStages(stages)
	if err != nil {
		return nil, fmt.Errorf("uninstall: %w", err)
	}
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return nil, fmt.Errorf("uninstall: %w", err)
	}
	var touched []string
	for _, stage := range stages {
		changed, err := uninstallOne(filepath.Join(dir, stage))
		if err != nil {
			return touched, fmt.Errorf("uninstall %s: %w", stage, err)
		}
		if changed {
			touched = append(touched, filepath.Join(dir, stage))
		}
	}
	return touched, nil
}

// uninstallOne removes the shim at hook and restores the legacy hook beside it.
func uninstallOne(hook string) (bool, error) {
	kind, err := hookKindOf(hook)
	if err != nil || kind == hookForeign {
		return false, err
	}
	changed := false
	if kind == hookShim {
		if err := os.Remove(hook); err != nil {
			return false, fmt.Errorf("remove shim: %w", err)
		}
		changed = true
	}
	legacy := hook + LegacySuffix
	if _, err := os.Lstat(legacy); err != nil {
		return changed, nil //nolint:nilerr // no legacy hook to restore
	}
	if err := os.Rename(legacy, hook); err != nil {
		return changed, fmt.Errorf("restore legacy hook: %w", err)
	}
	return true, nil
}

// LegacyHook returns the hook Install moved aside for stage, when there is one that git
// would run (a file, executable, and not itself a hookrun shim). hookrun's `hook`
// subcommand runs it first, with the same arguments and stdin.
func (r *Repo) LegacyHook(ctx context.Context, stage string) (string, bool) {
	dir, err := r.HooksDir(ctx)
	if err != nil {
		return "", false
	}
	p := filepath.Join(dir, stage+LegacySuffix)
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() || !hookExecutable(p, fi) {
		return "", false
	}
	if kind, err := hookKindOf(p); err != nil || kind != hookForeign {
		return "", false
	}
	return p, true
}

// checkStages validates stage names against gitHooks and drops repeats.
func checkStages(stages []string) ([]string, error) {
	if len(stages) == 0 {
		return nil, errors.New("no hook names given")
	}
	var out []string
	for _, s := range stages {
		if !slices.Contains(gitHooks, s) {
			return nil, fmt.Errorf("%q is not a git hook git runs in a work tree (one of %s)", s, strings.Join(gitHooks, ", "))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

type hookKind int

const (
	hookAbsent hookKind = iota
	hookShim
	hookForeign
)

// hookKindOf says what is at path. A symlink is judged by what it points to.
func hookKindOf(path string) (hookKind, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(path); lerr == nil {
			return hookForeign, nil // a dangling symlink is still someone's hook
		}
		return hookAbsent, nil
	}
	if err != nil {
		return hookAbsent, fmt.Errorf("read hook: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only: closing cannot lose data
	fi, err := f.Stat()
	if err != nil {
		return hookAbsent, fmt.Errorf("read hook: %w", err)
	}
	if fi.IsDir() {
		return hookAbsent, fmt.Errorf("%s is a directory, not a hook", path)
	}
	head := make([]byte, 512) // the marker is the second line
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return hookAbsent, fmt.Errorf("read hook: %w", err)
	}
	if bytes.Contains(head[:n], []byte(shimMarker)) {
		return hookShim, nil
	}
	return hookForeign, nil
}
