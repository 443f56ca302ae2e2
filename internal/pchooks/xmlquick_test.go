package pchooks

import (
	"testing"
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
	pythonAccepts(t, "", "expat", xmlQuickAccepted(), "import xml.sax, xml.sax.handler",
		"xml.sax.parse(f, xml.sax.handler.ContentHandler())", "xml.sax.SAXException")
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
