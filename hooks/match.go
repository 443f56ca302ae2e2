package hooks

import (
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/hookrun/hookrun/internal/pyregex"
)

// Matcher selects files for a hook. Patterns were validated by Resolve.
// A pattern without "/" matches the base name, or a directory name, at any depth; one with "/" is anchored at
// the repository root; "**" spans zero or more directories; matching is case-sensitive.
type Matcher struct {
	Files   []string // empty means every file
	Exclude []string
	// Types are tag terms that must all hold (see filetype.Tags.HasAll): a tag that must be
	// present, "!tag" that must be absent, or "a|b" where one of them must be present.
	Types []string
	// Regex, when set, must also pass: Python regular expressions matched with re.search
	// semantics (.pre-commit-config.yaml's files and exclude). The globs still apply.
	Regex *RegexMatcher
}

// MatchPath reports whether the path (repo-relative, slash-separated) passes the globs
// and, when set, the regular expressions. Types are checked separately because they
// need the file system.
func (m *Matcher) MatchPath(p string) bool {
	if len(m.Files) > 0 && !MatchAny(m.Files, p) {
		return false
	}
	if MatchAny(m.Exclude, p) {
		return false
	}
	return m.Regex == nil || m.Regex.Match(p)
}

// MatchAny reports whether p matches one of the patterns.
func MatchAny(patterns []string, p string) bool {
	if len(patterns) == 0 {
		return false
	}
	base := path.Base(p)
	for _, pat := range patterns {
		if matchOne(pat, p, base) {
			return true
		}
	}
	return false
}

func matchOne(pat, p, base string) bool {
	if !strings.Contains(pat, "/") {
		// Like .gitignore: a slashless pattern names a file or a directory at any depth,
		// so `*.py` matches every Python file and `node_modules` everything below one.
		if doublestar.MatchUnvalidated(pat, base) {
			return true
		}
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if doublestar.MatchUnvalidated(pat, path.Base(dir)) {
				return true
			}
		}
		return false
	}
	if doublestar.MatchUnvalidated(pat, p) {
		return true
	}
	// "dir/**" style patterns also match the directory's contents; a pattern naming a
	// directory ("vendor/") matches everything below it.
	if pat[len(pat)-1] == '/' {
		return doublestar.MatchUnvalidated(pat+"**", p)
	}
	return false
}

// RegexMatcher selects paths with Python regular expressions matched like re.search:
// a pattern matches when it matches anywhere in the repo-relative, slash-separated path,
// so `\.py$` selects Python files and `.git` also matches `.github/`. It is how
// .pre-commit-config.yaml's files and exclude keys select files.
type RegexMatcher struct {
	Include []*pyregex.Regexp // every one must match (the config's files, then the hook's)
	Exclude []*pyregex.Regexp // none may match
}

// Match reports whether p passes every include and no exclude.
func (m *RegexMatcher) Match(p string) bool {
	for _, re := range m.Include {
		if !re.MatchString(p) {
			return false
		}
	}
	for _, re := range m.Exclude {
		if re.MatchString(p) {
			return false
		}
	}
	return true
}
