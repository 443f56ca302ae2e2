package precommit

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hookrun/hookrun/config"
)

// ConfigPath is the config a command uses: flagPath (--config) when given, else ""
// (hookrun.yaml's own lookup at root), or the .pre-commit-config.yaml at root when there
// is no hookrun.yaml. Inside pre-commit (insidePreCommit: PRE_COMMIT=1) its config is
// pre-commit's to run, hookrun among its hooks: falling back to it would run every other
// hook a second time.
func ConfigPath(root, flagPath string, insidePreCommit bool) string {
	if flagPath != "" || insidePreCommit {
		return flagPath
	}
	if _, err := config.Find(root); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	p := filepath.Join(root, FileName)
	if _, err := os.Lstat(p); err != nil { // a dangling link is kept: Parse's caller says so
		return ""
	}
	return p
}

// IsConfigFile reports whether the file at path is in pre-commit's format rather than
// hookrun.yaml's: named like a .pre-commit-config.yaml, or, whatever its name, a YAML
// mapping with a top-level `repos` key (pre-commit's one required key, which hookrun.yaml
// does not have). A file that cannot be read or parsed is pre-commit's only by its name:
// the hookrun.yaml loader reports the others.
func IsConfigFile(path string) bool {
	if path == "" {
		return false
	}
	if strings.Contains(filepath.Base(path), "pre-commit-config") {
		return true
	}
	data, err := config.ReadFile(path)
	if err != nil {
		return false
	}
	root, err := document(path, data)
	if err != nil || root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "repos" {
			return true
		}
	}
	return false
}
