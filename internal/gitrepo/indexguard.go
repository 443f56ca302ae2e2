package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// IndexGuard keeps the index as it was before hooks ran, so that a hook cannot take the
// user's staged work with it: `git reset`, `git stash`, `rm .git/index` or a `git add`
// inside a hook would otherwise change what is committed, and the staged versions would
// survive only as dangling objects. Staging fixes is hookrun's job (stage_fixed), done
// after Check.
type IndexGuard struct {
	r    *Repo
	path string
	data []byte // nil: there was no index file

	// The entries (`git ls-files -s -z`) of indexes already read, by their bytes: those
	// of data, and of the last index read since, which Changes and Check then share.
	listed []indexListing
}

type indexListing struct{ data, entries []byte }

// IndexChangedError says a hook changed the index's entries; Check put them back and saved
// the hook's index as Rescued ("" when the hook deleted the index).
type IndexChangedError struct {
	Rescued string
}

func (e *IndexChangedError) Error() string {
	msg := "a hook changed the staged files (the index); your staged versions are back"
	if e.Rescued != "" {
		msg += "; the hook's index is saved as " + e.Rescued
	}
	return msg + " (hooks must not stage: stage_fixed: true has hookrun stage a fixer's changes)"
}

// GuardIndex reads the index as it is now. It costs one read of the index file.
func (r *Repo) GuardIndex() (*IndexGuard, error) {
	path := r.IndexFile()
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read index: %w", err)
	}
	return &IndexGuard{r: r, path: path, data: data}, nil
}

// Check compares the index with the one GuardIndex read. Byte for byte equal, or with the
// same entries (a hook's `git status` refreshes stat data), it returns nil. Otherwise it
// saves the hook's index under <GitDir>/hookrun/rescued, writes the old one back the way
// git writes an index (a lock file renamed into place) and returns an
// *IndexChangedError.
func (g *IndexGuard) Check(ctx context.Context) error {
	now, err := os.ReadFile(g.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read index: %w", err)
	}
	if bytes.Equal(now, g.data) && (now == nil) == (g.data == nil) {
		return nil
	}
	if g.data != nil && now != nil {
		same, serr := g.sameEntries(ctx, now)
		if serr != nil || same {
			return serr // same: refreshed stat data only
		}
	}
	changed := &IndexChangedError{}
	if now != nil {
		if changed.Rescued, err = newStashRescuer(g.r).saveIndex(g.path); err != nil {
			return err
		}
	}
	if err := g.restore(); err != nil {
		return errors.Join(changed, err)
	}
	return changed
}

// IndexChange is a path whose index entries a hook changed, added or removed.
type IndexChange struct {
	Path    string
	Gitlink bool // a submodule's commit, before or after
}

// Changes lists, sorted by path, the paths whose index entries (mode, object, stage)
// differ from those GuardIndex read. It changes nothing; Check still decides whether the
// index stays.
func (g *IndexGuard) Changes(ctx context.Context) ([]IndexChange, error) {
	now, err := os.ReadFile(g.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read index: %w", err)
	}
	if bytes.Equal(now, g.data) && (now == nil) == (g.data == nil) {
		return nil, nil
	}
	old, cur := map[string]string{}, map[string]string{}
	if g.data != nil {
		if old, err = g.entries(ctx, g.data); err != nil {
			return nil, err
		}
	}
	if now != nil {
		if cur, err = g.entries(ctx, now); err != nil {
			return nil, err
		}
	}
	paths := slices.Collect(maps.Keys(old))
	for p := range cur {
		if _, ok := old[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	var out []IndexChange
	for _, p := range paths {
		if old[p] != cur[p] {
			gitlink := strings.HasPrefix(old[p], "160000 ") || strings.HasPrefix(cur[p], "160000 ")
			out = append(out, IndexChange{Path: p, Gitlink: gitlink})
		}
	}
	return out, nil
}

// entries reads an index's entries from its bytes: path -> "mode object stage", one
// record per stage joined.
func (g *IndexGuard) entries(ctx context.Context, data []byte) (map[string]string, error) {
	out, err := g.listing(ctx, data)
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	m := map[string]string{}
	for rec := range bytes.SplitSeq(bytes.TrimSuffix(out, []byte{0}), []byte{0}) {
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		if ok {
			m[string(p)] += string(meta) + ";"
		}
	}
	return m, nil
}

// listing is `git ls-files -s -z` of the index whose bytes are data, read through a
// scratch copy, once for the index GuardIndex read and once for the last other one.
func (g *IndexGuard) listing(ctx context.Context, data []byte) ([]byte, error) {
	for _, l := range g.listed {
		if bytes.Equal(l.data, data) {
			return l.entries, nil
		}
	}
	dir := filepath.Join(g.r.GitDir, "hookrun")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "index.scratch-*")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.Remove(f.Name()) }() // a scratch copy
	_, werr := f.Write(data)
	if werr = errors.Join(werr, f.Close()); werr != nil {
		return nil, werr
	}
	out, err := g.r.stashWithIndex(f.Name()).Git(ctx, "ls-files", "-s", "-z")
	if err != nil {
		return nil, err
	}
	l := indexListing{data, out}
	if len(g.listed) < 2 {
		g.listed = append(g.listed, l)
	} else {
		g.listed[1] = l // the first is kept: mostly the index GuardIndex read, which every call asks for
	}
	return out, nil
}

// sameEntries compares the entries (mode, object, stage, path) of the index whose bytes
// are now with those of the one GuardIndex read.
func (g *IndexGuard) sameEntries(ctx context.Context, now []byte) (bool, error) {
	old, err := g.listing(ctx, g.data)
	if err != nil {
		return false, fmt.Errorf("read the index from before the hooks: %w", err)
	}
	cur, err := g.listing(ctx, now)
	if err != nil {
		return false, fmt.Errorf("read the index: %w", err)
	}
	return bytes.Equal(old, cur), nil
}

// restore writes the old index back (writeIndex), or removes the index if there was
// none.
func (g *IndexGuard) restore() error {
	if g.data == nil {
		if err := os.Remove(g.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore index: %w", err)
		}
		return nil
	}
	return writeIndex(g.path, bytes.NewReader(g.data), func() {})
}
