package pchooks

import (
	"strings"
	"testing"
)

func TestCheckVCSPermalinksMatchesPython(t *testing.T) {
	t.Parallel()
	lines := map[string]string{
		"branch.md":      "see https://github.com/owner/repo/blob/main/file.py#L10\n",
		"hash.md":        "https://github.com/owner/repo/blob/0123abcd/file.py#L10\n",
		"short-hash.md":  "https://github.com/owner/repo/blob/abc/file.py#L10\n",
		"long-hash.md":   "https://github.com/owner/repo/blob/" + strings.Repeat("a", 65) + "/file.py#L10\n",
		"hash64.md":      "https://github.com/owner/repo/blob/" + strings.Repeat("f", 64) + "/file.py#L10\n",
		"no-line.md":     "https://github.com/owner/repo/blob/main/file.py\n",
		"tag-dot.md":     "https://github.com/owner/repo/blob/v1.0/file.py#L1\n",
		"tree.md":        "https://github.com/owner/repo/tree/main/dir#L1\n",
		"http.md":        "http://github.com/owner/repo/blob/main/f#L1\n",
		"dot-domain.md":  "https://githubXcom/owner/repo/blob/main/f#L1\n",
		"two.md":         "https://github.com/o/r/blob/0123abcd/f#L1 https://github.com/o/r/blob/dev/f#L2\n",
		"gitlab.md":      "https://gitlab.example.com/o/r/blob/main/f#L3\n",
		"crlf.md":        "x\r\nhttps://github.com/o/r/blob/main/f#L1\r\n",
		"cr.md":          "x\rhttps://github.com/o/r/blob/main/f#L1\r",
		"nofinal.md":     "https://github.com/o/r/blob/main/f#L1",
		"latin1.md":      "caf\xe9 https://github.com/o/r/blob/main/f\xe9#L1\n",
		"binary.bin":     "\x00\xffhttps://github.com/o/r/blob/main/f#L1\x00\n",
		"nested.md":      "https://github.com/o/r/blob/abcd/https://github.com/o/r/blob/main/f#L1\n",
		"anchor-hash.md": "https://github.com/o/r/blob/main/README.md#L1-L5 and #Lx\n",
	}
	var cases []diffCase
	for p, c := range lines {
		cases = append(cases, diffCase{Name: p, Files: map[string]string{p: c}})
	}
	cases = append(cases,
		diffCase{Name: "edge files", Files: edgeFiles()},
		diffCase{Name: "long line", Files: map[string]string{"a.md": strings.Repeat("x", 200000) + " https://github.com/o/r/blob/main/f#L1\n"}},
		diffCase{Name: "additional domain", Files: lines, Args: []string{"--additional-github-domain", "gitlab.example.com"}},
		diffCase{Name: "additional domain with =", Files: lines, Args: []string{"--additional-github-domain=gitlab.example.com"}},
		diffCase{Name: "github.com twice", Files: map[string]string{"a.md": lines["branch.md"]}, Args: []string{"--additional-github-domain", "github.com"}},
	)
	for p := range lines {
		cases = append(cases, diffCase{Name: "additional domain " + p, Files: map[string]string{p: lines[p]}, Args: []string{"--additional-github-domain", "gitlab.example.com"}})
	}
	diffTest(t, "check-vcs-permalinks", "check-vcs-permalinks", cases)
}
