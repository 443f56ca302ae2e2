package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Helpers for the stash tests. Names start with st so they do not clash with the other
// tests of the package.

// stRepo is a test repository.
type stRepo struct {
	t   testing.TB
	dir string
	env []string
	r   *Repo
}

// stInit runs `git init` in a new temporary directory and opens it.
func stInit(t *testing.T) *stRepo {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sr := &stRepo{t: t, dir: dir, env: chgEnv(t)}
	sr.r = &Repo{Root: dir, Env: gitEnv(sr.env)}
	sr.git("init", "-q")
	return sr.open(dir)
}

// open returns a stRepo for the work tree at dir, sharing sr's environment.
func (sr *stRepo) open(dir string) *stRepo {
	sr.t.Helper()
	probe := &Repo{Env: gitEnv(sr.env)}
	out, err := probe.gitIn(context.Background(), dir, "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir")
	if err != nil {
		sr.t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	common := lines[2]
	if !filepath.IsAbs(common) {
		common = filepath.Join(dir, common)
	}
	r := &Repo{Root: lines[0], GitDir: lines[1], CommonDir: filepath.Clean(common), Env: gitEnv(sr.env)}
	return &stRepo{t: sr.t, dir: lines[0], env: sr.env, r: r}
}

// withEnv returns sr whose Repo has extra environment variables.
func (sr *stRepo) withEnv(extra ...string) *stRepo {
	c := *sr
	r := *sr.r
	r.Env = append(slices.Clone(r.Env), extra...)
	c.r = &r
	return &c
}

func (sr *stRepo) git(args ...string) string {
	sr.t.Helper()
	out, err := sr.r.Git(context.Background(), args...)
	if err != nil {
		sr.t.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

func (sr *stRepo) abs(name string) string { return filepath.Join(sr.dir, filepath.FromSlash(name)) }

func (sr *stRepo) write(name, content string) {
	sr.t.Helper()
	p := sr.abs(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		sr.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		sr.t.Fatal(err)
	}
}

func (sr *stRepo) read(name string) string {
	sr.t.Helper()
	b, err := os.ReadFile(sr.abs(name))
	if err != nil {
		sr.t.Fatal(err)
	}
	return string(b)
}

func (sr *stRepo) symlink(target, name string) {
	sr.t.Helper()
	_ = os.Remove(sr.abs(name))
	if err := os.Symlink(target, sr.abs(name)); err != nil {
		sr.t.Fatal(err)
	}
}

func (sr *stRepo) remove(name string) {
	sr.t.Helper()
	if err := os.RemoveAll(sr.abs(name)); err != nil {
		sr.t.Fatal(err)
	}
}

func (sr *stRepo) chmod(name string, mode fs.FileMode) {
	sr.t.Helper()
	if err := os.Chmod(sr.abs(name), mode); err != nil {
		sr.t.Fatal(err)
	}
}

// commit writes files (name, content pairs), adds everything and commits.
func (sr *stRepo) commit(files ...string) {
	sr.t.Helper()
	for i := 0; i < len(files); i += 2 {
		sr.write(files[i], files[i+1])
	}
	sr.git("add", "-A")
	sr.git("commit", "-q", "-m", "commit")
}

// stage writes content to name and adds it.
func (sr *stRepo) stage(name, content string) {
	sr.t.Helper()
	sr.write(name, content)
	sr.git("add", "--", name)
}

// stSnap is everything Stash and Restore could change.
type stSnap struct {
	Index    string            // git ls-files -s: mode, object, stage, path of every entry
	IndexRaw string            // the index file's bytes (as a hash)
	Status   string            // git status, untracked, ignored and intent-to-add included
	Files    map[string]string // every work-tree path but .git: kind, mode, content
}

func stSnapshot(t *testing.T, sr *stRepo) stSnap {
	t.Helper()
	s := stSnap{
		Index: sr.git("ls-files", "-s", "-z"),
		Status: sr.git("status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignored=matching",
			"--ignore-submodules=none"),
		Files: map[string]string{},
	}
	if sum, err := stashHashFile(sr.r.IndexFile()); err == nil {
		s.IndexRaw = sum
	}
	err := filepath.WalkDir(sr.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sr.dir, p)
		if d.Name() == ".git" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		s.Files[filepath.ToSlash(rel)] = stDescribe(t, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func stDescribe(t *testing.T, p string) string {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, lerr := os.Readlink(p)
		if lerr != nil {
			t.Fatal(lerr)
		}
		return "symlink -> " + target
	case fi.IsDir():
		return fmt.Sprintf("dir %o", fi.Mode().Perm())
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("file %o %q", fi.Mode().Perm(), b)
}

// stDiffSnap describes how got differs from want; "" when equal. With raw, the index
// file must be equal byte for byte too.
func stDiffSnap(got, want stSnap, raw bool) string {
	var b strings.Builder
	if got.Index != want.Index {
		fmt.Fprintf(&b, "index entries:\n got %q\nwant %q\n", got.Index, want.Index)
	}
	if raw && got.IndexRaw != want.IndexRaw {
		fmt.Fprintf(&b, "index file bytes differ\n")
	}
	if got.Status != want.Status {
		fmt.Fprintf(&b, "status:\n got %q\nwant %q\n", got.Status, want.Status)
	}
	var keys []string
	for k := range got.Files {
		keys = append(keys, k)
	}
	for k := range want.Files {
		if _, ok := got.Files[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if got.Files[k] != want.Files[k] {
			fmt.Fprintf(&b, "%s:\n got %s\nwant %s\n", k, stShort(got.Files[k]), stShort(want.Files[k]))
		}
	}
	return b.String()
}

func stShort(s string) string {
	if s == "" {
		return "(nothing)"
	}
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// stAssertHidden checks what hooks see while changes are hidden: the work tree matches
// the index everywhere but in skip, and the intent-to-add files are untracked.
func stAssertHidden(t *testing.T, sr *stRepo, ita, skip []string) {
	t.Helper()
	out, err := sr.r.Git(context.Background(), stashStatusArgs...)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := stashParseStatus(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if !slices.Contains(skip, c.path) {
			t.Errorf("while hidden, %s differs from the index (%c)", c.path, c.wt)
		}
	}
	untracked := sr.git("ls-files", "-z", "--others")
	for _, p := range ita {
		if !slices.Contains(splitZ([]byte(untracked)), p) {
			t.Errorf("while hidden, intent-to-add %s is not untracked", p)
		}
	}
}

// stRoundTrip stashes, checks what hooks see, restores, and checks that nothing changed.
func stRoundTrip(t *testing.T, sr *stRepo, wantHidden []string) {
	t.Helper()
	ctx := context.Background()
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatalf("Stash: %v", err)
	}
	if got := st.Hidden(); !slices.Equal(got, wantHidden) {
		t.Errorf("Hidden() = %q, want %q", got, wantHidden)
	}
	var ita []string
	if st.j != nil {
		ita = st.j.m.ITA
		if !stashExists(filepath.Join(stashDirOf(sr.r), stashManifestName)) {
			t.Error("no manifest while changes are hidden")
		}
	}
	stAssertHidden(t, sr, ita, stSkipped(st))
	if err := st.Restore(ctx, nil); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after Restore:\n%s", d)
	}
	stAssertNoBackup(t, sr)
}

func stSkipped(st *Stash) []string {
	if st.j == nil {
		return nil
	}
	return st.j.m.Skipped
}

// stAssertNoBackup checks that nothing of the stash is left behind.
// stAssertNoStash is stAssertNoBackup for a run that may have rescued files: the stash
// journal is gone, rescued/ may stay.
func stAssertNoStash(t *testing.T, sr *stRepo) {
	t.Helper()
	for _, d := range []string{stashDirOf(sr.r), stashMirrorDir(stashDirOf(sr.r))} {
		if stashExists(d) {
			t.Errorf("%s left behind", d)
		}
	}
	if stashExists(sr.r.IndexFile() + ".lock") {
		t.Error("index.lock left behind")
	}
}

func stAssertNoBackup(t *testing.T, sr *stRepo) {
	t.Helper()
	for _, d := range []string{filepath.Join(sr.r.GitDir, "hookrun"), stashMirrorDir(stashDirOf(sr.r))} {
		if stashExists(d) {
			t.Errorf("%s left behind", d)
		}
	}
	if stashExists(sr.r.IndexFile() + ".lock") {
		t.Error("index.lock left behind")
	}
}

var stLines10 = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"

func TestStashRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		setup  func(sr *stRepo)
		hidden []string
	}{
		{
			name:   "a clean tree hides nothing",
			setup:  func(sr *stRepo) { sr.commit("a.txt", "a\n") },
			hidden: nil,
		},
		{
			name: "partially staged LF file comes back",
			setup: func(sr *stRepo) {
				sr.commit("a.txt", stLines10)
				sr.stage("a.txt", strings.Replace(stLines10, "5\n", "five\n", 1))
				sr.write("a.txt", strings.Replace(stLines10, "5\n", "five\n", 1)+"11 unstaged\n")
			},
			hidden: []string{"a.txt"},
		},
		{
			name: "CRLF file without autocrlf comes back",
			setup: func(sr *stRepo) {
				sr.commit("crlf.txt", "a\r\nb\r\nc\r\n")
				sr.stage("crlf.txt", "A\r\nb\r\nc\r\n")
				sr.write("crlf.txt", "A\r\nb\r\nc\r\nd\r\n")
			},
			hidden: []string{"crlf.txt"},
		},
		{
			name: "CRLF file with core.autocrlf=true comes back",
			setup: func(sr *stRepo) {
				sr.git("config", "core.autocrlf", "true")
				sr.commit("crlf.txt", "a\r\nb\r\nc\r\n")
				sr.stage("crlf.txt", "A\r\nb\r\nc\r\n")
				sr.write("crlf.txt", "A\r\nb\r\nc\r\nd\r\n")
			},
			hidden: []string{"crlf.txt"},
		},
		{
			name: "files without a final newline come back",
			setup: func(sr *stRepo) {
				sr.commit("nonl.txt", "a\nb")
				sr.stage("nonl.txt", "a\nB")
				sr.write("nonl.txt", "a\nB\nc")
			},
			hidden: []string{"nonl.txt"},
		},
		{
			name: "names with spaces, unicode, a leading dash and glob characters come back",
			setup: func(sr *stRepo) {
				names := []string{"with space.txt", "ünï cødé.txt", "-dash.txt", "[ab]*.txt", "dir/sub dir/x.txt"}
				for _, n := range names {
					sr.write(n, "old\n")
				}
				sr.commit()
				for _, n := range names {
					sr.stage(n, "staged\n")
					sr.write(n, "staged\nunstaged\n")
				}
				sr.write("a.txt", "untracked, matches [ab]*.txt\n")
			},
			hidden: []string{"-dash.txt", "[ab]*.txt", "dir/sub dir/x.txt", "with space.txt", "ünï cødé.txt"},
		},
		{
			name: "a partially staged binary file comes back",
			setup: func(sr *stRepo) {
				sr.commit("bin.dat", "\x00\x01\x02old\xff")
				sr.stage("bin.dat", "\x00\x01\x02staged\xff")
				sr.write("bin.dat", "\x00\x01\x02staged\xff\x00unstaged")
			},
			hidden: []string{"bin.dat"},
		},
		{
			name: "intent-to-add files leave the index and come back, an ignored one too",
			setup: func(sr *stRepo) {
				sr.commit("a.txt", "a\n", ".gitignore", "*.log\n")
				sr.write("new.txt", "new\n")
				sr.write("keep.log", "ignored but intent-to-add\n")
				sr.git("add", "-N", "new.txt")
				sr.git("add", "-f", "-N", "keep.log")
			},
			hidden: []string{"keep.log", "new.txt"},
		},
		{
			name: "unstaged deletions come back, with their emptied directory",
			setup: func(sr *stRepo) {
				sr.commit("gone.txt", "gone\n", "sub/deep/only.txt", "only\n", "keep.txt", "keep\n")
				sr.remove("gone.txt")
				sr.remove("sub")
			},
			hidden: []string{"gone.txt", "sub/deep/only.txt"},
		},
		{
			name: "an executable-bit-only change comes back",
			setup: func(sr *stRepo) {
				sr.commit("run.sh", "#!/bin/sh\n")
				sr.chmod("run.sh", 0o755)
			},
			hidden: []string{"run.sh"},
		},
		{
			name: "symlinks retargeted, made from files and made into files come back",
			setup: func(sr *stRepo) {
				sr.commit("target1", "1\n", "target2", "2\n", "file2link", "was a file\n")
				sr.symlink("target1", "link")
				sr.symlink("target1", "link2file")
				sr.commit()
				sr.symlink("target2", "link")
				sr.symlink("target2", "file2link")
				sr.remove("link2file")
				sr.write("link2file", "now a file\n")
			},
			hidden: []string{"file2link", "link", "link2file"},
		},
		{
			name: "a staged rename with further edits comes back",
			setup: func(sr *stRepo) {
				sr.commit("old.txt", stLines10)
				sr.git("mv", "old.txt", "new.txt")
				sr.write("new.txt", stLines10+"11\n")
			},
			hidden: []string{"new.txt"},
		},
		{
			name: "an unborn HEAD is no obstacle",
			setup: func(sr *stRepo) {
				sr.stage("a.txt", "staged\n")
				sr.write("a.txt", "staged\nunstaged\n")
				sr.write("b.txt", "intent\n")
				sr.git("add", "-N", "b.txt")
			},
			hidden: []string{"a.txt", "b.txt"},
		},
		{
			name: "a directory where a deleted file was is left alone with its untracked files",
			setup: func(sr *stRepo) {
				sr.commit("x", "file\n", "y/z", "file\n", "w", "file\n")
				sr.remove("x")
				sr.write("x/untracked.txt", "precious\n")
				sr.remove("y")
				sr.write("y", "a file where directory y was\n")
				sr.write("w", "changed\n")
			},
			hidden: []string{"w"},
		},
		{
			name: "untracked and ignored files are left alone",
			setup: func(sr *stRepo) {
				sr.commit("a.txt", "a\n", ".gitignore", "*.log\n")
				sr.write("a.txt", "a\nb\n")
				sr.write("untracked.txt", "u\n")
				sr.write("ignored.log", "i\n")
			},
			hidden: []string{"a.txt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sr := stInit(t)
			tt.setup(sr)
			stRoundTrip(t, sr, tt.hidden)
		})
	}
}

func TestStashCleanTreeCreatesNoBackup(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", "a\n")
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stashExists(stashDirOf(sr.r)) {
		t.Error("a clean tree created a backup directory")
	}
	if err := st.Restore(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}

// TestStashDurableRoundTrip takes the syncfs path (HOOKRUN_FSYNC=1) through a whole
// hide and restore.
func TestStashDurableRoundTrip(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.r.Durable = true
	sr.commit("a.txt", "a\n")
	sr.write("a.txt", "a\nunstaged\n")
	stRoundTrip(t, sr, []string{"a.txt"})
}

func TestStashRestoresModificationTimes(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", "a\n")
	sr.write("a.txt", "a\nb\n")
	old := time.Date(2020, 5, 6, 7, 8, 9, 123456789, time.UTC)
	if err := os.Chtimes(sr.abs("a.txt"), old, old); err != nil {
		t.Fatal(err)
	}
	stRoundTrip(t, sr, []string{"a.txt"})
	fi, err := os.Stat(sr.abs("a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !fi.ModTime().Equal(old) {
		t.Errorf("mtime = %v, want %v", fi.ModTime(), old)
	}
}

func TestStashTemporaryIndexAsInCommitPaths(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", "a\n", "b.txt", "b\n")
	sr.write("a.txt", "a\nmore\n")
	sr.write("b.txt", "b\nmore\n")
	// What `git commit a.txt` hands its hooks: an index of HEAD plus a.txt.
	tmp := filepath.Join(sr.r.GitDir, "next-index-123.lock")
	tsr := sr.withEnv("GIT_INDEX_FILE=" + tmp)
	tsr.git("read-tree", "HEAD")
	tsr.git("add", "a.txt")
	real := stSnapshot(t, sr)
	stRoundTrip(t, tsr, []string{"b.txt"})
	if d := stDiffSnap(stSnapshot(t, sr), real, true); d != "" {
		t.Errorf("the real index changed:\n%s", d)
	}
}

func TestStashTemporaryIndexAsInCommitAll(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", "a\n")
	sr.write("a.txt", "a\nmore\n")
	sr.write("n.txt", "intent\n")
	sr.git("add", "-N", "n.txt")
	// `git commit -a` adds everything into index.lock and points GIT_INDEX_FILE at it;
	// an edit made afterwards (by an earlier hook, say) is unstaged there.
	lock := filepath.Join(sr.r.GitDir, "index.lock")
	data, err := os.ReadFile(filepath.Join(sr.r.GitDir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lock, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tsr := sr.withEnv("GIT_INDEX_FILE=" + lock)
	tsr.git("add", "-u") // n.txt is now staged in full
	sr.write("a.txt", "a\nmore\nand more\n")
	sr.write("m.txt", "intent\n")
	tsr.git("add", "-N", "m.txt")
	stRoundTrip(t, tsr, []string{"a.txt", "m.txt"})
}

func TestStashLinkedWorktree(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", stLines10)
	wtDir := filepath.Join(filepath.Dir(sr.dir), filepath.Base(sr.dir)+"-wt")
	t.Cleanup(func() { _ = os.RemoveAll(wtDir) })
	sr.git("worktree", "add", "-q", wtDir)
	wt := sr.open(wtDir)
	if wt.r.GitDir == wt.r.CommonDir {
		t.Fatalf("not a linked worktree: GitDir %s", wt.r.GitDir)
	}
	wt.stage("a.txt", strings.Replace(stLines10, "1\n", "one\n", 1))
	wt.write("a.txt", strings.Replace(stLines10, "1\n", "one\n", 1)+"11\n")
	sr.write("a.txt", "main worktree edit\n")
	mainBefore := stSnapshot(t, sr)
	stRoundTrip(t, wt, []string{"a.txt"})
	if d := stDiffSnap(stSnapshot(t, sr), mainBefore, true); d != "" {
		t.Errorf("the main worktree changed:\n%s", d)
	}
}

func TestStashNeverTouchesSubmodules(t *testing.T) {
	t.Parallel()
	sub := stInit(t)
	sub.commit("inside.txt", "inside\n")
	sr := stInit(t)
	sr.commit("a.txt", "a\n")
	sr.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir, "mod")
	sr.git("commit", "-q", "-m", "add submodule")
	sr.write("mod/inside.txt", "inside\nmodified in the submodule\n")
	sr.write("a.txt", "a\nunstaged\n")
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := sr.read("mod/inside.txt"); got != "inside\nmodified in the submodule\n" {
		t.Errorf("submodule file while hidden = %q", got)
	}
	if err := st.Restore(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after Restore:\n%s", d)
	}
}

func TestStashRefusesUnmergedPaths(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", "base\n")
	sr.git("checkout", "-q", "-b", "other")
	sr.commit("a.txt", "other\n")
	sr.git("checkout", "-q", "main")
	sr.commit("a.txt", "main\n", "b.txt", "b\n")
	if _, err := sr.r.Git(context.Background(), "merge", "-q", "other"); err == nil {
		t.Fatal("merge did not conflict")
	}
	sr.write("b.txt", "b\nunstaged\n")
	before := stSnapshot(t, sr)
	_, err := sr.r.Stash(context.Background())
	var unmerged *UnmergedError
	if !errors.As(err, &unmerged) || !slices.Equal(unmerged.Paths, []string{"a.txt"}) {
		t.Fatalf("Stash error = %v, want an *UnmergedError naming a.txt", err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("Stash changed something:\n%s", d)
	}
	stAssertNoBackup(t, sr)
}

// stPartial makes a repository with a.txt and b.txt partially staged (line 5 staged,
// line 10 unstaged), c.txt staged only and d.txt unstaged only.
func stPartial(t *testing.T) *stRepo {
	t.Helper()
	sr := stInit(t)
	sr.commit("a.txt", stLines10, "b.txt", stLines10, "c.txt", stLines10, "d.txt", stLines10)
	for _, n := range []string{"a.txt", "b.txt"} {
		staged := strings.Replace(stLines10, "5\n", n+" staged\n", 1)
		sr.stage(n, staged)
		sr.write(n, strings.Replace(staged, "10\n", n+" unstaged\n", 1))
	}
	sr.stage("c.txt", strings.Replace(stLines10, "5\n", "c staged\n", 1))
	sr.write("d.txt", strings.Replace(stLines10, "10\n", "d unstaged\n", 1))
	return sr
}

// stFix replaces line n (1-based) of name, as a fixer would.
func stFix(t *testing.T, sr *stRepo, name string, n int, text string) {
	t.Helper()
	lines := strings.SplitAfter(sr.read(name), "\n")
	lines[n-1] = text + "\n"
	sr.write(name, strings.Join(lines, ""))
}

func TestStashFixerEditMergesWithUnstagedChanges(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	index := sr.git("ls-files", "-s")
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "a.txt", 1, "fixed")
	if err := st.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("1\n", "fixed\n", "5\n", "a.txt staged\n", "10\n", "a.txt unstaged\n").Replace(stLines10)
	if got := sr.read("a.txt"); got != want {
		t.Errorf("a.txt = %q, want %q", got, want)
	}
	if got := sr.git("ls-files", "-s"); got != index {
		t.Errorf("index changed without a stage list:\n%s", got)
	}
	stAssertNoBackup(t, sr)
}

func TestStashStageListStagesTheFixedVersion(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "a.txt", 1, "fixed")
	stFix(t, sr, "c.txt", 1, "fixed")
	if err := st.Restore(ctx, []string{"a.txt", "c.txt"}); err != nil {
		t.Fatal(err)
	}
	staged := strings.NewReplacer("1\n", "fixed\n", "5\n", "a.txt staged\n").Replace(stLines10)
	if got := sr.git("show", ":a.txt"); got != staged {
		t.Errorf("staged a.txt = %q, want %q", got, staged)
	}
	if got, want := sr.read("a.txt"), strings.Replace(staged, "10\n", "a.txt unstaged\n", 1); got != want {
		t.Errorf("work-tree a.txt = %q, want %q", got, want)
	}
	cWant := strings.NewReplacer("1\n", "fixed\n", "5\n", "c staged\n").Replace(stLines10)
	if got := sr.git("show", ":c.txt"); got != cWant {
		t.Errorf("staged c.txt = %q, want %q", got, cWant)
	}
	if got := sr.git("diff", "--name-only"); got != "a.txt\nb.txt\nd.txt\n" {
		t.Errorf("unstaged files = %q", got)
	}
	stAssertNoBackup(t, sr)
}

func TestStashConflictRollsBackEveryHookEdit(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	sr.write("n.txt", "intent\n")
	sr.git("add", "-N", "n.txt")
	ctx := context.Background()
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "a.txt", 10, "fixer's line 10") // overlaps the unstaged change
	stFix(t, sr, "b.txt", 1, "fixed")            // would merge, but is rolled back too
	stFix(t, sr, "c.txt", 1, "fixed")            // not hidden, rolled back too
	sr.remove("d.txt")                           // hidden, deleted by a hook
	err = st.Restore(ctx, []string{"a.txt", "b.txt", "c.txt"})
	conflict, ok := errors.AsType[*ConflictError](err)
	if !ok {
		t.Fatalf("Restore error = %v, want a *ConflictError", err)
	}
	if want := []string{"a.txt", "d.txt"}; !slices.Equal(conflict.Paths, want) {
		t.Errorf("conflicting paths = %q, want %q", conflict.Paths, want)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after the conflict:\n%s", d)
	}
	stAssertNoStash(t, sr)
	// The hooks' results were saved before the rollback replaced them.
	if want := []string{"a.txt", "b.txt", "c.txt"}; !slices.Equal(conflict.Rescued, want) {
		t.Errorf("rescued = %q, want %q", conflict.Rescued, want)
	}
	if b, err := os.ReadFile(filepath.Join(conflict.RescueDir, "b.txt")); err != nil || !strings.HasPrefix(string(b), "fixed\n") {
		t.Errorf("rescued b.txt = %q, %v; want the fixer's result", b, err)
	}
	if err := st.Restore(ctx, nil); !errors.As(err, &conflict) {
		t.Errorf("second Restore = %v, want the same conflict", err)
	}
}

// TestStashConflictKeepsEditsMadeDuringTheRun: on a conflict every hook change goes, but an
// edit the user saved while hooks ran (to a hidden file or any other) is saved before it
// is replaced, and a hook's `git add` leaves the index: the user's staged versions come
// back, and the changed index is saved.
func TestStashConflictKeepsEditsMadeDuringTheRun(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "a.txt", 10, "fixer's line 10")                  // overlaps the unstaged change: a conflict
	sr.git("add", "a.txt")                                        // the fixer stages its result
	sr.write("c.txt", "the user's edit, saved while hooks ran\n") // c.txt was not hidden
	err = st.Restore(ctx, nil)
	conflict, ok := errors.AsType[*ConflictError](err)
	if !ok {
		t.Fatalf("Restore error = %v, want a *ConflictError", err)
	}
	stAssertNoStash(t, sr)
	if !slices.Contains(conflict.Rescued, "c.txt") {
		t.Fatalf("rescued = %q, want c.txt among them", conflict.Rescued)
	}
	if b, err := os.ReadFile(filepath.Join(conflict.RescueDir, "c.txt")); err != nil || string(b) != "the user's edit, saved while hooks ran\n" {
		t.Errorf("rescued c.txt = %q, %v", b, err)
	}
	if conflict.RescuedIndex == "" {
		t.Error("the index the fixer changed was not saved")
	}
	if !strings.Contains(conflict.Error(), conflict.RescueDir) {
		t.Errorf("the message does not say where: %v", conflict)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after the conflict:\n%s", d)
	}
}

func TestStashBinaryFixerEditConflicts(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("bin.dat", "\x00old\n")
	sr.stage("bin.dat", "\x00staged\n")
	sr.write("bin.dat", "\x00staged\nunstaged\n")
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sr.write("bin.dat", "\x00fixed\n")
	if _, ok := errors.AsType[*ConflictError](st.Restore(context.Background(), nil)); !ok {
		t.Fatal("a fixer edit to a binary file did not conflict")
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after the conflict:\n%s", d)
	}
}

func TestStashHookChangedIndexKeepsItAndReaddsIntentToAdd(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	sr.write("n.txt", "intent\n")
	sr.git("add", "-N", "n.txt")
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "c.txt", 1, "fixed")
	sr.git("add", "-u") // a hook that stages its own edits
	if err := st.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := sr.git("show", ":c.txt"); !strings.HasPrefix(got, "fixed\n") {
		t.Errorf("the hook's staged edit was lost: %q", got)
	}
	if got := sr.git("status", "--porcelain", "--", "n.txt"); got != " A n.txt\n" {
		t.Errorf("n.txt status = %q, want intent-to-add", got)
	}
}

func TestStashRestoreIgnoresCancellation(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	before := stSnapshot(t, sr)
	ctx, cancel := context.WithCancel(context.Background())
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cancel() // Ctrl-C while the hooks run
	if err := st.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after a cancelled run:\n%s", d)
	}
	if err := st.Restore(ctx, nil); err != nil {
		t.Errorf("second Restore: %v", err)
	}
}

func TestStashAndRecoverRefuseWhileAnotherRunHoldsTheStash(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sr.r.Recover(ctx); !errors.Is(err, ErrStashInUse) {
		t.Errorf("Recover during a run = %v, want ErrStashInUse", err)
	}
	if _, err := sr.r.Stash(ctx); !errors.Is(err, ErrStashInUse) {
		t.Errorf("Stash during a run = %v, want ErrStashInUse", err)
	}
	if err := st.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRecoverWithNothingToDo(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	rep, err := sr.r.Recover(context.Background())
	if err != nil || !stEmptyReport(rep) {
		t.Errorf("Recover = %+v, %v; want nothing done", rep, err)
	}
}

func TestRecoverDeletesAnIncompleteBackup(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	before := stSnapshot(t, sr)
	dir := stashDirOf(sr.r)
	if err := os.MkdirAll(filepath.Join(dir, "files"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "files", "0"), []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := sr.r.Recover(context.Background())
	if err != nil || !stEmptyReport(rep) {
		t.Errorf("Recover = %+v, %v; want nothing restored", rep, err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("Recover changed something:\n%s", d)
	}
	stAssertNoBackup(t, sr)
}

func TestRecoverFinishesAnAbandonedRun(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	sr.write("n.txt", "intent\n")
	sr.git("add", "-N", "n.txt")
	ctx := context.Background()
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "a.txt", 1, "fixed")
	stFix(t, sr, "c.txt", 1, "fixed")
	if err = st.j.close(); err != nil { // the process dies: its lock goes
		t.Fatal(err)
	}
	rep, err := sr.r.Recover(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after Recover:\n%s", d)
	}
	if want := []string{"a.txt", "b.txt", "d.txt", "n.txt"}; !slices.Equal(rep.Restored, want) {
		t.Errorf("Restored = %q, want %q", rep.Restored, want)
	}
	if want := []string{"c.txt"}; !slices.Equal(rep.RolledBack, want) {
		t.Errorf("RolledBack = %q, want %q", rep.RolledBack, want)
	}
	// The fixer's results cannot be told from edits made after the kill: both are kept.
	if want := []string{"a.txt", "c.txt"}; !slices.Equal(rep.Rescued, want) {
		t.Errorf("Rescued = %q, want %q", rep.Rescued, want)
	}
	for _, p := range rep.Rescued {
		b, err := os.ReadFile(filepath.Join(rep.RescueDir, p))
		if err != nil || !strings.HasPrefix(string(b), "fixed\n") {
			t.Errorf("rescued %s = %q, %v", p, b, err)
		}
	}
	if rep2, err := sr.r.Recover(ctx); err != nil || !stEmptyReport(rep2) {
		t.Errorf("second Recover = %+v, %v; want nothing done", rep2, err)
	}
}

func stEmptyReport(rep RecoverReport) bool { return rep.Empty() }

func TestStashParseStatus(t *testing.T) {
	t.Parallel()
	out := "1 .M N... 100644 100644 100755 aaaa aaaa f\x00" +
		"1 MM N... 100644 100644 100644 aaaa bbbb with space\x00" +
		"1 M. N... 100644 100644 100644 aaaa bbbb staged only\x00" +
		"1 .A N... 000000 000000 100644 0000 0000 ita\x00" +
		"1 .M S.M. 160000 160000 160000 aaaa aaaa sub\x00" +
		"2 R. N... 100644 100644 100644 aaaa aaaa R100 new\x00old\x00" +
		"u UU N... 100644 100644 100644 100644 aaaa bbbb cccc conflicted file\x00"
	got, err := stashParseStatus([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	want := []stashChange{
		{path: "f", wt: 'M'},
		{path: "with space", wt: 'M'},
		{path: "ita", wt: 'A'},
		{path: "conflicted file", wt: 'U', unmerged: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestRecoverSavesAnIndexChangedAfterTheKill(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	before := stSnapshot(t, sr)
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err = st.j.close(); err != nil { // the process dies
		t.Fatal(err)
	}
	sr.stage("c.txt", "staged after the kill\n") // before the next run
	changed, err := os.ReadFile(sr.r.IndexFile())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sr.r.Recover(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), before, true); d != "" {
		t.Errorf("after Recover:\n%s", d)
	}
	saved, err := os.ReadFile(rep.RescuedIndex)
	if err != nil || string(saved) != string(changed) {
		t.Errorf("RescuedIndex %q does not hold the index Recover replaced (%v)", rep.RescuedIndex, err)
	}
	if !slices.Equal(rep.Rescued, []string{"c.txt"}) {
		t.Errorf("Rescued = %q, want c.txt", rep.Rescued)
	}
}

func TestStashRefusesWhileAnInterruptedRunIsUnrecovered(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	st, err := sr.r.Stash(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hidden := stSnapshot(t, sr)
	if err = st.j.close(); err != nil { // the process dies
		t.Fatal(err)
	}
	_, err = sr.r.Stash(ctx)
	if err == nil || !strings.Contains(err.Error(), "Recover must finish it first") {
		t.Fatalf("Stash = %v, want a refusal", err)
	}
	if d := stDiffSnap(stSnapshot(t, sr), hidden, true); d != "" {
		t.Errorf("the refused Stash changed something:\n%s", d)
	}
	if _, err = sr.r.Recover(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestStashKeepsAnEditSavedWhileItHides(t *testing.T) {
	t.Parallel()
	sr := stPartial(t)
	ctx := context.Background()
	before := stSnapshot(t, sr)
	out := sr.git(stashStatusArgs...)
	changes, err := stashParseStatus([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	m, err := stashPlanHide(sr.dir, changes)
	if err != nil {
		t.Fatal(err)
	}
	s := &Stash{r: sr.r, kill: &stashKiller{}}
	j, err := s.backup(ctx, stashDirOf(sr.r), m)
	if err != nil {
		t.Fatal(err)
	}
	sr.write("b.txt", "saved by the editor after the backup\n")
	err = j.hide(ctx)
	if err == nil || !strings.Contains(err.Error(), "b.txt changed") {
		t.Fatalf("hide = %v, want it to stop at b.txt", err)
	}
	if err = j.undoHide(ctx, err); err == nil {
		t.Fatal("undoHide lost the error")
	}
	before.Files["b.txt"] = stDescribe(t, sr.abs("b.txt"))
	got := stSnapshot(t, sr)
	got.Status, before.Status = "", "" // b.txt's status changed with its content
	if d := stDiffSnap(got, before, true); d != "" {
		t.Errorf("after the failed Stash:\n%s", d)
	}
	stAssertNoBackup(t, sr)
}

func TestRecoverAfterAKilledCommitAllLeavesGitsTemporaryIndexAlone(t *testing.T) {
	t.Parallel()
	sr := stInit(t)
	sr.commit("a.txt", "a\n", "b.txt", "b\n")
	sr.write("a.txt", "a\nmore\n")
	before := stSnapshot(t, sr)
	lock := filepath.Join(sr.r.GitDir, "index.lock")
	data, err := os.ReadFile(filepath.Join(sr.r.GitDir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	if err = os.WriteFile(lock, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tsr := sr.withEnv("GIT_INDEX_FILE=" + lock)
	tsr.git("add", "-u")
	sr.write("a.txt", "a\nmore\nunstaged in the commit -a index\n")
	sr.write("b.txt", "b\nnot in the commit\n")
	tsr.git("add", "b.txt") // so that b.txt is hidden, then edited by a fixer
	sr.write("b.txt", "b\nnot in the commit\nunstaged\n")
	st, err := tsr.r.Stash(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stFix(t, sr, "b.txt", 1, "fixed")
	// hookrun dies, then git aborts the commit and removes its index.lock.
	if err = st.j.close(); err != nil {
		t.Fatal(err)
	}
	if err = os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	rep, err := sr.r.Recover(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Rescued, []string{"b.txt"}) { // the fixer's result
		t.Errorf("Rescued = %q, want b.txt", rep.Rescued)
	}
	if got := sr.read("a.txt"); got != "a\nmore\nunstaged in the commit -a index\n" {
		t.Errorf("a.txt = %q", got)
	}
	if got := sr.read("b.txt"); got != "b\nnot in the commit\nunstaged\n" {
		t.Errorf("b.txt = %q", got)
	}
	if stashExists(lock) {
		t.Error("Recover recreated git's index.lock")
	}
	if got := sr.git("ls-files", "-s", "-z"); got != before.Index {
		t.Errorf("the real index changed: %q", got)
	}
	if stashExists(stashDirOf(sr.r)) {
		t.Error("backup left after Recover")
	}
}
