package cache

import (
	"slices"
	"strings"
)

// The variables of a hook's environment that join its key (RunEnv), beside the hook's
// own env: what git told the hook (hookrun's and pre-commit's stage variables: refs,
// message source, remote), and what is known to change which tool runs or how it
// judges. The rest of the environment is left out on purpose: it holds what differs
// between two runs that must share their passes (a CI job's ids, a terminal's size,
// git's own variables in a hook), so a hook that reads some other variable is one to
// run with --no-cache.
var (
	envNames = map[string]bool{
		"PATH": true, "NO_COLOR": true, "VIRTUAL_ENV": true, "CONDA_PREFIX": true, "PYTHONPATH": true,
		"PYTHONHOME": true, "NODE_PATH": true, "NODE_OPTIONS": true, "NODE_ENV": true,
		"GOFLAGS": true, "GOOS": true, "GOARCH": true, "CGO_ENABLED": true, "GOPATH": true, "GOBIN": true,
		"GOROOT": true, "GOTOOLCHAIN": true, "GOWORK": true, "GOEXPERIMENT": true, "GOPROXY": true,
		"PRE_COMMIT": true,
	}
	envPrefixes = []string{
		"HOOKRUN_", "PRE_COMMIT_", "RUFF_", "MYPY", "BLACK_", "FLAKE8", "PYLINT", "ISORT_",
		"ESLINT", "PRETTIER", "TSC_", "GOLANGCI_", "BIOME_",
	}
	// envSkip are variables of those families that differ between runs that must share
	// their passes: HOOKRUN_ACTIVE names the git dir (one per worktree); the shared
	// cache's variables say where passes are kept, not how a hook judges.
	envSkip = map[string]bool{
		"HOOKRUN_ACTIVE": true, "HOOKRUN_LEGACY_HOOK": true,
		"HOOKRUN_REMOTE_CACHE": true, "HOOKRUN_REMOTE_CACHE_WRITE": true, "HOOKRUN_REMOTE_CACHE_HEADER": true,
	}
)

// RunEnv returns the variables of env ("NAME=value", later ones overriding earlier ones,
// as a process gets them) that join a key, sorted.
func RunEnv(env []string) []string {
	last := map[string]string{}
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if keyVar(name) {
			last[name] = kv
		}
	}
	out := make([]string, 0, len(last))
	for _, kv := range last {
		out = append(out, kv)
	}
	slices.Sort(out)
	return out
}

func keyVar(name string) bool {
	if envSkip[name] {
		return false
	}
	if envNames[name] {
		return true
	}
	for _, p := range envPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
