package config

import "testing"

func TestSuggest(t *testing.T) {
	t.Parallel()
	keys := []string{"files", "stages", "stage_fixed", "pass_files", "fail_fast", "id", "run", "exclude"}
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"a dropped letter is a typo", "stage_fixd", "stage_fixed"},
		{"a missing plural s is a typo", "file", "files"},
		{"the closest of two candidates wins", "stage", "stages"},
		{"dashes and case do not count", "Fail-Fast", "fail_fast"},
		{"a truncated key shares a prefix", "pass", "pass_files"},
		{"an extended key shares a prefix", "exclude_globs", "exclude"},
		{"a short word does not match everything", "x", ""},
		{"a two-letter typo of a short key still matches", "ru", "run"},
		{"an unrelated word matches nothing", "colour", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := suggest(tt.in, keys); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStageHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"commit means pre-commit", "commit", ` (did you mean "pre-commit"?)`},
		{"a typo of commit means pre-commit", "comit", ` (did you mean "pre-commit"?)`},
		{"push means pre-push", "push", ` (did you mean "pre-push"?)`},
		{"underscores are dashes", "post_merge", ` (did you mean "post-merge"?)`},
		{
			"an unrelated word lists the stages", "deploy",
			"; use one of pre-commit, prepare-commit-msg, commit-msg, post-checkout, post-merge, pre-rebase, pre-push, manual",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := stageHint(tt.in); got != tt.want {
				t.Errorf("stageHint(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
