package config

import "slices"

// IsGitHook reports whether stage is one git runs a hook for, which `hookrun install`
// puts a shim in place of: every stage but manual.
func IsGitHook(stage string) bool { return stage != "manual" && slices.Contains(Stages, stage) }

// GitHooks are the stages git runs a hook for (IsGitHook), in Stages' order.
func GitHooks() []string {
	return slices.DeleteFunc(slices.Clone(Stages), func(st string) bool { return !IsGitHook(st) })
}
