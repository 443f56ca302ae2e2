package runners

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hookrun/hookrun/internal/atomicfile"
	"github.com/hookrun/hookrun/internal/cachedir"
	"github.com/hookrun/hookrun/internal/safefile"
)

// This file remembers, across runs, the version a tool printed when asked: for a tool
// whose package metadata says nothing (a binary on PATH that no venv or node_modules
// describes), so that a warm run starts no process that checks nothing. An entry is
// keyed by what would make the answer different: the binary's resolved path, size and
// modification time (an upgrade rewrites it), the question asked (the version argv) and
// where it was asked (a version manager's shim answers per directory). The cache is a
// convenience: any error reading or writing it is a miss, and the tool is asked again.

// versionCacheSubdir is the cache's directory under hookrun's cache dir; the entries'
// format is in its name, so a new format starts from empty.
const versionCacheSubdir = "versions-v1"

// maxVersionSize bounds a cached version: a line of a tool's --version output.
const maxVersionSize = 256

// versionCache is the persistent cache of tool versions in dir ("" keeps nothing).
type versionCache struct{ dir string }

// newVersionCache is the version cache under the cache dir env names (cachedir.Dir);
// with no cache dir it keeps nothing.
func newVersionCache(env []string) versionCache {
	dir, err := cachedir.Dir(env)
	if err != nil {
		return versionCache{} // no cache dir: every run asks, as it did before the cache
	}
	return versionCache{dir: filepath.Join(dir, versionCacheSubdir)}
}

// key is the entry name for asking bin args in dir, or false when bin is not a regular
// file that can be identified (then nothing is cached).
func (c versionCache) key(bin string, args []string, dir string) (string, bool) {
	if c.dir == "" {
		return "", false
	}
	resolved, err := filepath.EvalSymlinks(bin)
	if err != nil {
		return "", false
	}
	fi, err := os.Stat(resolved)
	if err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	parts := append([]string{
		resolved, strconv.FormatInt(fi.Size(), 10),
		strconv.FormatInt(fi.ModTime().UnixNano(), 10), dir,
	}, args...)
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:]), true
}

// load is the version stored under key, or false on a miss (no entry, or one that
// cannot be read or is not a version line).
func (c versionCache) load(key string) (string, bool) {
	data, err := safefile.Read(filepath.Join(c.dir, key), maxVersionSize)
	if err != nil {
		return "", false // a cache error is a miss
	}
	v := string(data)
	if v == "" || strings.ContainsAny(v, "\x00\r\n") {
		return "", false // not written by store: a miss
	}
	return v, true
}

// store keeps v under key, atomically (a temporary file renamed over the entry), so
// that concurrent runs read a whole version or none. Errors are dropped: the next run
// asks the tool again.
func (c versionCache) store(key, v string) {
	if strings.ContainsAny(v, "\x00\r\n") || len(v) > maxVersionSize {
		return
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return // a cache error is a miss for the next run, never a failure of this one
	}
	_ = atomicfile.Write(filepath.Join(c.dir, key), []byte(v), 0o600) // as above
}
