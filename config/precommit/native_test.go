package precommit

import "testing"

func TestIsPreCommitHooks(t *testing.T) {
	for url, want := range map[string]bool{
		"https://github.com/pre-commit/pre-commit-hooks":      true,
		"https://github.com/pre-commit/pre-commit-hooks.git":  true,
		"https://github.com/pre-commit/pre-commit-hooks/":     true,
		"https://GitHub.com/pre-commit/pre-commit-hooks":      true,
		"http://github.com/pre-commit/pre-commit-hooks":       true,
		"https://github.com/pre-commit/pre-commit-hooks-fork": false,
		"https://github.com/someone/pre-commit-hooks":         false,
		"https://gitlab.com/pre-commit/pre-commit-hooks":      false,
		"../pre-commit-hooks":                                 false,
	} {
		if got := IsPreCommitHooks(url); got != want {
			t.Errorf("IsPreCommitHooks(%q) = %v, want %v", url, got, want)
		}
	}
}

func TestNativeHook(t *testing.T) {
	c, _, err := Parse("c.yaml", []byte(`repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v6.0.0
  hooks:
  - id: trailing-whitespace
    args: [--markdown-linebreak-ext=md]
  - id: trailing-whitespace
    args: [--help]
  - id: end-of-file-fixer
    entry: my-own-fixer
  - id: check-ast
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v5.0.0
  hooks:
  - id: end-of-file-fixer
- repo: https://github.com/other/pre-commit-hooks
  rev: v1
  hooks:
  - id: trailing-whitespace
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for i := range c.Repos {
		for j := range c.Repos[i].Hooks {
			got = append(got, NativeHook(&c.Repos[i], &c.Repos[i].Hooks[j]))
		}
	}
	want := []bool{true, false, false, false, true, false}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("hook %d: native %v, want %v", i, got[i], want[i])
		}
	}
	if AllNative(&c.Repos[0]) || !AllNative(&c.Repos[1]) || AllNative(&c.Repos[2]) {
		t.Errorf("AllNative: want only the second repo")
	}
}
