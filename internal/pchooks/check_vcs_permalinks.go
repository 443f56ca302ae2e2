package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
)

func init() {
	register(Hook{ID: "check-vcs-permalinks", Parse: parseCheckVCSPermalinks, ReadOnly: true})
}

// vcsDomain is a domain the hook's regular expression reads the same in Python's re
// and Go's RE2 (its dots match any character in both, as in the hook).
var vcsDomain = lazyRegexp(`^[A-Za-z0-9.:-]+$`)

func parseCheckVCSPermalinks(args []string) (Func, error) {
	domains := []string{"github.com"}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(args[i], "=")
		if name != "--additional-github-domain" {
			return nil, fmt.Errorf("argument %q: %w", args[i], ErrUnsupported)
		}
		if !hasValue {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("%s: expected one argument: %w", name, ErrUnsupported)
			}
			i++
			value = args[i]
		}
		if !vcsDomain().MatchString(value) {
			return nil, fmt.Errorf("--additional-github-domain %q: %w", value, ErrUnsupported)
		}
		domains = append(domains, value)
	}
	var patterns []*regexp.Regexp
	for _, d := range domains {
		// The hook's pattern but for its lookahead (?![a-fA-F0-9]{4,64}/), which
		// isPermalinkRef checks on the captured ref.
		patterns = append(patterns, regexp.MustCompile(`^https://`+d+`/[^/ ]+/[^/ ]+/blob/([^/. ]+)/[^# ]+#L[0-9]+`))
	}
	return func(_ context.Context, env Env, files []string) (int, []byte) {
		return checkVCSPermalinks(env, files, patterns)
	}, nil
}

var permalinkRef = lazyRegexp(`^[a-fA-F0-9]{4,64}$`)

// checkVCSPermalinks is check-vcs-permalinks: a line linking to a line of a file on a
// branch (not a commit hash) is printed, and the hook fails.
func checkVCSPermalinks(env Env, files []string, patterns []*regexp.Regexp) (int, []byte) {
	var out bytes.Buffer
	code := 0
	for _, f := range files {
		data, err := env.readFile(env.path(f))
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		for i, line := range bytes.SplitAfter(data, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			for _, p := range patterns {
				if branchLink(line, p) {
					fmt.Fprintf(&out, "%s:%d:", f, i+1)
					out.Write(line)
					code = 1
				}
			}
		}
	}
	if code != 0 {
		out.WriteString("\nNon-permanent github link detected.\nOn any page on github press [y] to load a permalink.\n")
	}
	return code, out.Bytes()
}

// branchLink reports whether p matches somewhere in line with a ref that is not a
// commit hash (4 to 64 hex digits).
func branchLink(line []byte, p *regexp.Regexp) bool {
	for at := 0; ; {
		i := bytes.Index(line[at:], []byte("https://"))
		if i < 0 {
			return false
		}
		at += i
		if m := p.FindSubmatch(line[at:]); m != nil && !permalinkRef().Match(m[1]) {
			return true
		}
		at++
	}
}
