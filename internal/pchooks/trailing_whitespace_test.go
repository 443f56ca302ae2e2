package pchooks

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func TestTrailingWhitespaceMatchesPython(t *testing.T) {
	md := map[string]string{
		"a.md": "x  \ny   \n  \nz\t  \r\nlast  ", "b.MD": "x  \n", "c.markdown": "x  \n", "d.txt": "x  \n",
		".md": "x  \n", "dir.md/e": "x  \n", "f.mdx": "x  \n", "dot.": "x  \n", "a,b.md": "x  \n",
	}
	diffTest(t, "trailing-whitespace", "trailing-whitespace-fixer", []diffCase{
		{Name: "edge files", Files: edgeFiles()},
		{Name: "random", Files: randomFiles(1, 60)},
		{Name: "random markdown", Files: randomFiles(2, 60), Args: []string{"--markdown-linebreak-ext=*"}},
		{Name: "markdown default", Files: md},
		{Name: "markdown ext", Files: md, Args: []string{"--markdown-linebreak-ext=md,MARKDOWN"}},
		{Name: "markdown ext dotted", Files: md, Args: []string{"--markdown-linebreak-ext", ".mdx", "--markdown-linebreak-ext=md"}},
		{Name: "markdown empty in list", Files: md, Args: []string{"--markdown-linebreak-ext=md,,txt"}},
		{Name: "markdown all", Files: md, Args: []string{"--markdown-linebreak-ext=*"}},
		{Name: "markdown abbreviated", Files: md, Args: []string{"--markdown=md"}},
		{Name: "chars", Files: edgeFiles(), Args: []string{"--chars= "}},
		{Name: "chars tab x", Files: map[string]string{"a": "ax\t\nbx \nc\txx\n"}, Args: []string{"--chars", "\tx"}},
		{Name: "chars empty", Files: map[string]string{"a": "a \n"}, Args: []string{"--chars="}},
		{Name: "chars unicode", Files: edgeFiles(), Args: []string{"--chars=\u00a0\u3000 "}},
		{Name: "no-markdown flag", Files: md, Args: []string{"--no-markdown-linebreak-ext"}},
	})
}

func TestTrailingWhitespaceArgs(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"file.txt"}, {"--chars", "-x"}, {"--", "f"}} {
		if _, _, err := Lookup("trailing-whitespace", args); !IsUnsupported(err) {
			t.Errorf("Lookup(%q): err %v, want unsupported", args, err)
		}
	}
	for _, args := range [][]string{{"--markdown-linebreak-ext="}, {"--markdown-linebreak-ext=a.md"}, {"--nope"}, {"--chars"}} {
		if _, _, err := Lookup("trailing-whitespace", args); err == nil || IsUnsupported(err) {
			t.Errorf("Lookup(%q): err %v, want an argparse error", args, err)
		}
	}
}

// TestFixersNeverWriteThroughLinks: a fixer given a symbolic link (a config whose types
// let one through) fails for it and leaves the target alone, where the Python hook
// would write through it.
func TestFixersNeverWriteThroughLinks(t *testing.T) {
	for _, c := range []struct {
		id      string
		args    []string
		content string // what the Python hook would rewrite
	}{
		{"trailing-whitespace", nil, "x  \nno newline"},
		{"end-of-file-fixer", nil, "x  \nno newline"},
		{"mixed-line-ending", nil, "a\r\nb\n"},
		{"file-contents-sorter", nil, "b\na\n"},
		{"requirements-txt-fixer", nil, "b\na\n"},
		{"fix-byte-order-marker", nil, "\ufeffx\n"},
		{"pretty-format-json", []string{"--autofix"}, "[1,2]"},
	} {
		dir := t.TempDir()
		outside := filepath.Join(t.TempDir(), "target")
		if err := os.WriteFile(outside, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
			t.Fatal(err)
		}
		f, _, err := Lookup(c.id, c.args)
		if err != nil {
			t.Fatal(err)
		}
		f(t.Context(), Env{Dir: dir}, []string{"link"})
		if data, _ := os.ReadFile(outside); string(data) != c.content {
			t.Errorf("%s wrote through the link: %q", c.id, data)
		}
	}
}

// TestTrailsSetMatchesTrim holds the quick look (trailsSet) to what trimFile changes
// outside markdown, on random lines of blanks, CRs and text with every kind of ending.
func TestTrailsSetMatchesTrim(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	sets := [][]byte{asciiSpace, []byte(" "), []byte("\t\r"), []byte("x")}
	const pieces = "ab \t\r\n\x0b\x0c"
	for n := range 3000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = pieces[rng.IntN(len(pieces))]
		}
		set := sets[n%len(sets)]
		var in [256]bool
		for _, c := range set {
			in[c] = true
		}
		changed := trimmed(b, false, set) != nil
		if got := trailsSet(b, &in); got != changed {
			t.Errorf("%q, set %q: trailsSet %v, trimFile changed %v", b, set, got, changed)
		}
	}
}

func TestSplitExtIsPythons(t *testing.T) {
	t.Parallel()
	// os.path.splitext(p)[1] for each, as Python 3 gives it (the hook lowercases after).
	cases := map[string]string{
		"a.md": ".md", "A.MD": ".MD", "d/e/F.Md": ".Md", "README": "", ".bashrc": "", "..x": "", "a..b": ".b", "d.x/f": "",
		"d/.x": "", "d/..x.y": ".y", "a.": ".", "a/b/": "", "/": "", "": "", "x.tar.gz": ".gz", "caf\u00c9.T\u00c9X": ".T\u00c9X",
	}
	for p, want := range cases {
		if got := splitExt(p); got != want {
			t.Errorf("splitExt(%q) = %q; want %q", p, got, want)
		}
	}
}
