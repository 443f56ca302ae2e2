//go:build !linux

package cache

import (
	"os"
	"path"
	"path/filepath"
)

// readConfigs reads the repo-relative directory dir under root.
func readConfigs(root, dir string) dirConfigs {
	abs := filepath.Join(root, filepath.FromSlash(dir))
	if fi, err := os.Lstat(abs); err != nil || !fi.IsDir() {
		return dirConfigs{}
	}
	ents, err := os.ReadDir(abs)
	if err != nil {
		return dirConfigs{unreadable: true}
	}
	dc := dirConfigs{real: true}
	for _, e := range ents {
		if !e.IsDir() && IsConfig(e.Name()) {
			dc.names = append(dc.names, path.Join(dir, e.Name()))
		}
	}
	return dc
}
