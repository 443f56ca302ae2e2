package runners

import _ "embed"

// defaultChecks are the hooks of every generated config that need no tool (merge
// conflict markers, large files, ...): hookrun.yaml entries, indented for `hooks:`.
//
//go:embed default_checks.yaml
var defaultChecks []byte

// DefaultConfig is the config `hookrun init` writes and, where a repository has none,
// the zero-config default runs: InitConfig's built-ins for the suggestions of Detect,
// then the checks that need no tool.
func DefaultConfig(sugs []Suggestion) []byte {
	return append(InitConfig(sugs), defaultChecks...)
}
