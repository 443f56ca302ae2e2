// Package textdiff writes unified diffs (`diff -u`), for the preview of fixes and for
// native hooks that print one; it imports nothing of hookrun's.
package textdiff

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// diffContext is how many unchanged lines surround each change, as with `diff -u`.
const diffContext = 3

// maxEditDistance bounds the search for a shortest edit script: its memory grows with
// the square of the distance. Past it, Diff replaces the whole changed middle of the
// file, which is still a correct diff, only not the shortest.
const maxEditDistance = 2048

// Diff returns a unified diff that turns before into after, as
// `diff -u --label a/PATH --label b/PATH` prints it: 3 lines of context, a hunk per
// group of changes less than 7 lines apart, deletions before insertions in each change,
// and "\ No newline at end of file" after a last line without one. It is nil when the
// contents are equal. path is repository-relative and slash-separated.
//
// The diff is a shortest one (Myers' algorithm, with GNU diff's way of placing changes
// among equal lines). Where many lines are alike, GNU diff may still pick another
// shortest diff; both apply the same.
func Diff(path string, before, after []byte) []byte {
	if bytes.Equal(before, after) {
		return nil
	}
	a, b := splitLines(before), splitLines(after)
	ops := editScript(a, b)
	var out bytes.Buffer
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
	for _, h := range hunks(ops) {
		writeHunk(&out, ops[h[0]:h[1]], a, b)
	}
	return out.Bytes()
}

// splitLines splits s after each "\n"; the last line may lack one.
func splitLines(s []byte) []string {
	var lines []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, string(s[:i]))
		s = s[i:]
	}
	return lines
}

// edit is one step of an edit script: keep (' '), delete ('-') or insert ('+'). a and b
// are the positions in the two files where the step happens.
type edit struct {
	kind byte
	a, b int
}

// editScript returns a shortest edit script from a to b (Myers' algorithm), after
// setting aside the lines both share at the start and the end.
func editScript(a, b []string) []edit {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]edit, 0, len(a)+len(b))
	for i := range pre {
		ops = append(ops, edit{' ', i, i})
	}
	for _, e := range myers(a[pre:len(a)-suf], b[pre:len(b)-suf]) {
		ops = append(ops, edit{e.kind, e.a + pre, e.b + pre})
	}
	for i := range suf {
		ops = append(ops, edit{' ', len(a) - suf + i, len(b) - suf + i})
	}
	return shiftBoundaries(ops, a, b)
}

// shiftBoundaries rebuilds ops after sliding each run of changes as GNU diff does
// (shift_boundaries in its analyze.c), so that of equally short diffs Diff picks the one
// diff -u prints: a run moves up to merge with changes before it, then down as far as
// its lines allow (merging with changes after it), then back up to line up with a
// change in the other file if it passed one. For "}\n}\n" to "}\n}\n}\n" that adds
// the last "}", not the first.
func shiftBoundaries(ops []edit, a, b []string) []edit {
	// changed[k+1] is line k; the slots at both ends stay false, as GNU's sentinels.
	ca, cb := make([]bool, len(a)+2), make([]bool, len(b)+2)
	for _, e := range ops {
		switch e.kind {
		case '-':
			ca[e.a+1] = true
		case '+':
			cb[e.b+1] = true
		}
	}
	shiftFile(ca, cb, a)
	shiftFile(cb, ca, b)
	out := ops[:0]
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case i < len(a) && ca[i+1]:
			out = append(out, edit{'-', i, j})
			i++
		case j < len(b) && cb[j+1]:
			out = append(out, edit{'+', i, j})
			j++
		default:
			out = append(out, edit{' ', i, j})
			i, j = i+1, j+1
		}
	}
	return out
}

// boundary walks the changed lines of one file (ch) beside the other file's (oc), as
// GNU's shift_boundaries does; i and j are the current lines of each.
type boundary struct {
	changed, other []bool
	lines          []string
	i, j           int
}

func (s *boundary) ch(k int) bool { return s.changed[k+1] }
func (s *boundary) oc(k int) bool { return s.other[k+1] }

func shiftFile(changed, other []bool, lines []string) {
	s := &boundary{changed: changed, other: other, lines: lines}
	n := len(lines)
	for {
		for s.i < n && !s.ch(s.i) { // to the next run, keeping j level with i
			for s.oc(s.j) {
				s.j++
			}
			s.j++
			s.i++
		}
		if s.i == n {
			return
		}
		start := s.i
		for s.i++; s.ch(s.i); s.i++ {
		}
		for s.oc(s.j) {
			s.j++
		}
		s.slide(start, n)
	}
}

// slide moves the run [start, s.i) up, then down, until it stops growing, then back to
// the last place where it lines up with a change in the other file.
func (s *boundary) slide(start, n int) {
	corresponding := n
	for {
		length := s.i - start
		for start > 0 && s.lines[start-1] == s.lines[s.i-1] {
			start--
			s.i--
			s.changed[start+1], s.changed[s.i+1] = true, false
			for s.ch(start - 1) {
				start--
			}
			for s.j--; s.oc(s.j); s.j-- {
			}
		}
		corresponding = n
		if s.oc(s.j - 1) {
			corresponding = s.i
		}
		for s.i != n && s.lines[start] == s.lines[s.i] {
			s.changed[start+1], s.changed[s.i+1] = false, true
			start++
			s.i++
			for s.ch(s.i) {
				s.i++
			}
			for s.j++; s.oc(s.j); s.j++ {
				corresponding = s.i
			}
		}
		if length == s.i-start {
			break
		}
	}
	for corresponding < s.i {
		start--
		s.i--
		s.changed[start+1], s.changed[s.i+1] = true, false
		for s.j--; s.oc(s.j); s.j-- {
		}
	}
}

// myers finds a shortest edit script with the greedy O((N+M)D) algorithm, keeping each
// step's furthest-reaching paths to walk back from the end.
func myers(a, b []string) []edit {
	n, m := len(a), len(b)
	total := n + m
	off := total + 1
	v := make([]int, 2*total+3)
	var trace [][]int
	for d := 0; d <= total; d++ {
		if d > maxEditDistance {
			return replaceAll(n, m)
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
		}
		trace = append(trace, slices.Clone(v[off-d:off+d+1]))
		if v[off+n-m] >= n && (n-m+d)%2 == 0 && abs(n-m) <= d {
			return backtrack(trace, n, m)
		}
	}
	return replaceAll(n, m)
}

// backtrack walks the saved paths back from (n, m) to (0, 0).
func backtrack(trace [][]int, n, m int) []edit {
	at := func(d, k int) int { return trace[d][k+d] }
	var ops []edit
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		k := x - y
		prevK := k - 1
		if k == -d || k != d && at(d-1, k-1) < at(d-1, k+1) {
			prevK = k + 1
		}
		prevX := at(d-1, prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			ops = append(ops, edit{' ', x, y})
		}
		if x == prevX {
			ops = append(ops, edit{'+', x, prevY})
		} else {
			ops = append(ops, edit{'-', prevX, y})
		}
		x, y = prevX, prevY
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		ops = append(ops, edit{' ', x, y})
	}
	slices.Reverse(ops)
	return ops
}

// replaceAll deletes all n lines and inserts all m.
func replaceAll(n, m int) []edit {
	ops := make([]edit, 0, n+m)
	for i := range n {
		ops = append(ops, edit{'-', i, 0})
	}
	for j := range m {
		ops = append(ops, edit{'+', n, j})
	}
	return ops
}

func abs(n int) int { return max(n, -n) }

// hunks groups the changes of ops into hunks, each an [from, to) range of ops with up to
// diffContext unchanged lines around it. Changes at most 2*diffContext unchanged lines
// apart share a hunk, as their contexts would touch.
func hunks(ops []edit) [][2]int {
	var out [][2]int
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		from := max(0, i-diffContext)
		end := i // one past the last change so far
		for j := i; j < len(ops) && j-end <= 2*diffContext; j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			}
		}
		to := min(len(ops), end+diffContext)
		out = append(out, [2]int{from, to})
		i = to
	}
	return out
}

// writeHunk prints one hunk: its header, then its lines, each run of changes as its
// deletions followed by its insertions.
func writeHunk(out *bytes.Buffer, ops []edit, a, b []string) {
	var na, nb int
	for _, e := range ops {
		if e.kind != '+' {
			na++
		}
		if e.kind != '-' {
			nb++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(ops[0].a, na), hunkRange(ops[0].b, nb))
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			writeLine(out, ' ', a[ops[i].a])
			i++
			continue
		}
		j := i
		for j < len(ops) && ops[j].kind != ' ' {
			j++
		}
		for _, e := range ops[i:j] {
			if e.kind == '-' {
				writeLine(out, '-', a[e.a])
			}
		}
		for _, e := range ops[i:j] {
			if e.kind == '+' {
				writeLine(out, '+', b[e.b])
			}
		}
		i = j
	}
}

// hunkRange renders a hunk's line range: "start,count", just "start" for one line, and
// the line before the hunk with count 0 for none.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

func writeLine(out *bytes.Buffer, mark byte, line string) {
	out.WriteByte(mark)
	out.WriteString(line)
	if len(line) == 0 || line[len(line)-1] != '\n' {
		out.WriteString("\n\\ No newline at end of file\n")
	}
}

// ChangedLines returns, for each file in a diff made by Diff, the first line of the new
// file that a hunk changes (1-based; 1 for a file that became empty).
func ChangedLines(diff []byte) map[string]int {
	lines := map[string]int{}
	var path string
	var remA, remB, next int // lines left in the current hunk; next new-file line
	for _, l := range strings.Split(string(diff), "\n") {
		switch {
		case strings.HasPrefix(l, "\\ "): // "\ No newline at end of file"
		case remA > 0 || remB > 0:
			mark := byte(' ')
			if l != "" {
				mark = l[0]
			}
			if mark != ' ' {
				if _, seen := lines[path]; !seen {
					lines[path] = max(1, next)
				}
			}
			if mark != '+' {
				remA--
			}
			if mark != '-' {
				remB--
				next++
			}
		case strings.HasPrefix(l, "+++ b/"):
			path = l[len("+++ b/"):]
		case strings.HasPrefix(l, "@@ -"):
			a, b, ok := strings.Cut(strings.TrimPrefix(l, "@@ -"), " +")
			b, _, _ = strings.Cut(b, " ")
			_, remA, _ = ParseRange(a)
			next, remB, _ = ParseRange(b)
			if !ok {
				remA, remB = 0, 0
			}
		}
	}
	return lines
}

// ParseRange reads one side of a hunk header, "start,count" (or "start": one line). A
// number it cannot read is an error, and reads as strconv.Atoi leaves it.
func ParseRange(s string) (start, count int, err error) {
	first, rest, found := strings.Cut(s, ",")
	start, err = strconv.Atoi(first)
	count = 1
	if found {
		var cerr error
		count, cerr = strconv.Atoi(rest)
		err = cmp.Or(err, cerr)
	}
	return start, count, err
}
