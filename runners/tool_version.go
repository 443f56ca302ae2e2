package runners

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// VersionMismatches returns one message per hook whose tool, as Locate found it, reports
// another version than the hook expects (its ToolVersion: hookrun.yaml's version:),
// in job order. A tool whose version is unknown is not compared: nothing says it differs.
// Call it after Locate.
func (b *Tools) VersionMismatches(jobs []hooks.Job) []string {
	var out []string
	seen := map[*hooks.Hook]bool{}
	for _, j := range jobs {
		h := j.Hook
		if h.ToolVersion == "" || seen[h] {
			continue
		}
		exe, ok := b.Exe(j)
		if !ok || exe.Version == "" || exe.Version == unknownVersion || SameVersion(exe.Version, h.ToolVersion) {
			continue
		}
		seen[h] = true
		pos := h.Pos
		if rel, err := filepath.Rel(b.root, pos.File); err == nil && filepath.IsLocal(rel) {
			pos.File = filepath.ToSlash(rel)
		}
		out = append(out, fmt.Sprintf("%s: %s: expects %s %s (version:), found %s (%s)",
			pos, h.ID, b.tools[h].Name, h.ToolVersion, exe.Version, exe.Argv[0]))
	}
	return out
}

// SameVersion reports whether two versions name the same release: equal but for a
// leading "v" ("v0.6.0" and "0.6.0", as a pre-commit rev and the tool's --version say).
func SameVersion(a, b string) bool {
	return strings.TrimPrefix(a, "v") == strings.TrimPrefix(b, "v")
}
