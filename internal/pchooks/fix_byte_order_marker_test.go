package pchooks

import "testing"

func TestFixByteOrderMarkerMatchesPython(t *testing.T) {
	files := edgeFiles()
	files["bom-only.txt"] = "\ufeff"
	files["bom-crlf.txt"] = "\ufeffa\r\n"
	diffTest(t, "fix-byte-order-marker", "fix-byte-order-marker", []diffCase{
		{Name: "edge files", Files: files},
		{Name: "bom then latin1", Files: map[string]string{"a.txt": "\ufeffok\n", "b.txt": "\xef\xbb\xbfcaf\xe9\n", "c.txt": "\ufeffc\n"}},
	})
}
