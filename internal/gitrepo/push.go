package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// PushRange is one line of what git gives a pre-push hook on stdin.
type PushRange struct{ LocalRef, LocalSHA, RemoteRef, RemoteSHA string }

// ParsePushLines parses a pre-push hook's stdin: one "<local ref> <local sha> <remote
// ref> <remote sha>" line per ref being pushed. Blank lines are skipped.
func ParsePushLines(stdin []byte) ([]PushRange, error) {
	var out []PushRange
	for i, line := range strings.Split(string(stdin), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		f := strings.Split(line, " ")
		if len(f) != 4 || !isObjectID(f[1]) || !isObjectID(f[3]) {
			return nil, fmt.Errorf("pre-push input line %d: %q: want \"<local ref> <local sha> <remote ref> <remote sha>\"", i+1, line)
		}
		out = append(out, PushRange{LocalRef: f[0], LocalSHA: f[1], RemoteRef: f[2], RemoteSHA: f[3]})
	}
	return out, nil
}

// isObjectID reports whether s is a full SHA-1 or SHA-256 object name in hex.
func isObjectID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

// isZeroID reports whether s is git's all-zero object name (a ref that does not exist).
func isZeroID(s string) bool { return strings.Trim(s, "0") == "" }

// PushScope turns a pre-push hook's ranges into the scope to check; false means nothing
// is being pushed that needs checking (only deletions, or commits the remote has).
//
// Per ref it follows pre-commit's hook-impl: deletions are skipped; when the remote sha
// is a commit we have, the scope is Range{From: remote sha, To: local sha}; otherwise
// the new commits are `git rev-list <local> --not --remotes=<remote>` and the scope is
// Range{From: <first new commit>^, To: local sha}. When the first new commit is a root
// commit, no range can express it (From...To needs a From), so the scope is Files:
// every path in the local commit's tree, which all the pushed commits introduced.
//
// Unlike pre-commit, which checks only the first ref that has work, PushScope checks
// every ref being pushed: one ref gives its own scope, several give a Files scope with
// the union of their files.
func (r *Repo) PushScope(ctx context.Context, remote string, ranges []PushRange) (Scope, bool, error) {
	var scopes []Scope
	for _, pr := range ranges {
		s, ok, err := r.pushRefScope(ctx, remote, pr)
		if err != nil {
			return Scope{}, false, fmt.Errorf("pre-push %s: %w", pr.LocalRef, err)
		}
		if ok && !slices.ContainsFunc(scopes, func(x Scope) bool { return sameScope(x, s) }) {
			scopes = append(scopes, s)
		}
	}
	switch len(scopes) {
	case 0:
		return Scope{}, false, nil
	case 1:
		return scopes[0], true, nil
	}
	var union []string
	for _, s := range scopes {
		paths, err := r.candidates(ctx, s)
		if err != nil {
			return Scope{}, false, fmt.Errorf("pre-push: %w", err)
		}
		union = append(union, paths...)
	}
	slices.Sort(union)
	return Scope{Kind: Files, Files: slices.Compact(union), Pushed: true, Parts: scopes}, true, nil
}

// pushRefScope is the scope of one pushed ref.
func (r *Repo) pushRefScope(ctx context.Context, remote string, pr PushRange) (Scope, bool, error) {
	if isZeroID(pr.LocalSHA) {
		return Scope{}, false, nil
	}
	if !isZeroID(pr.RemoteSHA) {
		ok, err := r.hasCommit(ctx, pr.RemoteSHA)
		if err != nil || ok {
			return Scope{Kind: Range, From: pr.RemoteSHA, To: pr.LocalSHA}, ok, err
		}
	}
	out, err := r.Git(ctx, "rev-list", pr.LocalSHA, "--topo-order", "--reverse", "--not", "--remotes="+remote, "--")
	if err != nil {
		return Scope{}, false, fmt.Errorf("list new commits: %w", err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	if first == "" {
		return Scope{}, false, nil
	}
	hasParent, err := r.hasCommit(ctx, first+"^")
	if err != nil {
		return Scope{}, false, err
	}
	if hasParent {
		return Scope{Kind: Range, From: first + "^", To: pr.LocalSHA}, true, nil
	}
	files, err := r.treeFiles(ctx, pr.LocalSHA)
	return Scope{Kind: Files, Files: files, Pushed: true}, err == nil, err
}

// hasCommit reports whether rev names a commit present in the repository.
func (r *Repo) hasCommit(ctx context.Context, rev string) (bool, error) {
	_, err := r.Git(ctx, "cat-file", "-e", rev+"^{commit}")
	if _, ok := errors.AsType[*GitError](err); ok {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", rev, err)
	}
	return true, nil
}

func sameScope(a, b Scope) bool {
	return a.Kind == b.Kind && a.From == b.From && a.To == b.To && slices.Equal(a.Files, b.Files)
}
