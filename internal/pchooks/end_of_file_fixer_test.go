package pchooks

import "testing"

func TestEndOfFileFixerMatchesPython(t *testing.T) {
	files := edgeFiles()
	for name, s := range map[string]string{
		"crlf-extra": "a\r\n\r\n", "cr-extra": "a\r\r\r", "lf-crlf": "a\n\r\n", "crlf-lf": "a\r\n\n",
		"only-crlf": "\r\n", "only-cr": "\r", "one-lf": "\n", "x": "x", "x-lf": "x\n", "x-cr": "x\r",
		"lf-cr": "a\n\r", "mixed-tail": "a\r\n\r\r\n",
	} {
		files[name] = s
	}
	diffTest(t, "end-of-file-fixer", "end-of-file-fixer", []diffCase{
		{Name: "edge files", Files: files},
		{Name: "random", Files: randomFiles(3, 60)},
	})
}
