// Package newonly holds the line: of a tool's findings it keeps those on lines a change
// added or modified, and counts the rest. The change is a `git diff -U0 --find-renames`
// (internal/gitrepo runs it): Parse reads its hunk headers into the changed lines of each
// file under its new name, so a finding in a renamed file maps through the rename, and a
// file renamed without edits has no changed line at all. Filter intersects. It does no
// I/O and imports nothing of hookrun's but the domain's Diagnostic.
package newonly

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// Span is a run of lines, 1-based, both ends inclusive.
type Span struct{ From, To int }

// Change is the lines a change added or modified, per file (repository-relative,
// slash-separated, its name after the change). A file the change did not touch has no
// entry; one it touched but only by deleting lines has an empty one. Everything says
// every line is new (an unborn branch, a root commit): Filter keeps every finding.
type Change struct {
	Files      map[string][]Span
	Everything bool
}

// Parse reads `git diff -U0` output (with the a/ and b/ prefixes) into a Change.
func Parse(out []byte) (*Change, error) {
	c := &Change{Files: map[string][]Span{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var cur string // the current file's new name; "" for a deletion
	// body: past the file's first hunk header, where a line is the file's own ("+++ x"
	// is an added line "++ x"), until the next file's "diff --git".
	body := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		var err error
		switch {
		case strings.HasPrefix(line, "diff --git "):
			cur, body = "", false
		case body && !strings.HasPrefix(line, "@@ "):
			// a line of the file's content
		case strings.HasPrefix(line, "+++ "):
			cur, err = c.touch(strings.TrimPrefix(line, "+++ "), "b/")
		case strings.HasPrefix(line, "rename to "):
			// A rename with no edit has no +++ line: its new name is touched, with no
			// changed line.
			_, err = c.touch(strings.TrimPrefix(line, "rename to "), "")
		case strings.HasPrefix(line, "@@ ") && cur != "":
			body = true
			var s Span
			var ok bool
			if s, ok, err = hunk(line); ok {
				c.Files[cur] = append(c.Files[cur], s)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("diff line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for f := range c.Files {
		slices.SortFunc(c.Files[f], func(a, b Span) int { return a.From - b.From })
	}
	return c, nil
}

// touch records the file a header names (quoted or not, prefix removed) as touched and
// returns its name; "" for /dev/null.
func (c *Change) touch(header, prefix string) (string, error) {
	name, err := unquote(header)
	if err != nil || name == "/dev/null" {
		return "", err
	}
	name = strings.TrimPrefix(name, prefix)
	if _, ok := c.Files[name]; !ok {
		c.Files[name] = nil
	}
	return name, nil
}

// hunk reads a hunk header's new side, "@@ -a,b +c,d @@": lines c to c+d-1, none when d
// is 0 (the hunk only deleted).
func hunk(line string) (Span, bool, error) {
	fields := strings.Fields(line)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return Span{}, false, fmt.Errorf("bad hunk header %q", line)
	}
	from, n, err := textdiff.ParseRange(fields[2][1:])
	if err != nil {
		return Span{}, false, fmt.Errorf("bad hunk header %q", line)
	}
	if n == 0 {
		return Span{}, false, nil
	}
	return Span{From: from, To: from + n - 1}, true, nil
}

// unquote undoes git's quoting of a path with unusual characters ("b/a\tb"): C escapes,
// octal bytes included, which Go's own unquoting reads the same way.
func unquote(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("cannot read quoted path %s", s)
	}
	return u, nil
}

// Touched reports whether line (1-based) of file is one the change added or modified.
// Line 0 (a finding about the whole file) counts as touched when the change edited any
// line of the file.
func (c *Change) Touched(file string, line, end int) bool {
	if c.Everything {
		return true
	}
	spans := c.Files[file]
	if line <= 0 {
		return len(spans) > 0
	}
	end = max(end, line)
	for _, s := range spans {
		if s.From <= end && line <= s.To {
			return true
		}
	}
	return false
}

// Filter splits ds into the findings on lines the change touched, in their order, and
// the number of the others. A finding with no file (a tool's message about the whole
// run) is kept: it cannot be shown to be old.
func (c *Change) Filter(ds []hooks.Diagnostic) (fresh []hooks.Diagnostic, old int) {
	for _, d := range ds {
		if d.Path == "" || c.Touched(d.Path, d.Line, d.EndLine) {
			fresh = append(fresh, d)
			continue
		}
		old++
	}
	return fresh, old
}
