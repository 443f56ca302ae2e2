package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// The JUnit report: <testsuites> holding one <testsuite> with one <testcase> per hook in
// config order (classname "hookrun", name the hook ID, time in seconds). A failing or
// modifying hook has a <failure> whose text holds its diagnostics, its raw output and its
// diff; a hook that could not run or was cancelled has an <error>; a skipped hook has
// <skipped/>. Passing hooks keep their output in <system-out>. A run that failed beside
// its hooks (Run.Failures) ends with a test case "hookrun.run" whose <failure> lists why.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitProblem `xml:"failure,omitempty"`
		Error     *junitProblem `xml:"error,omitempty"`
		Skipped   *junitSkipped `xml:"skipped,omitempty"`
		SystemOut *junitText    `xml:"system-out,omitempty"`
	}
	junitProblem struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
	junitText struct {
		Text string `xml:",cdata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr,omitempty"`
	}
)

func writeJUnit(w io.Writer, r *Run) error {
	suite := junitSuite{
		Name: strings.TrimSpace("hookrun " + r.Stage), Time: seconds(r.Duration),
		Properties: []junitProperty{
			{Name: "hookrun.version", Value: r.Version},
			{Name: "hookrun.mode", Value: r.Mode},
			{Name: "hookrun.stage", Value: r.Stage},
		},
	}
	for i := range r.Hooks {
		c := junitCaseOf(&r.Hooks[i])
		suite.Tests++
		switch {
		case c.Failure != nil:
			suite.Failures++
		case c.Error != nil:
			suite.Errors++
		case c.Skipped != nil:
			suite.Skipped++
		}
		suite.Cases = append(suite.Cases, c)
	}
	if len(r.Failures) > 0 {
		suite.Tests++
		suite.Failures++
		suite.Cases = append(suite.Cases, junitCase{
			Name: "run", Classname: "hookrun", Time: seconds(r.Duration),
			Failure: &junitProblem{
				Message: xmlSafe(runFailure(r.Failures[0])), Type: "run",
				Text: xmlSafe("\n" + strings.Join(r.Failures, "\n") + "\n"),
			},
		})
	}
	all := junitSuites{
		Name: "hookrun", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite},
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

func junitCaseOf(h *HookReport) junitCase {
	c := junitCase{Name: h.ID, Classname: "hookrun", Time: seconds(h.Duration)}
	switch {
	case h.Err != "":
		c.Error = &junitProblem{Message: h.Err, Type: "error", Text: problemText(h)}
	case h.Status == hooks.Cancelled:
		c.Error = &junitProblem{Message: "cancelled before it finished", Type: "cancelled", Text: problemText(h)}
	case h.Status == hooks.Failed || h.Status == hooks.Modified:
		c.Failure = &junitProblem{Message: problemMessage(h), Type: statusNames[h.Status], Text: problemText(h)}
	case h.Status == hooks.Skipped || h.Status == hooks.NoFiles:
		c.Skipped = &junitSkipped{Message: h.Skip}
	default:
		if out := plainText(h.Output); out != "" {
			c.SystemOut = &junitText{Text: xmlSafe(out)}
		}
	}
	if h.Old > 0 && c.SystemOut == nil { // --new-only: what it did not fail on
		c.SystemOut = &junitText{Text: OldFindings(h.Old)}
	}
	return c
}

// problemMessage is a failure's one-line message.
func problemMessage(h *HookReport) string {
	var parts []string
	if n := len(h.Diagnostics); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "problem", "problems")))
	}
	if h.ExitCode != 0 {
		parts = append(parts, fmt.Sprintf("exit code %d", h.ExitCode))
	}
	if n := len(h.Modified); n > 0 {
		parts = append(parts, fmt.Sprintf("modified %d %s: %s", n, plural(n, "file", "files"), strings.Join(h.Modified, ", ")))
	}
	if len(parts) == 0 {
		return h.Status.String()
	}
	return strings.Join(parts, "; ")
}

// problemText is a failure's body: diagnostics, then the raw output, then the diff.
func problemText(h *HookReport) string {
	var sections []string
	if d := formatDiagnostics(h.Diagnostics, h.Files, false); len(d) > 0 {
		sections = append(sections, "diagnostics:\n"+strings.TrimRight(string(d), "\n"))
	}
	if out := plainText(h.Output); out != "" {
		sections = append(sections, "output:\n"+out)
	}
	if diff := plainText(h.Diff); diff != "" {
		sections = append(sections, "diff:\n"+diff)
	}
	if len(sections) == 0 {
		return ""
	}
	return xmlSafe("\n" + strings.Join(sections, "\n\n") + "\n")
}

// xmlSafe replaces the characters XML 1.0 cannot hold, even escaped (most control
// characters), with U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}
