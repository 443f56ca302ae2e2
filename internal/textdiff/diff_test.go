package textdiff

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffMatchesDiffU compares Diff with the output of GNU diffutils 3.8,
// `diff -u --label a/NAME.txt --label b/NAME.txt NAME.before NAME.after`, captured in
// testdata/diff/NAME.diff (the .before and .after files are the inputs).
func TestDiffMatchesDiffU(t *testing.T) {
	t.Parallel()
	cases, _ := filepath.Glob("testdata/diff/*.diff") // the pattern is valid
	if len(cases) < 10 {
		t.Fatalf("found %d cases in testdata/diff, want the 13 captured", len(cases))
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".diff")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before, after, want := read(t, name+".before"), read(t, name+".after"), read(t, name+".diff")
			if got := Diff(name+".txt", before, after); !bytes.Equal(got, want) {
				t.Errorf("Diff differs from diff -u\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "diff", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDiffOfEqualContentsIsNil(t *testing.T) {
	t.Parallel()
	if got := Diff("a", []byte("x\n"), []byte("x\n")); got != nil {
		t.Errorf("Diff of equal contents = %q, want nil", got)
	}
}

// TestDiffIsShortestAndApplies diffs random files of few distinct lines (where many
// edit scripts tie) and checks that applying the diff gives the new file and that it
// changes as few lines as `diff --minimal` does.
func TestDiffIsShortestAndApplies(t *testing.T) {
	t.Parallel()
	diffBin, err := exec.LookPath("diff")
	if err != nil {
		t.Fatalf("GNU diff is not on PATH: %v", err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	for i := range 200 {
		before, after := randomFile(rng), randomFile(rng)
		got := Diff("f", before, after)
		if applied := applyDiff(t, before, got); !bytes.Equal(applied, after) {
			t.Fatalf("case %d: applying the diff gives %q, want %q\ndiff:\n%s", i, applied, after, got)
		}
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		if err := os.WriteFile(a, before, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(b, after, 0o644); err != nil {
			t.Fatal(err)
		}
		want, _ := exec.Command(diffBin, "--minimal", "-u", a, b).Output() // exits 1 when files differ
		if g, w := changedCount(got), changedCount(want); g != w {
			t.Errorf("case %d: Diff changes %d lines, diff --minimal %d\nbefore %q\nafter  %q\ngot:\n%s\nwant:\n%s", i, g, w, before, after, got, want)
		}
	}
}

func randomFile(rng *rand.Rand) []byte {
	var b bytes.Buffer
	for range rng.IntN(12) {
		fmt.Fprintf(&b, "%c\n", 'a'+rng.IntN(3))
	}
	if b.Len() > 0 && rng.IntN(4) == 0 {
		b.Truncate(b.Len() - 1) // no newline at the end
	}
	return b.Bytes()
}

func changedCount(diff []byte) int {
	n := 0
	for _, l := range strings.Split(string(diff), "\n") {
		if (strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-")) && !strings.HasPrefix(l, "+++") && !strings.HasPrefix(l, "---") {
			n++
		}
	}
	return n
}

// applyDiff applies a unified diff of one file to before.
func applyDiff(t *testing.T, before, diff []byte) []byte {
	t.Helper()
	if diff == nil {
		return before
	}
	old := splitLines(before)
	var out []string
	next := 0 // next line of old not yet copied
	lines := splitLines(diff)[2:]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "@@ "):
			var start, n int
			if _, err := fmt.Sscanf(l, "@@ -%d,%d", &start, &n); err != nil || n > 0 {
				start-- // "-3" or "-3,2" name the first line; "-3,0" the line before
			}
			out = append(out, old[next:start]...)
			next = start
		case l[0] == ' ' || l[0] == '-':
			if l[0] == ' ' {
				out = append(out, old[next])
			}
			next++
		case l[0] == '+':
			text := l[1:]
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`) {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			out = append(out, text)
		}
	}
	out = append(out, old[next:]...)
	return []byte(strings.Join(out, ""))
}

func TestChangedLinesFindsEachFilesFirstChange(t *testing.T) {
	t.Parallel()
	diff := append(Diff("a.go", []byte("1\n2\n3\n4\n5\n6\n7\n8\n"), []byte("1\n2\n3\n4\n5\nsix\n7\n8\n")),
		Diff("b b.go", []byte("x\n"), nil)...)
	diff = append(diff, Diff("c.sql", []byte("-- a\n-- b\n"), []byte("--- a\n-- b\n"))...)
	got := ChangedLines(diff)
	want := map[string]int{"a.go": 6, "b b.go": 1, "c.sql": 1}
	if len(got) != len(want) {
		t.Errorf("changedLines = %v, want %v", got, want)
	}
	for path, line := range want {
		if got[path] != line {
			t.Errorf("changedLines[%q] = %d, want %d", path, got[path], line)
		}
	}
}

// TestDiffGivesUpOnHugeEditsWithACorrectDiff: past the edit distance it searches, Diff
// still returns a diff that applies.
func TestDiffGivesUpOnHugeEditsWithACorrectDiff(t *testing.T) {
	t.Parallel()
	var before, after bytes.Buffer
	for i := range maxEditDistance + 10 {
		fmt.Fprintf(&before, "old %d\n", i)
		fmt.Fprintf(&after, "new %d\n", i)
	}
	got := Diff("big", before.Bytes(), after.Bytes())
	if applied := applyDiff(t, before.Bytes(), got); !bytes.Equal(applied, after.Bytes()) {
		t.Fatal("the fallback diff does not apply")
	}
}
