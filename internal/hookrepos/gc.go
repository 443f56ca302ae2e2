package hookrepos

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/atomicfile"
	"github.com/hookrun/hookrun/internal/envs"
	"github.com/hookrun/hookrun/internal/safefile"
)

// The cache dir's entries this package owns: clones (cloneDir), environments
// (envs.Dir) and the record of the configs that use them, one file per config holding
// its absolute path (pre-commit keeps the same record in its db.db, for its gc).
const (
	reposDir   = "repos"
	envsDir    = "envs"
	configsDir = "configs"
)

// record notes that the config at path uses the cache, so GC keeps what it needs. A
// record that cannot be written costs only that GC may remove what this config uses: it
// is rebuilt on its next run.
func record(cacheDir, path string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	sum := sha256.Sum256([]byte(abs))
	file := filepath.Join(cacheDir, configsDir, hex.EncodeToString(sum[:8]))
	if data, rerr := os.ReadFile(file); rerr == nil && string(data) == abs {
		return
	}
	if os.MkdirAll(filepath.Dir(file), 0o755) != nil {
		return
	}
	_ = atomicfile.Write(file, []byte(abs), 0o600) // a record not written is no record
}

// Collected is what GC did.
type Collected struct {
	Repos, Envs int      // clones and environments removed
	Configs     []string // recorded configs that are gone or no longer parse, forgotten
}

// String says what GC did, in a line.
func (c Collected) String() string {
	msg := fmt.Sprintf("%d repo(s) and %d environment(s) removed.", c.Repos, c.Envs)
	if len(c.Configs) > 0 {
		msg += fmt.Sprintf(" Forgot %d config(s) gone or no longer valid: %s.", len(c.Configs), strings.Join(c.Configs, ", "))
	}
	return msg
}

// GC removes the clones and environments in the cache (opt.CacheDir or the default)
// that no recorded config uses
// any more, as `pre-commit gc` does: a config that is gone or no longer parses is
// forgotten, and what only it used goes. A repository's environments are known from its
// manifest in the clone; the hooks of a repository whose clone is missing need none of
// the environments left. Entries being made by a run (their names start with a dot) are
// left alone.
func GC(opt Options) (Collected, error) {
	var c Collected
	cacheDir, err := opt.cacheDir()
	if err != nil {
		return c, err
	}
	used, dead, err := usedEntries(cacheDir)
	if err != nil {
		return c, err
	}
	for _, file := range dead {
		data, _ := os.ReadFile(file) // only for the message: the record goes either way
		c.Configs = append(c.Configs, string(data))
		if rerr := os.Remove(file); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			return c, fmt.Errorf("forget %s: %w", data, rerr)
		}
	}
	slices.Sort(c.Configs)
	var errs []error
	c.Repos, err = removeUnused(filepath.Join(cacheDir, reposDir), used)
	errs = append(errs, err)
	c.Envs, err = removeUnused(filepath.Join(cacheDir, envsDir), used)
	errs = append(errs, err)
	return c, errors.Join(errs...)
}

// usedEntries reads every recorded config and returns the paths of the clones and
// environments they use, and the records of the configs that are gone or invalid.
func usedEntries(cacheDir string) (used map[string]bool, dead []string, err error) {
	records, err := os.ReadDir(filepath.Join(cacheDir, configsDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("read the recorded configs: %w", err)
	}
	used = map[string]bool{}
	for _, e := range records {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		file := filepath.Join(cacheDir, configsDir, e.Name())
		data, rerr := os.ReadFile(file)
		c := parseRecorded(string(data))
		if rerr != nil || c == nil {
			dead = append(dead, file)
			continue
		}
		markUsed(c, Options{CacheDir: cacheDir}, used)
	}
	return used, dead, nil
}

// parseRecorded reads the recorded config at path; nil when it is gone or invalid.
func parseRecorded(path string) *precommit.Config {
	if !filepath.IsAbs(path) {
		return nil
	}
	data, err := safefile.Read(path, safefile.MaxConfigSize)
	if err != nil {
		return nil
	}
	c, _, err := precommit.Parse(path, data)
	if err != nil {
		return nil
	}
	return c
}

// markUsed adds the clones of c's remote repositories and the environments of its hooks
// to used. Each repository is resolved alone, so one whose manifest no longer has a hook
// keeps the environments of the others.
func markUsed(c *precommit.Config, opt Options, used map[string]bool) {
	for i := range c.Repos {
		r := &c.Repos[i]
		src := precommit.Source{}
		if r.Kind() == "remote" {
			dir := cloneDir(r, opt)
			used[dir] = true
			if !isDir(dir) {
				continue // no clone: no manifest, and no environment was built from it
			}
			var err error
			if src, err = readManifest(r, dir); err != nil {
				continue
			}
		}
		one := *c
		one.Repos = c.Repos[i : i+1]
		rs, err := one.Resolve([]precommit.Source{src})
		if err != nil {
			continue
		}
		for j := range rs {
			if envs.Supported(rs[j].Language) {
				used[envs.Dir(opt.CacheDir, specOf(&rs[j]))] = true
			}
		}
	}
}

// removeUnused removes the entries of dir that used does not name (with the lock file
// beside each environment), and returns how many it removed.
func removeUnused(dir string, used map[string]bool) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", dir, err)
	}
	n := 0
	var errs []error
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") || used[strings.TrimSuffix(p, ".lock")] {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, fmt.Errorf("remove %s: %w", p, err))
			continue
		}
		if e.IsDir() {
			n++
		}
	}
	return n, errors.Join(errs...)
}

// Clean removes every clone and environment in the cache (opt.CacheDir or the
// default), and the record of the configs that used them, as `pre-commit clean` empties
// its store; it returns the cache dir. Nothing else there is touched (HOOKRUN_CACHE_DIR
// may name a directory shared with others).
func Clean(opt Options) (string, error) {
	cacheDir, err := opt.cacheDir()
	if err != nil {
		return "", err
	}
	var errs []error
	for _, name := range []string{reposDir, envsDir, configsDir} {
		if err := os.RemoveAll(filepath.Join(cacheDir, name)); err != nil {
			errs = append(errs, fmt.Errorf("remove %s: %w", name, err))
		}
	}
	return cacheDir, errors.Join(errs...)
}
