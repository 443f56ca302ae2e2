package pchooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
)

func init() {
	register(Hook{ID: "requirements-txt-fixer", Parse: noArgs(requirementsTxtFixer), RecordsWrites: true})
}

// requirementsTxtFixer sorts the requirements of each file by name, keeping each one's
// comments above it, a comment at the top (followed by a blank line) and one at the end
// in place, and drops duplicates and the pkg-resources==0.0.0 Debian's pip adds.
func requirementsTxtFixer(_ context.Context, env Env, files []string) (int, []byte) {
	return fixFiles(env, files, "Sorting %s\n", func(f string, data []byte) ([]byte, bool, error) {
		after, err := fixRequirements(data)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", f, err)
		}
		return after, after != nil && !bytes.Equal(after, data), nil
	})
}

// requirement is one requirement (its lines, continuations joined) and the comment and
// blank lines above it.
type requirement struct {
	value    []byte // nil until a line that is not a comment
	comments [][]byte
}

var (
	untilComparison = lazyRegexp(`={2,3}|!=|~=|>=?|<=?`)
	untilSep        = lazyRegexp(`^[^;\t\n\v\f\r ]+`)
)

var errNoName = errors.New("a requirement line starts with a separator (the Python hook fails an assertion)")

// name is the requirement's name as the Python hook sorts by: lowercase, up to the
// first separator and comparison, or after #egg=.
func (r *requirement) name() ([]byte, error) {
	name := asciiLower(r.value)
	for _, egg := range []string{"#egg=", "&egg="} {
		if bytes.Contains(r.value, []byte(egg)) {
			_, after, _ := bytes.Cut(name, []byte(egg))
			return after, nil
		}
	}
	name = untilSep().Find(name)
	if name == nil {
		return nil, errNoName
	}
	if loc := untilComparison().FindIndex(name); loc != nil {
		return name[:loc[0]], nil
	}
	return name, nil
}

func (r *requirement) complete() bool {
	return r.value != nil && !bytes.HasSuffix(bytes.TrimRight(r.value, "\r\n"), []byte(`\`))
}

// fixRequirements returns the sorted file; nil when it is blank.
func fixRequirements(data []byte) ([]byte, error) {
	if len(bytes.Trim(data, string(asciiSpace))) == 0 {
		return nil, nil
	}
	reqs := parseRequirements(readLines(data))
	var rest [][]byte
	if reqs[len(reqs)-1].value == nil { // a comment at the end stays there
		rest = reqs[len(reqs)-1].comments
		reqs = reqs[:len(reqs)-1]
	}
	kept := reqs[:0]
	for _, r := range reqs {
		if v := string(r.value); v != "pkg-resources==0.0.0\n" && v != "pkg_resources==0.0.0\n" {
			kept = append(kept, r)
		}
	}
	if err := sortRequirements(kept); err != nil {
		return nil, err
	}
	var after bytes.Buffer
	var prev *requirement
	for _, r := range kept {
		for _, c := range r.comments {
			after.Write(c)
		}
		if prev == nil || !bytes.Equal(r.value, prev.value) {
			after.Write(r.value)
			prev = r
		}
	}
	for _, c := range rest {
		after.Write(c)
	}
	return after.Bytes(), nil
}

// parseRequirements groups lines into requirements, each with the comments above it. A
// blank line after a comment at the top makes that comment the first requirement, with
// the value "\n".
func parseRequirements(before [][]byte) []*requirement {
	if last := before[len(before)-1]; !bytes.HasSuffix(last, []byte("\n")) {
		before[len(before)-1] = append(slices.Clone(last), '\n')
	}
	var reqs []*requirement
	for _, line := range before {
		if len(reqs) == 0 || reqs[len(reqs)-1].complete() {
			reqs = append(reqs, &requirement{})
		}
		r := reqs[len(reqs)-1]
		blank := len(bytes.Trim(line, string(asciiSpace))) == 0
		switch {
		case len(reqs) == 1 && blank:
			if len(r.comments) > 0 && bytes.HasPrefix(r.comments[0], []byte("#")) {
				r.value = []byte("\n")
			} else {
				r.comments = append(r.comments, line)
			}
		case bytes.HasPrefix(bytes.TrimLeft(line, string(asciiSpace)), []byte("#")) || blank:
			r.comments = append(r.comments, line)
		default:
			r.value = append(r.value, line...)
		}
	}
	return reqs
}

// sortRequirements sorts as the Python hook's Requirement.__lt__: the top comment
// first, then by name, one with comments before one without of the same name.
func sortRequirements(reqs []*requirement) error {
	var nameErr error
	names := make([][]byte, len(reqs))
	named := 0
	for i, r := range reqs {
		if string(r.value) == "\n" {
			continue
		}
		named++
		n, err := r.name()
		if err != nil {
			nameErr = err
		}
		names[i] = n
	}
	if named >= 2 && nameErr != nil { // Python computes names only to compare two of them
		return nameErr
	}
	idx := make([]int, len(reqs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := reqs[idx[a]], reqs[idx[b]]
		switch {
		case string(ra.value) == "\n":
			return true
		case string(rb.value) == "\n":
			return false
		}
		na, nb := names[idx[a]], names[idx[b]]
		if bytes.Equal(na, nb) {
			return len(ra.comments) > 0 && len(rb.comments) == 0
		}
		return bytes.Compare(na, nb) < 0
	})
	sorted := make([]*requirement, len(reqs))
	for i, j := range idx {
		sorted[i] = reqs[j]
	}
	copy(reqs, sorted)
	return nil
}
