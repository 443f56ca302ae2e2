package pchooks

import (
	"fmt"
	"strings"
	"testing"
)

// xmlCases are well-formedness corners where expat is strict.
var xmlCases = []string{
	"<a/>", "<a></a>\n", "", " ", "<a>", "<a></b>", "<a><b></a></b>", "<a/><b/>", "<a/>text", "text<a/>", "<a/>\n<!-- c -->\n<?pi x?>\n",
	"<?xml version=\"1.0\"?><a/>", " <?xml version=\"1.0\"?><a/>", "<a/><?xml version=\"1.0\"?>", "<?xml version=\"1.1\"?><a/>",
	"<?xml version=\"2.0\"?><a/>", "<?xml encoding=\"utf-8\"?><a/>", "<?xml version='1.0' encoding='UTF-8' standalone='yes'?><a/>",
	"<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", "<?XML version=\"1.0\"?><a/>", "<?xml-stylesheet href=\"a\"?><a/>",
	"<a>&amp;&lt;&gt;&quot;&apos;</a>", "<a>&nbsp;</a>", "<a>&#65;&#x41;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&#x110000;</a>",
	"<a>&</a>", "<a>& b</a>", "<a>&amp</a>", "<a b=\"1\" b=\"2\"/>", "<a b='1' c=\"2\"/>", "<a b=1/>", "<a b/>", "<a b=\"<\"/>",
	"<a b=\"&\"/>", "<a b=\"&amp;\"/>", "<a b=\"\x01\"/>", "<a>\x01</a>", "<a>\x0c</a>", "<a>\t\r\n</a>", "<a>\x7f\u0085</a>",
	"<a>\uffff</a>", "<a>\ufffe</a>", "<a>caf\xe9</a>", "<a>\xed\xa0\x80</a>", "<1a/>", "<-a/>", "<a:b/>", "<:a/>",
	"<a xmlns:x=\"u\" x:b=\"1\" x:b=\"2\"/>", "<a xmlns:x=\"u\" xmlns:y=\"u\" x:b=\"1\" y:b=\"2\"/>", "<x:a></y:a>",
	"<a><!-- ok --></a>", "<a><!-- a -- b --></a>", "<a><!-- a ---></a>", "<a><!----></a>", "<a><![CDATA[<&]]></a>",
	"<a><![CDATA[x]]]></a>", "<a>]]></a>", "<a><![CDATA[x</a>", "<a><?pi?></a>", "<a><?xml x?></a>", "<a><? pi?></a>",
	"<!DOCTYPE a><a/>", "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&f;</a>",
	"<!DOCTYPE a SYSTEM \"a.dtd\"><a>&f;</a>", "<!DOCTYPE a PUBLIC \"-//x\" \"a.dtd\"><a>&f;</a>",
	"<!DOCTYPE a [<!ENTITY % p SYSTEM \"p.dtd\"> %p;]><a>&f;</a>", "<!DOCTYPE a [<!ENTITY e SYSTEM \"e.xml\">]><a>&e;</a>",
	"<!DOCTYPE a [<!ENTITY e '<b/>'>]><a>&e;</a>", "<!DOCTYPE a [<!ENTITY e \"<b>\">]><a>&e;</a>",
	"<!DOCTYPE a [<!ENTITY e \"&e;\">]><a>&e;</a>", "<!DOCTYPE a [<!ELEMENT a (#PCDATA)>]><a/>", "<!DOCTYPE a><!DOCTYPE a><a/>",
	"<a/><!DOCTYPE a>", "<!DOCTYPE a [<!ENTITY e \"x\"><!ENTITY e \"y\">]><a>&e;</a>", "<!DOCTYPE a [junk]><a/>",
	"<a><!DOCTYPE a></a>", "<!-- c --><a/>", "<!-- c --><?xml version=\"1.0\"?><a/>",
	"\ufeff<a/>", "\ufeff<?xml version=\"1.0\"?><a/>", "\xff\xfe<\x00a\x00/\x00>\x00", "\xfe\xff\x00<\x00a\x00/\x00>",
	"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>", "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a>caf\xe9</a>",
	"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x80\x81</a>", "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>\x80</a>",
	"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>caf\xe9</a>",
	"<a\n  b=\"1\"\n/>", "<a b=\"1\"c=\"2\"/>", "< a/>", "<a />", "<a></a >", "</a>", "<a></ a>", "<a>\r\n</a>\r\n", "<a>\r</a>\r",
	"<a>" + strings.Repeat("<b>", 3000) + strings.Repeat("</b>", 3000) + "</a>", "<a>" + strings.Repeat("x", 200000) + "</a>",
	"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>\xe0</a>", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>x</a>",
	"<?xml version=\"1.0\" encoding=\"iso-8859-15\"?><a>\xa4</a>", "<?xml version=\"1.0\" encoding=\"bogus\"?><a/>",
	"<project><modelVersion>4.0.0</modelVersion></project>\n",
	"<?xml version=\"1.0\" encoding=\"UTF8\"?><a>caf\xc3\xa9</a>", "<?xml version=\"1.0\" encoding=\"utf8\"?><a>cafe</a>",
	"<?xml version=\":.0\"?><a/>", "<?xml version=\"1.x\"?><a/>", "<?xml version=\"a:b\"?><a/>", "<?xml version=\"_1-0\"?><a/>", "<a:b:c/>", "<a b:=\"1\"/>",
	"<a>\u00a0\ufdd0\U0001fffe</a>", "<a>&#x7f;&#x85;</a>", "<a>\x7f</a>", "<a b=\"\t\n\r]]>\"/>",
}

func TestCheckXMLMatchesPython(t *testing.T) {
	t.Parallel()
	var cases []diffCase
	for i, c := range xmlCases {
		cases = append(cases, diffCase{Name: fmt.Sprintf("%03d %q", i, clip(c)), Files: map[string]string{"a.xml": c}})
	}
	for p, c := range edgeFiles() {
		cases = append(cases, diffCase{Name: "edge " + p, Files: map[string]string{p: c}})
	}
	cases = append(cases,
		diffCase{Name: "several files, one bad", Files: map[string]string{"a.xml": "<a/>", "b.xml": "<a>", "c.xml": "<c/>"}},
		diffCase{Name: "symlink", Files: map[string]string{"a.xml": "<a/>"}, Links: map[string]string{"l.xml": "a.xml"}},
	)
	diffTest(t, "check-xml", "check-xml", cases)
}
