package precommit

import (
	"strings"
	"sync"

	"github.com/hookrun/hookrun/internal/pchooks"
)

// PreCommitHooksURL is the repository whose hooks have native versions (internal/pchooks).
const PreCommitHooksURL = "https://github.com/pre-commit/pre-commit-hooks"

// IsPreCommitHooks reports whether a repo URL names pre-commit/pre-commit-hooks on
// GitHub: https (or http), with or without ".git" or a trailing slash, the host in any
// case. A mirror the user's git config points it at (insteadOf) is the same repository.
func IsPreCommitHooks(url string) bool {
	u := strings.TrimSuffix(strings.TrimSuffix(url, "/"), ".git")
	for _, scheme := range []string{"https://", "http://"} {
		if rest, ok := cutPrefixFold(u, scheme+"github.com/"); ok {
			return rest == "pre-commit/pre-commit-hooks"
		}
	}
	return false
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// NativeManifest is the manifest of pre-commit-hooks (pchooks.ManifestYAML, at
// pchooks.Version) for the hooks with a native version: what a config naming the
// repository resolves against when it need not be cloned.
var NativeManifest = sync.OnceValue(func() map[string]HookConfig {
	hs, _, err := ParseManifest("pre-commit-hooks "+pchooks.Version+" (built in)", []byte(pchooks.ManifestYAML))
	if err != nil {
		panic("precommit: the built-in manifest of pre-commit-hooks: " + err.Error())
	}
	m := map[string]HookConfig{}
	for _, h := range hs {
		if pchooks.Has(h.ID) {
			m[h.ID] = h
		}
	}
	return m
})

// AllNative reports whether every hook r lists runs natively (NativeHook), so that r
// need not be cloned.
func AllNative(r *Repo) bool {
	for i := range r.Hooks {
		if !NativeHook(r, &r.Hooks[i]) {
			return false
		}
	}
	return len(r.Hooks) > 0
}

// NativeHook reports whether h, as the config lists it under r, runs natively: r names
// pre-commit-hooks, h's id has a native version that takes h's args, and the config
// does not give h an entry or language of its own (then it is another program).
func NativeHook(r *Repo, h *HookConfig) bool {
	if r.Kind() != "remote" || !IsPreCommitHooks(r.Repo) {
		return false
	}
	if _, ok := h.Set["entry"]; ok {
		return false
	}
	if _, ok := h.Set["language"]; ok {
		return false
	}
	if _, ok := NativeManifest()[h.ID]; !ok {
		return false
	}
	_, ok, err := pchooks.Lookup(h.ID, h.Args)
	return ok && err == nil
}
