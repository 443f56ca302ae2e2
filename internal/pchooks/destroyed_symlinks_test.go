package pchooks

import (
	"os"
	"path/filepath"
	"testing"
)

// destroyLink commits the case's links, then replaces each link named in content with
// a regular file holding the given bytes, staged.
func destroyLink(content map[string]string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		git(t, dir, "commit", "-q", "-m", "links")
		for p, c := range content {
			full := filepath.Join(dir, p)
			if err := os.Remove(full); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
			git(t, dir, "add", "--", p)
		}
	}
}

func TestDestroyedSymlinksMatchesPython(t *testing.T) {
	t.Parallel()
	files := map[string]string{"target.txt": "t\n", "other.txt": "o\n"}
	links := map[string]string{"link": "target.txt", "with space": "target.txt", "it's": "other.txt", "longer": "a/much/longer/target/path.txt"}
	var cases []diffCase
	for name, content := range map[string]string{
		"same content":              "target.txt",
		"newline added":             "target.txt\n",
		"CRLF added":                "target.txt\r\n",
		"three bytes added":         "target.txt\n\n\n",
		"trailing spaces and LF":    "target.txt \n",
		"leading space":             " target.txt",
		"other content":             "hello\n",
		"empty":                     "",
		"same length other content": "targetXtxt",
	} {
		cases = append(cases, diffCase{Name: name, Files: files, Links: links, Git: true, Setup: destroyLink(map[string]string{"link": content})})
	}
	cases = append(cases,
		diffCase{
			Name: "names with a space and a quote", Files: files, Links: links, Git: true,
			Setup: destroyLink(map[string]string{"with space": "target.txt", "it's": "other.txt"}),
		},
		diffCase{Name: "untouched links", Files: files, Links: links, Git: true, Setup: destroyLink(nil)},
		diffCase{Name: "link deleted", Files: files, Links: links, Git: true, Setup: func(t *testing.T, dir string) {
			t.Helper()
			git(t, dir, "commit", "-q", "-m", "links")
			git(t, dir, "rm", "-q", "link")
		}, Pass: []string{"link", "target.txt"}},
		diffCase{
			Name: "only some files passed", Files: files, Links: links, Git: true,
			Setup: destroyLink(map[string]string{"link": "target.txt", "longer": "a/much/longer/target/path.txt"}), Pass: []string{"longer"},
		},
		diffCase{Name: "no files", Files: files, Links: links, Git: true, Setup: destroyLink(map[string]string{"link": "target.txt"}), Pass: []string{}},
	)
	diffTest(t, "destroyed-symlinks", "destroyed-symlinks", cases)
}
