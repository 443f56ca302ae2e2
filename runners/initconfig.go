package runners

import (
	"bytes"
	"fmt"
)

// langTitles name each ecosystem in a generated config.
var langTitles = map[string]string{"go": "Go", "python": "Python", "node": "JavaScript / TypeScript"}

// InitConfig writes a commented hookrun.yaml for the suggestions of Detect: one
// `- id: NAME` (an id that names a built-in uses it) per installed built-in, grouped by
// language with what was found, and each missing one commented out beside its install
// command. Its output parses as a config,
// so it also serves as the zero-config default.
func InitConfig(sugs []Suggestion) []byte {
	var b bytes.Buffer
	b.WriteString(`# hookrun.yaml, written by "hookrun init" for the languages found in this repository.
# Each "- id: NAME" runs a built-in that knows its tool: the files it wants, how to
# check and how to fix, where the tool is installed and how to read its findings.
# Per hook you can override: args, files, exclude, root, serial, stages, timeout, env.
# "hookrun list" shows what runs; "hookrun run --all" runs it on every file.
version: 1
hooks:
`)
	if len(sugs) == 0 {
		b.WriteString("  # no Go, Python or JavaScript/TypeScript files found\n")
		return b.Bytes()
	}
	lang := ""
	for i := range sugs {
		s := &sugs[i]
		if s.Lang != lang {
			if lang != "" { // a blank line between groups, none opening the list (as prettier writes YAML)
				b.WriteString("\n")
			}
			lang = s.Lang
			fmt.Fprintf(&b, "  # %s\n", langTitles[lang])
		}
		switch {
		case s.Installed():
			fmt.Fprintf(&b, "  - id: %s # found %s\n", s.Tool, s.Why)
		case s.Missing() != "":
			fmt.Fprintf(&b, "  # - id: %s # found %s; not installed: %s\n", s.Tool, s.Why, s.Missing())
		default:
			fmt.Fprintf(&b, "  # - id: %s # found %s; not usable: %s\n", s.Tool, s.Why, s.Err)
		}
	}
	return b.Bytes()
}
