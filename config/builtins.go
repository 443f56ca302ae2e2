package config

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hookrun/hookrun/internal/pchooks"
	"gopkg.in/yaml.v3"
)

// BuiltinNames are the tools hookrun runs without a command (`uses: ruff`, or an id that
// names one). They are part of the file format, so a misspelt name is caught with the
// other config errors; runners' registry test keeps this list equal to its table.
var BuiltinNames = []string{
	"gofmt", "goimports", "go-vet", "staticcheck", "golangci-lint", "golangci-lint-fmt", "go-mod-tidy",
	"ruff", "ruff-format", "black", "isort", "flake8", "mypy", "pylint", "pyright",
	"prettier", "eslint", "tsc", "biome",
}

// BuiltinModeFlags are the flags with which each built-in that can fix chooses check or
// fix. The run decides the mode (CI checks, a laptop fixes, --check and --fix override),
// so a hook's args may not hold them: eslint's --fix in args would rewrite files in CI,
// and ruff refuses a second --fix. runners' registry test keeps this equal to the flags
// in which each tool's check and fix command lines differ.
var BuiltinModeFlags = map[string][]string{
	"gofmt": {"-l", "-w"}, "goimports": {"-l", "-w"}, "golangci-lint": {"--fix"},
	"golangci-lint-fmt": {"--diff"}, "go-mod-tidy": {"-diff"},
	"ruff": {"--fix", "--no-fix"}, "ruff-format": {"--check"}, "black": {"--check"}, "isort": {"--check-only"},
	"prettier": {"--write"}, "eslint": {"--fix"}, "biome": {"--write"},
}

// BuiltinDaemons are the built-ins with a resident server a hook may opt into with
// `daemon: true` (mypy: dmypy). runners' registry test keeps this equal to the tools that
// declare one.
var BuiltinDaemons = []string{"mypy"}

// daemonWithoutServer reports "daemon: true" on a hook that runs no built-in with a
// resident server: a command, another built-in, or a built-in whose check a "check" or
// "run" command replaces.
func daemonWithoutServer(h *Hook, path string) Errors {
	pos, has := h.KeyPos["daemon"]
	if !has || !h.Daemon {
		return nil
	}
	builtin := h.Uses != "" && !checkCommand(h)
	if builtin && slices.Contains(BuiltinDaemons, h.Uses) {
		return nil
	}
	what := "a command"
	if builtin {
		what = "the built-in " + h.Uses
	}
	return Errors{{Pos: pos, Path: JoinPath(path, "daemon"), Msg: fmt.Sprintf(
		"applies only to a built-in with a resident server (%s), and this hook runs %s; remove it",
		strings.Join(BuiltinDaemons, ", "), what)}}
}

// modeFlagArgs reports args of a built-in that choose its mode (BuiltinModeFlags).
func modeFlagArgs(h *Hook, path string) Errors {
	var errs Errors
	for _, a := range h.Args {
		if !slices.Contains(BuiltinModeFlags[h.Uses], a) {
			continue
		}
		pos, ok := h.KeyPos["args"]
		if !ok {
			pos = h.Pos
		}
		errs = append(errs, &Error{Pos: pos, Path: JoinPath(path, "args"), Msg: fmt.Sprintf(
			"%s chooses check or fix, which the run decides for the built-in %s (CI checks, a laptop fixes; --check and --fix override): remove it", a, h.Uses)})
	}
	return errs
}

// NativeNames are the built-ins that hookrun runs in-process: the hooks of
// pre-commit-hooks it has a native version of (internal/pchooks), such as
// trailing-whitespace. They take the Python hook's args, checked here.
func NativeNames() []string { return pchooks.IDs() }

// isBuiltin reports whether name is a built-in tool or a native hook.
func isBuiltin(name string) bool {
	return slices.Contains(BuiltinNames, name) || pchooks.Has(name)
}

// uses decodes "uses": the name of a built-in.
func (d *decoder) uses(n *yaml.Node, p string) string {
	s := d.nonEmpty(n, p)
	if s != "" && !isBuiltin(s) {
		d.Errorf(n, p, "unknown built-in %q%s; write a command with \"run\" or \"check\" instead, or one of: %s; or a hook of pre-commit-hooks that hookrun runs natively (README)",
			s, hint(s, slices.Concat(BuiltinNames, NativeNames())), strings.Join(BuiltinNames, ", "))
	}
	return s
}

// impliedUses gives a hook with no command whose id names a built-in that built-in, as
// if it said `uses: ID`.
func impliedUses(h *Hook) {
	if needsCommand(h) && isBuiltin(h.ID) {
		h.Uses = h.ID
		h.KeyPos["uses"] = h.Pos
	}
}

// nativeArgs reports args that the native hook h uses does not take, as the Python
// hook's argparse would reject them or as the native version cannot stand for them.
func nativeArgs(h *Hook, path string) Errors {
	if !pchooks.Has(h.Uses) {
		return nil
	}
	_, _, err := pchooks.Lookup(h.Uses, h.Args)
	if err == nil {
		return nil
	}
	pos, ok := h.KeyPos["args"]
	if !ok {
		pos = h.Pos
	}
	return Errors{{
		Pos: pos, Path: JoinPath(path, "args"),
		Msg: fmt.Sprintf("not taken by the built-in %s (pre-commit-hooks %s's arguments): %v", h.Uses, pchooks.Version, err),
	}}
}

// toolVersion decodes "version": the version of the built-in's tool the hook expects,
// as the tool reports it ("0.6.0"; a leading "v" is ignored when comparing). A plain
// scalar is taken as written, so 1.10 stays "1.10".
func (d *decoder) toolVersion(n *yaml.Node, p string) string {
	v := d.nonEmpty(n, p)
	if strings.ContainsFunc(v, unicode.IsSpace) {
		d.Errorf(n, p, "must be one version such as \"0.6.0\", got %s", quote(v))
		return ""
	}
	return v
}

// versionWithoutUses reports "version" on a hook that runs no built-in: only a built-in's
// tool is located and asked its version.
func versionWithoutUses(h *Hook, path string) Errors {
	pos, has := h.KeyPos["version"]
	if _, hasUses := h.KeyPos["uses"]; !has || hasUses {
		return nil
	}
	return Errors{{
		Pos:  pos,
		Path: JoinPath(path, "version"),
		Msg:  `applies only beside "uses": it is the version of the built-in's tool the hook expects; remove it, or name the built-in`,
	}}
}
