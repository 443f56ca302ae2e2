package config

import (
	"slices"
	"strings"

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
