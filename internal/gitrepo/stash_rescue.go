package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rescue copies. What Restore, Abort and Recover must replace but cannot prove to be
// disposable is saved under <GitDir>/hookrun/rescued/<timestamp>/<path> first. A copy
// there must cost little, whatever a hook made of the file (a 20 GiB sparse file, say):
//
//   - A regular file is saved as a hard link: the caller then replaces the work-tree
//     path by name (a rename over it, or an unlink), never by writing into it, so the
//     old inode lives on under rescued/ at no cost in time or disk, holes and all.
//   - Where no hard link can be made (another file system, or not allowed), it is
//     copied with its holes (stashCopySparse), as long as it holds at most
//     stashRescueLimit bytes of data; a larger one is replaced without a copy, and
//     its path, size and why are listed (stashRescuer.notSaved).
//   - rescued/ keeps the newest stashRescueKeep rescues of the last stashRescueMaxAge;
//     older ones are pruned when a rescue is made and when Recover has work to do.
const (
	stashRescueLimit  = 1 << 30
	stashRescueKeep   = 20
	stashRescueMaxAge = 30 * 24 * time.Hour
	stashStampLayout  = "20060102T150405Z"
)

// errStashTooLarge is returned by stashCopySparse when src holds more data than allowed.
var errStashTooLarge = errors.New("too large to copy")

// copyFile saves the regular file src (the work-tree file rel) as dst. ok is false when
// it was too large to copy; it is then listed in rs.notSaved.
func (rs *stashRescuer) copyFile(rel, dst, src string, fi fs.FileInfo) (ok bool, err error) {
	_ = os.Remove(dst) // a rescue killed halfway may have made it
	if !rs.noLink && os.Link(src, dst) == nil {
		return true, nil
	}
	limit := rs.limit
	if limit == 0 {
		limit = stashRescueLimit
	}
	err = stashCopySparse(dst, src, fi.Mode().Perm(), limit)
	if errors.Is(err, errStashTooLarge) {
		rs.notSaved = append(rs.notSaved, fmt.Sprintf("%s (%s of data: over the %s a rescue copies)",
			rel, stashSize(stashDataSize(fi)), stashSize(limit)))
		return false, nil
	}
	return err == nil, err
}

func stashSize(n int64) string {
	const unit = 1 << 10
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// stashCopySparse copies src to a new file dst with perm, leaving a hole wherever src has
// one (stashDataRegions) or a block of zeros, so the copy takes no more disk than the
// source and skips its holes without reading them. It fails with errStashTooLarge,
// leaving no dst, when src holds more than limit bytes of data.
func stashCopySparse(dst, src string, perm fs.FileMode, limit int64) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	defer func() { _ = in.Close() }() // read-only: closing cannot lose data
	fi, err := in.Stat()
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if stashDataSize(fi) > limit {
		return errStashTooLarge
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	err = stashCopyRegions(out, in, fi.Size(), limit)
	if err == nil {
		err = out.Truncate(fi.Size()) // a hole at the end has nothing written after it
	}
	if err == nil {
		err = out.Chmod(perm)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(dst) // a partial copy saves nothing
		if errors.Is(err, errStashTooLarge) {
			return err
		}
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return nil
}

// stashCopyRegions copies the data regions of in (size bytes) to the same offsets of out,
// skipping blocks of zeros, and fails with errStashTooLarge past limit bytes written.
func stashCopyRegions(out, in *os.File, size, limit int64) error {
	buf := make([]byte, 128<<10)
	zero := make([]byte, len(buf))
	var written int64
	for from := int64(0); from < size; {
		start, end, err := stashDataRegion(in, from, size)
		if err != nil || start >= size {
			return err
		}
		for off := start; off < end; {
			n, err := in.ReadAt(buf[:min(int64(len(buf)), end-off)], off)
			if n > 0 && !bytes.Equal(buf[:n], zero[:n]) {
				if written += int64(n); written > limit {
					return errStashTooLarge
				}
				if _, werr := out.WriteAt(buf[:n], off); werr != nil {
					return werr
				}
			}
			off += int64(n)
			if errors.Is(err, io.EOF) {
				return nil // the file shrank meanwhile: Truncate restores its size
			}
			if err != nil {
				return err
			}
		}
		from = end
	}
	return nil
}

// stashPruneRescued removes the rescues under base older than stashRescueMaxAge, and all
// but the newest stashRescueKeep. A rescue is <stamp>[-n] and <stamp>[-n].index, made by
// stashRescuer.mkdir; nothing else is touched, nor anything if base is not a directory.
func stashPruneRescued(base string, now time.Time) {
	if fi, err := os.Lstat(base); err != nil || !fi.IsDir() {
		return
	}
	entries, err := os.ReadDir(base)
	if err != nil {
		return // pruning is housekeeping: it never fails a run
	}
	type rescue struct {
		key   string
		stamp time.Time
		n     int
		names []string
	}
	byKey := map[string]*rescue{}
	for _, e := range entries {
		key := strings.TrimSuffix(e.Name(), ".index")
		stampText, nText, _ := strings.Cut(key, "-")
		stamp, err := time.Parse(stashStampLayout, stampText)
		n, nerr := strconv.Atoi(nText)
		if err != nil || (nText != "" && nerr != nil) {
			continue
		}
		r := byKey[key]
		if r == nil {
			r = &rescue{key: key, stamp: stamp, n: n}
			byKey[key] = r
		}
		r.names = append(r.names, e.Name())
	}
	list := make([]*rescue, 0, len(byKey))
	for _, r := range byKey {
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b *rescue) int { // newest first
		if c := b.stamp.Compare(a.stamp); c != 0 {
			return c
		}
		return b.n - a.n
	})
	for i, r := range list {
		if i < stashRescueKeep && now.Sub(r.stamp) <= stashRescueMaxAge {
			continue
		}
		for _, name := range r.names {
			_ = os.RemoveAll(filepath.Join(base, name)) // housekeeping; never follows a symlink
		}
	}
}

// saveVersion saves the user's version of e, backed up as src, as RescueDir/<path>.
func (rs *stashRescuer) saveVersion(e *stashEntry, src string) error {
	if e.Backup.Kind != stashKindFile && e.Backup.Kind != stashKindSymlink {
		return nil // a deletion: nothing to save
	}
	if err := rs.mkdir(); err != nil {
		return err
	}
	dst := filepath.Join(rs.dir, filepath.FromSlash(e.Path))
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("rescue %s: %w", e.Path, err)
	}
	_ = os.Remove(dst) // a rescue killed halfway may have made it
	var err error
	if e.Backup.Kind == stashKindSymlink {
		err = os.Symlink(e.Target, dst)
	} else {
		_, err = stashCopyFile(dst, src, e.Backup.Perm)
	}
	if err != nil {
		return fmt.Errorf("rescue %s: %w", e.Path, err)
	}
	return stashSyncFS(dst)
}
