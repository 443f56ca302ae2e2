package config

import (
	"slices"
	"strings"
	"unicode"

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

// uses decodes "uses": the name of a built-in.
func (d *decoder) uses(n *yaml.Node, p string) string {
	s := d.nonEmpty(n, p)
	if s != "" && !slices.Contains(BuiltinNames, s) {
		d.Errorf(n, p, "unknown built-in %q%s; write a command with \"run\" or \"check\" instead, or one of: %s",
			s, hint(s, BuiltinNames), strings.Join(BuiltinNames, ", "))
	}
	return s
}

// impliedUses gives a hook with no command whose id names a built-in that built-in, as
// if it said `uses: ID`.
func impliedUses(h *Hook) {
	if needsCommand(h) && slices.Contains(BuiltinNames, h.ID) {
		h.Uses = h.ID
		h.KeyPos["uses"] = h.Pos
	}
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
