package pchooks

import "testing"

func TestTrailingWhitespaceMatchesPython(t *testing.T) {
	md := map[string]string{
		"a.md": "x  \ny   \n  \nz\t  \r\nlast  ", "b.MD": "x  \n", "c.markdown": "x  \n", "d.txt": "x  \n",
		".md": "x  \n", "dir.md/e": "x  \n", "f.mdx": "x  \n",
	}
	diffTest(t, "trailing-whitespace", "trailing-whitespace-fixer", []diffCase{
		{Name: "edge files", Files: edgeFiles()},
		{Name: "markdown default", Files: md},
		{Name: "markdown ext", Files: md, Args: []string{"--markdown-linebreak-ext=md,MARKDOWN"}},
		{Name: "markdown ext dotted", Files: md, Args: []string{"--markdown-linebreak-ext", ".mdx", "--markdown-linebreak-ext=md"}},
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
