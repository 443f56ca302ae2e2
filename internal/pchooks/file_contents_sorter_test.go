package pchooks

import "testing"

func TestFileContentsSorterMatchesPython(t *testing.T) {
	files := edgeFiles()
	for name, s := range map[string]string{
		"list": "b\na\nB\nA\n\n  \nc", "dups": "b\na\nb\nA\na\n", "crlf": "b\r\na\r\n", "sorted": "a\nb\n",
		"blank-lines": "\n\n", "unicode": "\u00e9\nE\ne\n\u00c9\n",
	} {
		files[name] = s
	}
	var cases []diffCase
	for _, args := range [][]string{nil, {"--ignore-case"}, {"--unique"}} {
		cases = append(cases, diffCase{Name: "args " + joinArgs(args), Files: files, Args: args})
	}
	cases = append(cases, diffCase{Name: "random", Files: randomFiles(6, 60)},
		diffCase{Name: "random ignore case", Files: randomFiles(7, 60), Args: []string{"--ignore-case"}},
		diffCase{Name: "random unique", Files: randomFiles(8, 60), Args: []string{"--unique"}})
	diffTest(t, "file-contents-sorter", "file-contents-sorter", cases)
	if _, _, err := Lookup("file-contents-sorter", []string{"--unique", "--ignore-case"}); err == nil || IsUnsupported(err) {
		t.Errorf("--unique with --ignore-case: err %v, want argparse's", err)
	}
}
