package pchooks

import "testing"

func TestCheckSymlinksMatchesPython(t *testing.T) {
	t.Parallel()
	links := map[string]string{
		"ok":        "a.txt",
		"broken":    "gone.txt",
		"dir-link":  "d",
		"loop1":     "loop2",
		"loop2":     "loop1",
		"self":      "self",
		"abs":       "/nonexistent/x",
		"through":   "d/../a.txt",
		"d/up":      "../a.txt",
		"d/up-bad":  "../../nothing",
		"to-broken": "broken",
	}
	files := map[string]string{"a.txt": "a\n", "d/f": "x"}
	var cases []diffCase
	for p, target := range links {
		cases = append(cases, diffCase{Name: p, Files: files, Links: map[string]string{p: target}, Pass: []string{p}})
	}
	cases = append(cases,
		diffCase{Name: "all", Files: files, Links: links},
		diffCase{Name: "a missing file is not a link", Files: files, Pass: []string{"missing"}},
		diffCase{Name: "edge files", Files: edgeFiles()},
	)
	diffTest(t, "check-symlinks", "check-symlinks", cases)
}
