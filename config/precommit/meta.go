package precommit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/filetype"
	"github.com/hookrun/hookrun/internal/pyregex"
)

// ListFunc lists the files git tracks in the repository at dir, repo-relative.
type ListFunc = func(ctx context.Context, dir string) ([]string, error)

// attachMeta gives the hooks of `repo: meta` their in-process implementations. They
// look at the whole configuration, so they are attached once every hook is built.
func (c *Config) attachMeta(hs []*hooks.Hook, rs []Resolved, list ListFunc) {
	for i, r := range rs {
		if r.Repo.Kind() != "meta" {
			continue
		}
		switch r.ID {
		case "identity":
			hs[i].Builtin = identity
		case "check-hooks-apply":
			hs[i].Builtin = checkHooksApply(hs, rs, list)
		case "check-useless-excludes":
			hs[i].Builtin = c.checkUselessExcludes(list)
		}
	}
}

// identity prints the files it gets, one per line, and passes.
func identity(_ context.Context, _ string, files []string) (int, []byte) {
	var b bytes.Buffer
	for _, f := range files {
		b.WriteString(f + "\n")
	}
	return 0, b.Bytes()
}

// trackedFiles lists the repository's files that exist, as pre-commit's classifier
// sees them.
func trackedFiles(ctx context.Context, dir string, list ListFunc) ([]string, error) {
	if list == nil {
		return nil, errors.New("list files: no way to ask git was given")
	}
	files, err := list(ctx, dir)
	if err != nil {
		return nil, err
	}
	out := files[:0:0]
	for _, f := range files {
		if len(filetype.Of(dir, f)) > 0 { // lexists: deleted files drop out
			out = append(out, f)
		}
	}
	return out, nil
}

// checkHooksApply fails for every hook (not always_run, not language: fail) that no
// tracked file would be given to.
func checkHooksApply(hs []*hooks.Hook, rs []Resolved, list ListFunc) Builtin {
	return func(ctx context.Context, dir string, _ []string) (int, []byte) {
		files, err := trackedFiles(ctx, dir, list)
		if err != nil {
			return 1, []byte(err.Error() + "\n")
		}
		var out bytes.Buffer
		for i, h := range hs {
			if h.AlwaysRun || rs[i].Language == "fail" || appliesToAny(h, dir, files) {
				continue
			}
			fmt.Fprintf(&out, "%s does not apply to this repository\n", h.ID)
		}
		return min(out.Len(), 1), out.Bytes()
	}
}

func appliesToAny(h *hooks.Hook, dir string, files []string) bool {
	for _, f := range files {
		if h.Match.MatchPath(f) && filetype.Of(dir, f).HasAll(h.Match.Types) {
			return true
		}
	}
	return false
}

// checkUselessExcludes fails for the global exclude, and each hook's exclude as written
// in the config (a remote hook's manifest is not consulted), that excludes no tracked
// file the hook would otherwise consider.
func (c *Config) checkUselessExcludes(list ListFunc) Builtin {
	return func(ctx context.Context, dir string, _ []string) (int, []byte) {
		files, err := trackedFiles(ctx, dir, list)
		if err != nil {
			return 1, []byte(err.Error() + "\n")
		}
		var out bytes.Buffer
		if !excludeMatchesAny(files, "", c.Exclude) {
			fmt.Fprintf(&out, "The global exclude pattern %s does not match any files\n", pyRepr(c.Exclude))
		}
		for _, r := range c.Repos {
			for _, h := range r.Hooks {
				var typed []string
				for _, f := range files {
					if filetype.Of(dir, f).HasAll(typeTerms(h)) {
						typed = append(typed, f)
					}
				}
				if !excludeMatchesAny(typed, h.Files, h.Exclude) {
					fmt.Fprintf(&out, "The exclude pattern %s for %s does not match any files\n", pyRepr(h.Exclude), h.ID)
				}
			}
		}
		return min(out.Len(), 1), out.Bytes()
	}
}

// excludeMatchesAny reports whether some file matches both include and exclude; the
// default exclude "^$" always counts as useful.
func excludeMatchesAny(files []string, include, exclude string) bool {
	if exclude == "^$" {
		return true
	}
	inc, err1 := pyregex.Compile(include, pyregex.Flags{})
	exc, err2 := pyregex.Compile(exclude, pyregex.Flags{})
	if err1 != nil || err2 != nil { // Parse validated both
		return true
	}
	for _, f := range files {
		if inc.MatchString(f) && exc.MatchString(f) {
			return true
		}
	}
	return false
}

// pyRepr quotes s as Python's repr does for a str of printable characters.
func pyRepr(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case string(r) == q:
			b.WriteString(`\` + q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	return b.String()
}
