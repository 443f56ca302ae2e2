package pchooks

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/testtools"
)

// TestXMLQuickOnlyAccepts holds the fast path to what the full check accepts, on the
// hand-written cases and on many mutations of plain documents (bytes dropped, doubled
// or replaced with markup characters): wherever xmlQuickOK says yes, wellFormedXML must
// find nothing wrong. (The differential tests hold both to expat.)
func TestXMLQuickOnlyAccepts(t *testing.T) {
	t.Parallel()
	fullAccepts(t, "", xmlQuickAccepted(), 200, wellFormedXML)
}

// TestXMLQuickMatchesExpat holds the fast path to expat itself (the pinned Python's
// xml.sax, as check-xml reads a file): every document it accepts, expat accepts.
func TestXMLQuickMatchesExpat(t *testing.T) {
	t.Parallel()
	accepted := xmlQuickAccepted()
	rejected := pythonRejects(t, accepted, "import xml.sax, xml.sax.handler",
		"xml.sax.parse(f, xml.sax.handler.ContentHandler())", "xml.sax.SAXException")
	for _, r := range rejected {
		t.Errorf("%q: the fast path accepts it, expat says %s", accepted[r.i], r.line)
	}
}

// rejection is a document the pinned Python refused: its index and Python's line.
type rejection struct {
	i    int
	line string
}

// pythonRejects loads each of docs with the pinned Python (testtools' venv, where
// pre-commit-hooks is installed): imports, then load(f) on the file opened in binary, and
// returns the documents whose load raised exc, with the line printed for each ("i
// message").
func pythonRejects(t *testing.T, docs []string, imports, load, exc string) []rejection {
	t.Helper()
	py := filepath.Join(testtools.Dir(), "venv", "bin", "python")
	if _, err := os.Stat(py); err != nil {
		if testtools.Required("pre-commit-hooks") {
			t.Fatalf("%s is required (HOOKRUN_REQUIRE_TOOLS) but missing; run .ci/install-tools", py)
		}
		t.Skipf("no %s; run .ci/install-tools", py)
	}
	dir := t.TempDir()
	for i, d := range docs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), []byte(d), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := "import sys, os\n" + imports + `
for i in range(int(sys.argv[2])):
    try:
        with open(os.path.join(sys.argv[1], str(i)), 'rb') as f:
            ` + load + `
    except ` + exc + ` as e:
        print(i, e)
`
	out, err := exec.Command(py, "-c", script, dir, fmt.Sprint(len(docs))).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var rs []rejection
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		var i int
		_, _ = fmt.Sscan(line, &i)
		rs = append(rs, rejection{i, line})
	}
	return rs
}

// xmlQuickAccepted is what the fast path accepts of the hand-written cases, the seeds
// and many mutations of them.
func xmlQuickAccepted() []string {
	return quickAccepted(xmlCases, xmlQuickSeeds, 3000, "<>&;/!?-[]\"'= x:#\x01\xff", nil, func(d string) bool {
		text, err := xmlText([]byte(d))
		return err == nil && quickXML([]byte(d), text)
	})
}

// xmlQuickSeeds are plain, well-formed documents the fast path must accept.
var xmlQuickSeeds = []string{
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n" +
		"<svg xmlns=\"http://www.w3.org/2000/svg\" content=\"&lt;mx host=&quot;E&quot;&gt;\" width='1'><g><path d=\"M 1 2 L 3 4\"/></g><text>caf\u00e9 &amp; &#65;&#x42;</text></svg>\n",
	"<project>\r\n  <a b=\"1\" c='2'>t</a>\r\n  <![CDATA[<&>]]>\r\n  <?pi data?>\r\n</project>\r\n<!-- end -->\r\n",
	"<!DOCTYPE a SYSTEM \"a.dtd\"><a x:y=\"]\">]&gt;\"'</a>",
}
