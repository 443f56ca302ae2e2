package pchooks

import "testing"

func TestMixedLineEndingMatchesPython(t *testing.T) {
	files := edgeFiles()
	for name, s := range map[string]string{
		"tie-crlf-lf": "a\r\nb\n", "tie-cr-crlf": "a\rb\r\n", "more-crlf": "a\r\nb\r\nc\nd", "cr-lf-last": "a\rb\nc",
		"double-cr": "a\r\r\nb\n", "all-crlf": "a\r\nb\r\n", "all-cr-nofinal": "a\rb",
	} {
		files[name] = s
	}
	var cases []diffCase
	for _, args := range [][]string{nil, {"--fix=auto"}, {"--fix=no"}, {"--fix", "lf"}, {"-f=crlf"}, {"-fcr"}, {"--fi=lf"}} {
		cases = append(cases, diffCase{Name: "args " + joinArgs(args), Files: files, Args: args})
	}
	cases = append(cases, diffCase{Name: "random", Files: randomFiles(4, 60)}, diffCase{Name: "random crlf", Files: randomFiles(5, 60), Args: []string{"-f", "crlf"}})
	diffTest(t, "mixed-line-ending", "mixed-line-ending", cases)
}

func joinArgs(args []string) string {
	s := ""
	for _, a := range args {
		s += a + " "
	}
	return s
}
