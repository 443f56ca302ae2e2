package cache

import (
	"cmp"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// The store's bounds: past either, Prune removes the least recently used entries until
// three quarters are left. An entry is a few hundred bytes unless the job printed
// something; one larger than MaxEntry is not kept.
const (
	MaxEntries = 20000
	MaxBytes   = 64 << 20
	MaxEntry   = 256 << 10
)

// Dir is where the store lives, relative to the git common dir (shared by worktrees).
const Dir = "hookrun/cache"

// Entry is what the store keeps of a job that passed, to report it again: what it
// printed and found (a passing tool may warn) and what ran.
type Entry struct {
	Key         string             `json:"key"` // the key again: a file that does not hold its own name is corrupt
	Hook        string             `json:"hook"`
	Output      []byte             `json:"output,omitempty"`
	Diagnostics []hooks.Diagnostic `json:"diagnostics,omitempty"`
	ToolVersion string             `json:"tool_version,omitempty"`
	Command     string             `json:"command,omitempty"`
}

// Store is the on-disk record of passes: one file per key, named by it. Every
// operation stays inside the git common dir (os.Root: no symbolic link leads out of
// it), and any failure to read an entry is a miss.
type Store struct {
	root *os.Root
	now  func() time.Time
}

// Open opens the store under commonDir, making its directory.
func Open(commonDir string) (*Store, error) {
	r, err := os.OpenRoot(commonDir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }() // the store holds its own handle
	if err = r.MkdirAll(Dir, 0o755); err != nil {
		return nil, err
	}
	sub, err := r.OpenRoot(Dir)
	if err != nil {
		return nil, err
	}
	return &Store{root: sub, now: time.Now}, nil
}

// Close releases the store's directory.
func (s *Store) Close() error { return s.root.Close() }

// Get returns the entry for k; false when there is none or it cannot be read whole. A
// hit marks the entry used, for Prune.
func (s *Store) Get(k Key) (Entry, bool) {
	name := k.String()
	f, err := s.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return Entry{}, false
	}
	defer func() { _ = f.Close() }() // read-only
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxEntry+4096 {
		return Entry{}, false
	}
	data, err := io.ReadAll(f)
	var e Entry
	if err != nil || json.Unmarshal(data, &e) != nil || e.Key != name {
		return Entry{}, false // corrupt: a miss, overwritten by the next pass
	}
	now := s.now()
	_ = s.root.Chtimes(name, now, now) // only the pruning order suffers
	return e, true
}

// Put records e under k, atomically: a reader sees the old entry, none, or the new one
// whole. An entry larger than MaxEntry is not kept.
func (s *Store) Put(k Key, e Entry) error {
	e.Key = k.String()
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if len(data) > MaxEntry {
		return errors.New("cache entry too large")
	}
	tmp := ".tmp-" + rand.Text()
	f, err := s.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		_ = s.root.Remove(tmp) // a leftover is pruned later
		return err
	}
	return s.root.Rename(tmp, e.Key)
}

// Prune removes the least recently used entries while there are more than maxEntries
// or they take more than maxBytes, down to three quarters of both, and temporary files
// an interrupted Put left behind.
func (s *Store) Prune(maxEntries int, maxBytes int64) error {
	d, err := s.root.Open(".")
	if err != nil {
		return err
	}
	list, err := d.ReadDir(-1)
	_ = d.Close() // read-only
	if err != nil {
		return err
	}
	type entry struct {
		name string
		size int64
		used time.Time
	}
	var (
		entries []entry
		total   int64
		errs    []error
	)
	for _, de := range list {
		fi, err := de.Info()
		if err != nil {
			continue // gone meanwhile
		}
		if strings.HasPrefix(de.Name(), ".tmp-") {
			if s.now().Sub(fi.ModTime()) > time.Hour {
				errs = append(errs, s.root.Remove(de.Name()))
			}
			continue
		}
		entries = append(entries, entry{de.Name(), fi.Size(), fi.ModTime()})
		total += fi.Size()
	}
	if len(entries) <= maxEntries && total <= maxBytes {
		return errors.Join(errs...)
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Or(a.used.Compare(b.used), strings.Compare(a.name, b.name)) })
	n := len(entries)
	for _, e := range entries {
		if n <= maxEntries*3/4 && total <= maxBytes*3/4 {
			break
		}
		if err := s.root.Remove(e.name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
		n--
		total -= e.size
	}
	return errors.Join(errs...)
}
